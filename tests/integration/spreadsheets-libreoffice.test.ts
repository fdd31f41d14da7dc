// The register's spreadsheets as their readers see them: the XLSX's cells (text kept as text
// without a visible apostrophe, dates as dates, empty answers empty), and both files opened by
// LibreOffice (`soffice --headless --convert-to csv`) with accents, dates and multi-line cells
// intact. The LibreOffice part needs `soffice` (Debian: libreoffice-calc-nogui, installed by .ci/run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyName, parisDate } from '../../src/lib/french';
import type { Db } from '../../src/lib/server/db';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { REGISTER_COLUMNS, registerCsv } from '../../src/lib/server/exports/register';
import { parseCsv } from '../../src/lib/server/exports/register-parse';
import { DATE_FORMAT, ORGANISATION_SHEET, REGISTER_SHEET, registerXlsx } from '../../src/lib/server/exports/register-xlsx';
import type { Commune } from '../../src/lib/server/db/schema';
import { COMPLETE_FICHE, DPD_ANSWERS, DPD_FIRST_NAME, DPD_LAST_NAME, DPD_STEP_IDS, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const FORMULA = '=HYPERLINK("http://exemple.test";"clic")';
const MULTILINE = 'Gérer les inscriptions à l’école\nFacturer les repas (œufs, crème brûlée)';
const col = (key: string) => REGISTER_COLUMNS.findIndex((c) => c.key === key);

function hasSoffice(): boolean {
	try {
		execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
		return true;
	} catch {
		return false;
	}
}
const SOFFICE = hasSoffice();
if (!SOFFICE) console.warn('LibreOffice (soffice) absent : les tests de conversion par LibreOffice sont sautés. apt-get install -y libreoffice-calc-nogui');

describe.each(engines())('the register’s spreadsheets, as read by their readers ($name)', (engine) => {
	const getDb = useDatabase(engine);
	let db: Db;
	let commune: Commune;
	let created: string;
	let updated: string;
	let dir: string;

	beforeAll(async () => {
		db = getDb();
		const dpd = await makeUser(db, { name: 'Claire Dpd' });
		commune = await makeCommune(db, dpd);
		const access = await accessOf(db, dpd, commune.id);
		for (const id of DPD_STEP_IDS) await saveStep(db, access, 'dpd', id, submission(DPD_ANSWERS[id]!), 'continue');
		await saveRecord(db, access, 'activity', null, submission({ ...COMPLETE_FICHE, name: 'Cantine scolaire : réservations', purposes: MULTILINE }));
		await saveRecord(db, access, 'activity', null, submission({ name: FORMULA }));
		const row = (await listRecords(db, commune.id, 'activity')).find((r) => r.data.name === 'Cantine scolaire : réservations')!;
		created = parisDate(row.createdAt);
		updated = parisDate(row.updatedAt);
		dir = mkdtempSync(join(tmpdir(), 'register-lo-'));
	});

	afterAll(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	const workbook = async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await registerXlsx(db, commune.id)) as unknown as ArrayBuffer);
		return wb;
	};

	it('XLSX: formula-like text kept as text (format « @ », no apostrophe), dates as dates, empty answers empty', async () => {
		const sheet = (await workbook()).getWorksheet(REGISTER_SHEET)!;
		const rows = [2, 3].map((r) => sheet.getRow(r));
		const cantine = rows.find((r) => r.getCell(col('name') + 1).value === 'Cantine scolaire : réservations')!;
		const formula = rows.find((r) => r !== cantine)!;
		const name = formula.getCell(col('name') + 1);
		expect(name.value).toBe(FORMULA);
		expect(name.type).toBe(ExcelJS.ValueType.String);
		expect(name.numFmt).toBe('@');
		// Dates: real dates of the fiche's days, shown jj/mm/aaaa.
		for (const [key, day] of [
			['_createdAt', created],
			['_updatedAt', updated]
		] as const) {
			const cell = cantine.getCell(col(key) + 1);
			expect(cell.type, key).toBe(ExcelJS.ValueType.Date);
			expect((cell.value as Date).toISOString().slice(0, 10)).toBe(day);
			expect(cell.numFmt).toBe(DATE_FORMAT);
		}
		expect(cantine.getCell(col('_completeness') + 1).value).toBe(100);
		// An answer that does not apply, and « À compléter » with nothing missing: empty cells, no '' strings.
		for (const key of ['sensitive', '_missing']) {
			const cell = cantine.getCell(col(key) + 1);
			expect(cell.value, key).toBeNull();
			expect(cell.type, key).toBe(ExcelJS.ValueType.Null);
		}
		sheet.eachRow((row) =>
			row.eachCell({ includeEmpty: true }, (cell) => {
				expect(cell.value, cell.address).not.toBe('');
				if (typeof cell.value === 'string') expect(cell.value.startsWith("'"), cell.address).toBe(false);
			})
		);
		expect(cantine.getCell(col('purposes') + 1).value).toBe(MULTILINE);
		expect(cantine.getCell(col('_controller') + 1).value).toBe(bodyName(commune));
		expect(cantine.getCell(col('_dpd') + 1).value).toBe(`${DPD_FIRST_NAME} ${DPD_LAST_NAME}`);
		// The organisation sheet's list of activities: dates too.
		const org = (await workbook()).getWorksheet(ORGANISATION_SHEET)!;
		let dated = 0;
		org.eachRow((row) => {
			if (row.getCell(2).value === 'Cantine scolaire : réservations') {
				expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Date);
				expect((row.getCell(3).value as Date).toISOString().slice(0, 10)).toBe(created);
				dated++;
			}
		});
		expect(dated).toBe(1);
	});

	/** Converts a file to CSV with LibreOffice (« ; », UTF-8, every sheet): the CSV files by name. */
	function convert(file: string, inFilter?: string): Record<string, string[][]> {
		const out = mkdtempSync(join(dir, 'out-'));
		const profile = mkdtempSync(join(dir, 'lo-profile-'));
		execFileSync(
			'soffice',
			[
				`-env:UserInstallation=file://${profile}`,
				'--headless',
				...(inFilter ? [`--infilter=${inFilter}`] : []),
				// 59 « ; », 34 « " », 76 UTF-8, from line 1; … ; cells as shown (the date format); -1 every sheet to its own file (LibreOffice ≥ 7.2).
				'--convert-to',
				'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1',
				'--outdir',
				out,
				file
			],
			{ stdio: 'pipe', timeout: 180_000, env: { ...process.env, HOME: profile } }
		);
		return Object.fromEntries(readdirSync(out).map((f) => [f, parseCsv(readFileSync(join(out, f), 'utf8').replace(/^\ufeff/, ''))]));
	}

	const frenchDay = (iso: string) => iso.split('-').reverse().join('/');

	it.skipIf(!SOFFICE)('LibreOffice opens the XLSX: accents, dates (jj/mm/aaaa) and multi-line cells intact, the formula as text', async () => {
		const file = join(dir, 'registre.xlsx');
		writeFileSync(file, await registerXlsx(db, commune.id));
		const sheets = convert(file);
		const register = Object.entries(sheets).find(([f]) => f.includes(REGISTER_SHEET))?.[1];
		expect(register, Object.keys(sheets).join(', ')).toBeDefined();
		const [header, ...rows] = register!;
		expect(header).toEqual(REGISTER_COLUMNS.map((c) => c.label));
		const cantine = rows.find((r) => r[col('name')] === 'Cantine scolaire : réservations')!;
		expect(cantine, JSON.stringify(rows)).toBeDefined();
		expect(cantine[col('purposes')]).toBe(MULTILINE);
		expect(cantine[col('_createdAt')]).toBe(frenchDay(created));
		expect(cantine[col('_updatedAt')]).toBe(frenchDay(updated));
		expect(cantine[col('_controller')]).toBe(bodyName(commune));
		expect(rows.some((r) => r[col('name')] === FORMULA)).toBe(true);
		const organisation = Object.entries(sheets).find(([f]) => f.includes(ORGANISATION_SHEET))?.[1];
		expect(organisation?.some((r) => r[1] === 'Cantine scolaire : réservations' && r[2] === frenchDay(created))).toBe(true);
	}, 300_000);

	it.skipIf(!SOFFICE)('LibreOffice opens the CSV (UTF-8, « ; »): accents, dates and multi-line cells intact', async () => {
		const file = join(dir, 'registre.csv');
		writeFileSync(file, await registerCsv(db, commune.id));
		// As the import dialog reads it: « ; », « " », UTF-8 (76), from line 1.
		const [csv] = Object.values(convert(file, 'CSV:59,34,76,1'));
		const [header, ...rows] = csv!;
		expect(header).toEqual(REGISTER_COLUMNS.map((c) => c.label));
		const cantine = rows.find((r) => r[col('name')] === 'Cantine scolaire : réservations')!;
		expect(cantine, JSON.stringify(rows)).toBeDefined();
		expect(cantine[col('purposes')]).toBe(MULTILINE);
		expect([cantine[col('_createdAt')], cantine[col('_updatedAt')]]).toEqual([created, updated]);
		expect(cantine[col('_dpd')]).toBe(`${DPD_FIRST_NAME} ${DPD_LAST_NAME}`);
		expect(cantine[col('_dpdContact')]).toContain('\n');
		// The formula stays defused: LibreOffice shows the text, it computes nothing.
		expect(rows.some((r) => r[col('name')] === `'${FORMULA}`)).toBe(true);
	}, 300_000);
});
