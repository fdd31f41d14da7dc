import { error, redirect } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { acceptInvitation, describeInvitation } from '$lib/server/domain/members';
import { ROLE_LABELS } from '$lib/server/tenancy';

export async function load({ params, locals }) {
	const invitation = await describeInvitation(await getDb(), params.token, locals.user?.id);
	if (!invitation) error(404, 'Ce lien d’invitation n’est pas valide.');
	const currentRole = 'currentRole' in invitation ? invitation.currentRole : null;
	const change = currentRole && currentRole !== invitation.role;
	return {
		communeName: invitation.communeName,
		roleLabel: ROLE_LABELS[invitation.role],
		usable: invitation.usable,
		signedIn: Boolean(locals.user),
		// Already a member with another role: the page shows both, and the role changes only on confirmation.
		current: change ? { communeId: invitation.communeId, roleLabel: ROLE_LABELS[currentRole] } : null
	};
}

async function accept(locals: App.Locals, url: URL, token: string, changeRole: boolean) {
	if (!locals.user) redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname)}`);
	let communeId: string;
	try {
		({ communeId } = await acceptInvitation(await getDb(), locals.user, token, { changeRole }));
	} catch (err) {
		return refuse(err, null);
	}
	redirect(303, `/c/${communeId}`);
}

// Named actions (SvelteKit allows no `default` beside them): « accepter » keeps any current role.
export const actions = {
	accepter: ({ params, locals, url }) => accept(locals, url, params.token, false),
	/** The member confirmed the change of role shown on the page. */
	changer: ({ params, locals, url }) => accept(locals, url, params.token, true)
};
