// The dashboard's view of the cookbook: recipes with their state, the next step, obligations.
import { RECIPES, recipeMinutes } from '../recipes';
import { coverage, hasStarted, nextRecipe, obligationStatuses, recipeProgress, nextStep, reopenedRecipes, stepMinutes, RECIPE_STATE_LABELS, STEP_STATUS_LABELS } from '../recipes/engine';
import { describeReopened } from '../recipes/reopened';
import { OBLIGATIONS } from '../recipes/obligations';
import type { Executor } from './db';
import { progressOfCommune } from './progress-cache';

export async function progressView(db: Executor, communeId: string, now = new Date()) {
	const progress = await progressOfCommune(db, communeId);
	// Finished recipes open again (a fiche added since needs its grid…), and why: one sentence each.
	const reopened = reopenedRecipes(RECIPES, progress).map(describeReopened);
	const recipes = RECIPES.map((r) => {
		const p = recipeProgress(r, progress, now);
		return {
			id: r.id,
			title: r.title,
			why: r.why,
			priority: r.priority,
			minutes: recipeMinutes(r),
			minutesLeft: p.minutesLeft,
			state: p.state,
			stateLabel: RECIPE_STATE_LABELS[p.state],
			done: p.done,
			total: p.total,
			completedAt: p.completedAt?.toISOString() ?? null,
			reviewDue: p.reviewDue?.toISOString() ?? null,
			reopened: reopened.find((x) => x.recipeId === r.id) ?? null,
			steps: p.steps.map((s) => ({ id: s.step.id, title: s.step.title, minutes: stepMinutes(r, s.step, progress), status: s.status, statusLabel: STEP_STATUS_LABELS[s.status] }))
		};
	});
	const next = nextStep(RECIPES, progress, now);
	// The recipe proposed after a finished one: by its `after` declarations, priority, then order.
	const following = nextRecipe(RECIPES, progress, null, now);
	const statuses = obligationStatuses(OBLIGATIONS, RECIPES, progress, now);
	const cov = coverage(statuses, 3);
	return {
		recipes,
		reopened,
		/** Something was done in the commune: the dashboard says « Reprendre », not « Commencer ». */
		started: hasStarted(RECIPES, progress),
		nextRecipe: following ? { recipeId: following.recipe.id, recipeTitle: following.recipe.title, stepId: following.step.id, stepTitle: following.step.title } : null,
		next: next ? { recipeId: next.recipe.id, recipeTitle: next.recipe.title, stepId: next.step.id, stepTitle: next.step.title, minutes: stepMinutes(next.recipe, next.step, progress), reason: next.reason } : null,
		obligations: {
			covered: cov.covered,
			total: cov.total,
			next: cov.next.map((s) => ({ id: s.obligation.id, title: s.obligation.title, group: s.obligation.group, priority: s.obligation.priority, reference: s.obligation.reference, explanation: s.obligation.explanation, satisfiedBy: s.obligation.satisfiedBy }))
		},
		statuses
	};
}

