// The engine's explanations of progress (issue 15), on hand-built progress: started or not, the
// finished recipes reopened and by which records, the next recipe by `after`, priority and order,
// and the French sentences that say so.
import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes';
import {
	hasStarted,
	nextRecipe,
	reopenedRecipes,
	type CollectionInfo,
	type CommuneProgress,
	type PendingRecord,
	type StepRecord
} from '../../src/lib/recipes/engine';
import { textField } from '../../src/lib/recipes/fields';
import { describeReopened, pendingReason } from '../../src/lib/recipes/reopened';
import type { CollectionStep, FormStep, Recipe } from '../../src/lib/recipes/types';
import { formatParis } from '../../src/lib/french';
import { DPD_ANSWERS, DPD_STEP_IDS, PROFILE_ANSWERS } from '../helpers/answers';

const NOW = new Date('2027-06-15T10:00:00Z');
const BEFORE = new Date('2027-05-02T08:00:00Z');
const AFTER = new Date('2027-06-03T09:30:00Z');

function progressOf(
	init: { steps?: Record<string, Partial<StepRecord>>; collections?: Record<string, CollectionInfo>; pending?: Record<string, PendingRecord[]> } = {}
): CommuneProgress {
	const steps = new Map<string, StepRecord>();
	for (const [key, s] of Object.entries(init.steps ?? {})) {
		steps.set(key, { answers: s.answers ?? {}, status: s.status ?? 'en_cours', completedAt: s.completedAt ?? null, version: 1 });
	}
	return {
		steps,
		collections: new Map(Object.entries(init.collections ?? {})),
		confirmed: new Set(),
		pending: new Map(Object.entries(init.pending ?? {}))
	};
}

function formRecipe(id: string, priority: 1 | 2 | 3, after?: string[]): Recipe {
	const step: FormStep = { kind: 'form', id: 'seule', title: `Étape de ${id}`, intro: '', minutes: 5, fields: [textField('answer', 'Réponse', { required: true })] };
	return { id, title: `Recette ${id}`, why: '', priority, steps: [step], ...(after ? { after } : {}) };
}
const done = { answers: { answer: 'fait' }, status: 'terminee' as const, completedAt: BEFORE };

/** A recipe with one collection step of fiches, each to be complete. */
const listRecipe: Recipe = {
	id: 'liste',
	title: 'Recette des fiches',
	why: '',
	priority: 1,
	steps: [{ kind: 'collection', id: 'fiches', title: 'Les fiches', intro: '', minutes: 10, recordKind: 'activity', requireComplete: true } satisfies CollectionStep]
};
/** A recipe with one notice per fiche. */
const perFiche: Recipe = {
	id: 'mentions',
	title: 'Recette des mentions',
	why: '',
	priority: 2,
	steps: [{ kind: 'collection', id: 'une', title: 'Une mention par activité', intro: '', minutes: 10, recordKind: 'notice', perParent: { requiredFor: () => true }, requireComplete: true } satisfies CollectionStep]
};

describe('started or not', () => {
	it('is not started with nothing saved, nor with a step saved empty', () => {
		expect(hasStarted(RECIPES, progressOf())).toBe(false);
		expect(hasStarted(RECIPES, progressOf({ steps: { 'dpd/type': { answers: { dpdKind: '' } } } }))).toBe(false);
	});
	it('is started by an answer, a step put off, or a record', () => {
		expect(hasStarted(RECIPES, progressOf({ steps: { 'dpd/type': { answers: { dpdKind: 'interne' } } } }))).toBe(true);
		expect(hasStarted(RECIPES, progressOf({ steps: { 'dpd/cnil': { status: 'plus_tard' } } }))).toBe(true);
		expect(hasStarted(RECIPES, progressOf({ collections: { 'registre/catalogue': { count: 1, incomplete: 0 } } }))).toBe(true);
	});
});

describe('the next recipe', () => {
	const a = formRecipe('a', 1);
	const b = formRecipe('b', 1, ['c']);
	const c = formRecipe('c', 2, ['a']);
	const d = formRecipe('d', 1, ['a']);
	const cookbook = [a, b, c, d];

	it('prefers a recipe whose prerequisites are finished, then priority, then the cookbook’s order', () => {
		const progress = progressOf({ steps: { 'a/seule': done } });
		// b comes first in order and priority, but waits for c: d (priority 1, after a) is proposed.
		expect(nextRecipe(cookbook, progress, 'a', NOW)).toMatchObject({ recipe: { id: 'd' }, step: { id: 'seule' }, state: 'a_faire' });
		// d finished: c (after a) is ready, b still is not.
		expect(nextRecipe(cookbook, progressOf({ steps: { 'a/seule': done, 'd/seule': done } }), 'd', NOW)?.recipe.id).toBe('c');
		// Nothing is ready: the first by priority and order all the same.
		expect(nextRecipe([b, c], progressOf(), null, NOW)?.recipe.id).toBe('b');
	});

	it('skips the recipe just finished and any finished one; none when all are', () => {
		const all = { 'a/seule': done, 'b/seule': done, 'c/seule': done, 'd/seule': done };
		expect(nextRecipe(cookbook, progressOf({ steps: all }), 'd', NOW)).toBeNull();
		const { ['c/seule']: _, ...allButC } = all;
		expect(nextRecipe(cookbook, progressOf({ steps: allButC }), 'd', NOW)?.recipe.id).toBe('c');
	});

	it('follows the real cookbook: after the DPD, the map; after the map, the register', () => {
		// The commune profile, the first recipe, is done.
		const dpd: Record<string, Partial<StepRecord>> = { 'profil/questions': { answers: PROFILE_ANSWERS, status: 'terminee', completedAt: BEFORE } };
		for (const id of DPD_STEP_IDS) dpd[`dpd/${id}`] = { answers: DPD_ANSWERS[id], status: 'terminee', completedAt: BEFORE };
		expect(nextRecipe(RECIPES, progressOf({ steps: dpd }), 'dpd', NOW)?.recipe.id).toBe('cartographie');
		// The map's steps completed with « none » (each allows it).
		const map = RECIPES.find((r) => r.id === 'cartographie')!;
		const steps = { ...dpd };
		for (const s of map.steps) steps[`cartographie/${s.id}`] = { answers: { none: 'oui' }, status: 'terminee', completedAt: BEFORE };
		expect(nextRecipe(RECIPES, progressOf({ steps }), 'cartographie', NOW)?.recipe.id).toBe('registre');
		// The map alone finished: the DPD first (nothing before it), the register waits for it.
		const { ...mapOnly } = steps;
		for (const id of DPD_STEP_IDS) delete mapOnly[`dpd/${id}`];
		expect(nextRecipe(RECIPES, progressOf({ steps: mapOnly }), 'cartographie', NOW)?.recipe.id).toBe('dpd');
	});
});

describe('reopened recipes', () => {
	const fiche = (id: string, title: string, createdAt: Date | null, attached?: PendingRecord['attached']): PendingRecord => ({ id, kind: 'activity', title, createdAt, ...(attached ? { attached } : {}) });

	it('names nothing for a recipe never finished, or finished and complete', () => {
		expect(reopenedRecipes([listRecipe], progressOf({ collections: { 'liste/fiches': { count: 1, incomplete: 1 } }, pending: { 'liste/fiches': [fiche('f', 'Cantine', AFTER)] } }))).toEqual([]);
		expect(reopenedRecipes([listRecipe], progressOf({ steps: { 'liste/fiches': done }, collections: { 'liste/fiches': { count: 1, incomplete: 0 } } }))).toEqual([]);
	});

	it('names the records that keep a finished recipe’s step open, with the date of those added since', () => {
		const progress = progressOf({
			steps: { 'liste/fiches': done },
			collections: { 'liste/fiches': { count: 2, incomplete: 2 } },
			pending: { 'liste/fiches': [fiche('f1', 'Alerte SMS', AFTER), fiche('f2', 'Cantine', BEFORE)] }
		});
		const reopened = reopenedRecipes([listRecipe], progress);
		expect(reopened).toHaveLength(1);
		expect(reopened[0]!.steps.map((s) => s.pending.map((p) => p.id))).toEqual([['f1', 'f2']]);
		expect(describeReopened(reopened[0]!)).toEqual({
			recipeId: 'liste',
			recipeTitle: 'Recette des fiches',
			stepId: 'fiches',
			sentence: `Rouverte : la fiche « Alerte SMS », ajoutée le ${formatParis(AFTER, false)}, est à compléter ; la fiche « Cantine » est à compléter.`,
			reasons: [`la fiche « Alerte SMS », ajoutée le ${formatParis(AFTER, false)}, est à compléter`, 'la fiche « Cantine » est à compléter']
		});
	});

	it('says what a per-fiche step needs: its record absent or incomplete', () => {
		const progress = progressOf({
			steps: { 'mentions/une': done },
			collections: { 'mentions/une': { count: 3, incomplete: 2 } },
			pending: { 'mentions/une': [fiche('f1', 'Alerte SMS', AFTER, { kind: 'notice', state: 'absent' }), fiche('f2', 'Cantine', BEFORE, { kind: 'notice', state: 'incomplet' })] }
		});
		const [r] = reopenedRecipes([perFiche], progress);
		expect(describeReopened(r!).sentence).toBe(
			`Rouverte : la fiche « Alerte SMS », ajoutée le ${formatParis(AFTER, false)}, demande une mention d’information ; la fiche « Cantine » a une mention d’information à compléter.`
		);
	});

	it('names three records, then counts the others', () => {
		const many = ['A', 'B', 'C', 'D', 'E'].map((t) => fiche(t, t, BEFORE));
		const [r] = reopenedRecipes([listRecipe], progressOf({ steps: { 'liste/fiches': done }, collections: { 'liste/fiches': { count: 5, incomplete: 5 } }, pending: { 'liste/fiches': many } }));
		const view = describeReopened(r!);
		expect(view.sentence).toBe('Rouverte : la fiche « A » est à compléter ; la fiche « B » est à compléter ; la fiche « C » est à compléter ; et 2 autres de même.');
		expect(view.reasons).toHaveLength(5);
	});

	it('falls back on the step’s blockers when no record is the cause', () => {
		// A finished list whose every record was removed: « Ajoutez au moins un élément ».
		const [r] = reopenedRecipes([listRecipe], progressOf({ steps: { 'liste/fiches': done }, collections: { 'liste/fiches': { count: 0, incomplete: 0 } } }));
		expect(describeReopened(r!).sentence).toBe('Rouverte : l’étape « Les fiches » : ajoutez au moins un élément.');
	});

	it('agrees and elides with the kind: « le sous-traitant …, ajouté », « l’action … »', () => {
		expect(pendingReason({ id: 'p', kind: 'processor', title: 'Berger-Levrault', createdAt: AFTER }, BEFORE)).toBe(
			`le sous-traitant « Berger-Levrault », ajouté le ${formatParis(AFTER, false)}, est à compléter`
		);
		expect(pendingReason({ id: 'a', kind: 'action', title: 'Verrouiller le téléphone', createdAt: BEFORE }, AFTER)).toBe('l’action « Verrouiller le téléphone » est à compléter');
		// A snapshot does not know when a record was added: no date.
		expect(pendingReason({ id: 'f', kind: 'activity', title: 'Cantine', createdAt: null }, BEFORE)).toBe('la fiche « Cantine » est à compléter');
	});
});
