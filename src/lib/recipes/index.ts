// The cookbook: every recipe, in the order the dashboard proposes them.
import { cartographieRecipe } from './cartographie';
import { dpdRecipe } from './dpd';
import { registreRecipe } from './registre';
import type { Recipe, Step } from './types';

export const RECIPES: Recipe[] = [dpdRecipe, cartographieRecipe, registreRecipe];

export function findRecipe(id: string): Recipe | undefined {
	return RECIPES.find((r) => r.id === id);
}

export function findStep(recipe: Recipe, stepId: string): Step | undefined {
	return recipe.steps.find((s) => s.id === stepId);
}

/** "recipe/step" → its step, for obligations and links. */
export const STEP_INDEX: Map<string, { recipe: Recipe; step: Step }> = new Map(
	RECIPES.flatMap((recipe) => recipe.steps.map((step) => [`${recipe.id}/${step.id}`, { recipe, step }] as const))
);

export function recipeMinutes(recipe: Recipe): number {
	return recipe.steps.reduce((n, s) => n + s.minutes, 0);
}
