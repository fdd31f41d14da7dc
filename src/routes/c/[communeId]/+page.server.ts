import { refuse } from '$lib/server/actions';
import { listAudit } from '$lib/server/audit';
import { heavy } from '$lib/server/heavy';
import { resetPracticeCommune } from '$lib/server/domain/practice';
import { listMembers } from '$lib/server/domain/members';
import { journalView } from '$lib/server/journal-view';
import { mayorView } from '$lib/server/mayor-view';
import { progressView } from '$lib/server/progress-view';
import { watchView } from '$lib/server/watch-view';
import { requireCommune, ROLE_LABELS } from '$lib/server/tenancy';

export async function load(event) {
	const access = await requireCommune(event);
	const { db, commune, role } = access;
	const [members, audit, view, watch, mayor] = await Promise.all([
		listMembers(db, commune.id),
		listAudit(db, commune.id, { limit: 8 }).then((entries) => journalView(db, commune.id, entries)),
		progressView(db, commune.id),
		watchView(db, commune.id),
		// The mayor sees first what awaits him.
		role === 'elu' ? mayorView(db, access) : Promise.resolve(null)
	]);
	return {
		mayor,
		watch,
		recipes: view.recipes,
		next: view.next,
		started: view.started,
		reopened: view.reopened,
		obligations: view.obligations,
		members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
		audit
	};
}

export const actions = {
	/** A practice commune goes back to its starting state (the demo data). */
	reset: async (event) => {
		const access = await requireCommune(event, 'edit');
		try {
			await heavy('practice', access.user.id, () => resetPracticeCommune(access.db, access));
		} catch (err) {
			return refuse(err, null);
		}
		return { success: 'La commune d’exercice a retrouvé son état de départ.' };
	}
};
