// Progress that explains itself (issue 15): a brand-new commune is told « Commencer », not
// « Reprendre »; a finished recipe that a new fiche reopens says which fiche, added when, and what
// it needs — and nothing is said when nothing reopened; a finished recipe proposes the next one.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { formatParis } from '../../src/lib/french';
import { records } from '../../src/lib/server/db/schema';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { progressView } from '../../src/lib/server/progress-view';
import type { Access } from '../../src/lib/server/tenancy';
import { COMPLETE_FICHE, DPD_ANSWERS, DPD_STEP_IDS, PROFILE_ANSWERS, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

/** A notice with every answer a fiche based on a public-interest mission needs. */
const NOTICE = { source: 'personne', mandatory: 'non', channels: ['site'] };

describe.each(engines())('progress that explains itself on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function communeWithDpd() {
		const dpd = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), dpd);
		return { commune, access: await accessOf(db(), dpd, commune.id) };
	}

	async function fiche(access: Access, name: string): Promise<string> {
		const result = await saveRecord(db(), access, 'activity', null, submission({ ...COMPLETE_FICHE, name }));
		expect(result.errors).toEqual({});
		return result.id;
	}

	async function notice(access: Access, parentId: string): Promise<string> {
		const result = await saveRecord(db(), access, 'notice', null, submission(NOTICE, { _parent: parentId }));
		expect(result.errors).toEqual({});
		return result.id;
	}

	async function createdAt(id: string): Promise<Date> {
		const [row] = await db().select({ createdAt: records.createdAt }).from(records).where(eq(records.id, id));
		return row!.createdAt;
	}

	it('tells a brand-new commune to begin, and one where something was answered to resume', async () => {
		const { commune, access } = await communeWithDpd();
		const fresh = await progressView(db(), commune.id);
		expect(fresh.started).toBe(false);
		// The commune profile comes first.
		expect(fresh.next).toMatchObject({ recipeId: 'profil', stepId: 'questions' });
		expect(fresh.reopened).toEqual([]);

		// Saving nothing is not starting; one answer is.
		await saveStep(db(), access, 'dpd', 'type', submission({}), 'save');
		expect((await progressView(db(), commune.id)).started).toBe(false);
		await saveStep(db(), access, 'dpd', 'type', submission({ dpdKind: 'interne' }), 'save');
		expect((await progressView(db(), commune.id)).started).toBe(true);
	});

	it('counts a record as a start, and a step put off for later too', async () => {
		const a = await communeWithDpd();
		await fiche(a.access, 'État civil');
		expect((await progressView(db(), a.commune.id)).started).toBe(true);

		const b = await communeWithDpd();
		await saveStep(db(), b.access, 'dpd', 'type', submission({}), 'later');
		expect((await progressView(db(), b.commune.id)).started).toBe(true);
	});

	it('says which finished recipe a new fiche reopens, with the fiche, its date and what it needs; nothing once it is done', async () => {
		const { commune, access } = await communeWithDpd();
		const cantine = await fiche(access, 'Inscriptions à la cantine');
		await notice(access, cantine);
		expect(await saveStep(db(), access, 'information', 'mentions', {}, 'continue')).toMatchObject({ status: 'terminee' });
		const finished = await progressView(db(), commune.id);
		expect(finished.recipes.find((r) => r.id === 'information')).toMatchObject({ state: 'terminee', reopened: null });
		// Nothing reopened: nothing said (recipes never finished say nothing either).
		expect(finished.reopened).toEqual([]);

		const sms = await fiche(access, 'Alerte SMS');
		const added = formatParis(await createdAt(sms), false);
		const view = await progressView(db(), commune.id);
		const information = view.recipes.find((r) => r.id === 'information')!;
		expect(information.state).toBe('en_cours');
		expect(view.reopened).toEqual([
			{
				recipeId: 'information',
				recipeTitle: 'Informer les personnes',
				stepId: 'mentions',
				sentence: `Rouverte : la fiche « Alerte SMS », ajoutée le ${added}, demande une mention d’information.`,
				reasons: [`la fiche « Alerte SMS », ajoutée le ${added}, demande une mention d’information`]
			}
		]);
		expect(information.reopened).toEqual(view.reopened[0]);

		// Its notice begun but incomplete: the recipe is still open, and the sentence says so.
		const smsNotice = await saveRecord(db(), access, 'notice', null, submission({ source: 'personne' }, { _parent: sms }));
		expect((await progressView(db(), commune.id)).reopened[0]?.sentence).toBe(
			`Rouverte : la fiche « Alerte SMS », ajoutée le ${added}, a une mention d’information à compléter.`
		);

		// Completed: the step is complete again, nothing is reopened, nothing said.
		await saveRecord(db(), access, 'notice', smsNotice.id, submission(NOTICE, { _version: '1' }));
		const again = await progressView(db(), commune.id);
		expect(again.reopened).toEqual([]);
		expect(again.recipes.find((r) => r.id === 'information')).toMatchObject({ state: 'terminee', reopened: null });
	});

	it('does not date a fiche that was there before the recipe was finished', async () => {
		const { commune, access } = await communeWithDpd();
		const cantine = await fiche(access, 'Inscriptions à la cantine');
		const noticeId = await notice(access, cantine);
		await saveStep(db(), access, 'information', 'mentions', {}, 'continue');
		// Its notice emptied afterwards: the fiche is old, only its notice is to complete.
		await saveRecord(db(), access, 'notice', noticeId, submission({ channels: [] }, { _version: '1' }));
		expect((await progressView(db(), commune.id)).reopened.map((r) => r.sentence)).toEqual([
			'Rouverte : la fiche « Inscriptions à la cantine » a une mention d’information à compléter.'
		]);
	});

	it('proposes the next recipe once one is finished: the one whose prerequisites are done, by priority and order', async () => {
		const { commune, access } = await communeWithDpd();
		expect((await progressView(db(), commune.id)).nextRecipe).toMatchObject({ recipeId: 'profil', stepId: 'questions' });
		expect(await saveStep(db(), access, 'profil', 'questions', submission(PROFILE_ANSWERS), 'continue')).toMatchObject({ status: 'terminee' });
		expect((await progressView(db(), commune.id)).nextRecipe).toMatchObject({ recipeId: 'dpd', stepId: 'type' });
		for (const id of DPD_STEP_IDS) {
			expect(await saveStep(db(), access, 'dpd', id, submission(DPD_ANSWERS[id]!), 'continue'), id).toMatchObject({ status: 'terminee' });
		}
		const view = await progressView(db(), commune.id);
		expect(view.recipes.find((r) => r.id === 'dpd')?.state).toBe('terminee');
		// « Cartographier les données » comes after the DPD, priority 1, first in the cookbook.
		expect(view.nextRecipe).toEqual({ recipeId: 'cartographie', recipeTitle: 'Cartographier les données', stepId: expect.any(String), stepTitle: expect.any(String) });
	});
});
