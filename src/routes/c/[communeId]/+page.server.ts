import { listAudit } from '$lib/server/audit';
import { listMembers } from '$lib/server/domain/members';
import { progressView } from '$lib/server/progress-view';
import { watchView } from '$lib/server/watch-view';
import { requireCommune, ROLE_LABELS } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const [members, audit, view, watch] = await Promise.all([listMembers(db, commune.id), listAudit(db, commune.id, { limit: 8 }), progressView(db, commune.id), watchView(db, commune.id)]);
	return {
		watch,
		recipes: view.recipes,
		next: view.next,
		obligations: view.obligations,
		members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
		audit
	};
}
