import { NO_COMMUNE_FACTS } from '../../src/lib/recipes/completeness';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { dpdRecipe } from '../../src/lib/recipes/dpd';
import { obligationStatuses, parseFields, recipeProgress } from '../../src/lib/recipes/engine';
import { OBLIGATIONS } from '../../src/lib/recipes/obligations';
import { RECIPES } from '../../src/lib/recipes';
import { activityKind, kindFields } from '../../src/lib/recipes/records';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { documents, obligationConfirmations, records, stepAnswers } from '../../src/lib/server/db/schema';
import { documentBlockers, documentContext, documentTemplate, generateDocument, getDocument } from '../../src/lib/server/domain/documents';
import { stepView } from '../../src/lib/server/step-view';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { confirmObligation, getStepRow, loadProgress, saveStep } from '../../src/lib/server/domain/recipes';
import { addFromCatalogue, archiveRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { completenessOf, listRecords } from '../../src/lib/server/domain/records';
import { REGISTER_COLUMNS, registerCsv } from '../../src/lib/server/exports/register';
import { parseCsv } from '../../src/lib/server/exports/register-parse';
import { bodyName } from '../../src/lib/french';
import { READ_ONLY_MESSAGE, type Access } from '../../src/lib/server/tenancy';
import { DPD_ANSWERS, DPD_FIRST_NAME, DPD_LAST_NAME, DPD_STEP_IDS, submission, COMPLETE_FICHE } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import {
	accessOf,
	auditCount,
	auditOfCommune,
	domainError,
	expectAuditDelta,
	failureText,
	makeCommune,
	makeUser
} from '../helpers/fixtures';

/** Audit entries of recipes and records written in this name fail, to prove they share the write's transaction. */
const FAILING_ACTOR = 'Échec forcé des recettes';


const SUPPORT = { category: 'logiciel', name: 'Logiciel de cantine', location: 'Ordinateur du secrétariat', users: 'La secrétaire' };

function pdfText(pdf: Uint8Array): string {
	return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

describe.each(engines())('recipes, records and documents on the $name database', (engine) => {
	const db = useDatabase(engine);

	beforeAll(async () => {
		await db().execute(sql.raw(`
			CREATE FUNCTION test_failing_recipe_audit() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.user_name = '${FAILING_ACTOR}' THEN
					RAISE EXCEPTION 'échec forcé par le test des recettes';
				END IF;
				RETURN NEW;
			END;
			$$`));
		await db().execute(
			sql.raw(`CREATE TRIGGER test_failing_recipe_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_failing_recipe_audit()`)
		);
	});

	/** A commune with its DPD (no Argon2: the fixture user has no real password). */
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

	async function completeDpd(access: Access) {
		for (const id of DPD_STEP_IDS) {
			const result = await saveStep(db(), access, 'dpd', id, submission(DPD_ANSWERS[id]!), 'continue');
			expect(result.blockers, id).toEqual([]);
			expect(result.status, id).toBe('terminee');
		}
	}

	async function rowCounts(communeId: string) {
		const count = async (table: typeof stepAnswers | typeof records | typeof documents | typeof obligationConfirmations) => {
			const rows = await db().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.communeId, communeId));
			return Number(rows[0]?.n ?? 0);
		};
		return { steps: await count(stepAnswers), records: await count(records), documents: await count(documents), confirmations: await count(obligationConfirmations) };
	}

	describe('steps', () => {
		it('saves a step’s answers and gives them back when the commune resumes', async () => {
			const { commune, access } = await communeWithDpd();
			const result = await saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: 'mutualise', position: 'exterieur' }), 'save');
			expect(result).toMatchObject({ status: 'en_cours', changed: true, version: 1, errors: {}, conflicts: [], blockers: [] });

			const progress = await loadProgress(db(), commune.id);
			expect(progress.steps.get('dpd/type')).toMatchObject({ answers: { dpdKind: 'mutualise', position: 'exterieur' }, status: 'en_cours', version: 1, completedAt: null });
			expect(recipeProgress(dpdRecipe, progress).state).toBe('en_cours');

			// A later save speaks only for its own fields: the others are kept.
			await saveStep(db(), access, 'dpd', 'type', submission({ sharedWith: 'Centre de gestion 21' }, { _version: '1' }), 'save');
			const row = await getStepRow(db(), commune.id, 'dpd', 'type');
			expect(row).toMatchObject({ answers: { dpdKind: 'mutualise', position: 'exterieur', sharedWith: 'Centre de gestion 21' }, version: 2 });
		});

		it('puts a step off for later, and back in progress when it changes', async () => {
			const { commune, access } = await communeWithDpd();
			const later = await saveStep(db(), access, 'dpd', 'cnil', submission({ declared: 'non' }), 'later');
			expect(later.status).toBe('plus_tard');
			expect((await getStepRow(db(), commune.id, 'dpd', 'cnil'))?.status).toBe('plus_tard');
			expect(recipeProgress(dpdRecipe, await loadProgress(db(), commune.id)).steps.find((s) => s.step.id === 'cnil')?.status).toBe('plus_tard');

			const back = await saveStep(db(), access, 'dpd', 'cnil', submission({ declared: 'oui' }), 'save');
			expect(back.status).toBe('en_cours');

			// Working on a step put off, even when "continue" is refused, brings it back in progress.
			await saveStep(db(), access, 'dpd', 'publication', submission({ onWebsite: 'oui' }), 'later');
			const blocked = await saveStep(db(), access, 'dpd', 'publication', submission({ onForms: 'oui' }), 'continue');
			expect(blocked.blockers.length).toBeGreaterThan(0);
			expect(blocked.status).toBe('en_cours');
			expect((await getStepRow(db(), commune.id, 'dpd', 'publication'))?.status).toBe('en_cours');
			// Without any change, it stays put off.
			await saveStep(db(), access, 'dpd', 'publication', {}, 'later');
			expect((await saveStep(db(), access, 'dpd', 'publication', {}, 'continue')).status).toBe('plus_tard');
		});

		it('refuses to complete a step with missing answers, and keeps it in progress', async () => {
			const { commune, access } = await communeWithDpd();
			const result = await saveStep(db(), access, 'dpd', 'identite', submission({ lastName: 'Martin', firstName: 'Sophie' }), 'continue');
			expect(result.status).toBe('en_cours');
			expect(result.blockers).toEqual([
				'Réponse manquante : E-mail du délégué',
				'Réponse manquante : Téléphone',
				'Réponse manquante : Adresse postale',
				'Réponse manquante : Temps consacré à la mission (heures par semaine)'
			]);
			expect(await getStepRow(db(), commune.id, 'dpd', 'identite')).toMatchObject({ status: 'en_cours', completedAt: null, answers: { lastName: 'Martin', firstName: 'Sophie' } });
		});

		it('refuses to complete the type step when the mayor is chosen, and reopens it if it was done', async () => {
			const { commune, access } = await communeWithDpd();
			await saveStep(db(), access, 'dpd', 'type', submission(DPD_ANSWERS.type!), 'continue');
			expect((await getStepRow(db(), commune.id, 'dpd', 'type'))?.status).toBe('terminee');
			const result = await saveStep(db(), access, 'dpd', 'type', submission({ position: 'maire' }, { _version: '1' }), 'continue');
			expect(result.status).toBe('en_cours');
			expect(result.blockers).toEqual([expect.stringContaining('Le maire ne peut pas être DPD')]);
			expect(await getStepRow(db(), commune.id, 'dpd', 'type')).toMatchObject({ status: 'en_cours', answers: { position: 'maire' } });
		});

		it('makes the DPD recipe "terminée" once every step is completed, covering its obligations', async () => {
			const { commune, access } = await communeWithDpd();
			const before = Date.now();
			await completeDpd(access);
			const progress = await loadProgress(db(), commune.id);
			const p = recipeProgress(dpdRecipe, progress);
			expect(p).toMatchObject({ state: 'terminee', done: 6, total: 6 });
			expect(p.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
			const designer = obligationStatuses(OBLIGATIONS, RECIPES, progress).find((s) => s.obligation.id === 'dpd-designer');
			expect(designer).toMatchObject({ covered: true, by: 'recette' });
			// A year later, the recipe is due for review.
			expect(recipeProgress(dpdRecipe, progress, new Date(p.completedAt!.getTime() + 365 * 86_400_000)).state).toBe('a_revoir');
		});

		it('re-confirms an unchanged completed step as a review: dated today, journaled as such', async () => {
			const { commune, access } = await communeWithDpd();
			await completeDpd(access);
			const old = new Date('2025-01-01T08:00:00Z');
			await db().update(stepAnswers).set({ completedAt: old }).where(eq(stepAnswers.communeId, commune.id));
			expect(recipeProgress(dpdRecipe, await loadProgress(db(), commune.id)).state).toBe('a_revoir');
			const result = await expectAuditDelta(db(), 1, () => saveStep(db(), access, 'dpd', 'type', {}, 'continue'));
			expect(result.status).toBe('terminee');
			const row = await getStepRow(db(), commune.id, 'dpd', 'type');
			expect(row!.completedAt!.getTime()).toBeGreaterThan(old.getTime());
			expect((await auditOfCommune(db(), commune.id)).some((e) => e.action.includes('relue et confirmée'))).toBe(true);
			// The other steps still date from the old completion: the recipe stays due for review.
			expect(recipeProgress(dpdRecipe, await loadProgress(db(), commune.id)).state).toBe('a_revoir');
		});

		it('saves the valid answers when another is refused, with the French message keyed by field', async () => {
			const { commune, access } = await communeWithDpd();
			const result = await saveStep(
				db(),
				access,
				'dpd',
				'identite',
				submission({ ...DPD_ANSWERS.identite, email: 'pas-une-adresse', hoursPerWeek: '90' }),
				'continue'
			);
			expect(result.errors).toEqual({
				email: 'E-mail du délégué : l’adresse n’a pas la forme nom@domaine.fr.',
				hoursPerWeek: 'Temps consacré à la mission (heures par semaine) : un nombre entre 0,5 et 40.'
			});
			expect(result.status).toBe('en_cours');
			const row = await getStepRow(db(), commune.id, 'dpd', 'identite');
			expect(row?.answers).toEqual({
				civility: 'madame',
				lastName: DPD_LAST_NAME,
				firstName: DPD_FIRST_NAME,
				phone: DPD_ANSWERS.identite!.phone,
				postalAddress: DPD_ANSWERS.identite!.postalAddress
			});
			expect(row?.status).toBe('en_cours');
		});

		it('completes a map step with no record when the user ticks "none"', async () => {
			const { commune, access } = await communeWithDpd();
			const blocked = await saveStep(db(), access, 'cartographie', 'bureautique', {}, 'continue');
			expect(blocked.status).toBe('en_cours');
			expect(blocked.blockers).toEqual([expect.stringContaining('Ajoutez au moins un élément')]);
			const done = await saveStep(db(), access, 'cartographie', 'bureautique', { _none: '1', none: 'oui' }, 'continue');
			expect(done).toMatchObject({ status: 'terminee', blockers: [] });
			expect((await getStepRow(db(), commune.id, 'cartographie', 'bureautique'))?.answers).toEqual({ none: 'oui' });
		});

		it('completes the register’s fiches step only when every fiche is complete', async () => {
			const { access } = await communeWithDpd();
			const { id } = await saveRecord(db(), access, 'activity', null, submission({ name: 'Cantine' }));
			const blocked = await saveStep(db(), access, 'registre', 'fiches', {}, 'continue');
			expect(blocked).toMatchObject({ status: 'en_cours', blockers: ['1 élément est incomplet.'] });
			await saveRecord(db(), access, 'activity', id, submission(COMPLETE_FICHE, { _version: '1' }));
			expect(await saveStep(db(), access, 'registre', 'fiches', {}, 'continue')).toMatchObject({ status: 'terminee', blockers: [] });
		});

		it('answers 404 for an unknown recipe or step', async () => {
			const { access } = await communeWithDpd();
			await domainError(saveStep(db(), access, 'dpd', 'inconnue', {}, 'save'), 404);
			await domainError(saveStep(db(), access, 'inconnue', 'type', {}, 'save'), 404);
		});
	});

	describe('saving without overwriting someone else', () => {
		it('keeps the newer answer of a step and reports it, while saving the stale tab’s other changes', async () => {
			const { commune, access: tabA } = await communeWithDpd('Claire DPD');
			const bob = await makeUser(db(), { name: 'Bob Second DPD' });
			const tabB = await join(tabA, bob, 'dpd');
			await saveStep(db(), tabA, 'dpd', 'type', submission({ dpdKind: 'interne', position: 'agent' }), 'save');
			const v = String((await getStepRow(db(), commune.id, 'dpd', 'type'))!.version);

			// Both tabs were loaded at version v. A changes the position first.
			const a = await saveStep(db(), tabA, 'dpd', 'type', submission({ position: 'secretaire' }, { _version: v }), 'save');
			expect(a.conflicts).toEqual([]);

			// B, still at version v, changes the position and the kind.
			const b = await saveStep(db(), tabB, 'dpd', 'type', submission({ position: 'exterieur', dpdKind: 'externe' }, { _version: v }), 'continue');
			expect(b.conflicts).toEqual([
				{ field: 'position', label: 'Qui est-ce ?', theirs: 'secretaire', yours: 'exterieur', byName: 'Claire DPD', at: expect.any(String) }
			]);
			expect(b.status).toBe('en_cours');
			const row = await getStepRow(db(), commune.id, 'dpd', 'type');
			expect(row?.answers).toEqual({ dpdKind: 'externe', position: 'secretaire' });
			expect(row?.fieldMeta.position?.byName).toBe('Claire DPD');
			expect(row?.fieldMeta.dpdKind?.byName).toBe('Bob Second DPD');

			// Once reloaded (current version), B may overwrite it.
			const c = await saveStep(db(), tabB, 'dpd', 'type', submission({ position: 'exterieur' }, { _version: String(row!.version) }), 'save');
			expect(c.conflicts).toEqual([]);
			expect(c.answers.position).toBe('exterieur');
		});

		it('does the same for records', async () => {
			const { access: tabA } = await communeWithDpd('Claire DPD');
			const tabB = await join(tabA, await makeUser(db(), { name: 'Bob Second DPD' }), 'dpd');
			const { id, version } = await saveRecord(db(), tabA, 'support', null, submission(SUPPORT));
			expect(version).toBe(1);

			await saveRecord(db(), tabA, 'support', id, submission({ location: 'Bureau du maire' }, { _version: '1' }));
			const b = await saveRecord(db(), tabB, 'support', id, submission({ location: 'Salle des archives', users: 'Le maire' }, { _version: '1' }));
			expect(b.conflicts).toEqual([
				{ field: 'location', label: 'Où se trouve-t-il ?', theirs: 'Bureau du maire', yours: 'Salle des archives', byName: 'Claire DPD', at: expect.any(String) }
			]);
			const [row] = await db().select().from(records).where(eq(records.id, id));
			expect(row?.data).toEqual({ ...SUPPORT, location: 'Bureau du maire', users: 'Le maire' });
			expect(row?.version).toBe(3);
		});
	});

	describe('rights and journal', () => {
		it('refuses every write to an elected official, and writes nothing', async () => {
			const { commune, access } = await communeWithDpd();
			const elu = await join(access, await makeUser(db(), { name: 'Marc Élu' }), 'elu');
			const { id } = await saveRecord(db(), access, 'support', null, submission(SUPPORT));
			const before = await rowCounts(commune.id);
			const writes: [string, () => Promise<unknown>][] = [
				['saveStep', () => saveStep(db(), elu, 'dpd', 'type', submission(DPD_ANSWERS.type!), 'continue')],
				['saveRecord (new)', () => saveRecord(db(), elu, 'activity', null, submission(COMPLETE_FICHE))],
				['saveRecord', () => saveRecord(db(), elu, 'support', id, submission({ name: 'Renommé' }))],
				['archiveRecord', () => archiveRecord(db(), elu, 'support', id)],
				['addFromCatalogue', () => addFromCatalogue(db(), elu, ['etat-civil'])],
				['confirmObligation', () => confirmObligation(db(), elu, { obligationId: 'dpd-associer', confirmed: 'oui', note: '' })],
				['generateDocument', () => generateDocument(db(), elu, 'lettre_mission', { title: 'Lettre' })]
			];
			for (const [name, write] of writes) {
				const err = await expectAuditDelta(db(), 0, () => domainError(write(), 403));
				expect(err.message, name).toBe(READ_ONLY_MESSAGE);
			}
			expect(await rowCounts(commune.id)).toEqual(before);
			const [support] = await db().select().from(records).where(eq(records.id, id));
			expect(support?.data.name).toBe(SUPPORT.name);
		});

		it('journals every save that changes something, and nothing for a save that changes nothing', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			// An empty form saved on a step never started: nothing to write.
			const empty = await expectAuditDelta(db(), 0, () => saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: '', position: '' }), 'save'));
			expect(empty).toMatchObject({ changed: false, version: 0, status: 'en_cours' });
			expect(await getStepRow(db(), commune.id, 'dpd', 'type')).toBeNull();
			await expectAuditDelta(db(), 0, () => saveStep(db(), access, 'cartographie', 'papier', {}, 'continue'));
			expect(await getStepRow(db(), commune.id, 'cartographie', 'papier')).toBeNull();

			const first = await expectAuditDelta(db(), 1, () => saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: 'interne', position: 'agent' }), 'save'));
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({
				userId: dpd.id,
				userName: 'Claire DPD',
				entity: 'recette « Désigner le délégué »',
				entityId: 'dpd/type',
				action: 'étape « Qui sera le délégué ? » : en cours',
				changes: { 'Forme de la désignation': { avant: '', apres: 'interne' }, 'Qui est-ce ?': { avant: '', apres: 'agent' } }
			});

			const same = await expectAuditDelta(db(), 0, () =>
				saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: 'interne', position: 'agent' }, { _version: String(first.version) }), 'save')
			);
			expect(same).toMatchObject({ changed: false, version: first.version });

			const changed = await expectAuditDelta(db(), 1, () =>
				saveStep(db(), access, 'dpd', 'type', submission({ position: 'secretaire' }, { _version: String(first.version) }), 'save')
			);
			expect(changed.version).toBe(first.version + 1);
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({
				action: 'étape « Qui sera le délégué ? » : réponses',
				changes: { 'Qui est-ce ?': { avant: 'agent', apres: 'secretaire' } }
			});
			await expectAuditDelta(db(), 1, () => saveStep(db(), access, 'dpd', 'type', submission({}), 'continue'));
			expect((await auditOfCommune(db(), commune.id)).at(-1)?.action).toBe('étape « Qui sera le délégué ? » : terminée');

			// Records: creation and change journaled, an unchanged save not.
			const { id } = await expectAuditDelta(db(), 1, () => saveRecord(db(), access, 'support', null, submission(SUPPORT)));
			const unchanged = await expectAuditDelta(db(), 0, () => saveRecord(db(), access, 'support', id, submission(SUPPORT, { _version: '1' })));
			expect(unchanged).toMatchObject({ changed: false, version: 1 });
			await expectAuditDelta(db(), 1, () => saveRecord(db(), access, 'support', id, submission({ users: 'Tout le monde' }, { _version: '1' })));
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({
				entity: 'support',
				entityId: id,
				action: 'modification',
				changes: { 'Qui l’utilise ?': { avant: 'La secrétaire', apres: 'Tout le monde' } }
			});
			await expectAuditDelta(db(), 1, () => archiveRecord(db(), access, 'support', id));
			expect(await listRecords(db(), commune.id, 'support')).toEqual([]);
		});

		it('writes the journal in the save’s transaction: when it fails, nothing is saved', async () => {
			const { commune, access } = await communeWithDpd();
			const { id } = await saveRecord(db(), access, 'support', null, submission(SUPPORT));
			const failing: Access = { ...access, user: { ...access.user, name: FAILING_ACTOR } };
			const before = await auditCount(db());

			expect(await failureText(saveStep(db(), failing, 'dpd', 'type', submission(DPD_ANSWERS.type!), 'continue'))).toContain('échec forcé par le test des recettes');
			expect(await getStepRow(db(), commune.id, 'dpd', 'type')).toBeNull();

			expect(await failureText(saveRecord(db(), failing, 'support', id, submission({ name: 'Renommé' }, { _version: '1' })))).toContain('échec forcé');
			expect(await failureText(saveRecord(db(), failing, 'activity', null, submission(COMPLETE_FICHE)))).toContain('échec forcé');
			expect(await failureText(addFromCatalogue(db(), failing, ['etat-civil']))).toContain('échec forcé');
			expect(await failureText(confirmObligation(db(), failing, { obligationId: 'dpd-associer', confirmed: 'oui', note: '' }))).toContain('échec forcé');

			const [support] = await db().select().from(records).where(eq(records.id, id));
			expect(support).toMatchObject({ version: 1, data: SUPPORT });
			expect(await rowCounts(commune.id)).toEqual({ steps: 0, records: 1, documents: 0, confirmations: 0 });
			expect(await auditCount(db())).toBe(before);
		});

		it('records who set each answer, when, and at which version', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const start = Date.now();
			await saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: 'interne' }), 'save');
			await saveStep(db(), access, 'dpd', 'type', submission({ position: 'agent' }, { _version: '1' }), 'save');
			const row = await getStepRow(db(), commune.id, 'dpd', 'type');
			expect(row?.fieldMeta).toEqual({
				dpdKind: { by: dpd.id, byName: 'Claire DPD', at: expect.any(String), version: 1 },
				position: { by: dpd.id, byName: 'Claire DPD', at: expect.any(String), version: 2 }
			});
			for (const meta of Object.values(row!.fieldMeta)) {
				const at = Date.parse(meta.at);
				expect(at).toBeGreaterThanOrEqual(start - 1000);
				expect(at).toBeLessThanOrEqual(Date.now() + 1000);
			}
			expect(row?.updatedBy).toBe(dpd.id);

			const { id } = await saveRecord(db(), access, 'support', null, submission(SUPPORT));
			const [rec] = await db().select().from(records).where(eq(records.id, id));
			expect(Object.keys(rec!.fieldMeta).sort()).toEqual(Object.keys(SUPPORT).sort());
			expect(rec!.fieldMeta.name).toMatchObject({ by: dpd.id, byName: 'Claire DPD', version: 1 });
			expect(rec).toMatchObject({ createdBy: dpd.id, updatedBy: dpd.id });
		});
	});

	describe('obligations confirmed by hand', () => {
		it('confirms an obligation, then withdraws the confirmation, each journaled', async () => {
			const { commune, access } = await communeWithDpd();
			const status = async () =>
				obligationStatuses(OBLIGATIONS, RECIPES, await loadProgress(db(), commune.id)).find((s) => s.obligation.id === 'dpd-associer');

			expect(await status()).toMatchObject({ covered: false, by: null });
			await expectAuditDelta(db(), 1, () => confirmObligation(db(), access, { obligationId: 'dpd-associer', confirmed: 'oui', note: 'Le DPD est invité aux réunions de projet.' }));
			expect(await status()).toMatchObject({ covered: true, by: 'confirmation' });
			const [row] = await db().select().from(obligationConfirmations).where(eq(obligationConfirmations.communeId, commune.id));
			expect(row).toMatchObject({ obligationId: 'dpd-associer', note: 'Le DPD est invité aux réunions de projet.', confirmedBy: access.user.id });
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({ entity: 'obligation', entityId: 'dpd-associer', action: 'confirmée' });

			// Confirming again updates the note, still one row.
			await confirmObligation(db(), access, { obligationId: 'dpd-associer', confirmed: 'oui', note: 'Note revue' });
			const rows = await db().select().from(obligationConfirmations).where(eq(obligationConfirmations.communeId, commune.id));
			expect(rows.map((r) => r.note)).toEqual(['Note revue']);

			await expectAuditDelta(db(), 1, () => confirmObligation(db(), access, { obligationId: 'dpd-associer', confirmed: 'non', note: '' }));
			expect(await status()).toMatchObject({ covered: false, by: null });
			expect((await auditOfCommune(db(), commune.id)).at(-1)?.action).toBe('confirmation retirée');
		});

		it('refuses an unknown obligation', async () => {
			const { commune, access } = await communeWithDpd();
			const err = await expectAuditDelta(db(), 0, () => domainError(confirmObligation(db(), access, { obligationId: 'inventee', confirmed: 'oui', note: '' }), 400));
			expect(err.fieldErrors).toEqual({ obligationId: 'Obligation inconnue.' });
			expect((await rowCounts(commune.id)).confirmations).toBe(0);
		});
	});

	describe('register fiches', () => {
		it('creates one fiche per catalogue entry, and skips those already in the register', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			expect(await expectAuditDelta(db(), 2, () => addFromCatalogue(db(), access, ['etat-civil', 'cantine-periscolaire']))).toEqual({ created: 2, skipped: 0 });
			expect(await expectAuditDelta(db(), 1, () => addFromCatalogue(db(), access, ['etat-civil', 'paie']))).toEqual({ created: 1, skipped: 1 });
			expect(await addFromCatalogue(db(), access, 'paie')).toEqual({ created: 0, skipped: 1 });

			const fiches = await listRecords(db(), commune.id, 'activity');
			expect(fiches.map((f) => f.origin.catalogue).sort()).toEqual(['cantine-periscolaire', 'etat-civil', 'paie']);
			const etatCivil = fiches.find((f) => f.origin.catalogue === 'etat-civil')!;
			expect(etatCivil).toMatchObject({ version: 1, createdBy: dpd.id, data: { name: 'État civil', legalBasis: 'c', hasSensitive: 'non' } });
			expect(etatCivil.fieldMeta.name).toMatchObject({ by: dpd.id, byName: 'Claire DPD (catalogue)', version: 1 });

			// An archived fiche no longer counts: the entry can be added again.
			await archiveRecord(db(), access, 'activity', etatCivil.id);
			expect(await addFromCatalogue(db(), access, ['etat-civil'])).toEqual({ created: 1, skipped: 0 });
		});

		it('refuses an unknown entry, or none, and creates nothing', async () => {
			const { commune, access } = await communeWithDpd();
			const unknown = await expectAuditDelta(db(), 0, () => domainError(addFromCatalogue(db(), access, ['etat-civil', 'fichier-invente']), 400));
			expect(unknown.message).toBe('Une des activités choisies n’existe pas dans le catalogue.');
			expect(unknown.fieldErrors).toEqual({ entries: 'Choisissez parmi les activités proposées.' });
			const none = await domainError(addFromCatalogue(db(), access, undefined), 400);
			expect(none.fieldErrors).toEqual({ entries: 'Cochez au moins une activité du catalogue.' });
			await domainError(addFromCatalogue(db(), access, [42]), 400);
			expect((await rowCounts(commune.id)).records).toBe(0);
		});

		it('pre-fills fiches whose data pass the fiche’s own field rules, for every catalogue entry', async () => {
			const { commune, access } = await communeWithDpd();
			const result = await addFromCatalogue(db(), access, CATALOGUE.map((e) => e.id));
			expect(result).toEqual({ created: CATALOGUE.length, skipped: 0 });
			const fields = kindFields(activityKind);
			const declared = new Set(fields.map((f) => f.name));
			const fiches = await listRecords(db(), commune.id, 'activity');
			expect(fiches).toHaveLength(CATALOGUE.length);
			for (const fiche of fiches) {
				const label = String(fiche.origin.catalogue);
				for (const name of Object.keys(fiche.data)) expect(declared.has(name), `${label}: ${name}`).toBe(true);
				const parsed = parseFields(fields, fiche.data, Object.keys(fiche.data));
				expect(parsed.errors, label).toEqual({});
				expect(parsed.values, label).toEqual(fiche.data);
				// Only the fiche's own details are left: security measures and, where it applies, transfers.
				const missing = completenessOf(activityKind, fiche.data, { parent: null, commune: NO_COMMUNE_FACTS, proposal: null }).missing.map((f) => f.name);
				expect(missing.filter((n) => n !== 'transfers' && !n.startsWith('security')), label).toEqual([]);
			}
		});

		it('refuses, for that field only, a support of another commune', async () => {
			const { commune, access } = await communeWithDpd();
			const other = await communeWithDpd('Autre DPD');
			const { id: foreign } = await saveRecord(db(), other.access, 'support', null, submission({ ...SUPPORT, name: 'Support d’ailleurs' }));
			const { id: mine } = await saveRecord(db(), access, 'support', null, submission(SUPPORT));

			const result = await saveRecord(db(), access, 'activity', null, submission({ ...COMPLETE_FICHE, supports: [mine, foreign] }));
			expect(result.errors).toEqual({ supports: 'Supports utilisés : un des éléments choisis n’existe pas (ou plus) dans cette commune.' });
			const [fiche] = await db().select().from(records).where(eq(records.id, result.id));
			expect(fiche?.communeId).toBe(commune.id);
			expect(fiche?.data.supports).toBeUndefined();
			expect(fiche?.data.name).toBe(COMPLETE_FICHE.name);

			// Its own support is accepted; an archived one is not.
			const ok = await saveRecord(db(), access, 'activity', result.id, submission({ supports: [mine] }, { _version: '1' }));
			expect(ok.errors).toEqual({});
			expect(ok.answers.supports).toEqual([mine]);
			await archiveRecord(db(), access, 'support', mine);
			const gone = await saveRecord(db(), access, 'activity', result.id, submission({ supports: [mine], name: 'Cantine scolaire' }, { _version: '2' }));
			expect(Object.keys(gone.errors)).toEqual(['supports']);
			expect(gone.answers).toMatchObject({ supports: [mine], name: 'Cantine scolaire' });

			// A support of another commune cannot be opened or changed from this one.
			await domainError(saveRecord(db(), access, 'support', foreign, submission({ name: 'Volé' })), 404);
			const [untouched] = await db().select().from(records).where(eq(records.id, foreign));
			expect(untouched?.data.name).toBe('Support d’ailleurs');
		});
	});

	describe('documents', () => {
		it('produces the mission letter and the designation act as stored PDFs naming the commune and the DPD', async () => {
			const { commune, access } = await communeWithDpd();
			await completeDpd(access);
			for (const kind of ['lettre_mission', 'arrete_designation']) {
				const draft = documentTemplate(kind).compose(await documentContext(db(), access));
				const input: Record<string, unknown> = { title: draft.title };
				for (const s of draft.sections) input[`section_${s.id}`] = s.text;
				const id = await expectAuditDelta(db(), 1, () => generateDocument(db(), access, kind, input));

				const doc = await getDocument(db(), commune.id, id);
				const pdf = Buffer.from(doc.pdf);
				expect(pdf.subarray(0, 5).toString('latin1'), kind).toBe('%PDF-');
				expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
				expect(doc.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
				expect(doc).toMatchObject({ kind, generatedBy: access.user.id, generatedByName: 'Claire DPD' });

				const text = pdfText(pdf);
				if (kind === 'arrete_designation') {
					expect(text).toContain('est désignée déléguée');
					expect(text).toContain('Voies et délais de recours');
					expect(text).not.toContain('(e)');
				}
				expect(text, kind).toContain(commune.name);
				expect(text, kind).toContain(`${DPD_FIRST_NAME} ${DPD_LAST_NAME}`);
				expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({ entity: 'document', entityId: id, changes: { sha256: doc.sha256 } });
			}
			expect(commune.name).toBe('Glanon');
		});

		it('refuses both documents while the mayor is chosen as DPD, says why on the step and the editor, and allows them once the choice is corrected', async () => {
			const { commune, access } = await communeWithDpd();
			await completeDpd(access);
			// The mayor chosen: the answer is saved, refused by the step's check (error).
			await saveStep(db(), access, 'dpd', 'type', submission({ position: 'maire' }, { _version: '1' }), 'save');
			const ctx = await documentContext(db(), access);
			for (const kind of ['lettre_mission', 'arrete_designation']) {
				const template = documentTemplate(kind);
				expect(documentBlockers(template, ctx), kind).toEqual([expect.stringContaining('Le maire ne peut pas être DPD')]);
				const draft = template.compose(ctx);
				const input: Record<string, unknown> = { title: draft.title };
				for (const sec of draft.sections) input[`section_${sec.id}`] = sec.text;
				const err = await expectAuditDelta(db(), 0, () => domainError(generateDocument(db(), access, kind, input), 409));
				expect(err.message).toMatch(/^Ce document ne peut pas être produit : Le maire ne peut pas être DPD/);
			}
			expect((await rowCounts(commune.id)).documents).toBe(0);
			const step = await stepView(db(), access, 'dpd', 'lettre');
			expect(step.panel).toMatchObject({ kind: 'documents', blockers: [expect.stringContaining('Le maire ne peut pas être DPD')] });

			// Another person chosen: nothing blocks any more.
			await saveStep(db(), access, 'dpd', 'type', submission({ position: 'secretaire' }, { _version: '2' }), 'save');
			const after = await documentContext(db(), access);
			expect(documentBlockers(documentTemplate('arrete_designation'), after)).toEqual([]);
			expect((await stepView(db(), access, 'dpd', 'lettre')).panel).toMatchObject({ kind: 'documents', blockers: [] });
			const draft = documentTemplate('arrete_designation').compose(after);
			const input: Record<string, unknown> = { title: draft.title };
			for (const sec of draft.sections) input[`section_${sec.id}`] = sec.text;
			await generateDocument(db(), access, 'arrete_designation', input);
			expect((await rowCounts(commune.id)).documents).toBe(1);
		});

		it('refuses a document without a title', async () => {
			const { commune, access } = await communeWithDpd();
			const err = await expectAuditDelta(db(), 0, () => domainError(generateDocument(db(), access, 'lettre_mission', { title: '' }), 400));
			expect(Object.keys(err.fieldErrors)).toContain('title');
			await domainError(generateDocument(db(), access, 'inconnu', { title: 'x' }), 404);
			expect((await rowCounts(commune.id)).documents).toBe(0);
		});
	});

	describe('register export', () => {
		it('writes a CSV for French spreadsheets: BOM, ";", the CNIL columns, one line per fiche, formulas defused, the controller and DPD on every line', async () => {
			const { commune, access } = await communeWithDpd();
			await completeDpd(access);
			const { id: support } = await saveRecord(db(), access, 'support', null, submission(SUPPORT));
			await addFromCatalogue(db(), access, ['etat-civil', 'listes-electorales']);
			await saveRecord(db(), access, 'activity', null, submission({ ...COMPLETE_FICHE, supports: [support] }));
			await saveRecord(db(), access, 'activity', null, submission({ name: '=HYPERLINK("http://exemple.test";"clic")', purposes: '+33 3 80 00 00 00' }));
			const { id: archived } = await saveRecord(db(), access, 'activity', null, submission({ name: 'Fiche retirée' }));
			await archiveRecord(db(), access, 'activity', archived);
			// Another commune's fiche never appears.
			const other = await communeWithDpd('Autre DPD');
			await saveRecord(db(), other.access, 'activity', null, submission({ name: 'Fiche d’une autre commune' }));

			const csv = await registerCsv(db(), commune.id);
			expect(csv.startsWith('\ufeff"Nom du traitement";')).toBe(true);
			const lines = csv.slice(1).split('\r\n');
			expect(lines.at(-1)).toBe('');
			const [header, ...rows] = lines.slice(0, -1);
			const columns = header!.split(';').map((c) => c.replace(/^"|"$/g, ''));
			expect(columns).toEqual(REGISTER_COLUMNS.map((c) => c.label));
			for (const label of [
				'Nom du traitement',
				'Responsable conjoint du traitement',
				'Finalité(s) du traitement',
				'Catégories de personnes concernées',
				'Catégories de données',
				'Catégories de données sensibles',
				'Durées de conservation',
				'Destinataires internes',
				'Organismes externes destinataires',
				'Transferts hors UE',
				'Mesures de sécurité — Contrôle d’accès des utilisateurs',
				'Mesures de sécurité — Sauvegarde des données',
				'Logiciels et supports',
				'Date de création',
				'Date de dernière mise à jour',
				'Complétude (%)',
				'À compléter',
				'Responsable du traitement (organisme)',
				'Représentant du responsable',
				'Délégué à la protection des données (DPD)',
				'Coordonnées du DPD'
			]) {
				expect(columns, label).toContain(label);
			}
			expect(rows).toHaveLength(4);
			expect(csv).not.toContain('Fiche retirée');
			expect(csv).not.toContain('autre commune');

			const cantine = rows.find((r) => r.startsWith(`"${COMPLETE_FICHE.name}"`))!;
			expect(cantine).toContain('"Enfants ; Parents, responsables légaux"');
			expect(cantine).toContain(`"${SUPPORT.name}"`);
			expect(cantine).toContain('"Mission d’intérêt public (art. 6.1.e)"');
			expect(cantine).toContain('"Non"');
			// Complete: nothing left in « À compléter ».
			const [, ...parsed] = parseCsv(csv.slice(1));
			const cell = (row: string[], key: string) => row[REGISTER_COLUMNS.findIndex((c) => c.key === key)];
			const cantineCells = parsed.find((r) => r[0] === COMPLETE_FICHE.name)!;
			expect([cell(cantineCells, '_completeness'), cell(cantineCells, '_missing')]).toEqual(['100', '']);
			// Art. 30(1)(a): the controller and its DPD, on every line.
			for (const row of parsed) {
				expect(cell(row, '_controller')).toBe(bodyName(commune));
				expect(cell(row, '_dpd')).toBe(`${DPD_FIRST_NAME} ${DPD_LAST_NAME}`);
				expect(cell(row, '_dpdContact')).toContain('rgpd@mairie-glanon.fr');
			}

			const formula = rows.find((r) => r.includes('HYPERLINK'))!;
			expect(formula.startsWith(`"'=HYPERLINK(""http://exemple.test"";""clic"")";`)).toBe(true);
			expect(formula).toContain(`"'+33 3 80 00 00 00"`);
			for (const row of rows) expect(row, 'no cell starts with a formula').not.toMatch(/(^|;)"[=+\-@]/);
		});

		it('writes only the header for an empty register', async () => {
			const { commune } = await communeWithDpd();
			const csv = await registerCsv(db(), commune.id);
			expect(csv.startsWith('\ufeff')).toBe(true);
			expect(csv.slice(1).split('\r\n')).toEqual([REGISTER_COLUMNS.map((c) => `"${c.label}"`).join(';'), '']);
		});
	});
});
