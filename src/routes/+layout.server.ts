import { getDb } from '$lib/server/db';
import { userCommunes } from '$lib/server/domain/members';

export async function load({ locals }) {
	if (!locals.user) return { user: null, communes: [] };
	const db = await getDb();
	return { user: locals.user, communes: await userCommunes(db, locals.user.id) };
}
