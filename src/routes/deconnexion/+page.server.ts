import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/cookies';
import { getDb } from '$lib/server/db';
import { logOut } from '$lib/server/domain/accounts';

export function load() {
	redirect(303, '/');
}

export const actions = {
	default: async ({ locals, cookies }) => {
		if (locals.user && locals.session) await logOut(await getDb(), locals.user, locals.session.id);
		clearSessionCookie(cookies);
		redirect(303, '/connexion');
	}
};
