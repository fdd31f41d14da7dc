import { downloadName, parisDate } from '$lib/french';
import { getDb } from '$lib/server/db';
import { exportMyData } from '$lib/server/domain/account-rights';
import { requireUser } from '$lib/server/tenancy';

/** The signed-in user's own data (art. 15 and 20), as a JSON file. */
export async function GET(event) {
	const user = requireUser(event);
	const now = new Date();
	const doc = await exportMyData(await getDb(), user, event.locals.session?.id ?? null, now);
	return new Response(JSON.stringify(doc, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${downloadName(['mes-donnees-super-chef-rgpd', parisDate(now)], 'json')}"`,
			'cache-control': 'private, no-store'
		}
	});
}
