import { getDb } from '$lib/server/db';
import { communeEntry, requestMemberships } from '$lib/server/tenancy';

export async function load(event) {
	const { locals } = event;
	if (!locals.user) return { user: null, communes: [] };
	const db = await getDb();
	return { user: locals.user, communes: (await requestMemberships(event, db, locals.user.id)).map(communeEntry) };
}
