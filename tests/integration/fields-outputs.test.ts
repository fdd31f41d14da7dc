// Fields say what they are: every declared field of a register entry reaches every output. The
// expectations are computed from the declarations (kindFields(activityKind), FieldDef.law), so a
// field added to the entry is checked here without touching this file; an output that keeps a list
// of its own misses it and fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noticeText, type NoticeInput } from '../../src/lib/documents/notice';
import { applies, displayValue, NOT_ANSWERED, shortLabel } from '../../src/lib/recipes/fields';
import { ART30_ITEMS, CNIL_MODEL_HEADING, NOTICE_ITEMS, PIA_QUESTIONS, type PiaQuestion } from '../../src/lib/recipes/law';
import { noticeKind } from '../../src/lib/recipes/assessments';
import { activityKind, kindFields } from '../../src/lib/recipes/records';
import type { Answers, FieldDef } from '../../src/lib/recipes/types';
import { dpdRecipe } from '../../src/lib/recipes/dpd';
import { generateDossier, getDossier, writeDossier } from '../../src/lib/server/domain/dossiers';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { frenchTypography } from '../../src/lib/server/pdf/base';
import { buildDossier, fieldText, type Block } from '../../src/lib/server/dossier/model';
import { buildSnapshot, type Snapshot } from '../../src/lib/server/dossier/snapshot';
import { piaFromSnapshot } from '../../src/lib/server/exports/pia';
import { registerCsv } from '../../src/lib/server/exports/register';
import { parseCsv } from '../../src/lib/server/exports/register-parse';
import { ORGANISATION_SHEET, REGISTER_SHEET, registerXlsx } from '../../src/lib/server/exports/register-xlsx';
import type { Access } from '../../src/lib/server/tenancy';
import { DPD_ANSWERS, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';
import { saveStep } from '../../src/lib/server/domain/recipes';

const FIELDS = kindFields(activityKind);
/** Every field but the title, which is the heading of the fiche's section. */
const BODY_FIELDS = FIELDS.filter((f) => f.name !== activityKind.titleField);
const SUPPORT_NAME = 'Armoire du secrétariat';

/** A valid answer for any declared field, unique in the text for the free ones. */
function sample(f: FieldDef, supportId: string): unknown {
	switch (f.type) {
		case 'text':
		case 'textarea':
			return `valeur ${f.name} fin`;
		case 'email':
			return `${f.name.toLowerCase()}@exemple.fr`;
		case 'tel':
			return '03 80 12 34 56';
		case 'date':
			return '2026-02-15';
		case 'datetime':
			return '2026-02-15T10:30';
		case 'number':
			return '3';
		case 'radio':
		case 'select':
			return f.options!.at(-1)!.value;
		case 'checkboxes':
			return f.options!.slice(0, 2).map((o) => o.value);
		case 'boolean':
			return 'oui';
		case 'records':
			return [supportId];
	}
}

/** Every field answered (every showIf then holds: the yes/no questions are answered « oui »). */
function fullFiche(supportId: string): Answers {
	const out: Answers = {};
	for (const f of FIELDS) out[f.name] = sample(f, supportId);
	for (const f of FIELDS) expect(applies(f, out), `${f.name} applies to the full fiche`).toBe(true);
	return out;
}

/** The blocks of one fiche's section of the register (from its heading to the next h2 or h1). */
function ficheBlocks(blocks: Block[], name: string): Block[] {
	const register = blocks.findIndex((b) => b.t === 'h1' && b.text === 'Le registre des activités de traitement');
	const start = blocks.findIndex((b, i) => i > register && b.t === 'h2' && b.text === name);
	expect(start, `section of « ${name} »`).toBeGreaterThan(register);
	const end = blocks.findIndex((b, i) => i > start && (b.t === 'h1' || b.t === 'h2'));
	return blocks.slice(start + 1, end);
}

/** The rows of a fiche's section, each with the art. 30(1) heading it is printed under. */
function rowsOf(blocks: Block[]): { heading: string; caption: string; label: string; value: string }[] {
	const out: { heading: string; caption: string; label: string; value: string }[] = [];
	let heading = '';
	for (const b of blocks) {
		if (b.t === 'h3') heading = b.text;
		if (b.t === 'kv') for (const [label, value] of b.rows) out.push({ heading, caption: b.caption, label, value });
	}
	return out;
}

/** The labels a field may be printed under: its label, its export label, or the export label's last part under its heading. */
const labelsOf = (f: FieldDef) => [f.label, shortLabel(f), shortLabel(f).split(' — ').at(-1)!];

const headingOf = (f: FieldDef) => (f.law?.art30 ? ART30_ITEMS.find((i) => i.item === f.law!.art30)!.heading : CNIL_MODEL_HEADING);

describe.each(engines())('every declared field of a register entry, in every output, on the $name database', (engine) => {
	const db = useDatabase(engine);
	let access: Access;
	let supportId: string;
	let full: Answers;
	let notice: Answers;
	let fullId: string;
	const FULL = 'valeur name fin';
	const EMPTY = 'Fiche presque vide';
	let snapshot: Snapshot;
	let names: Map<string, string>;

	beforeAll(async () => {
		const user = await makeUser(db(), { name: 'Régis Champs' });
		const commune = await makeCommune(db(), user, '21055');
		access = await accessOf(db(), user, commune.id);
		for (const [step, answers] of Object.entries(DPD_ANSWERS)) await saveStep(db(), access, 'dpd', step, submission(answers), 'save');
		({ id: supportId } = await saveRecord(db(), access, 'support', null, submission({ category: 'papier', name: SUPPORT_NAME, location: 'Secrétariat', users: 'La secrétaire' })));
		full = fullFiche(supportId);
		expect(full.name).toBe(FULL);
		({ id: fullId } = await saveRecord(db(), access, 'activity', null, submission(full)));
		await saveRecord(db(), access, 'activity', null, submission({ name: EMPTY }));
		await saveRecord(db(), access, 'risk', null, submission({ dpdOpinion: 'Avis favorable' }, { _parent: fullId }));
		// Its notice, every field that applies to it answered.
		notice = {};
		for (const f of kindFields(noticeKind)) if (applies(f, { ...notice, __parent: full })) notice[f.name] = sample(f, supportId);
		await saveRecord(db(), access, 'notice', null, submission(notice, { _parent: fullId }));
		snapshot = await buildSnapshot(db(), commune.id);
		names = new Map([[supportId, SUPPORT_NAME]]);
	}, 120_000);

	describe('the dossier', () => {
		const model = () => buildDossier(snapshot, { version: 1, generatedAt: new Date('2026-12-01T10:00:00Z'), generatedByName: 'Régis Champs', fingerprint: 'f'.repeat(64) });

		it('prints every field of a fiche with its value, under the art. 30(1) item it declares', () => {
			const rows = rowsOf(ficheBlocks(model().blocks, FULL));
			for (const f of BODY_FIELDS) {
				const row = rows.find((r) => labelsOf(f).includes(r.label));
				expect(row, `row of ${f.name}`).toBeDefined();
				expect(row!.value, f.name).toContain(fieldText(f, full[f.name], names));
				if (f.law?.art30 === 'a') expect(row!.caption, f.name).toContain('(art. 30.1.a)');
				else expect(row!.heading, f.name).toBe(headingOf(f));
			}
		});

		it('says « non renseigné » for every field of a fiche left empty', () => {
			const rows = rowsOf(ficheBlocks(model().blocks, EMPTY));
			for (const f of BODY_FIELDS) {
				const row = rows.find((r) => labelsOf(f).includes(r.label));
				expect(row, `row of ${f.name}`).toBeDefined();
				expect(row!.value, f.name).toBe(NOT_ANSWERED);
			}
		});

		it('prints every field of a fiche, label then value, in the PDF itself', async () => {
			const generated = await generateDossier(db(), access);
			const row = await getDossier(db(), access.commune.id, generated.version);
			const chunks: Buffer[] = [];
			await writeDossier(db(), row, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }));
			const dir = mkdtempSync(join(tmpdir(), 'fields-outputs-'));
			try {
				const file = join(dir, 'dossier.pdf');
				writeFileSync(file, Buffer.concat(chunks));
				/** Whitespace runs (line breaks, padding, non-breaking spaces) as one space. */
				const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
				const text = norm(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
				const start = text.indexOf(`${FULL} — responsable (art. 30.1.a)`);
				expect(start, 'the full fiche’s section').toBeGreaterThanOrEqual(0);
				const section = text.slice(start, text.indexOf('La cartographie des supports', start));
				for (const f of BODY_FIELDS) {
					const value = fieldText(f, full[f.name], names);
					const found = labelsOf(f).some((label) => section.includes(norm(frenchTypography(`${label} ${value}`))));
					expect(found, `${f.name}: « ${labelsOf(f)[0]} ${value} »`).toBe(true);
				}
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}, 120_000);

		it('covers every item of art. 30(1) by at least one declared field, printed under its heading in order', () => {
			const blocks = ficheBlocks(model().blocks, FULL);
			for (const { item } of ART30_ITEMS) expect(BODY_FIELDS.filter((f) => f.law?.art30 === item).length, `art. 30(1)(${item})`).toBeGreaterThan(0);
			// (a) is the responsible table; (b)–(g) each a heading, in the order of the article.
			expect(blocks.some((b) => b.t === 'kv' && b.caption.endsWith('responsable (art. 30.1.a)'))).toBe(true);
			const headings = blocks.flatMap((b) => (b.t === 'h3' ? [b.text] : []));
			expect(headings).toEqual([...ART30_ITEMS.filter((i) => i.item !== 'a').map((i) => i.heading), CNIL_MODEL_HEADING]);
		});

		it('prints the DPD section from the dpd recipe’s declarations', () => {
			const blocks = model().blocks;
			const from = blocks.findIndex((b) => b.t === 'h1' && b.text === 'Le délégué à la protection des données');
			const to = blocks.findIndex((b, i) => i > from && b.t === 'h1');
			const rows = rowsOf(blocks.slice(from, to));
			const answers: Answers = Object.assign({}, ...Object.values(DPD_ANSWERS));
			for (const step of dpdRecipe.steps) {
				if (step.kind !== 'form') continue;
				for (const f of step.fields.filter((x) => applies(x, answers))) {
					const row = rows.find((r) => r.caption === step.title && r.label === shortLabel(f));
					expect(row, `${step.id}.${f.name}`).toBeDefined();
					if (answers[f.name] !== undefined) expect(row!.value, f.name).toBe(fieldText(f, answers[f.name], new Map()));
				}
			}
		});
	});

	describe('the CSV and the XLSX', () => {
		/** Expected cell: the value shown, « non renseigné » when it applies and is empty, else nothing. */
		const expected = (f: FieldDef, data: Answers) => displayValue(f, data[f.name], names) || (applies(f, data) ? NOT_ANSWERED : '');

		function check(header: string[], rows: string[][]) {
			const nameAt = header.indexOf(shortLabel(FIELDS.find((f) => f.name === activityKind.titleField)!));
			const fullRow = rows.find((r) => r[nameAt] === FULL)!;
			const emptyRow = rows.find((r) => r[nameAt] === EMPTY)!;
			expect(fullRow).toBeDefined();
			expect(emptyRow).toBeDefined();
			for (const f of FIELDS) {
				const at = header.indexOf(shortLabel(f));
				expect(at, `column of ${f.name}`).toBeGreaterThanOrEqual(0);
				expect(fullRow[at], f.name).toBe(expected(f, full));
				expect(fullRow[at], f.name).not.toBe('');
				expect(emptyRow[at] ?? '', f.name).toBe(expected(f, { name: EMPTY }));
			}
			// A field that applies but is empty says so.
			expect(FIELDS.filter((f) => f.required && applies(f, {}) && f.name !== 'name').every((f) => emptyRow[header.indexOf(shortLabel(f))] === NOT_ANSWERED)).toBe(true);
		}

		it('has one column per declared field, with the value or « non renseigné », in the CSV', async () => {
			const [header, ...rows] = parseCsv((await registerCsv(db(), access.commune.id)).replace(/^\ufeff/, '')).filter((r) => r.some(Boolean));
			check(header!, rows);
		});

		it('and in the XLSX, whose organisation sheet carries the DPD’s art. 30(1)(a) fields', async () => {
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load((await registerXlsx(db(), access.commune.id)) as unknown as ArrayBuffer);
			const sheet = wb.getWorksheet(REGISTER_SHEET)!;
			const table: string[][] = [];
			sheet.eachRow((row) => {
				const cells: string[] = [];
				for (let i = 1; i <= sheet.columnCount; i++) {
					const v = row.getCell(i).value;
					cells.push(v === null || v === undefined ? '' : String(v));
				}
				table.push(cells);
			});
			const [header, ...rows] = table;
			check(header!, rows);
			const org: string[] = [];
			wb.getWorksheet(ORGANISATION_SHEET)!.eachRow((row) => org.push((row.values as unknown[]).filter((v) => v !== undefined && v !== null).join(' | ')));
			const answers: Answers = Object.assign({}, ...Object.values(DPD_ANSWERS));
			const dpdFields = dpdRecipe.steps.flatMap((s) => (s.kind === 'form' ? s.fields : [])).filter((f) => f.law?.art30 === 'a' && applies(f, answers));
			expect(dpdFields.length).toBeGreaterThanOrEqual(4);
			for (const f of dpdFields) expect(org, f.name).toContain(`${shortLabel(f)} | ${String(answers[f.name])}`);
		});
	});

	describe('the notice and the PIA file', () => {
		it('tells every field that declares a notice item, in that item’s paragraph', () => {
			const commune = { name: 'Beaunotte', type: 'commune', address: 'Mairie', mayorName: 'Jean Maire' };
			const dpd: Answers = Object.assign({}, ...Object.values(DPD_ANSWERS));
			const noticeFields = FIELDS.filter((f) => f.law?.notice);
			expect(noticeFields.length).toBeGreaterThan(0);
			for (const f of noticeFields) {
				const item = NOTICE_ITEMS.find((i) => i.item === f.law!.notice)!;
				const input = (fiche: Answers): NoticeInput => ({ commune, dpd, fiche, notice: { source: item.only14 ? 'autre' : 'personne', sourceDetails: 'INSEE' } });
				const para = (fiche: Answers) => noticeText(input(fiche)).paragraphs.find((p) => p.heading === item.heading)?.text;
				const minus = (fiche: Answers) => Object.fromEntries(Object.entries(fiche).filter(([k]) => k !== f.name));
				// The full fiche; and the fiche with this field alone in its item (with what makes it apply),
				// where no other field's wording says it already (e.g. the data details before the categories).
				const alone: Answers = { ...full };
				for (const other of FIELDS) if (other !== f && other.law?.notice === item.item && applies(f, minus({ ...alone, [other.name]: undefined }))) delete alone[other.name];
				expect(para(full), `« ${item.heading} » for ${f.name}`).toBeDefined();
				const changes = [full, alone].some((fiche) => para(fiche) !== para(minus(fiche)));
				expect(changes, `${f.name} is told in « ${item.heading} »`).toBe(true);
			}
		});

		it('answers every PIA question a field of the fiche or of its notice declares with its value', () => {
			const risk = snapshot.records.find((r) => r.kind === 'risk' && r.parentId === fullId)!;
			const file = piaFromSnapshot(snapshot, risk.id);
			expect(Object.keys(notice)).toContain('source');
			const fields = [...FIELDS.map((f) => [f, full] as const), ...kindFields(noticeKind).filter((f) => f.name in notice).map((f) => [f, notice] as const)];
			for (const [f, data] of fields) {
				for (const q of f.law?.pia ?? []) {
					expect(Object.keys(PIA_QUESTIONS).map(Number)).toContain(q);
					const text = file.answers.find((a) => a.reference_to === (q as PiaQuestion))?.data.text ?? '';
					const value = displayValue(f, data[f.name], names).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
					expect(text, `${f.name} in ${q}`).toContain(value);
				}
			}
		});
	});
});
