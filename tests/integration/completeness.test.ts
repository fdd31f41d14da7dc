// One completeness everywhere: every register entry of the demo seed and of a small scale sample
// has the same percent and the same missing items on its page, in the step's list, in the register
// list (cached and not), in the CSV and XLSX exports, in the dossier, and in the progress
// (dashboard). Security is judged per support: a measure done for the computers does not protect
// the mayor's phone. The caches are checked against writes that bypass the domain layer.
import { and, eq, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MEASURES, THEMES } from '../../src/lib/recipes/securite';
import type { Commune } from '../../src/lib/server/db/schema';
import { communes, records, stepAnswers } from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db';
import { buildDossier } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import { loadProgress, saveStep } from '../../src/lib/server/domain/recipes';
import { listRecords } from '../../src/lib/server/domain/records';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { REGISTER_COLUMNS, registerCsv } from '../../src/lib/server/exports/register';
import { parseCsv, decodeText } from '../../src/lib/server/exports/register-parse';
import { REGISTER_SHEET, registerXlsx } from '../../src/lib/server/exports/register-xlsx';
import { limitProgressCache, progressCacheStats, progressOfCommune, PROGRESS_CACHE_MAX_BYTES } from '../../src/lib/server/progress-cache';
import { describeRecords } from '../../src/lib/server/record-list';
import { recordView } from '../../src/lib/server/record-view';
import { limitRegisterCache, registerCacheStats, registerFiches, registerFichesUncached, REGISTER_CACHE_MAX_BYTES } from '../../src/lib/server/register-list';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { seedScale } from '../../src/lib/server/seed/scale';
import { FICHE_WITHOUT_SECURITY, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const NOW = new Date('2026-11-29T10:00:00Z');
const SECURITY = 'Au moins une mesure de sécurité';

interface Seen {
	percent: number;
	missing: string[];
}

const split = (cell: string, sep: string) => (cell ? cell.split(sep) : []);
const label = (kind: string) => REGISTER_COLUMNS.find((c) => c.key === kind)!.label;

/** What every output says of every live fiche of a commune, by fiche id (and by output). */
async function everyOutput(db: Db, communeId: string): Promise<{ fiches: { id: string; name: string }[]; outputs: Record<string, Map<string, Seen>> }> {
	const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
	const rows = await listRecords(db, communeId, 'activity');
	const fiches = rows.map((r) => ({ id: r.id, name: String(r.data.name) }));
	const outputs: Record<string, Map<string, Seen>> = {};

	// The record page.
	const page = new Map<string, Seen>();
	for (const r of rows) {
		const view = await recordView(db, commune as Commune, 'activity', r);
		page.set(r.id, { percent: view.completeness.percent, missing: view.completeness.missing });
	}
	outputs.page = page;

	// The step « Compléter chaque fiche » lists them too.
	outputs['step list'] = new Map((await describeRecords(db, communeId, 'activity', rows, NOW)).map((f) => [f.id, { percent: f.percent, missing: f.missing }]));

	// The register list, through its cache (twice: filled, then reused) and without it.
	for (const [name, list] of [
		['list', await registerFiches(db, communeId)],
		['list (cached)', await registerFiches(db, communeId)],
		['list (uncached)', await registerFichesUncached(db, communeId)]
	] as const) {
		outputs[name] = new Map(list.map((f) => [f.id, { percent: f.percent, missing: f.missing }]));
	}

	// The CSV and the XLSX, one row per fiche in the register's order.
	const csv = parseCsv(decodeText(new TextEncoder().encode(await registerCsv(db, communeId))));
	const header = csv[0]!;
	const [pc, mc] = [header.indexOf(label('_completeness')), header.indexOf(label('_missing'))];
	expect(pc).toBeGreaterThan(0);
	expect(mc).toBeGreaterThan(0);
	const csvRows = csv.slice(1).filter((r) => r.some((c) => c));
	expect(csvRows).toHaveLength(rows.length);
	outputs.csv = new Map(rows.map((r, i) => [r.id, { percent: Number(csvRows[i]![pc]), missing: split(csvRows[i]![mc]!, ' ; ') }]));

	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await registerXlsx(db, communeId, NOW)) as unknown as ArrayBuffer);
	const sheet = wb.getWorksheet(REGISTER_SHEET)!;
	const xlsx = new Map<string, Seen>();
	rows.forEach((r, i) => {
		const line = sheet.getRow(i + 2);
		const cell = (key: string) => line.getCell(REGISTER_COLUMNS.findIndex((c) => c.key === key) + 1).value;
		expect(String(cell('name'))).toBe(String(r.data.name));
		xlsx.set(r.id, { percent: Number(cell('_completeness')), missing: split(String(cell('_missing') ?? ''), ' ; ') });
	});
	outputs.xlsx = xlsx;

	// The dossier: its list of activities (in the snapshot's order: matched by name).
	const model = buildDossier(await buildSnapshot(db, communeId), { version: 1, generatedAt: NOW, generatedByName: 'Test', fingerprint: 'x' });
	const table = model.blocks.find((b) => b.t === 'table' && b.caption === 'Liste des activités');
	if (!table || table.t !== 'table') throw new Error('no list of activities in the dossier');
	expect(table.rows).toHaveLength(rows.length);
	const byName = new Map(table.rows.map((r) => [r[0]!, r]));
	expect(byName.size, 'fiche names are unique in this sample').toBe(rows.length);
	outputs.dossier = new Map(rows.map((r) => {
		const line = byName.get(String(r.data.name))!;
		return [r.id, { percent: Number(line[2]!.replace(' %', '')), missing: split(line[3]!, ', ') }];
	}));
	return { fiches, outputs };
}

/** Asserts every output agrees with the record page, and the progress counts the same incomplete fiches. */
async function expectOneCompleteness(db: Db, communeId: string) {
	const { fiches, outputs } = await everyOutput(db, communeId);
	const page = outputs.page!;
	for (const [name, seen] of Object.entries(outputs)) {
		for (const f of fiches) expect(seen.get(f.id), `${name} — ${f.name}`).toEqual(page.get(f.id));
	}
	const incomplete = fiches.filter((f) => page.get(f.id)!.missing.length > 0).length;
	const expected = { count: fiches.length, incomplete };
	expect((await progressOfCommune(db, communeId)).collections.get('registre/fiches'), 'dashboard').toEqual(expected);
	expect((await progressOfCommune(db, communeId)).collections.get('registre/fiches'), 'dashboard (cached)').toEqual(expected);
	expect((await loadProgress(db, communeId)).collections.get('registre/fiches'), 'progress').toEqual(expected);
	return { fiches, page };
}

describe.each(engines())('one completeness on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('is the same on the page, the list, the CSV, the XLSX, the dossier and the dashboard for every fiche of the demo', async () => {
		const { communeIds } = await seedDemo(db());
		let fiches = 0;
		let incomplete = 0;
		for (const id of Object.values(communeIds)) {
			const r = await expectOneCompleteness(db(), id);
			fiches += r.fiches.length;
			incomplete += [...r.page.values()].filter((s) => s.missing.length).length;
		}
		// Glanon has its fiches, some complete, some not.
		expect(fiches).toBeGreaterThanOrEqual(7);
		expect(incomplete).toBeGreaterThan(0);
		expect(incomplete).toBeLessThan(fiches);
	}, 300_000);

	it('is the same everywhere for every fiche of a scale sample, also with « Aucune » and measures that apply by support', async () => {
		await seedScale(db(), { bodies: 4, sessions: 1, largest: 12, now: NOW });
		const bodies = await db().select({ id: communes.id }).from(communes).where(sql`${communes.email} like ${'%@echelle.superchef-rgpd.fr'}`);
		expect(bodies.length).toBe(4);
		// Some fiches of the first body answer « Aucune » under every heading: their completeness then
		// depends on their supports and on the measures done (bypassing the domain layer on purpose).
		const [first] = bodies;
		const fiches = await db().select({ id: records.id }).from(records).where(and(eq(records.communeId, first!.id), eq(records.kind, 'activity'), isNull(records.archivedAt)));
		for (const f of fiches.slice(0, 6)) {
			await db().execute(sql`update records set data = data || ${JSON.stringify({ securityAccess: 'Aucune', securityTrace: '', securityBackup: '', securitySoftware: '', securityEncryption: '', securityProcessors: '', securityOther: '' })}::jsonb where id = ${f.id}`);
		}
		// And there, only the default passwords are changed: a fiche with a software support is protected by it, one on office files only is not.
		const measures = Object.fromEntries(MEASURES.map((m) => [`m_${m.id}`, m.id === 'mdp_defaut' ? 'fait' : 'na']));
		for (const t of THEMES) {
			await db().execute(
				sql`insert into step_answers (commune_id, recipe_id, step_id, answers) values (${first!.id}, 'securite', ${t.id}, ${JSON.stringify(measures)}::jsonb) on conflict (commune_id, recipe_id, step_id) do update set answers = step_answers.answers || excluded.answers`
			);
		}
		let total = 0;
		for (const b of bodies) {
			const { fiches: seen, page } = await expectOneCompleteness(db(), b.id);
			total += seen.length;
			if (b.id !== first!.id) continue;
			const changed = fiches.slice(0, 6).map((f) => page.get(f.id)!);
			// Both cases occur: protected by that measure, or not protected at all.
			expect(changed.filter((c) => c.missing.includes(SECURITY)).length).toBeGreaterThan(0);
			expect(changed.filter((c) => !c.missing.length).length).toBeGreaterThan(0);
		}
		expect(total).toBeGreaterThan(40);
	}, 300_000);

	it('does not count the computers’ measures for a fiche on the mayor’s phone that answers « Aucune »', async () => {
		const user = await makeUser(db(), { name: 'Sophie Martin' });
		const commune = await makeCommune(db(), user, '21301');
		const access = await accessOf(db(), user, commune.id);
		const { id: phone } = await saveRecord(db(), access, 'support', null, submission({ category: 'materiel', device: 'telephone', name: 'Téléphone du maire', location: 'Avec le maire', users: 'Le maire' }));
		await saveRecord(db(), access, 'support', null, submission({ category: 'materiel', device: 'ordinateur', name: 'Ordinateur du secrétariat', location: 'Bureau', users: 'La secrétaire' }));
		await saveStep(db(), access, 'securite', 'postes', submission({ m_verrouillage: 'fait', m_mises_a_jour: 'fait', m_antivirus: 'fait', m_pas_admin: 'na' }), 'continue');
		await saveStep(db(), access, 'securite', 'mots-de-passe', submission({ m_mdp_personnels: 'fait', m_mdp_regle: 'na', m_mdp_gestionnaire: 'na', m_mdp_defaut: 'na' }), 'continue');
		const { id } = await saveRecord(db(), access, 'activity', null, submission({ ...FICHE_WITHOUT_SECURITY, name: 'Alerte SMS', supports: [phone], securityOther: 'Aucune' }));
		const row = () => listRecords(db(), commune.id, 'activity').then((l) => l.find((r) => r.id === id)!);
		const [c] = await db().select().from(communes).where(eq(communes.id, commune.id));

		const view = await recordView(db(), c!, 'activity', await row());
		expect(view.completeness.percent).toBeLessThan(100);
		expect(view.completeness.missing).toEqual([SECURITY]);
		expect(view.completeness.warnings).toEqual([expect.stringContaining('« Aucune »')]);
		// No computer measure is listed for it: none protects the phone.
		expect(view.extras).toMatchObject({ kind: 'security', headings: [] });
		const csv = await registerCsv(db(), commune.id);
		expect(csv).not.toContain('Verrouillage automatique des sessions');
		expect(csv).toContain(SECURITY);
		await expectOneCompleteness(db(), commune.id);

		// A code on the phones protects it: listed, and the fiche is complete.
		await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones: 'fait', m_usb_limites: 'na', m_usb_chiffrees: 'na', m_perso_pro: 'na' }), 'continue');
		const after = await recordView(db(), c!, 'activity', await row());
		expect(after.completeness).toEqual({ percent: 100, missing: [], warnings: [] });
		expect(after.extras).toMatchObject({ kind: 'security', headings: [{ label: 'Autres mesures', measures: ['Code de verrouillage sur les téléphones'] }] });
		const csvAfter = await registerCsv(db(), commune.id);
		expect(csvAfter).toContain('Aucune\nMesures de la mairie : Code de verrouillage sur les téléphones');
		expect(csvAfter).not.toContain('Verrouillage automatique des sessions');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await registerXlsx(db(), commune.id, NOW)) as unknown as ArrayBuffer);
		const cell = wb.getWorksheet(REGISTER_SHEET)!.getRow(2).getCell(REGISTER_COLUMNS.findIndex((c) => c.key === 'securityOther') + 1).value;
		expect(cell).toBe('Aucune\nMesures de la mairie : Code de verrouillage sur les téléphones');
		await expectOneCompleteness(db(), commune.id);
	}, 120_000);

	it('keeps caches that cannot lie: writes that bypass the domain layer are seen, values are frozen, sizes bounded', async () => {
		const user = await makeUser(db(), { name: 'Sophie Martin' });
		const commune = await makeCommune(db(), user, '21634');
		const access = await accessOf(db(), user, commune.id);
		const { id: phone } = await saveRecord(db(), access, 'support', null, submission({ category: 'materiel', device: 'telephone', name: 'Téléphone du maire', location: 'Avec le maire', users: 'Le maire' }));
		await saveStep(db(), access, 'securite', 'postes', submission({ m_verrouillage: 'fait', m_mises_a_jour: 'na', m_antivirus: 'na', m_pas_admin: 'na' }), 'save');
		await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones: 'na' }), 'save');
		const { id } = await saveRecord(db(), access, 'activity', null, submission({ ...FICHE_WITHOUT_SECURITY, name: 'Alerte SMS', supports: [phone] }));
		await saveRecord(db(), access, 'activity', null, submission({ ...FICHE_WITHOUT_SECURITY, name: 'État civil', securityAccess: 'Mot de passe personnel' }));

		const same = async (why: string) => {
			const cached = await registerFiches(db(), commune.id);
			expect(cached, why).toEqual(await registerFichesUncached(db(), commune.id));
			const progress = await progressOfCommune(db(), commune.id);
			const fresh = await loadProgress(db(), commune.id);
			expect(progress.collections, why).toEqual(fresh.collections);
			expect([...progress.steps.keys()].sort(), why).toEqual([...fresh.steps.keys()].sort());
			for (const [k, s] of fresh.steps) expect(progress.steps.get(k)!.answers, `${why}: ${k}`).toEqual(s.answers);
			return { cached, progress };
		};
		const fiche = (list: { id: string; percent: number }[]) => list.find((f) => f.id === id)!.percent;

		const before = await same('filled');
		expect(fiche(before.cached)).toBeLessThan(100);
		expect(before.progress.collections.get('registre/fiches')).toEqual({ count: 2, incomplete: 1 });

		// The phone's code marked done behind the app's back (no version bumped, no journal).
		await db().execute(sql`update step_answers set answers = answers || '{"m_code_telephones":"fait"}'::jsonb where commune_id = ${commune.id} and recipe_id = 'securite' and step_id = 'mobiles'`);
		const done = await same('a measure done by raw SQL');
		expect(fiche(done.cached)).toBe(100);
		expect(done.progress.collections.get('registre/fiches')).toEqual({ count: 2, incomplete: 0 });

		// Undone, then the support turned into a computer (whose lock is done) — each by raw SQL.
		await db().execute(sql`update step_answers set answers = answers || '{"m_code_telephones":"na"}'::jsonb where commune_id = ${commune.id} and recipe_id = 'securite' and step_id = 'mobiles'`);
		expect(fiche((await same('the measure undone by raw SQL')).cached)).toBeLessThan(100);
		await db().execute(sql`update records set data = data || '{"device":"ordinateur"}'::jsonb where id = ${phone}`);
		expect(fiche((await same('the support changed by raw SQL')).cached)).toBe(100);
		// The fiche itself changed without its version: its own answer « Aucune », its support removed.
		await db().execute(sql`update records set data = data || '{"supports":[],"securityOther":"Aucune"}'::jsonb where id = ${id}`);
		const none = await same('the fiche changed by raw SQL');
		expect(none.cached.find((f) => f.id === id)).toMatchObject({ missing: [SECURITY] });
		// A fiche archived, then a step deleted, behind the app's back.
		await db().execute(sql`update records set archived_at = now() where id = ${id}`);
		expect((await same('a fiche archived by raw SQL')).cached).toHaveLength(1);
		await db().execute(sql`delete from ${stepAnswers} where commune_id = ${commune.id} and recipe_id = 'securite' and step_id = 'postes'`);
		await same('a step deleted by raw SQL');

		// What the caches hand out cannot be changed by a caller.
		const { cached, progress } = await same('again');
		expect(Object.isFrozen(cached[0])).toBe(true);
		expect(() => (cached[0]!.missing as string[]).push('x')).toThrow();
		expect(() => progress.collections.set('registre/fiches', { count: 0, incomplete: 0 })).toThrow();
		expect(() => {
			(progress.steps.get('securite/mobiles')!.answers as Record<string, unknown>).m_code_telephones = 'x';
		}).toThrow();
		expect((await loadProgress(db(), commune.id)).collections.get('registre/fiches')).toEqual({ count: 1, incomplete: 0 });
		// And they are bounded in bytes.
		expect(registerCacheStats().bytes).toBeGreaterThan(0);
		expect(registerCacheStats().bytes).toBeLessThanOrEqual(REGISTER_CACHE_MAX_BYTES);
		expect(progressCacheStats().bytes).toBeGreaterThan(0);
		expect(progressCacheStats().bytes).toBeLessThanOrEqual(PROGRESS_CACHE_MAX_BYTES);

		// Bounded to one commune's worth, the caches keep the one asked last, and still answer right.
		const other = await makeCommune(db(), user, '21301');
		const otherAccess = await accessOf(db(), user, other.id);
		await saveRecord(db(), otherAccess, 'activity', null, submission({ ...FICHE_WITHOUT_SECURITY, securityAccess: 'Mot de passe personnel' }));
		limitRegisterCache(1);
		limitProgressCache(1);
		try {
			expect(await registerFiches(db(), other.id)).toEqual(await registerFichesUncached(db(), other.id));
			expect(registerCacheStats().communes).toBe(1);
			expect((await progressOfCommune(db(), other.id)).collections).toEqual((await loadProgress(db(), other.id)).collections);
			expect(progressCacheStats().communes).toBe(1);
			await same('after the other commune pushed it out');
			expect(registerCacheStats().communes).toBe(1);
		} finally {
			limitRegisterCache();
			limitProgressCache();
		}
	}, 120_000);
});
