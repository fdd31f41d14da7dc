import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fromParisLocal } from '../../src/lib/deadlines';
import { blockers } from '../../src/lib/recipes/engine';
import { aipdRecipe } from '../../src/lib/recipes/aipd';
import { conformiteRecipe } from '../../src/lib/recipes/conformite';
import { FEARED_EVENTS, PRINCIPLES } from '../../src/lib/recipes/assessments';
import { communeFacts } from '../../src/lib/recipes/completeness';
import { activityKind } from '../../src/lib/recipes/records';
import { MEASURES } from '../../src/lib/recipes/securite';
import type { Answers } from '../../src/lib/recipes/types';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { records } from '../../src/lib/server/db/schema';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { getStepRow, loadProgress, saveStep } from '../../src/lib/server/domain/recipes';
import { archiveRecord, createActionFromRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { actionsFrom, completenessOf } from '../../src/lib/server/domain/records';
import { describeRecords } from '../../src/lib/server/record-list';
import { READ_ONLY_MESSAGE, type Access } from '../../src/lib/server/tenancy';
import { watchView } from '../../src/lib/server/watch-view';
import { submission, FICHE_WITHOUT_SECURITY, conformityGrid } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, auditOfCommune, domainError, expectAuditDelta, makeCommune, makeUser } from '../helpers/fixtures';


const grid = conformityGrid;

/** A complete risk assessment, every event estimated 2 × 2, validated by the mayor. */
function completeRisk(): Answers {
	const a: Answers = { dpdOpinion: 'Risques maîtrisés.', dpdOpinionDate: '2026-05-02', mayorDecision: 'validee', mayorDecisionDate: '2026-05-03' };
	for (const e of FEARED_EVENTS) {
		Object.assign(a, {
			[`${e.id}_impacts`]: e.examples.impacts,
			[`${e.id}_threats`]: e.examples.threats,
			[`${e.id}_sources`]: e.examples.sources,
			[`${e.id}_measures`]: e.examples.measures,
			[`${e.id}_gravite`]: '2',
			[`${e.id}_vraisemblance`]: '2',
			[`${e.id}_justification`]: 'Mesures en place.'
		});
	}
	return a;
}

function paris(local: string): Date {
	const d = fromParisLocal(local);
	if (!d) throw new Error(`${local} does not exist in Paris`);
	return d;
}

describe.each(engines())('assessments, action plan and watch list on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function communeWithDpd(name = 'Claire DPD') {
		const dpd = await makeUser(db(), { name });
		const commune = await makeCommune(db(), dpd);
		return { dpd, commune, access: await accessOf(db(), dpd, commune.id) };
	}

	async function join(dpdAccess: Access, user: SessionUser, role: 'dpd' | 'elu') {
		const { token } = await invite(db(), dpdAccess, { role });
		await acceptInvitation(db(), user, token);
		return accessOf(db(), user, dpdAccess.commune.id);
	}

	async function activity(access: Access, data: Answers = { name: 'Cantine' }): Promise<string> {
		const result = await saveRecord(db(), access, 'activity', null, submission(data));
		expect(result.errors).toEqual({});
		return result.id;
	}

	async function attach(access: Access, kind: string, parentId: string, data: Answers): Promise<string> {
		const result = await saveRecord(db(), access, kind, null, submission(data, { _parent: parentId }));
		expect(result.errors, kind).toEqual({});
		return result.id;
	}

	async function row(id: string) {
		const [r] = await db().select().from(records).where(eq(records.id, id));
		if (!r) throw new Error(`no record ${id}`);
		return r;
	}

	async function actionsOf(communeId: string) {
		return db()
			.select()
			.from(records)
			.where(and(eq(records.communeId, communeId), eq(records.kind, 'action')));
	}

	async function collection(communeId: string, key: string) {
		return (await loadProgress(db(), communeId)).collections.get(key);
	}

	describe('records attached to an activity', () => {
		it.each(['conformity', 'dpia', 'risk', 'notice'])('attaches a %s to one activity of the commune, once', async (kind) => {
			const { commune, access } = await communeWithDpd();
			const parent = await activity(access);
			const other = await activity(access, { name: 'État civil' });

			// The parent is required, and must be an activity.
			const none = await expectAuditDelta(db(), 0, () => domainError(saveRecord(db(), access, kind, null, submission({})), 400));
			expect(none.message).toBe('Choisissez l’activité du registre concernée.');
			await domainError(saveRecord(db(), access, kind, null, submission({}, { _parent: 'pas-un-id' })), 400);
			const { id: support } = await saveRecord(db(), access, 'support', null, submission({ name: 'Armoire' }));
			await domainError(saveRecord(db(), access, kind, null, submission({}, { _parent: support })), 404);

			const id = await expectAuditDelta(db(), 1, () => attach(access, kind, parent, {}));
			expect(await row(id)).toMatchObject({ communeId: commune.id, kind, parentId: parent, version: 1 });

			// A second one for the same activity is refused; another activity may have its own.
			const twice = await expectAuditDelta(db(), 0, () => domainError(saveRecord(db(), access, kind, null, submission({}, { _parent: parent })), 409));
			expect(twice.message).toMatch(/^Cette activité a déjà /);
			await attach(access, kind, other, {});

			// Updating it needs no parent and keeps it.
			await saveRecord(db(), access, kind, id, submission({ notes: 'x', source: 'personne' }, { _version: '1' }));
			expect((await row(id)).parentId).toBe(parent);

			// Once archived, the activity may get a new one.
			await archiveRecord(db(), access, kind, id);
			const again = await attach(access, kind, parent, {});
			expect(again).not.toBe(id);

			const n = await db()
				.select({ n: sql<number>`count(*)::int` })
				.from(records)
				.where(and(eq(records.communeId, commune.id), eq(records.kind, kind)));
			expect(Number(n[0]?.n)).toBe(3);
		});

		it('answers 404 for an activity of another commune, and writes nothing', async () => {
			const { commune, access } = await communeWithDpd();
			const other = await communeWithDpd('Autre DPD');
			const foreign = await activity(other.access, { name: 'Fiche d’ailleurs' });
			for (const kind of ['conformity', 'dpia', 'risk', 'notice']) {
				await expectAuditDelta(db(), 0, () => domainError(saveRecord(db(), access, kind, null, submission({}, { _parent: foreign })), 404));
			}
			const mine = await db().select().from(records).where(eq(records.communeId, commune.id));
			expect(mine).toEqual([]);
		});
	});

	describe('journal of attached records and steps', () => {
		it('journals every changed answer, even answers whose fields share a label', async () => {
			const { commune, access } = await communeWithDpd();
			const riskId = await attach(access, 'risk', await activity(access), {});
			await expectAuditDelta(db(), 1, () => saveRecord(db(), access, 'risk', riskId, submission(completeRisk(), { _version: '1' })));
			const entry = (await auditOfCommune(db(), commune.id)).at(-1)!;
			expect(entry).toMatchObject({ entity: 'analyse des risques', entityId: riskId, action: 'modification' });
			// 7 answers for each of the 3 feared events, and the 4 of the opinion and decision.
			expect(Object.keys(entry.changes)).toHaveLength(Object.keys(completeRisk()).length);
			const after = Object.values(entry.changes).map((c) => (c as { apres: unknown }).apres);
			for (const e of FEARED_EVENTS) expect(after, e.id).toContain(e.examples.impacts);

			await saveStep(db(), access, 'securite', 'postes', submission({ m_verrouillage_note: 'Réglé à 5 minutes.', m_antivirus_note: 'Windows Defender.' }), 'save');
			const step = (await auditOfCommune(db(), commune.id)).at(-1)!;
			expect(Object.values(step.changes).map((c) => (c as { apres: unknown }).apres).sort()).toEqual(['Réglé à 5 minutes.', 'Windows Defender.']);
		});
	});

	describe('from a non-conformity to the action plan and back', () => {
		it('creates one open action per non-conformity, and refuses a principle that is conforme', async () => {
			const { commune, access } = await communeWithDpd();
			const fiche = await activity(access, { name: 'Cantine scolaire' });
			const gridId = await attach(access, 'conformity', fiche, grid({ minimisation: 'non_conforme', conservation: 'non_conforme' }));

			const first = await expectAuditDelta(db(), 1, () => createActionFromRecord(db(), access, 'conformity', gridId, 'minimisation'));
			expect(first.created).toBe(true);
			const action = await row(first.id);
			expect(action).toMatchObject({
				communeId: commune.id,
				kind: 'action',
				parentId: null,
				origin: { kind: 'conformity', id: gridId, item: 'minimisation' },
				data: {
					title: 'Mettre en conformité : minimisation — Cantine scolaire',
					originKind: 'conformite',
					details: 'Vérifié : minimisation.',
					priority: '2',
					status: 'a_faire'
				},
				version: 1
			});
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({
				entity: 'action du plan',
				entityId: first.id,
				action: 'création',
				// Journaled as every creation: each field set, then where it came from.
				changes: { Action: { avant: '', apres: 'Mettre en conformité : minimisation — Cantine scolaire' }, Origine: { avant: '', apres: 'conformite' }, Provenance: 'conformity:minimisation' }
			});

			// A second click finds the open action.
			const second = await expectAuditDelta(db(), 0, () => createActionFromRecord(db(), access, 'conformity', gridId, 'minimisation'));
			expect(second).toEqual({ id: first.id, created: false });
			expect(await actionsOf(commune.id)).toHaveLength(1);

			// Conforme principles, unknown items and other kinds are refused.
			for (const item of ['finalite', 'inconnu', undefined]) {
				const err = await expectAuditDelta(db(), 0, () => domainError(createActionFromRecord(db(), access, 'conformity', gridId, item), 409));
				expect(err.message).toBe('Rien à corriger ici : ce point n’est pas (ou plus) un problème.');
			}
			await domainError(createActionFromRecord(db(), access, 'dpia', gridId, 'minimisation'), 404);
			expect(await actionsOf(commune.id)).toHaveLength(1);

			// Actions without owner and due date plan nothing: still major, « à planifier ».
			const summary = async () => (await describeRecords(db(), commune.id, 'conformity', [await row(gridId)]))[0]!.summary;
			expect(await summary()).toMatchObject({ label: 'Non-conformité majeure — action à planifier', tone: 'bad' });
			const { id: second2 } = await createActionFromRecord(db(), access, 'conformity', gridId, 'conservation');
			expect(await summary()).toMatchObject({ label: 'Non-conformité majeure — action à planifier', tone: 'bad' });
			expect((await actionsFrom(db(), commune.id, 'conformity', gridId)).map((a) => a.item).sort()).toEqual(['conservation', 'minimisation']);
			// Both planned (owner and due date): still major until done, explained.
			for (const id of [first.id, second2]) {
				const saved = await saveRecord(db(), access, 'action', id, submission({ title: 'Corriger', originKind: 'conformite', priority: '2', status: 'a_faire', owner: 'La secrétaire', dueDate: '2026-09-01' }, { _version: '1' }));
				expect(saved.errors).toEqual({});
			}
			expect(await summary()).toMatchObject({ label: 'Non-conformité majeure — action prévue', tone: 'bad' });
		});

		it('refuses another commune’s grid, and any write from an elected official', async () => {
			const { commune, access } = await communeWithDpd();
			const gridId = await attach(access, 'conformity', await activity(access), grid({ droits: 'non_conforme' }));
			const other = await communeWithDpd('Autre DPD');
			await expectAuditDelta(db(), 0, () => domainError(createActionFromRecord(db(), other.access, 'conformity', gridId, 'droits'), 404));
			const elu = await join(access, await makeUser(db(), { name: 'Marc Élu' }), 'elu');
			const err = await expectAuditDelta(db(), 0, () => domainError(createActionFromRecord(db(), elu, 'conformity', gridId, 'droits'), 403));
			expect(err.message).toBe(READ_ONLY_MESSAGE);
			expect(await actionsOf(commune.id)).toEqual([]);
			expect(await actionsOf(other.commune.id)).toEqual([]);
		});

		it('makes the principle conforme when its action is done, with a note, journaled', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const gridId = await attach(access, 'conformity', await activity(access, { name: 'Cantine scolaire' }), grid({ information: 'non_conforme' }));
			const { id: actionId } = await createActionFromRecord(db(), access, 'conformity', gridId, 'information');
			const before = await row(gridId);

			// Progress on the action changes nothing in the grid.
			await expectAuditDelta(db(), 1, () => saveRecord(db(), access, 'action', actionId, submission({ status: 'en_cours', owner: 'La secrétaire' }, { _version: '1' })));
			expect((await row(gridId)).data.p_information).toBe('non_conforme');

			const done = await expectAuditDelta(db(), 2, () =>
				saveRecord(db(), access, 'action', actionId, submission({ status: 'fait', doneOn: '2026-05-04' }, { _version: '2' }))
			);
			expect(done.errors).toEqual({});
			const after = await row(gridId);
			expect(after.data).toEqual({
				...before.data,
				p_information: 'conforme',
				p_information_why: 'Vérifié : information des personnes. Action « Mettre en conformité : information des personnes — Cantine scolaire » réalisée le 04/05/2026.'
			});
			expect(after.version).toBe(before.version + 1);
			expect(after.fieldMeta.p_information).toMatchObject({ by: dpd.id, byName: 'Claire DPD (plan d’action)', version: before.version + 1 });
			const journal = await auditOfCommune(db(), commune.id);
			expect(journal.find((e) => e.entityId === gridId && e.action === 'mise à jour par le plan d’action')).toMatchObject({
				entity: 'grille de conformité',
				userId: dpd.id,
				changes: { 'Information des personnes': { avant: 'non_conforme', apres: 'conforme' } }
			});
			const summary = (await describeRecords(db(), commune.id, 'conformity', [after]))[0]!.summary;
			expect(summary).toMatchObject({ label: 'Conforme', tone: 'ok' });

			// Saving the done action again, even with a change, does not touch the grid again.
			await expectAuditDelta(db(), 0, () => saveRecord(db(), access, 'action', actionId, submission({ status: 'fait', doneOn: '2026-05-04' }, { _version: '3' })));
			await expectAuditDelta(db(), 1, () => saveRecord(db(), access, 'action', actionId, submission({ status: 'fait', details: 'Mention ajoutée au formulaire.' }, { _version: '3' })));
			expect(await row(gridId)).toMatchObject({ version: after.version, data: after.data });
			// The principle is no longer a problem.
			await domainError(createActionFromRecord(db(), access, 'conformity', gridId, 'information'), 409);
		});
	});

	describe('security measures and the action plan', () => {
		it('puts a planned measure on the plan once, and marks it done when its action is', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const result = await expectAuditDelta(db(), 2, () =>
				saveStep(
					db(),
					access,
					'securite',
					'sauvegardes',
					submission({ m_sauvegarde_reguliere: 'fait', m_sauvegarde_debranchee: 'prevu', m_sauvegarde_debranchee_note: 'Acheter un second disque.', m_sauvegarde_testee: 'na' }),
					'continue'
				)
			);
			expect(result).toMatchObject({ status: 'terminee', blockers: [] });
			const measure = MEASURES.find((m) => m.id === 'sauvegarde_debranchee')!;
			const [action, ...others] = await actionsOf(commune.id);
			expect(others).toEqual([]);
			expect(action).toMatchObject({
				origin: { kind: 'step', id: 'securite/sauvegardes', item: 'm_sauvegarde_debranchee' },
				data: { title: `Sécurité : ${measure.label}`, originKind: 'securite', status: 'a_faire', priority: '2' }
			});

			// Saving the step again, changed or not, adds no second action.
			await saveStep(db(), access, 'securite', 'sauvegardes', submission({ m_sauvegarde_testee_note: 'Pas de données à restaurer.' }, { _version: '1' }), 'continue');
			await saveStep(db(), access, 'securite', 'sauvegardes', {}, 'save');
			expect(await actionsOf(commune.id)).toHaveLength(1);

			const step = (await getStepRow(db(), commune.id, 'securite', 'sauvegardes'))!;
			await expectAuditDelta(db(), 2, () => saveRecord(db(), access, 'action', action!.id, submission({ status: 'fait', doneOn: '2026-06-01' }, { _version: '1' })));
			const updated = (await getStepRow(db(), commune.id, 'securite', 'sauvegardes'))!;
			expect(updated.answers).toEqual({
				...step.answers,
				m_sauvegarde_debranchee: 'fait',
				m_sauvegarde_debranchee_note: `Acheter un second disque. Action « Sécurité : ${measure.label} » réalisée le 01/06/2026.`
			});
			expect(updated.version).toBe(step.version + 1);
			expect(updated.status).toBe('terminee');
			expect(updated.fieldMeta.m_sauvegarde_debranchee).toMatchObject({ by: dpd.id, byName: 'Claire DPD (plan d’action)' });
			expect((await auditOfCommune(db(), commune.id)).find((e) => e.action === 'réponse mise à jour par le plan d’action')).toMatchObject({
				entity: 'étape securite/sauvegardes',
				entityId: 'securite/sauvegardes',
				changes: { m_sauvegarde_debranchee: { avant: 'prevu', apres: 'fait' } }
			});

			// Done: the step no longer calls for an action.
			await saveStep(db(), access, 'securite', 'sauvegardes', {}, 'continue');
			expect(await actionsOf(commune.id)).toHaveLength(1);
		});

		it('counts, in a fiche’s security, the measures done for the mairie that protect its supports', async () => {
			const { commune, access } = await communeWithDpd();
			const fiche = await activity(access, FICHE_WITHOUT_SECURITY);
			const data = (await row(fiche)).data;
			const facts = (measures: Answers, supports: { id: string; kind: string; data: Answers }[] = []) => communeFacts((k) => (k.startsWith('securite/') ? measures : undefined), supports);
			const computer = { id: 'c1', kind: 'support', data: { category: 'materiel', device: 'ordinateur' } };
			const phone = { id: 'p1', kind: 'support', data: { category: 'materiel', device: 'telephone' } };
			const judged = (d: Answers, f: ReturnType<typeof facts>) => completenessOf(activityKind, d, { parent: null, commune: f, proposal: null });
			expect(judged(data, facts({})).missing.map((f) => f.label)).toEqual(['Au moins une mesure de sécurité']);
			// Done for the computers: it does not protect a fiche without supports, nor one on the phone.
			expect(judged(data, facts({ m_mdp_personnels: 'fait' }, [computer])).missing).toHaveLength(1);
			expect(judged({ ...data, supports: ['p1'] }, facts({ m_mdp_personnels: 'fait', m_verrouillage: 'fait' }, [computer, phone])).missing).toHaveLength(1);
			expect(judged({ ...data, supports: ['c1'] }, facts({ m_mdp_personnels: 'fait' }, [computer, phone]))).toMatchObject({ missing: [], percent: 100 });
			expect(judged({ ...data, supports: ['p1'] }, facts({ m_code_telephones: 'fait' }, [computer, phone]))).toMatchObject({ missing: [], percent: 100 });
			expect(judged({ ...data, supports: ['c1'] }, facts({ m_mdp_personnels: 'prevu' }, [computer])).missing).toHaveLength(1);
			expect(await collection(commune.id, 'registre/fiches')).toEqual({ count: 1, incomplete: 1 });

			// The fiche on the secretary's computer: a measure only planned does not count; once its action is done, it does.
			const { id: computerId } = await saveRecord(db(), access, 'support', null, submission({ category: 'materiel', device: 'ordinateur', name: 'Ordinateur du secrétariat', location: 'Bureau', users: 'La secrétaire' }));
			const current = await row(fiche);
			await saveRecord(db(), access, 'activity', fiche, submission({ supports: [computerId] }, { _version: String(current.version) }));
			await saveStep(db(), access, 'securite', 'mots-de-passe', submission({ m_mdp_personnels: 'prevu', m_mdp_defaut: 'na' }), 'save');
			expect(await collection(commune.id, 'registre/fiches')).toEqual({ count: 1, incomplete: 1 });
			const [action] = await actionsOf(commune.id);
			await saveRecord(db(), access, 'action', action!.id, submission({ status: 'fait', doneOn: '2026-06-02' }, { _version: '1' }));
			expect(await collection(commune.id, 'registre/fiches')).toEqual({ count: 1, incomplete: 0 });
			const [item] = await describeRecords(db(), commune.id, 'activity', [await row(fiche)]);
			expect(item).toMatchObject({ percent: 100, missing: [] });
			expect(await saveStep(db(), access, 'registre', 'fiches', {}, 'continue')).toMatchObject({ status: 'terminee', blockers: [] });
		});
	});

	describe('progress of the steps done for every activity', () => {
		it('counts the activities and those still to do, for the grid and the screening', async () => {
			const { commune, access } = await communeWithDpd();
			const progress0 = await loadProgress(db(), commune.id);
			expect(progress0.collections.get('conformite/grille')).toEqual({ count: 0, incomplete: 0 });
			expect(blockers(conformiteRecipe, conformiteRecipe.steps[0]!, progress0)).toEqual([expect.stringContaining('Le registre est vide')]);

			const cantine = await activity(access, { name: 'Cantine' });
			const ccas = await activity(access, { name: 'Aide sociale' });
			const archived = await activity(access, { name: 'Fiche retirée' });
			await archiveRecord(db(), access, 'activity', archived);
			expect(await collection(commune.id, 'conformite/grille')).toEqual({ count: 2, incomplete: 2 });
			expect(await collection(commune.id, 'aipd/depistage')).toEqual({ count: 2, incomplete: 2 });
			expect(await collection(commune.id, 'information/mentions')).toEqual({ count: 2, incomplete: 2 });
			// No screening says a DPIA is needed: no risk assessment is required yet.
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 0 });

			// A complete grid counts; an incomplete one does not.
			await attach(access, 'conformity', cantine, grid({ minimisation: 'non_conforme' }));
			const partial = grid();
			delete partial.p_aipd;
			const ccasGrid = await attach(access, 'conformity', ccas, partial);
			// The canteen's « Non conforme » on minimisation is named for the obligation it leaves open.
			expect(await collection(commune.id, 'conformite/grille')).toEqual({
				count: 2,
				incomplete: 1,
				failing: { 'p_minimisation=conforme|na': { expected: '« Conforme » ou « Non applicable » à « Minimisation »', records: ['Cantine'] } }
			});
			const blocked = await saveStep(db(), access, 'conformite', 'grille', {}, 'continue');
			expect(blocked).toMatchObject({ status: 'en_cours', blockers: ['1 activité est encore à traiter.'] });
			await saveRecord(db(), access, 'conformity', ccasGrid, submission({ p_aipd: 'na', p_aipd_why: 'Voir le dépistage.' }, { _version: '1' }));
			expect(await collection(commune.id, 'conformite/grille')).toMatchObject({ count: 2, incomplete: 0 });
			expect(await saveStep(db(), access, 'conformite', 'grille', {}, 'continue')).toMatchObject({ status: 'terminee', blockers: [] });

			// Screenings: the CCAS is on the "required" list, the canteen on the "not required" one.
			await attach(access, 'dpia', ccas, { art35Case: 'aucun', onRequiredList: 'accompagnement-social' });
			expect(await collection(commune.id, 'aipd/depistage')).toEqual({ count: 2, incomplete: 1 });
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 1 });
			const cantineDpia = await attach(access, 'dpia', cantine, { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune' });
			// Unfinished (criteria not reviewed): incomplete, and no DPIA required from it.
			expect(await collection(commune.id, 'aipd/depistage')).toEqual({ count: 2, incomplete: 1 });
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 1 });
			await saveRecord(db(), access, 'dpia', cantineDpia, submission({ criteria: ['vulnerables'], criteriaReviewed: 'oui' }, { _version: '1' }));
			// One criterion: the DPD decides and writes why; until then the screening is not finished.
			expect(await collection(commune.id, 'aipd/depistage')).toEqual({ count: 2, incomplete: 1 });
			await saveRecord(db(), access, 'dpia', cantineDpia, submission({ oneCriterionDecision: 'pas_aipd', oneCriterionWhy: 'Peu de données, deux agents, détruites en fin d’année.' }, { _version: '2' }));
			expect(await collection(commune.id, 'aipd/depistage')).toEqual({ count: 2, incomplete: 0 });
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 1 });
			// A second criterion makes the canteen need one too.
			await saveRecord(db(), access, 'dpia', cantineDpia, submission({ criteria: ['vulnerables', 'sensibles'] }, { _version: '3' }));
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 2 });
			await saveRecord(db(), access, 'dpia', cantineDpia, submission({ onNotRequiredList: 'scolaire' }, { _version: '4' }));
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 1 });

			// The CCAS's risk assessment: incomplete, then complete.
			const riskId = await attach(access, 'risk', ccas, { acces_gravite: '4', acces_vraisemblance: '4' });
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 1 });
			const progress = await loadProgress(db(), commune.id);
			expect(blockers(aipdRecipe, aipdRecipe.steps[1]!, progress)).toEqual(['1 activité est encore à traiter.']);
			await saveRecord(db(), access, 'risk', riskId, submission(completeRisk(), { _version: '1' }));
			expect(await collection(commune.id, 'aipd/risques')).toEqual({ count: 2, incomplete: 0 });
			expect(await saveStep(db(), access, 'aipd', 'risques', {}, 'continue')).toMatchObject({ status: 'terminee' });
		});

		it('judges a notice with its fiche: consent must be documented when the fiche rests on it', async () => {
			const { commune, access } = await communeWithDpd();
			const sms = await activity(access, { name: 'Alerte SMS', legalBasis: 'a' });
			const notice = { source: 'personne', mandatory: 'non', channels: ['formulaire'] };
			const id = await attach(access, 'notice', sms, notice);
			expect(await collection(commune.id, 'information/mentions')).toEqual({ count: 1, incomplete: 1 });
			const [listed] = await describeRecords(db(), commune.id, 'notice', [await row(id)]);
			expect(listed!.summary).toEqual({ label: 'Consentement à documenter', tone: 'warn' });
			await saveRecord(
				db(),
				access,
				'notice',
				id,
				submission({ consentHow: 'Case non pré-cochée', consentWithdraw: 'Répondre STOP', consentProof: 'Classeur « alerte »' }, { _version: '1' })
			);
			expect(await collection(commune.id, 'information/mentions')).toEqual({ count: 1, incomplete: 0 });
			// The fiche no longer rests on consent: the same notice without consent details is complete.
			const plain = await activity(access, { name: 'Cantine', legalBasis: 'e' });
			await attach(access, 'notice', plain, notice);
			expect(await collection(commune.id, 'information/mentions')).toEqual({ count: 2, incomplete: 0 });
		});
	});

	describe('what the dashboard asks to watch', () => {
		it('lists late actions, late and pending requests, and breaches whose 72 hours matter', async () => {
			const { commune, access } = await communeWithDpd();
			const now = paris('2026-06-15T10:00');
			const action = async (title: string, data: Answers) => (await saveRecord(db(), access, 'action', null, submission({ title, originKind: 'manuel', owner: 'La secrétaire', priority: '2', ...data }))).id;
			const late1 = await action('Changer les mots de passe par défaut', { status: 'a_faire', dueDate: '2026-06-01' });
			const late2 = await action('Afficher les numéros utiles', { status: 'en_cours', dueDate: '2026-06-14' });
			await action('Relire les contrats', { status: 'fait', dueDate: '2026-05-01', doneOn: '2026-05-20' });
			const today = await action('Tester la sauvegarde', { status: 'a_faire', dueDate: '2026-06-15', priority: '3' });
			const soon = await action('Chiffrer les clés USB', { status: 'a_faire', dueDate: '2026-07-01', priority: '1' });
			await action('Former les élus', { status: 'a_faire', dueDate: '2026-09-01' });
			const undated = await action('Mettre à jour le registre', { status: 'a_faire' });

			const request = async (name: string, data: Answers) =>
				(await saveRecord(db(), access, 'request', null, submission({ requesterName: name, requesterContact: 'x@exemple.fr', right: 'acces', identityChecked: 'oui', ...data }))).id;
			const lateRequest = await request('Paul Martin', { receivedOn: '2026-05-14' });
			const pendingRequest = await request('Jeanne Roy', { receivedOn: '2026-05-15' });
			const extended = await request('Luc Blanc', { receivedOn: '2026-04-01', extended: 'oui', extensionToldOn: '2026-04-20' });
			await request('Anne Noir', { receivedOn: '2026-03-01', answeredOn: '2026-03-20', answerSummary: 'Copie envoyée.' });

			const breach = async (title: string, data: Answers) => (await saveRecord(db(), access, 'breach', null, submission({ title, ...data }))).id;
			const undecided = await breach('Ordinateur volé', { discoveredAt: '2026-06-14T09:00' });
			const running = await breach('Courriel mal adressé', { discoveredAt: '2026-06-13T11:00', risk: 'risque' });
			const overdue = await breach('Dossier perdu', { discoveredAt: '2026-06-01T08:00', risk: 'eleve', cnilNotified: 'non' });
			await breach('Clé chiffrée perdue', { discoveredAt: '2026-06-14T08:00', risk: 'aucun' });
			await breach('Liste envoyée aux parents', { discoveredAt: '2026-06-10T08:00', risk: 'risque', cnilNotified: 'oui', cnilNotifiedAt: '2026-06-11T08:00' });
			const notifiedLate = await breach('Rançongiciel', { discoveredAt: '2026-06-05T08:00', risk: 'risque', cnilNotified: 'oui', cnilNotifiedAt: '2026-06-09T08:00' });

			// Another commune's late items never show.
			const other = await communeWithDpd('Autre DPD');
			await saveRecord(db(), other.access, 'action', null, submission({ title: 'Action d’ailleurs', status: 'a_faire', dueDate: '2026-01-01' }));
			await saveRecord(db(), other.access, 'request', null, submission({ requesterName: 'Ailleurs', receivedOn: '2026-01-01' }));
			await saveRecord(db(), other.access, 'breach', null, submission({ title: 'Violation d’ailleurs', discoveredAt: '2026-06-14T09:00' }));

			const view = await watchView(db(), commune.id, now);
			const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

			expect(ids(view.lateActions)).toEqual([late1, late2].sort());
			expect(view.lateActions.find((a) => a.id === late1)).toMatchObject({ title: 'Changer les mots de passe par défaut', summary: { label: 'En retard (échéance 1er juin 2026)', tone: 'bad' } });
			// The next three, by due date; undated ones last.
			expect(view.nextActions.map((a) => a.id)).toEqual([today, soon, expect.any(String)]);
			expect(view.nextActions[2]!.title).toBe('Former les élus');
			expect(view.nextActions.map((a) => a.id)).not.toContain(undated);
			expect(view.nextActions[0]!.summary).toEqual({ label: 'Pour le 15 juin 2026', tone: 'neutral' });

			expect(view.lateRequests.map((r) => r.id)).toEqual([lateRequest]);
			expect(view.lateRequests[0]).toMatchObject({ title: 'Paul Martin', summary: { label: 'En retard : échéance dépassée (14 juin 2026)', tone: 'bad' } });
			expect(ids(view.pendingRequests)).toEqual([pendingRequest, extended].sort());
			expect(view.pendingRequests.find((r) => r.id === pendingRequest)!.summary).toEqual({ label: 'À répondre avant le 15 juin 2026 — il reste 13 h 59', tone: 'warn' });
			expect(view.pendingRequests.find((r) => r.id === extended)!.summary).toMatchObject({ label: expect.stringContaining('1er juillet 2026'), tone: 'warn' });

			// A breach notified, even too late, leaves the watch list (it stays a red flag of the dossier).
			expect(ids(view.breaches)).toEqual([undecided, running, overdue].sort());
			expect(view.breaches.some((b) => b.id === notifiedLate)).toBe(false);
			expect(view.breaches.find((b) => b.id === undecided)).toMatchObject({ title: 'Ordinateur volé', summary: { label: 'Décider s’il faut notifier — il reste 47 h', tone: 'warn' } });
			expect(view.breaches.find((b) => b.id === running)!.summary).toEqual({ label: 'Notifier la CNIL avant le 16 juin 2026 à 11:00 — il reste 25 h', tone: 'bad' });
			expect(view.breaches.find((b) => b.id === overdue)!.summary).toEqual({ label: 'Notification en retard : délai dépassé depuis le 4 juin 2026 à 08:00', tone: 'bad' });

			// Two days later, the running breach is late, the pending request too, and the next action.
			const later = await watchView(db(), commune.id, paris('2026-06-17T10:00'));
			expect(later.breaches.find((b) => b.id === running)!.summary?.label).toMatch(/^Notification en retard/);
			expect(ids(later.lateRequests)).toEqual([lateRequest, pendingRequest].sort());
			expect(ids(later.lateActions)).toEqual([late1, late2, today].sort());
		});

		it('is empty for a commune with nothing to watch', async () => {
			const { commune } = await communeWithDpd();
			expect(await watchView(db(), commune.id, new Date('2026-06-15T08:00:00Z'))).toMatchObject({
				lateActions: [],
				nextActions: [],
				lateRequests: [],
				pendingRequests: [],
				breaches: []
			});
		});
	});
});
