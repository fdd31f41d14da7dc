import { error } from '@sveltejs/kit';
import { findRecipe } from '$lib/recipes';
import { progressView } from '$lib/server/progress-view';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const recipe = findRecipe(event.params.recipeId);
	if (!recipe) error(404, 'Page introuvable');
	const view = await progressView(db, commune.id);
	const r = view.recipes.find((x) => x.id === recipe.id)!;
	return {
		recipe: r,
		documents: recipe.documents ?? [],
		// Only when the recipe really is: finishing its last step can leave earlier ones undone.
		finished: event.url.searchParams.has('terminee') && r.state === 'terminee',
		putOff: event.url.searchParams.get('plus_tard'),
		next: view.next,
		// Proposed once this recipe is finished: the next by `after`, priority and order.
		nextRecipe: r.state === 'terminee' ? view.nextRecipe : null
	};
}
