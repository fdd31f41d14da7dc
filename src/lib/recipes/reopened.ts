// Why a finished recipe is open again, in plain French, from the engine's `reopenedRecipes`: the
// records that keep its completed steps from being complete (a fiche added since that needs its
// grid, its notice…), or the step's own blockers when no record is the cause. One sentence per
// recipe for the dashboard and the recipe page, read from the same completion logic as the steps.
import { formatParis } from '../french';
import type { PendingRecord, ReopenedRecipe, ReopenedStep } from './engine';
import { findRecordKind } from './records';

/** How many records a sentence names before « et N autres ». */
export const REOPENED_NAMED = 3;

const feminine = (singular: string) => singular.startsWith('une ');
const noun = (singular: string) => singular.replace(/^une? /, '');
const elides = (word: string) => /^[aeiouyéèêàâîôûh]/i.test(word);

/** « la fiche », « le sous-traitant », « l’action ». */
function definite(kindId: string): string {
	const singular = findRecordKind(kindId)?.singular ?? 'un élément';
	const n = noun(singular);
	return elides(n) ? `l’${n}` : `${feminine(singular) ? 'la' : 'le'} ${n}`;
}

/** « une mention d’information », « un dépistage ». */
const indefinite = (kindId: string) => findRecordKind(kindId)?.singular ?? 'un élément';

/** The record's part of the sentence: what it is, when it was added when that is after the step's completion, what it needs. */
export function pendingReason(p: PendingRecord, completedAt: Date | null): string {
	const singular = findRecordKind(p.kind)?.singular ?? 'un élément';
	const addedSince = p.createdAt && (!completedAt || p.createdAt.getTime() > completedAt.getTime());
	const added = addedSince ? `, ${feminine(singular) ? 'ajoutée' : 'ajouté'} le ${formatParis(p.createdAt!, false)},` : '';
	const named = `${definite(p.kind)} « ${p.title} »${added}`;
	if (p.attached?.state === 'absent') return `${named} demande ${indefinite(p.attached.kind)}`;
	if (p.attached?.state === 'incomplet') return `${named} a ${indefinite(p.attached.kind)} ${p.proposed ? 'proposé, à confirmer' : 'à compléter'}`;
	return `${named} est ${p.proposed ? `${feminine(singular) ? 'proposée' : 'proposé'} par l’application, à confirmer` : 'à compléter'}`;
}

function stepReasons(s: ReopenedStep): string[] {
	if (s.pending.length) return s.pending.map((p) => pendingReason(p, s.completedAt));
	return s.blockers.map((b) => `l’étape « ${s.step.title} » : ${b.charAt(0).toLowerCase()}${b.slice(1).replace(/\.$/, '')}`);
}

export interface ReopenedView {
	recipeId: string;
	recipeTitle: string;
	/** The first step to reopen, where the button leads. */
	stepId: string;
	/** « Rouverte : la fiche « Alerte SMS », ajoutée le 6 décembre 2026, demande une mention d’information. » */
	sentence: string;
	/** Every reason, one per record (or blocker). */
	reasons: string[];
}

export function describeReopened(r: ReopenedRecipe): ReopenedView {
	const reasons = [...new Set(r.steps.flatMap(stepReasons))];
	const shown = reasons.slice(0, REOPENED_NAMED);
	const more = reasons.length - shown.length;
	const tail = more ? ` ; et ${more} ${more > 1 ? 'autres' : 'autre'} de même` : '';
	return { recipeId: r.recipe.id, recipeTitle: r.recipe.title, stepId: r.steps[0]!.step.id, sentence: `Rouverte : ${shown.join(' ; ')}${tail}.`, reasons };
}
