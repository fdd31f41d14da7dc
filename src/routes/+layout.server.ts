import { getDb } from '$lib/server/db';
import { communeEntry, listedMemberships } from '$lib/server/tenancy';

export async function load(event) {
	const { locals } = event;
	if (!locals.user) return { user: null, communes: [] };
	const db = await getDb();
	return { user: locals.user, communes: (await listedMemberships(event, db, locals.user)).map(communeEntry) };
}
