import { redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { SESSION_COOKIE, SESSION_LIFETIME } from '$lib/server/auth/session';
import { sessionCookieOptions } from '$lib/server/cookies';
import { getDb } from '$lib/server/db';
import { hasAdministrator } from '$lib/server/auth/setup';
import { signUp } from '$lib/server/domain/accounts';
import { readForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';

export async function load({ locals, url }) {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('suite')));
	// The setup code is asked only while the installation has no GIP administrator.
	return { next: safeNext(url.searchParams.get('suite')), askSetupCode: !(await hasAdministrator(await getDb())) };
}

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await readForm(request);
		let token: string;
		try {
			({ token } = await signUp(await getDb(), formInput(form), { ip: getClientAddress() }));
		} catch (err) {
			return refuse(err, form);
		}
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(new Date(Date.now() + SESSION_LIFETIME)));
		redirect(303, safeNext(form?.get('suite') ?? url.searchParams.get('suite')));
	}
};
