// Hostile workbooks at the register import: a zip bomb is refused by its declared sizes before
// anything is unpacked, a zip that lies about its sizes is stopped at the size it declares, the
// reading runs in a worker with a time limit, and the process keeps answering meanwhile; one
// import at a time per user.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actions } from '../../src/routes/c/[communeId]/registre/importer/+page.server';
import { DomainError } from '../../src/lib/server/domain/errors';
import { MAX_IMPORT_ROWS, readTable } from '../../src/lib/server/exports/register-parse';
import { REGISTER_COLUMNS } from '../../src/lib/server/exports/register';
import { LYING, TOO_HEAVY, TOO_LONG } from '../../src/lib/server/exports/xlsx-worker';
import { checkZip, TOO_BIG, TOO_DENSE, TOO_MANY } from '../../src/lib/server/exports/zip-guard';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { makeCommune, makeUser } from '../helpers/fixtures';
import { deflatedPart, repeatedPart, workbookParts, xlsxBomb, zip, type ZipPart } from '../helpers/zip-bomb';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err, 'the file should have been refused').toBeInstanceOf(DomainError);
	return err as DomainError;
}

/** A real register of 2,000 rows × 40 columns (every value different): the most an import reads. */
async function largeRegister(): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Registre');
	const headers = REGISTER_COLUMNS.slice(0, 40).map((c) => c.label);
	ws.addRow(headers);
	for (let r = 1; r <= MAX_IMPORT_ROWS; r++) ws.addRow(headers.map((_, c) => (c === 0 ? `Traitement ${r}` : `Valeur ${r}-${c} ${(r * 7919 + c * 104729) % 100003}`)));
	return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Under the limits (12 MB unpacked, packed about 10:1) but heavy to read: 12 MB of shared strings. */
function heavyWorkbook(): { file: Buffer; sst: ZipPart } {
	const strings = Array.from({ length: 300_000 }, (_, i) => `<si><t>Ligne ${i} ${(i * 7919) % 100003} ${(i * 104729) % 99991}</t></si>`);
	const sst = deflatedPart('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings.join('')}</sst>`);
	const sheet = deflatedPart(
		'xl/worksheets/sheet1.xml',
		'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom du traitement</t></is></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>'
	);
	return { file: zip([...workbookParts(sheet), sst]), sst };
}

describe('a zip bomb at the register import', () => {
	let bomb: Buffer;
	let large: Buffer;
	let heavy: { file: Buffer; sst: ZipPart };
	let server: Server;
	let base: string;

	beforeAll(async () => {
		[bomb, large] = await Promise.all([xlsxBomb(230), largeRegister()]);
		heavy = heavyWorkbook();
		server = createServer((_req, res) => res.end('ok'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}, 120_000);
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('refuses a file of a few hundred kilobytes that unpacks to 230 MB, by its declared sizes, with a French message on the file field', async () => {
		expect(bomb.length).toBeLessThan(1024 * 1024);
		const err = await refusal(readTable(bomb));
		expect(err.message).toBe(TOO_BIG);
		expect(err.fieldErrors).toEqual({ file: TOO_BIG });
		expect(TOO_BIG).toMatch(/se décompresse en plus de 20 Mo/);
	});

	it('stops unpacking a part that lies about its size at the size it declares', async () => {
		const liar = await xlsxBomb(230, { lie: true });
		const err = await refusal(readTable(liar));
		expect(err.message).toBe(LYING);
		expect(err.fieldErrors.file).toBe(LYING);
		// The worker's unpacking, run here: the inflation is cut at the declared 10 KB (zlib stops
		// with ERR_BUFFER_TOO_LARGE), the 230 MB are never produced.
		const { unpack } = createRequire(import.meta.url)('../../src/lib/server/exports/xlsx-read.worker.cjs') as { unpack: (b: Uint8Array, e: unknown) => unknown };
		const inflate = vi.spyOn(zlib, 'inflateRawSync');
		try {
			expect(() => unpack(liar, checkZip(liar))).toThrow('lying');
			const sheet = inflate.mock.results.at(-1);
			expect(sheet?.type).toBe('throw');
			expect((sheet?.value as { code?: string }).code).toBe('ERR_BUFFER_TOO_LARGE');
		} finally {
			inflate.mockRestore();
		}
	});

	it('refuses a part packed more than 100 to 1, and a zip of too many parts', async () => {
		const dense = await repeatedPart('xl/worksheets/sheet1.xml', '<worksheet><sheetData>', '<row></row>'.repeat(100), 12_000, '</sheetData></worksheet>');
		expect(dense.size).toBeLessThan(20 * 1024 * 1024);
		expect((await refusal(readTable(zip(workbookParts(dense))))).message).toBe(TOO_DENSE);
		const many = zip(Array.from({ length: 600 }, (_, i) => deflatedPart(`xl/media/image${i}.png`, 'x')));
		expect((await refusal(readTable(many))).message).toBe(TOO_MANY);
	});

	it('reads a large real register: the first 2,000 rows, by the streaming reader', async () => {
		const table = await readTable(large);
		expect(table.rows).toHaveLength(MAX_IMPORT_ROWS);
		expect(table.rows[0]!.cells[0]).toBe('Traitement 1');
		expect(table.rows.at(-1)!.line).toBe(MAX_IMPORT_ROWS + 1);
	}, 120_000);

	it('reads a workbook near the size limit (12 MB of shared strings) in its worker while the process keeps answering (/healthz before the import ends)', async () => {
		expect(heavy.sst.size).toBeGreaterThan(10 * 1024 * 1024);
		expect(heavy.sst.size).toBeLessThan(20 * 1024 * 1024);
		expect(heavy.sst.size).toBeLessThan(100 * heavy.sst.stored.length);
		const events: string[] = [];
		const reading = readTable(heavy.file).finally(() => events.push('import'));
		const health = await fetch(`${base}/healthz`).then((r) => r.text());
		events.push('healthz');
		// Another turn of the event loop, and a timer, while the worker reads.
		await new Promise((r) => setImmediate(r));
		await new Promise((r) => setTimeout(r, 1));
		events.push('timer');
		const table = await reading;
		expect(health).toBe('ok');
		expect(events).toEqual(['healthz', 'timer', 'import']);
		// Within the worker's memory limit too (exceljs keeps every event of a piece it parses: the
		// parts are handed to it in 64 KB pieces).
		expect(table.rows.map((r) => r.cells[0])).toEqual(['Ligne 7 55433 33166']);
	}, 120_000);

	it('stops a worker that passes its memory limit, with a French message', async () => {
		const err = await refusal(readTable(heavy.file, { memoryMb: 16 }));
		expect(err.message).toBe(TOO_HEAVY);
		expect(err.fieldErrors.file).toMatch(/^Le fichier demande trop de mémoire/);
	}, 60_000);

	it('gives up after its time limit with a French message', async () => {
		const err = await refusal(readTable(large, { timeLimitMs: 1 }));
		expect(err.message).toBe(TOO_LONG);
		expect(TOO_LONG).toMatch(/^Le fichier est trop long à lire/);
	});
});

describe.each(engines())('the register import page on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('refuses the bomb next to the file field, and lets one import at a time run per user', async () => {
		const dpd = await makeUser(db(), { name: 'Claire Martin' });
		const commune = await makeCommune(db(), dpd);
		const post = (file: Buffer) => {
			const form = new FormData();
			form.set('file', new File([new Uint8Array(file)], 'registre.xlsx'));
			const url = new URL(`http://localhost/c/${commune.id}/registre/importer?/apercu`);
			const event = { locals: { user: dpd, session: null }, url, params: { communeId: commune.id }, request: new Request(url, { method: 'POST', body: form }) };
			return withAppDatabase(db(), () => actions.apercu(event as never)) as Promise<{ status?: number; data?: { errors: Record<string, string> }; preview?: unknown }>;
		};
		const bombAnswer = await post(await xlsxBomb(230));
		expect(bombAnswer.status).toBe(400);
		expect(bombAnswer.data?.errors.file).toBe(TOO_BIG);

		const large = await largeRegister();
		const first = post(large);
		// Let the first one reach its worker, then send the same again.
		await new Promise((r) => setTimeout(r, 50));
		const second = await post(large);
		expect(second.status).toBe(429);
		expect(second.data?.errors.file).toMatch(/^Un import est déjà en cours pour vous : patientez/);
		expect((await first).preview).toBeTruthy();
		// Once the first is done, the user may import again.
		expect((await post(large)).preview).toBeTruthy();
	}, 180_000);
});
