import { fail, redirect } from '@sveltejs/kit';
import { formInput, httpError, refill, refuse } from '$lib/server/actions';
import { addFromCatalogue, confirmRecords } from '$lib/server/domain/record-writes';
import { recipeAndStep, saveStep, type StepIntent } from '$lib/server/domain/recipes';
import { readForm } from '$lib/server/forms';
import { stepView } from '$lib/server/step-view';
import { requireCommune } from '$lib/server/tenancy';
import { formChecks } from '$lib/recipes/engine';
import { recipeAnswersOf } from '$lib/server/domain/recipes';
import { plural } from '$lib/french';
import { findRecipe } from '$lib/recipes';

/** A recipe done on its own page (the commune profile): its steps' URLs lead there. */
function ownPage(communeId: string, recipeId: string) {
	const page = findRecipe(recipeId)?.page;
	if (page) redirect(303, `/c/${communeId}/${page}`);
}

export async function load(event) {
	const access = await requireCommune(event);
	ownPage(event.params.communeId, event.params.recipeId);
	try {
		const view = await stepView(access.db, access, event.params.recipeId, event.params.stepId);
		// The catalogue's search (its GET form): the page hides what does not match, also without JavaScript.
		return { ...view, catalogueQuery: view.catalogue ? (event.url.searchParams.get('q') ?? '').slice(0, 100) : '' };
	} catch (err) {
		httpError(err);
	}
}

const INTENTS = ['save', 'continue', 'later', 'autosave'] as const;

export const actions = {
	save: async (event) => {
		const access = await requireCommune(event, 'edit');
		const { recipeId, stepId, communeId } = event.params;
		ownPage(communeId, recipeId);
		const form = await readForm(event.request);
		const input = formInput(form);
		const rawIntent = typeof input.intent === 'string' ? input.intent : 'continue';
		const intent = (INTENTS as readonly string[]).includes(rawIntent) ? (rawIntent as (typeof INTENTS)[number]) : 'continue';
		let result;
		try {
			const { step } = recipeAndStep(recipeId, stepId);
			result = await saveStep(access.db, access, recipeId, stepId, input, intent === 'autosave' ? 'save' : (intent as StepIntent));
			if (intent === 'autosave') {
				const all = { ...(await recipeAnswersOf(access.db, communeId, recipeId)) };
				if (result.conflicts.length || Object.keys(result.errors).length) {
					return fail(result.conflicts.length ? 409 : 400, {
						autosave: true,
						errors: result.errors,
						conflicts: result.conflicts,
						// The refused text comes back with its message, as on the record forms: never erased.
						values: refill(input, Object.keys(result.errors)),
						message: result.conflicts.length
							? 'Quelqu’un a modifié cette réponse pendant que vous travailliez : sa version est affichée.'
							: 'Une réponse est à corriger (voyez le message à côté du champ).'
					});
				}
				// The step's messages follow the answer just saved (a refused choice, its warning).
				return { autosave: true, version: result.version, checks: step.kind === 'form' ? formChecks(step, all) : [] };
			}
		} catch (err) {
			return refuse(err, form);
		}
		const values = refill(input, Object.keys(result.errors));
		if (result.conflicts.length || Object.keys(result.errors).length) {
			return fail(result.conflicts.length ? 409 : 400, {
				errors: result.errors,
				conflicts: result.conflicts,
				values,
				message: result.conflicts.length
					? 'Pendant que vous travailliez, quelqu’un d’autre a modifié certaines réponses : leur version, plus récente, est conservée et affichée ci-dessous. Vos autres réponses sont enregistrées.'
					: 'Vos réponses sont enregistrées, sauf celles à corriger : voyez les messages à côté des champs.'
			});
		}
		if (intent === 'later') redirect(303, `/c/${communeId}/recettes/${recipeId}?plus_tard=${stepId}`);
		if (intent === 'continue') {
			if (result.status === 'terminee') {
				const view = await stepView(access.db, access, recipeId, stepId);
				redirect(303, view.next ? `/c/${communeId}/recettes/${recipeId}/${view.next}` : `/c/${communeId}/recettes/${recipeId}?terminee=1`);
			}
			return { saved: true, blockers: result.blockers, success: 'Réponses enregistrées. Il reste des points avant de terminer cette étape :' };
		}
		return { saved: true, success: 'Réponses enregistrées.' };
	},
	catalogue: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			const { created, skipped } = await addFromCatalogue(access.db, access, formInput(form).entries);
			return {
				success: `${plural(created, 'fiche ajoutée', 'fiches ajoutées')} au registre${skipped ? ` (${plural(skipped, 'déjà présente', 'déjà présentes')})` : ''}. Complétez-les à l’étape suivante.`
			};
		} catch (err) {
			return refuse(err, form);
		}
	},
	/** « Je confirme » for the records of this step the app proposed and she ticked (supports, processors…). */
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			const { step } = recipeAndStep(event.params.recipeId, event.params.stepId);
			if (step.kind !== 'collection') return fail(400, { message: 'Cette étape ne liste rien à confirmer.' });
			const ids = (form?.getAll('ids') ?? []).filter((v): v is string => typeof v === 'string');
			if (!ids.length) return fail(400, { message: 'Cochez ce que vous confirmez.', errors: { ids: 'Cochez au moins un élément.' } });
			const n = await confirmRecords(access.db, access, step.recordKind, ids);
			return { success: n ? `${plural(n, 'élément confirmé', 'éléments confirmés')} par ${access.user.name}.` : 'Ces éléments étaient déjà confirmés.' };
		} catch (err) {
			return refuse(err, form);
		}
	}
};
