import { requireCommune, ROLE_LABELS } from '$lib/server/tenancy';

export async function load(event) {
	const { commune, role, canEdit } = await requireCommune(event);
	return { commune, role, roleLabel: ROLE_LABELS[role], canEdit };
}
