import { error } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { listAccounts, setTrainer } from '$lib/server/domain/accounts';
import { issuePasswordReset } from '$lib/server/domain/account-rights';
import { formatParis } from '$lib/french';
import { isUuid, readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';

function requireAdmin(event: Parameters<typeof requireUser>[0]) {
	const user = requireUser(event);
	if (!user.isGipAdmin) error(404, 'Page introuvable');
	return user;
}

export async function load(event) {
	requireAdmin(event);
	return listAccounts(await getDb(), { q: event.url.searchParams.get('q') ?? '', page: event.url.searchParams.get('page') ?? '1' });
}

export const actions = {
	trainer: async (event) => {
		const admin = requireAdmin(event);
		const form = await readForm(event.request);
		const id = form?.get('id');
		const value = form?.get('value') === 'true';
		if (!isUuid(id)) error(404, 'Page introuvable');
		try {
			await setTrainer(await getDb(), admin, id, value);
		} catch (err) {
			return refuse(err, form);
		}
		return { success: value ? 'Rôle de formateur accordé.' : 'Rôle de formateur retiré.' };
	},
	/** A one-time link to set a new password (until the app sends e-mail): shown once, here. */
	reset: async (event) => {
		const admin = requireAdmin(event);
		const form = await readForm(event.request);
		const id = form?.get('id');
		if (!isUuid(id)) error(404, 'Page introuvable');
		try {
			const { token, name, expiresAt } = await issuePasswordReset(await getDb(), admin, id);
			return {
				success: `Lien de réinitialisation créé pour ${name}.`,
				reset: { name, link: `${event.url.origin}/reinitialiser/${token}`, until: formatParis(expiresAt) }
			};
		} catch (err) {
			return refuse(err, form);
		}
	}
};
