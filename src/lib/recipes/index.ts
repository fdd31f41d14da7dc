// The cookbook: every recipe, in the order the dashboard proposes them.
import { aipdRecipe } from './aipd';
import { cartographieRecipe } from './cartographie';
import { conformiteRecipe } from './conformite';
import { dpdRecipe } from './dpd';
import { droitsRecipe } from './droits';
import { informationRecipe } from './information';
import { planRecipe } from './plan';
import { profilRecipe } from './profile';
import { registreRecipe } from './registre';
import { securiteRecipe } from './securite';
import { soustraitantsRecipe } from './soustraitants';
import { violationsRecipe } from './violations';
import type { Recipe, Step } from './types';

export const RECIPES: Recipe[] = [
	profilRecipe,
	dpdRecipe,
	cartographieRecipe,
	registreRecipe,
	securiteRecipe,
	violationsRecipe,
	conformiteRecipe,
	aipdRecipe,
	informationRecipe,
	droitsRecipe,
	soustraitantsRecipe,
	planRecipe
];

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
