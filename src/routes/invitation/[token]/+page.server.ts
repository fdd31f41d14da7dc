import { error, redirect } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { acceptInvitation, describeInvitation } from '$lib/server/domain/members';
import { ROLE_LABELS } from '$lib/server/tenancy';

export async function load({ params, locals }) {
	const invitation = await describeInvitation(await getDb(), params.token);
	if (!invitation) error(404, 'Ce lien d’invitation n’est pas valide.');
	return {
		communeName: invitation.communeName,
		roleLabel: ROLE_LABELS[invitation.role],
		usable: invitation.usable,
		signedIn: Boolean(locals.user)
	};
}

export const actions = {
	default: async ({ params, locals, url }) => {
		if (!locals.user) redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname)}`);
		let communeId: string;
		try {
			({ communeId } = await acceptInvitation(await getDb(), locals.user, params.token));
		} catch (err) {
			return refuse(err, null);
		}
		redirect(303, `/c/${communeId}`);
	}
};
