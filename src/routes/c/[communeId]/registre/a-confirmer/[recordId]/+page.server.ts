import { redirect } from '@sveltejs/kit';
import { httpError, refuse } from '$lib/server/actions';
import { proposedEntries } from '$lib/server/domain/proposals';
import { confirmRecords } from '$lib/server/domain/record-writes';
import { getRecord } from '$lib/server/domain/records';
import { entryReview } from '$lib/server/review';
import { requireCommune } from '$lib/server/tenancy';
import { activityKind } from '$lib/recipes/records';
import { recordTitle } from '$lib/server/domain/records';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	try {
		const row = await getRecord(db, commune.id, activityKind.id, event.params.recordId);
		// The entry confirmed just before (after « Je confirme », the next one opens with its name).
		const previousId = event.url.searchParams.get('confirmee');
		let previous: string | null = null;
		if (previousId) {
			const prev = await getRecord(db, commune.id, activityKind.id, previousId).catch(() => null);
			if (prev?.confirmedAt) previous = recordTitle(activityKind, prev.data);
		}
		return { review: await entryReview(db, commune.id, row), previous };
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	/** « Je confirme »: the entry is confirmed by this person now; then the next proposed one, or the register. */
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		const base = `/c/${access.commune.id}`;
		const before = await proposedEntries(access.db, access.commune.id);
		try {
			await confirmRecords(access.db, access, activityKind.id, [event.params.recordId]);
		} catch (err) {
			return refuse(err, null);
		}
		// Idempotent: confirmed already, it goes on all the same.
		const left = new Set((await proposedEntries(access.db, access.commune.id)).map((e) => e.id));
		const at = before.findIndex((e) => e.id === event.params.recordId);
		const next = before.slice(at + 1).find((e) => left.has(e.id)) ?? before.find((e) => left.has(e.id));
		if (next) redirect(303, `${base}/registre/a-confirmer/${next.id}?confirmee=${event.params.recordId}`);
		redirect(303, `${base}/registre?confirmees=1`);
	}
};
