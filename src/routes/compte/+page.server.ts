import { redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { SESSION_COOKIE, SESSION_LIFETIME } from '$lib/server/auth/session';
import { clearSessionCookie, sessionCookieOptions } from '$lib/server/cookies';
import { getDb } from '$lib/server/db';
import { changePassword, logOutEverywhere } from '$lib/server/domain/accounts';
import { readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';

export function load(event) {
	const user = requireUser(event);
	return { account: { name: user.name, email: user.email, isTrainer: user.isTrainer, isGipAdmin: user.isGipAdmin } };
}

export const actions = {
	password: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			const { token } = await changePassword(await getDb(), user, formInput(form));
			event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(new Date(Date.now() + SESSION_LIFETIME)));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: 'Mot de passe changé. Vos autres appareils ont été déconnectés.' };
	},
	everywhere: async (event) => {
		const user = requireUser(event);
		await logOutEverywhere(await getDb(), user);
		clearSessionCookie(event.cookies);
		redirect(303, '/connexion');
	}
};
