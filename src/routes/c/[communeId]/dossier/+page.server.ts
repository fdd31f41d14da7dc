import { redirect } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { generateDossier, listDossiers } from '$lib/server/domain/dossiers';
import { heavy } from '$lib/server/heavy';
import { requireCommune } from '$lib/server/tenancy';
import { RECORD_KINDS } from '$lib/recipes/records';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const versions = await listDossiers(db, commune.id);
	return {
		versions,
		kindNames: Object.fromEntries(Object.values(RECORD_KINDS).map((k) => [k.id, k.plural])),
		same: event.url.searchParams.get('identique'),
		created: event.url.searchParams.get('version')
	};
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		let result;
		try {
			result = await heavy('dossier', access.user.id, () => generateDossier(access.db, access));
		} catch (err) {
			return refuse(err, null);
		}
		redirect(303, `/c/${access.commune.id}/dossier?${result.created ? 'version' : 'identique'}=${result.version}`);
	}
};
