// The app's own estimates (issue 15): a collection step that lists records estimates the time they
// still need — typing what is incomplete, rereading and confirming what the app proposed — from
// the same progress the pages read; proposed records come from computeProgress.
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { findRecipe } from '../../src/lib/recipes';
import { ficheFromCatalogue } from '../../src/lib/recipes/records';
import { recipeProgress, stepMinutes } from '../../src/lib/recipes/engine';
import type { CollectionStep } from '../../src/lib/recipes/types';
import { computeProgress, type ProgressRecord } from '../../src/lib/server/domain/recipes';

const registre = findRecipe('registre')!;
const fiches = registre.steps.find((s) => s.id === 'fiches') as CollectionStep;
/** A catalogue entry with what the catalogue cannot know (transfers, a security measure): complete but for its confirmation. */
const full = { ...ficheFromCatalogue(CATALOGUE.find((e) => e.id === 'etat-civil')!), transfers: 'non', securityOther: 'Registres dans une armoire fermée à clé' };
const fiche = (id: string, proposed: boolean, data: Record<string, unknown> = full): ProgressRecord => ({
	id,
	kind: 'activity',
	data: { ...data, name: id },
	parentId: null,
	proposal: proposed ? { source: 'profil', why: 'parce que toute commune tient l’état civil' } : null,
	confirmedAt: null
});

describe('the app’s estimate of a step', () => {
	it('is the declared time while the step lists nothing', () => {
		const progress = computeProgress([], [], []);
		expect(stepMinutes(registre, fiches, progress)).toBe(fiches.minutes);
	});

	it('counts each incomplete record typed by hand, and each proposed one that only lacks its confirmation', () => {
		// a, b: proposed, complete but for the confirmation; c: typed, incomplete; d: proposed, with answers missing too.
		const recs = [fiche('a', true), fiche('b', true), fiche('c', false, {}), fiche('d', true, {})];
		const progress = computeProgress([], recs, []);
		expect(progress.collections.get('registre/fiches')).toMatchObject({ count: 4, incomplete: 4, proposed: 2 });
		expect(progress.pending?.get('registre/fiches')?.map((p) => [p.title, Boolean(p.proposed), Boolean(p.onlyToConfirm)])).toEqual([
			['a', true, true],
			['b', true, true],
			['c', false, false],
			['d', true, false]
		]);
		expect(stepMinutes(registre, fiches, progress)).toBe(2 * fiches.perRecord!.confirm + 2 * fiches.perRecord!.minutes);
		// The recipe's time left adds the step's estimate, not its declared time.
		const other = registre.steps.filter((s) => s.id !== 'fiches').reduce((n, s) => n + stepMinutes(registre, s, progress), 0);
		expect(recipeProgress(registre, progress).minutesLeft).toBe(other + 2 * fiches.perRecord!.confirm + 2 * fiches.perRecord!.minutes);
		// Once a full proposal is confirmed, it needs nothing more.
		const confirmed = computeProgress([], [{ ...fiche('a', true), confirmedAt: new Date('2026-06-01T10:00:00Z') }], []);
		expect(confirmed.collections.get('registre/fiches')).toMatchObject({ count: 1, incomplete: 0 });
	});

	it('a confirmed proposal is no longer « to confirm »', () => {
		const confirmed = { ...fiche('a', true), confirmedAt: new Date('2026-06-01T10:00:00Z') };
		const progress = computeProgress([], [{ ...confirmed, data: { name: 'a' } }], []);
		// Still incomplete (its own answers are missing), but typed-or-confirmed: the typing estimate.
		expect(progress.collections.get('registre/fiches')).toMatchObject({ count: 1, incomplete: 1 });
		expect(progress.collections.get('registre/fiches')!.proposed).toBeUndefined();
		expect(stepMinutes(registre, fiches, progress)).toBe(fiches.perRecord!.minutes);
	});
});
