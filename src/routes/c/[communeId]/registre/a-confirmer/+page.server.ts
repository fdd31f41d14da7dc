import { proposedEntries } from '$lib/server/domain/proposals';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	return { entries: await proposedEntries(db, commune.id) };
}
