// Data that leaves and comes back: the whole commune as JSON (round trip, refusals that write
// nothing), the register as XLSX, a risk assessment for the CNIL's PIA tool, and the import of a
// register made elsewhere (CSV and XLSX), on a commune seeded like the demo's Glanon.
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Db } from '../../src/lib/server/db';
import { auditLog, communes, memberships, obligationConfirmations, records, stepAnswers } from '../../src/lib/server/db/schema';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { confirmObligation } from '../../src/lib/server/domain/recipes';
import { archiveRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { confirmRegisterImport, EXPIRED, previewRegisterImport } from '../../src/lib/server/domain/register-import';
import {
	exportCommune,
	importCommune,
	NOT_AN_EXPORT,
	UNSUPPORTED_VERSION,
	type CommuneExport
} from '../../src/lib/server/exports/commune-json';
import { exportPia, type PiaFile } from '../../src/lib/server/exports/pia';
import { REGISTER_COLUMNS } from '../../src/lib/server/exports/register';
import { ORGANISATION_SHEET, REGISTER_SHEET, registerXlsx } from '../../src/lib/server/exports/register-xlsx';
import { canonicalJson } from '../../src/lib/server/dossier/snapshot';
import { seedGlanonFollowUp, seedGlanonProgress } from '../../src/lib/server/seed/demo';
import { findAccess, type Access } from '../../src/lib/server/tenancy';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, makeCommune, makeUser } from '../helpers/fixtures';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every id replaced by its rank of first appearance, the export date dropped: content only. */
function normalised(doc: CommuneExport): string {
	const { exportedAt: _, ...rest } = doc;
	const tokens = new Map<string, string>();
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return v.replace(UUID, (id) => tokens.get(id) ?? tokens.set(id, `id-${tokens.size + 1}`).get(id)!);
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
		return v;
	};
	return canonicalJson(walk(JSON.parse(canonicalJson(rest))));
}

/** Rows of every table an import writes, to prove a refusal wrote nothing. */
async function counts(db: Db) {
	const n = async (table: typeof communes | typeof memberships | typeof records | typeof stepAnswers | typeof auditLog | typeof obligationConfirmations) =>
		Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);
	return {
		communes: await n(communes),
		memberships: await n(memberships),
		records: await n(records),
		steps: await n(stepAnswers),
		audit: await n(auditLog),
		confirmations: await n(obligationConfirmations)
	};
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe.each(engines())('data that leaves and comes back ($name)', (engine) => {
	const getDb = useDatabase(engine);
	let db: Db;
	let secretary: SessionUser;
	let access: Access;
	let original: CommuneExport;

	beforeAll(async () => {
		db = getDb();
		secretary = await makeUser(db, { name: 'Sophie Martin' });
		const commune = await makeCommune(db, secretary, '21301');
		access = await accessOf(db, secretary, commune.id);
		await seedGlanonProgress(db, { ...access, commune });
		await seedGlanonFollowUp(db, access);
		// What a year of work leaves besides: a confirmation by hand, a removed support, a dossier version.
		await confirmObligation(db, access, { obligationId: 'dpd-forme', note: 'Vérifié avec le maire', confirmed: 'oui' });
		const { id } = await saveRecord(db, access, 'support', null, submission({ category: 'papier', name: 'Vieux classeur', location: 'Grenier', users: 'Personne' }));
		await archiveRecord(db, access, 'support', id);
		await generateDossier(db, access);
		original = await exportCommune(db, commune.id);
	}, 120_000);

	it('exports the whole commune as one versioned document', () => {
		expect(original.format).toBe('super-chef-rgpd/commune');
		expect(original.version).toBe(1);
		expect(Object.keys(original).sort()).toEqual(['audit', 'commune', 'confirmations', 'documents', 'dossiers', 'exportedAt', 'format', 'records', 'steps', 'version']);
		expect(original.commune).toMatchObject({ name: 'Glanon', inseeCode: '21301' });
		const kinds = new Set(original.records.map((r) => r.kind));
		for (const k of ['support', 'activity', 'dpia', 'risk', 'conformity', 'action', 'breach', 'request']) expect(kinds, k).toContain(k);
		const risk = original.records.find((r) => r.kind === 'risk')!;
		expect(original.records.find((r) => r.id === risk.parentId)?.kind).toBe('activity');
		expect(risk.fieldMeta.acces_gravite).toMatchObject({ byName: 'Sophie Martin', version: 1 });
		expect(risk.fieldMeta.acces_gravite).not.toHaveProperty('by');
		// A removed record is not exported (issue 14: the export carries no hidden record).
		expect(original.records.some((r) => r.archivedAt || r.data.name === 'Vieux classeur')).toBe(false);
		expect(original.records.some((r) => r.origin.catalogue === 'etat-civil')).toBe(true);
		expect(original.steps.find((s) => s.recipeId === 'dpd' && s.stepId === 'identite')?.answers).toMatchObject({ lastName: 'Martin' });
		expect(original.confirmations).toEqual([expect.objectContaining({ obligationId: 'dpd-forme', note: 'Vérifié avec le maire' })]);
		expect(original.documents).toHaveLength(2);
		for (const d of original.documents) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(original.documents)).not.toMatch(/pdf"/i);
		expect(original.dossiers).toEqual([expect.objectContaining({ version: 1, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
		expect(original.audit.length).toBeGreaterThan(20);
		expect(original.audit[0]).toMatchObject({ entity: 'organisme', action: 'création', userName: 'Sophie Martin' });
	});

	it('imports into a new commune (new ids, the importer is DPD) and exports the same content again', async () => {
		const importer = await makeUser(db, { name: 'Paul Nouvel' });
		const before = await counts(db);
		const result = await importCommune(db, importer, JSON.stringify(original), { filename: 'glanon.json' });
		expect(result.communeId).not.toBe(original.commune.id);
		expect((await findAccess(db, importer, result.communeId))?.role).toBe('dpd');
		expect(await findAccess(db, secretary, result.communeId)).toBeNull();
		const after = await counts(db);
		expect(after.records - before.records).toBe(original.records.length);
		expect(after.audit - before.audit).toBe(original.audit.length + 1);

		const again = await exportCommune(db, result.communeId);
		// New ids everywhere, and the parent links and references follow them.
		const oldIds = new Set(original.records.map((r) => r.id));
		expect(again.records.some((r) => oldIds.has(r.id))).toBe(false);
		const fiche = again.records.find((r) => r.kind === 'activity' && r.origin.catalogue === 'etat-civil')!;
		const support = again.records.find((r) => r.id === (fiche.data.supports as string[])[0]);
		expect(support?.kind).toBe('support');
		const action = again.records.find((r) => r.kind === 'action' && r.origin.kind === 'conformity')!;
		expect(again.records.find((r) => r.id === action.origin.id)?.kind).toBe('conformity');

		// History first, with its original dates and authors, then one 'import' entry by the importer.
		const last = again.audit[again.audit.length - 1]!;
		expect(last).toMatchObject({ entity: 'organisme', action: 'import', userName: 'Paul Nouvel' });
		expect(last.changes).toMatchObject({ fichier: 'glanon.json', enregistrements: original.records.length });
		const [row] = await db.select().from(auditLog).where(and(eq(auditLog.communeId, result.communeId), eq(auditLog.action, 'import')));
		expect(row?.userId).toBe(importer.id);
		const history = await db.select().from(auditLog).where(eq(auditLog.communeId, result.communeId)).orderBy(auditLog.id);
		expect(history[0]!.at.toISOString()).toBe(original.audit[0]!.at);
		expect(history[0]!.userId).toBeNull();

		// Same content modulo ids and the import's own entry.
		const withoutImport = { ...again, audit: again.audit.slice(0, -1) };
		expect(normalised(withoutImport)).toBe(normalised(original));
	});

	it('refuses a truncated file, another format, another version: nothing written', async () => {
		const importer = await makeUser(db);
		const text = JSON.stringify(original);
		const before = await counts(db);
		const truncated = await domainError(importCommune(db, importer, text.slice(0, Math.floor(text.length / 2))), 400);
		expect(truncated.message).toContain(NOT_AN_EXPORT);
		expect(truncated.fieldErrors.file).toContain('tronqué');
		expect((await domainError(importCommune(db, importer, JSON.stringify({ ...original, format: 'autre-chose' })), 400)).message).toContain(NOT_AN_EXPORT);
		expect((await domainError(importCommune(db, importer, '[1, 2, 3]'), 400)).message).toContain(NOT_AN_EXPORT);
		const version = await domainError(importCommune(db, importer, JSON.stringify({ ...original, version: 2 })), 400);
		expect(version.message).toContain(UNSUPPORTED_VERSION);
		const missing = clone(original) as Partial<CommuneExport>;
		delete missing.records;
		expect((await domainError(importCommune(db, importer, JSON.stringify(missing)), 400)).message).toContain('records');
		expect(await counts(db)).toEqual(before);
	});

	it('refuses a record that fails the app’s validation, naming the record and the field', async () => {
		const importer = await makeUser(db);
		const bad = clone(original);
		const fiche = bad.records.find((r) => r.kind === 'activity' && r.origin.catalogue === 'cantine-periscolaire')!;
		fiche.data.legalBasis = 'z';
		const before = await counts(db);
		const err = await domainError(importCommune(db, importer, JSON.stringify(bad)), 400);
		expect(err.message).toContain(String(fiche.data.name));
		expect(err.message).toContain('Base légale');
		expect(err.message).toContain('legalBasis');
		const longer = clone(original);
		longer.records.find((r) => r.kind === 'support')!.data.name = 'x'.repeat(201);
		expect((await domainError(importCommune(db, importer, JSON.stringify(longer)), 400)).message).toContain('200 caractères au plus');
		const unknown = clone(original);
		unknown.records.find((r) => r.kind === 'breach')!.data.hacked = 'oui';
		expect((await domainError(importCommune(db, importer, JSON.stringify(unknown)), 400)).message).toContain('« hacked »');
		const step = clone(original);
		step.steps.find((s) => s.stepId === 'identite')!.answers.email = 'pas-une-adresse';
		expect((await domainError(importCommune(db, importer, JSON.stringify(step)), 400)).message).toContain('E-mail du délégué');
		expect(await counts(db)).toEqual(before);
	});

	it('refuses a reference to an id that is not in the file (a commune id from elsewhere)', async () => {
		const importer = await makeUser(db);
		const before = await counts(db);
		const parent = clone(original);
		const risk = parent.records.find((r) => r.kind === 'risk')!;
		risk.parentId = original.commune.id;
		const err = await domainError(importCommune(db, importer, JSON.stringify(parent)), 400);
		expect(err.message).toContain(original.commune.id);
		expect(err.message).toContain('n’est pas un enregistrement de ce fichier');
		const ref = clone(original);
		const fiche = ref.records.find((r) => r.kind === 'activity' && Array.isArray(r.data.supports) && r.data.supports.length)!;
		fiche.data.supports = [access.commune.id];
		expect((await domainError(importCommune(db, importer, JSON.stringify(ref)), 400)).message).toContain('Supports utilisés');
		const wrongKind = clone(original);
		wrongKind.records.find((r) => r.kind === 'risk')!.parentId = wrongKind.records.find((r) => r.kind === 'support')!.id;
		expect((await domainError(importCommune(db, importer, JSON.stringify(wrongKind)), 400)).message).toContain('type « support »');
		expect(await counts(db)).toEqual(before);
	});

	it('writes nothing when the database refuses a value half-way (one transaction)', async () => {
		const importer = await makeUser(db);
		const bad = clone(original);
		bad.audit[bad.audit.length - 1]!.changes = { note: 'nul\u0000caractère' };
		const before = await counts(db);
		const err = await domainError(importCommune(db, importer, JSON.stringify(bad)), 400);
		expect(err.message).toContain('Rien n’a été importé');
		expect(await counts(db)).toEqual(before);
	});

	it('exports the register as XLSX: an organisation sheet, then one row per fiche with the CSV columns', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await registerXlsx(db, access.commune.id)) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual([ORGANISATION_SHEET, REGISTER_SHEET]);
		const org = wb.getWorksheet(ORGANISATION_SHEET)!;
		const orgText: string[] = [];
		org.eachRow((row) => orgText.push((row.values as unknown[]).filter((v) => v !== undefined && v !== null).join(' | ')));
		const joined = orgText.join('\n');
		expect(joined).toContain('Commune de Glanon');
		expect(joined).toContain('Délégué à la protection des données');
		expect(joined).toContain('Martin');
		expect(joined).toContain('Listes électorales');
		const sheet = wb.getWorksheet(REGISTER_SHEET)!;
		const header = sheet.getRow(1);
		expect(REGISTER_COLUMNS.map((_, i) => header.getCell(i + 1).value)).toEqual(REGISTER_COLUMNS.map((c) => c.label));
		expect(header.font?.bold).toBe(true);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.getColumn(1).width).toBeGreaterThan(10);
		const fiches = await listRecords(db, access.commune.id, 'activity');
		expect(sheet.actualRowCount).toBe(fiches.length + 1);
		const names = REGISTER_COLUMNS.findIndex((c) => c.key === 'name') + 1;
		const cells = Array.from({ length: fiches.length }, (_, i) => String(sheet.getRow(i + 2).getCell(names).value));
		expect(cells.sort()).toEqual(fiches.map((f) => String(f.data.name)).sort());
		expect(sheet.getRow(2).getCell(names).alignment?.wrapText).toBe(true);
	});

	it('exports a risk assessment in the CNIL PIA tool’s structure', async () => {
		const [risk] = await listRecords(db, access.commune.id, 'risk');
		const file: PiaFile = JSON.parse(JSON.stringify(await exportPia(db, access.commune.id, risk!.id)));
		expect(Object.keys(file).sort()).toEqual(['answers', 'comments', 'evaluations', 'measures', 'pia']);
		const piaKeys = ['id', 'name', 'category', 'status', 'author_name', 'evaluator_name', 'validator_name', 'dpos_names', 'dpo_status', 'dpo_opinion', 'people_names', 'concerned_people_status', 'concerned_people_opinion', 'concerned_people_searched_opinion', 'concerned_people_searched_content', 'rejection_reason', 'applied_adjustments', 'is_example', 'is_archive', 'progress', 'structure_id', 'structure_name', 'structure_sector_name', 'structure_data', 'created_at', 'updated_at'];
		// The peers.md keys, plus the three the tool's importer reads under its own spelling.
		expect(Object.keys(file.pia).sort()).toEqual([...piaKeys, 'dbVersion', 'rejected_reason', 'applied_adjustements'].sort());
		// Validated by the mayor, but the demo's CCAS fiche names no support and says nothing of transfers:
		// the tool would not call the analysis done, so the file does not say validated (pia-tool.test.ts).
		expect(file.pia).toMatchObject({ status: 0, dpos_names: 'Sophie Martin', validator_name: '', is_example: 0, is_archive: 0 });
		expect(file.pia.dpo_opinion).toContain('ramènent les risques');
		expect(file.pia.name).toContain('CCAS');
		expect(file.comments).toEqual([]);

		const allowed = new Set([111, 112, 113, 121, 122, 123, 211, 212, 213, 214, 215, 221, 222, 223, 224, 225, 226, 227, ...[32, 33, 34].flatMap((b) => [1, 2, 3, 4, 5, 6].map((x) => b * 10 + x))]);
		for (const a of file.answers) {
			expect(typeof a.reference_to).toBe('number');
			expect(allowed.has(a.reference_to), String(a.reference_to)).toBe(true);
			expect(Object.keys(a).sort()).toEqual(['created_at', 'data', 'id', 'pia_id', 'reference_to', 'updated_at']);
			expect(Object.keys(a.data).sort()).toEqual(['gauge', 'list', 'text']);
			expect(Array.isArray(a.data.list)).toBe(true);
			if (a.data.gauge !== null) expect(a.data.gauge).toBeGreaterThanOrEqual(0);
			if (a.data.gauge !== null) expect(a.data.gauge).toBeLessThanOrEqual(4);
		}
		const answer = (ref: number) => file.answers.find((a) => a.reference_to === ref);
		expect(new Set(file.answers.map((a) => a.reference_to)).size).toBe(file.answers.length);
		expect(answer(111)?.data.text).toMatch(/^<p>.*CCAS/);
		expect(answer(212)?.data.text).toContain('Mission d’intérêt public');
		expect(answer(322)?.data.list).toEqual(['Dossier papier laissé sur le bureau de l’accueil', 'courriel envoyé au mauvais destinataire']);
		expect(answer(323)?.data.list).toEqual(['Visiteur de la mairie', 'élu non habilité', 'erreur d’un agent']);
		expect(answer(325)?.data).toMatchObject({ gauge: 3, text: expect.stringContaining('Données sociales') });
		expect(answer(346)?.data.gauge).toBe(3);
		for (const b of [32, 33, 34]) for (const x of [1, 2, 3, 4, 5, 6]) expect(answer(b * 10 + x), String(b * 10 + x)).toBeDefined();

		expect(file.measures.length).toBeGreaterThanOrEqual(3);
		for (const m of file.measures) expect(Object.keys(m).sort()).toEqual(['content', 'created_at', 'id', 'pia_id', 'placeholder', 'title', 'updated_at']);
		expect(file.measures.map((m) => m.title)).toContain('Sauvegarde hebdomadaire sur disque débranché (prévue)');
		expect(answer(344)?.data.list).toEqual(['Sauvegarde hebdomadaire sur disque débranché (prévue)']);

		const parts = file.evaluations.map((e) => e.reference_to);
		expect(parts.filter((r) => /^3\.[234]$/.test(r))).toEqual(['3.2', '3.3', '3.4']);
		expect(parts).toEqual(expect.arrayContaining(['1.1', '1.2', '2.1.211', '2.2.221', ...file.measures.map((m) => `3.1.${m.id}`)]));
		for (const e of file.evaluations) {
			expect(typeof e.reference_to).toBe('string');
			expect(Object.keys(e).sort()).toEqual(['action_plan_comment', 'created_at', 'estimated_implementation_date', 'evaluation_comment', 'evaluation_date', 'gauges', 'global_status', 'id', 'person_in_charge', 'pia_id', 'reference_to', 'status', 'updated_at'].sort());
			for (const g of [e.gauges.x, e.gauges.y]) expect(g >= 0 && g <= 4 && Number.isInteger(g)).toBe(true);
			expect(e.status === 2 || e.status === 3, e.reference_to).toBe(true);
			expect(e.global_status).toBe(2);
		}
		// Residual estimates: access 3/1 after the plan, modification without a plan (2/2, acceptable), disappearance 2/1.
		const risks = ['3.2', '3.3', '3.4'].map((r) => file.evaluations.find((e) => e.reference_to === r)!);
		expect(risks.map((e) => [e.status, e.gauges])).toEqual([[2, { x: 3, y: 1 }], [3, { x: 2, y: 2 }], [2, { x: 2, y: 1 }]]);
		await domainError(exportPia(db, access.commune.id, (await listRecords(db, access.commune.id, 'activity'))[0]!.id), 404);
	});

	describe('register import', () => {
		const header = ['NOM DU TRAITEMENT', 'finalite(s) du traitement', 'Base legale', 'Catégories de personnes concernées', 'Donnees sensibles', 'Logiciels et supports', 'Colonne maison'];
		const csvLine = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(';');

		it('previews a CSV without writing, reports the bad rows, then creates the fiches on confirmation', async () => {
			const csv =
				'\ufeff' +
				[
					csvLine(header),
					csvLine(['Location de la salle des fêtes', 'Gérer les réservations\nEncaisser la location', 'Contrat (art. 6.1.b)', 'Habitants, administrés ; Usagers d’un service', 'Non', 'Ordinateur du secrétariat', 'peu importe']),
					csvLine(['Fichier des associations', 'Tenir l’annuaire', 'Mission publique', 'Habitants', 'non', '', '']),
					csvLine(['Prêt de matériel', 'Prêter les barrières', 'mission d’interet public', 'Extraterrestres', 'Non', '', '']),
					csvLine(['État civil', 'Doublon', '6.1.c', '', '', '', '']),
					csvLine(['', 'Sans nom', '', '', '', '', '']),
					csvLine(['Jardins familiaux', 'Attribuer les parcelles', 'e', 'habitants', 'NON', 'Clé USB inconnue', ''])
				].join('\r\n');
			const before = await counts(db);
			const preview = await previewRegisterImport(db, access, 'registre.csv', new TextEncoder().encode(csv));
			expect(await counts(db)).toEqual(before);
			// Line 7 names a support the cartography lacks: imported all the same, the support created with it.
			expect(preview.fiches).toEqual([
				{ line: 2, name: 'Location de la salle des fêtes', filled: 6 },
				{ line: 7, name: 'Jardins familiaux', filled: 5 }
			]);
			expect(preview.newSupports).toEqual(['Clé USB inconnue']);
			expect(preview.warnings).toEqual([expect.objectContaining({ line: 7, column: 'Logiciels et supports', message: expect.stringContaining('« Clé USB inconnue » n’est pas dans la cartographie') })]);
			expect(preview.ignored).toEqual(['Colonne maison']);
			const byLine = (line: number) => preview.problems.filter((p) => p.line === line);
			expect(byLine(3)).toEqual([expect.objectContaining({ column: 'Base legale', message: expect.stringContaining('« Mission publique » n’est pas une des propositions') })]);
			expect(byLine(4)).toEqual([expect.objectContaining({ column: 'Catégories de personnes concernées', message: expect.stringContaining('Extraterrestres') })]);
			expect(byLine(5)[0]?.message).toContain('existe déjà');
			expect(byLine(6)[0]?.message).toContain('chaque fiche a besoin d’un nom');
			expect(byLine(7)).toEqual([]);

			await domainError(confirmRegisterImport(db, access, preview.payload.replace('Location', 'Piratage'), preview.signature), 400).then((e) => expect(e.message).toBe(EXPIRED));
			expect(await counts(db)).toEqual(before);

			const done = await confirmRegisterImport(db, access, preview.payload, preview.signature);
			expect(done).toEqual({ created: 2, supportsCreated: 1, skipped: [] });
			const fiches = await listRecords(db, access.commune.id, 'activity');
			const created = fiches.find((f) => f.data.name === 'Location de la salle des fêtes')!;
			expect(created.origin).toEqual({ import: 'registre.csv' });
			expect(created.data).toMatchObject({ purposes: 'Gérer les réservations\nEncaisser la location', legalBasis: 'b', dataSubjects: ['habitants', 'usagers'], hasSensitive: 'non' });
			const support = (await listRecords(db, access.commune.id, 'support')).find((s) => s.data.name === 'Ordinateur du secrétariat')!;
			expect(created.data.supports).toEqual([support.id]);
			const jardins = fiches.find((f) => f.data.name === 'Jardins familiaux')!;
			const usb = (await listRecords(db, access.commune.id, 'support')).find((s) => s.data.name === 'Clé USB inconnue')!;
			expect(usb.origin).toEqual({ import: 'registre.csv' });
			expect(jardins.data.supports).toEqual([usb.id]);
			const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
			expect(entry).toMatchObject({ action: 'création par import', userId: secretary.id });
			// Confirming twice creates nothing more: the names now exist (the fiches, and the support once).
			expect(await confirmRegisterImport(db, access, preview.payload, preview.signature)).toMatchObject({ created: 0, supportsCreated: 0 });
			expect((await listRecords(db, access.commune.id, 'support')).filter((s) => s.data.name === 'Clé USB inconnue')).toHaveLength(1);
		});

		it('reads an XLSX made elsewhere, and recognises every column of its own export', async () => {
			const wb = new ExcelJS.Workbook();
			const ws = wb.addWorksheet('Mon registre');
			ws.addRow(['Registre de la mairie (brouillon)']);
			ws.addRow(header);
			ws.addRow(['Cimetière : concessions', 'Gérer les concessions', 'Mission d’intérêt public', 'Défunts et leurs familles ; Habitants, administrés', 'Non', '', '']);
			ws.addRow(['Fichier des chiens dangereux', 'Tenir le registre', 'obligation legale', 'Habitants', 'Peut-être', '', '']);
			const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
			const preview = await previewRegisterImport(db, access, 'registre.xlsx', bytes);
			expect(preview.sheet).toBe('Mon registre');
			expect(preview.fiches).toEqual([{ line: 3, name: 'Cimetière : concessions', filled: 5 }]);
			expect(preview.problems).toEqual([expect.objectContaining({ line: 4, column: 'Donnees sensibles', message: expect.stringContaining('répondez Oui ou Non') })]);
			const done = await confirmRegisterImport(db, access, preview.payload, preview.signature);
			expect(done.created).toBe(1);
			const created = (await listRecords(db, access.commune.id, 'activity')).find((f) => f.data.name === 'Cimetière : concessions')!;
			expect(created.data).toMatchObject({ legalBasis: 'e', dataSubjects: ['defunts_familles', 'habitants'] });

			// Our own Excel export: every column read (the computed ones skipped), every row already there.
			const own = await previewRegisterImport(db, access, 'export.xlsx', new Uint8Array(await registerXlsx(db, access.commune.id)));
			expect(own.sheet).toBe(REGISTER_SHEET);
			expect(own.ignored).toEqual([]);
			expect(own.columns).toHaveLength(REGISTER_COLUMNS.filter((c) => !c.key.startsWith('_')).length);
			expect(own.fiches).toEqual([]);
			expect(own.problems.every((p) => p.message.includes('existe déjà'))).toBe(true);
		});

		it('refuses a file without the register’s columns, and an old .xls', async () => {
			const csv = await domainError(previewRegisterImport(db, access, 'autre.csv', new TextEncoder().encode('a;b\n1;2\n')), 400);
			expect(csv.fieldErrors.file).toContain('Nom du traitement');
			const xls = await domainError(previewRegisterImport(db, access, 'vieux.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0])), 400);
			expect(xls.message).toContain('.xls');
		});
	});
});
