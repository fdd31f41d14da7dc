import { formInput, refuse } from '$lib/server/actions';
import { invite, listMembers, listPendingInvitations, removeMember, revokeInvitation } from '$lib/server/domain/members';
import { readForm } from '$lib/server/forms';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { requireCommune, ROLE_LABELS } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune, canEdit } = await requireCommune(event);
	const [members, pending] = await Promise.all([
		listMembers(db, commune.id),
		canEdit ? listPendingInvitations(db, commune.id) : Promise.resolve([])
	]);
	return {
		members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
		pending: pending.map((p) => ({ ...p, roleLabel: ROLE_LABELS[p.role] })),
		roles: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
		formToken: newFormToken()
	};
}

export const actions = {
	invite: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			// One invitation per rendered form. Its link exists only in the first answer (only its hash is kept).
			let token = '';
			const made = await onceIn(access.db, access.user.id, formTokenOf(form), `invitation:${access.commune.id}`, async (tx) => {
				const created = await invite(tx, access, formInput(form));
				token = created.token;
				return created.id;
			});
			if (made.replayed) return { success: 'Cette invitation a déjà été créée par ce formulaire ; son lien a été affiché à ce moment-là. Si vous ne l’avez pas copié, annulez-la ci-dessous et créez-en une autre.' };
			return { success: 'Invitation créée. Copiez le lien et envoyez-le à la personne.', link: `${event.url.origin}/invitation/${token}` };
		} catch (err) {
			return refuse(err, form);
		}
	},
	revoke: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			await revokeInvitation(access.db, access, form?.get('id'));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: 'Invitation annulée : le lien ne fonctionne plus.' };
	},
	remove: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			await removeMember(access.db, access, form?.get('id'));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: 'Membre retiré.' };
	}
};
