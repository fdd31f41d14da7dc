import { listAudit } from '$lib/server/audit';
import { listMembers } from '$lib/server/domain/members';
import { requireCommune, ROLE_LABELS } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const [members, audit] = await Promise.all([listMembers(db, commune.id), listAudit(db, commune.id, { limit: 15 })]);
	return {
		members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
		audit
	};
}
