import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { advice, adviceHistory, auditLog } from '../../src/lib/server/db/schema';
import {
	adviceFor,
	adviceHistoryOf,
	ADVICE_RIGHTS_MESSAGE,
	createAdvice,
	getAdvice,
	isValidTarget,
	listAdvice,
	reactivateAdvice,
	restoreAdviceVersion,
	retireAdvice,
	targetLabel,
	updateAdvice
} from '../../src/lib/server/domain/advice';
import { SEED_ADVICE, seedAdvice } from '../../src/lib/server/seed/advice';
import { engines, useDatabase } from '../helpers/db';
import { domainError, expectAuditDelta, makeCommune, makeUser } from '../helpers/fixtures';

const input = (over: Record<string, unknown> = {}) => ({
	kind: 'question',
	target: 'step:dpd/type',
	title: 'Le maire peut-il être DPD ?',
	body: 'Non : il est responsable des traitements.\n\n- voir **la CNIL**',
	sources: 'https://www.cnil.fr/fr/designer-un-delegue-la-protection-des-donnees-dans-une-collectivite',
	...over
});

describe('advice targets', () => {
	it('accepts general, existing recipes, steps and catalogue entries only', () => {
		for (const t of ['general', 'recipe:dpd', 'step:dpd/type', 'step:registre/catalogue', 'catalogue:listes-electorales']) expect(isValidTarget(t), t).toBe(true);
		for (const t of ['', 'recipe:nope', 'step:dpd', 'step:dpd/nope', 'catalogue:nope', 'recipe:', 'autre:dpd', 'General']) expect(isValidTarget(t), t).toBe(false);
		expect(targetLabel('step:dpd/type')).toBe('Étape « Qui sera le délégué ? » (Désigner le délégué)');
		expect(targetLabel('catalogue:listes-electorales')).toBe('Catalogue : Listes électorales');
	});

	it('every seeded entry is valid and attached to an existing target', () => {
		expect(SEED_ADVICE.length).toBeGreaterThanOrEqual(15);
		for (const a of SEED_ADVICE) {
			expect(isValidTarget(a.target), a.title).toBe(true);
			expect(a.title.length, a.title).toBeLessThanOrEqual(200);
			for (const s of a.sources) expect(s, a.title).toMatch(/^https:\/\//);
		}
		expect(new Set(SEED_ADVICE.map((a) => a.title)).size).toBe(SEED_ADVICE.length);
	});
});

describe.each(engines())('advice on the $name database', (engine) => {
	const db = useDatabase(engine);
	let admin: SessionUser;
	let trainer: SessionUser;
	let secretary: SessionUser;

	beforeAll(async () => {
		admin = await makeUser(db(), { name: 'Luc Admin', isGipAdmin: true });
		trainer = await makeUser(db(), { name: 'Claire Formatrice', isTrainer: true });
		secretary = await makeUser(db(), { name: 'Sophie Secrétaire' });
		await makeCommune(db(), secretary);
	});

	const auditOf = (id: string) =>
		db().select().from(auditLog).where(and(eq(auditLog.entity, 'conseil'), eq(auditLog.entityId, id))).orderBy(auditLog.id);

	it('creates an entry at version 1, with its history row and an audit row outside any commune', async () => {
		const created = await expectAuditDelta(db(), 1, () => createAdvice(db(), trainer, input({ title: 'Création : le maire DPD ?' })));
		expect(created).toMatchObject({ kind: 'question', target: 'step:dpd/type', version: 1, createdBy: trainer.id, retiredAt: null });
		expect(created.sources).toEqual(['https://www.cnil.fr/fr/designer-un-delegue-la-protection-des-donnees-dans-une-collectivite']);
		const history = await adviceHistoryOf(db(), created.id);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ version: 1, action: 'création', title: created.title, changedBy: trainer.id, changedByName: 'Claire Formatrice' });
		const [entry] = await auditOf(created.id);
		expect(entry).toMatchObject({ communeId: null, entity: 'conseil', action: 'création', userId: trainer.id });
		expect(entry!.changes).toMatchObject({ kind: 'question', target: 'step:dpd/type', version: 1 });
	});

	it('refuses a plain secretary (403) for every write, and writes nothing', async () => {
		const mine = await createAdvice(db(), admin, input({ title: 'Droits : réservé au GIP' }));
		await expectAuditDelta(db(), 0, async () => {
			for (const attempt of [
				createAdvice(db(), secretary, input({ title: 'Par la secrétaire' })),
				updateAdvice(db(), secretary, mine.id, input({ title: 'Changé par la secrétaire' })),
				retireAdvice(db(), secretary, mine.id),
				reactivateAdvice(db(), secretary, mine.id),
				restoreAdviceVersion(db(), secretary, mine.id, '1')
			]) {
				const err = await domainError(attempt, 403);
				expect(err.message).toBe(ADVICE_RIGHTS_MESSAGE);
			}
		});
		expect(await db().select().from(advice).where(eq(advice.title, 'Par la secrétaire'))).toEqual([]);
		expect((await getAdvice(db(), mine.id)).version).toBe(1);
	});

	it('validates every field with French messages', async () => {
		const err = await domainError(
			createAdvice(db(), admin, {
				kind: 'faq',
				target: 'step:dpd/inexistante',
				title: 'x'.repeat(201),
				body: '',
				sources: 'https://ok.example/\njavascript:alert(1)'
			}),
			400
		);
		expect(err.fieldErrors).toEqual({
			kind: 'Type : choisissez une des propositions.',
			target: 'Où la montrer : choisissez une des propositions (recette, étape ou activité du catalogue).',
			title: 'Titre : 200 caractères au plus.',
			body: 'Réponse ou astuce : ce champ est à remplir.',
			sources: 'Sources : la ligne 2 (« javascript:alert(1) ») n’est pas une adresse web commençant par https://.'
		});
		const tooMany = await domainError(
			createAdvice(db(), admin, input({ sources: Array.from({ length: 11 }, (_, i) => `https://ex.example/${i}`).join('\n') })),
			400
		);
		expect(tooMany.fieldErrors.sources).toBe('Sources : 10 adresses au plus, une par ligne.');
		const http = await domainError(createAdvice(db(), admin, input({ sources: 'http://www.cnil.fr/' })), 400);
		expect(http.fieldErrors.sources).toMatch(/https:\/\//);
		const long = await domainError(createAdvice(db(), admin, input({ body: 'a'.repeat(10_001) })), 400);
		expect(long.fieldErrors.body).toBe('Réponse ou astuce : 10000 caractères au plus.');
		// Blank lines and duplicates in the sources are dropped; CRLF becomes LF in the text.
		const ok = await createAdvice(db(), admin, input({ title: 'Sources propres', body: 'a\r\n\r\nb', sources: '\n https://a.example/x \n\nhttps://a.example/x\r\nhttps://b.example/' }));
		expect(ok.sources).toEqual(['https://a.example/x', 'https://b.example/']);
		expect(ok.body).toBe('a\n\nb');
	});

	it('edits: bumps the version, keeps every version, audits what changed; an unchanged save writes nothing', async () => {
		const a = await createAdvice(db(), trainer, input({ title: 'Édition v1' }));
		const { advice: v2, changed } = await expectAuditDelta(db(), 1, () =>
			updateAdvice(db(), admin, a.id, input({ title: 'Édition v2', body: 'Nouveau texte', kind: 'astuce', _version: '1' }))
		);
		expect(changed).toBe(true);
		expect(v2).toMatchObject({ version: 2, title: 'Édition v2', kind: 'astuce', updatedBy: admin.id });
		const audit = await auditOf(a.id);
		expect(audit.map((e) => e.action)).toEqual(['création', 'modification']);
		expect(audit[1]!.changes).toMatchObject({
			title: { avant: 'Édition v1', apres: 'Édition v2' },
			kind: { avant: 'question', apres: 'astuce' },
			body: '(texte modifié)',
			version: 2
		});
		const same = await expectAuditDelta(db(), 0, () => updateAdvice(db(), admin, a.id, input({ title: 'Édition v2', body: 'Nouveau texte', kind: 'astuce' })));
		expect(same.changed).toBe(false);
		expect((await adviceHistoryOf(db(), a.id)).map((h) => [h.version, h.action])).toEqual([
			[2, 'modification'],
			[1, 'création']
		]);
		// A save made from the page of version 1 is refused: someone changed it since.
		const stale = await domainError(updateAdvice(db(), trainer, a.id, input({ title: 'Trop tard', _version: '1' })), 409);
		expect(stale.message).toMatch(/quelqu’un a modifié cette fiche/);
		await domainError(updateAdvice(db(), admin, '00000000-0000-4000-8000-000000000000', input()), 404);
		await domainError(updateAdvice(db(), admin, 'pas-un-id', input()), 404);
	});

	it('restores a previous version as a new one, and refuses a version identical to the current text', async () => {
		const a = await createAdvice(db(), trainer, input({ title: 'Restauration v1', body: 'Texte 1', target: 'recipe:dpd' }));
		await updateAdvice(db(), trainer, a.id, input({ title: 'Restauration v2', body: 'Texte 2', target: 'step:dpd/type', sources: '' }));
		const v3 = await expectAuditDelta(db(), 1, () => restoreAdviceVersion(db(), admin, a.id, '1'));
		expect(v3).toMatchObject({ version: 3, title: 'Restauration v1', body: 'Texte 1', target: 'recipe:dpd' });
		expect(v3.sources).toEqual([input().sources]);
		const history = await adviceHistoryOf(db(), a.id);
		expect(history.map((h) => h.action)).toEqual(['restauration de la version 1', 'modification', 'création']);
		expect(history[0]).toMatchObject({ version: 3, title: 'Restauration v1', changedBy: admin.id });
		const [last] = (await auditOf(a.id)).reverse();
		expect(last).toMatchObject({ action: 'restauration de la version 1', communeId: null });
		expect(last!.changes).toMatchObject({ title: { avant: 'Restauration v2', apres: 'Restauration v1' }, body: '(texte de la version restaurée)' });
		await domainError(restoreAdviceVersion(db(), admin, a.id, '3'), 409);
		await domainError(restoreAdviceVersion(db(), admin, a.id, '1'), 409);
		await domainError(restoreAdviceVersion(db(), admin, a.id, '9'), 404);
		await domainError(restoreAdviceVersion(db(), admin, a.id, 'x'), 404);
		expect((await restoreAdviceVersion(db(), admin, a.id, 2)).version).toBe(4);
	});

	it('retires and reactivates: versions, history, audit; a retired entry leaves the lists', async () => {
		const a = await createAdvice(db(), trainer, input({ title: 'Retrait : à retirer', target: 'catalogue:videoprotection' }));
		const retired = await expectAuditDelta(db(), 1, () => retireAdvice(db(), trainer, a.id));
		expect(retired.retiredAt).toBeInstanceOf(Date);
		expect(retired.version).toBe(2);
		await domainError(retireAdvice(db(), trainer, a.id), 409);
		expect((await adviceFor(db(), ['catalogue:videoprotection'])).map((x) => x.id)).not.toContain(a.id);
		expect((await listAdvice(db(), { q: 'à retirer' })).map((x) => x.id)).not.toContain(a.id);
		expect((await listAdvice(db(), { q: 'à retirer', includeRetired: true })).map((x) => x.id)).toContain(a.id);
		const back = await reactivateAdvice(db(), admin, a.id);
		expect(back).toMatchObject({ retiredAt: null, version: 3 });
		await domainError(reactivateAdvice(db(), admin, a.id), 409);
		expect((await adviceHistoryOf(db(), a.id)).map((h) => h.action)).toEqual(['réactivation', 'retrait', 'création']);
		expect((await auditOf(a.id)).map((e) => e.action)).toEqual(['création', 'retrait', 'réactivation']);
		const rows = await db().select().from(adviceHistory).where(eq(adviceHistory.adviceId, a.id));
		expect(rows.every((r) => r.title === 'Retrait : à retirer')).toBe(true);
	});

	it('searches title and text, ignoring case and accents, title matches first; filters by target', async () => {
		const inTitle = await createAdvice(db(), admin, input({ title: 'Recherche : la liste ÉLECTORALE vendue ?', body: 'Non.', target: 'catalogue:listes-electorales' }));
		const inBody = await createAdvice(db(), admin, input({ title: 'Recherche : une entreprise demande un fichier', body: 'La liste électorale ne se vend pas (L37).', target: 'general' }));
		const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
		expect(ids(await listAdvice(db(), { q: 'liste electorale' }))).toEqual([inTitle.id, inBody.id]);
		expect(ids(await listAdvice(db(), { q: '  LISTE   Électorale!! ' }))).toEqual([inTitle.id, inBody.id]);
		expect(ids(await listAdvice(db(), { q: 'electorale l37' }))).toEqual([inBody.id]);
		expect(ids(await listAdvice(db(), { q: 'electorale', target: 'general' }))).toEqual([inBody.id]);
		expect(await listAdvice(db(), { q: 'introuvable-zzz' })).toEqual([]);
		// A query of punctuation only, or none, lists everything live.
		expect((await listAdvice(db(), { q: '%_*' })).length).toBe((await listAdvice(db())).length);
	});

	it('adviceFor returns the live entries of the given targets, in their order, questions first', async () => {
		const tip = await createAdvice(db(), admin, input({ kind: 'astuce', title: 'Pour : astuce de la recette', target: 'recipe:securite' }));
		const q = await createAdvice(db(), admin, input({ title: 'Pour : question de l’étape', target: 'step:securite/sauvegardes' }));
		const q2 = await createAdvice(db(), admin, input({ title: 'Pour : question de la recette', target: 'recipe:securite' }));
		const other = await createAdvice(db(), admin, input({ title: 'Pour : ailleurs', target: 'step:securite/postes' }));
		const rows = await adviceFor(db(), ['step:securite/sauvegardes', 'recipe:securite']);
		expect(rows.map((r) => r.id)).toEqual([q.id, q2.id, tip.id]);
		expect(rows.map((r) => r.id)).not.toContain(other.id);
		expect(await adviceFor(db(), [])).toEqual([]);
	});

	it('seeds the questions of the trainings once, by title, with the administrator as author', async () => {
		const created = await seedAdvice(db(), admin);
		expect(created).toBe(SEED_ADVICE.length);
		expect(await seedAdvice(db(), admin)).toBe(0);
		const electoral = await listAdvice(db(), { q: 'liste électorale entreprise' });
		const seeded = electoral.find((a) => a.title === 'Peut-on communiquer la liste électorale à une entreprise ?');
		expect(seeded).toMatchObject({ target: 'catalogue:listes-electorales', createdBy: admin.id, version: 1 });
		expect(seeded!.body).toContain('388979');
		const [entry] = await auditOf(seeded!.id);
		expect(entry).toMatchObject({ action: 'création', userId: admin.id, communeId: null });
		expect((await adviceFor(db(), ['step:dpd/type'])).some((a) => /maire/.test(a.title))).toBe(true);
	});
});
