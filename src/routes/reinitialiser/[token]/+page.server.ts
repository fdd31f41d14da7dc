import { redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { resetTarget, usePasswordReset } from '$lib/server/domain/account-rights';
import { readForm } from '$lib/server/forms';

export async function load(event) {
	const target = await resetTarget(await getDb(), event.params.token);
	return { name: target?.name ?? null };
}

export const actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		try {
			await usePasswordReset(await getDb(), event.params.token, formInput(form));
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, '/connexion?mot-de-passe=change');
	}
};
