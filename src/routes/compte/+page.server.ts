import { fail, redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { SESSION_COOKIE, SESSION_LIFETIME } from '$lib/server/auth/session';
import { clearSessionCookie, sessionCookieOptions } from '$lib/server/cookies';
import { getDb } from '$lib/server/db';
import { changePassword, logOutEverywhere } from '$lib/server/domain/accounts';
import { deleteAccount, updateProfile } from '$lib/server/domain/account-rights';
import { readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';

export function load(event) {
	const user = requireUser(event);
	return { account: { name: user.name, email: user.email, isTrainer: user.isTrainer, isGipAdmin: user.isGipAdmin } };
}

/** A refusal of one of the forms, marked so that its message shows next to that form only. */
function tagged(f: ReturnType<typeof refuse>, which: 'profile' | 'delete') {
	return fail(f.status, { ...f.data, which });
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
	// ---- The user's rights over their data (issue 14): separate actions, `which` tells the page whose message it is.
	profile: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			const { changed, name, email } = await updateProfile(await getDb(), user, formInput(form));
			// The page rendered after this action (and its header) shows the corrected account.
			event.locals.user = { ...user, name, email };
			return { which: 'profile', success: changed ? 'Vos informations sont corrigées.' : 'Rien n’a changé.' };
		} catch (err) {
			return tagged(refuse(err, form), 'profile');
		}
	},
	supprimer: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			await deleteAccount(await getDb(), user, formInput(form));
		} catch (err) {
			return tagged(refuse(err, form), 'delete');
		}
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/connexion?compte=supprime');
	},
	everywhere: async (event) => {
		const user = requireUser(event);
		await logOutEverywhere(await getDb(), user);
		clearSessionCookie(event.cookies);
		redirect(303, '/connexion');
	}
};
