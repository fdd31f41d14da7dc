import { error, redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { ADVICE_RIGHTS_MESSAGE, canEditAdvice, createAdvice, isValidTarget, targetGroups } from '$lib/server/domain/advice';
import { readForm } from '$lib/server/forms';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { requireUser } from '$lib/server/tenancy';

export async function load(event) {
	const user = requireUser(event);
	if (!canEditAdvice(user)) error(403, ADVICE_RIGHTS_MESSAGE);
	const cible = event.url.searchParams.get('cible') ?? '';
	return { groups: targetGroups(), target: isValidTarget(cible) ? cible : 'general', formToken: newFormToken() };
}

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		let id: string;
		try {
			id = (await onceIn(await getDb(), user.id, formTokenOf(form), 'conseil', async (tx) => (await createAdvice(tx, user, formInput(form))).id)).id;
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, `/conseils/${id}?cree=1`);
	}
};
