import { fail } from '@sveltejs/kit';
import { formInput, httpError, refill, refuse } from '$lib/server/actions';
import { archiveRecord } from '$lib/server/domain/record-writes';
import { profileView, saveProfile } from '$lib/server/domain/profile';
import { readForm } from '$lib/server/forms';
import { stepView } from '$lib/server/step-view';
import { requireCommune } from '$lib/server/tenancy';
import { CCAS_OPTIONAL_BELOW, profilRecipe, PROFILE_STEP_ID } from '$lib/recipes/profile';
import { plural } from '$lib/french';

export async function load(event) {
	const access = await requireCommune(event);
	try {
		const [step, proposals] = await Promise.all([stepView(access.db, access, profilRecipe.id, PROFILE_STEP_ID), profileView(access.db, access.commune.id)]);
		const population = access.commune.population;
		return { ...step, proposals, ccasOptional: population !== null && population < CCAS_OPTIONAL_BELOW ? population : null };
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	save: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		let result;
		try {
			result = await saveProfile(access.db, access, input);
		} catch (err) {
			return refuse(err, form);
		}
		if (result.conflicts.length || Object.keys(result.errors).length) {
			return fail(result.conflicts.length ? 409 : 400, {
				errors: result.errors,
				conflicts: result.conflicts,
				values: refill(input, Object.keys(result.errors)),
				message: result.conflicts.length
					? 'Pendant que vous travailliez, quelqu’un d’autre a modifié certaines réponses : leur version, plus récente, est conservée et affichée ci-dessous. Vos autres réponses sont enregistrées.'
					: 'Vos réponses sont enregistrées, sauf celles à corriger : voyez les messages à côté des questions.'
			});
		}
		return {
			saved: true,
			blockers: result.status === 'terminee' ? [] : result.blockers,
			success: result.created
				? `Profil enregistré : ${plural(result.created, 'élément proposé', 'éléments proposés')} d’après vos réponses. Relisez-les ci-dessous et confirmez-les un par un.`
				: 'Profil enregistré. Rien de nouveau à proposer : ce que vos réponses appellent est déjà là.'
		};
	},
	/** Removes a record the profile proposed whose reason no longer holds (she decides; never done silently). */
	remove: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		try {
			const view = await profileView(access.db, access.commune.id);
			const target = view.stale.find((s) => s.id === input.id && s.kind === input.kind);
			if (!target) return fail(409, { message: 'Cet élément n’est plus à retirer (déjà retiré, ou de nouveau proposé par vos réponses).' });
			await archiveRecord(access.db, access, target.kind, target.id);
			return { success: `« ${target.title} » est retiré.` };
		} catch (err) {
			return refuse(err, form);
		}
	}
};
