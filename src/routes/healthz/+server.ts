import { json } from '@sveltejs/kit';
import { getDatabase, ping } from '$lib/server/db';

export async function GET() {
	try {
		const database = await getDatabase();
		const ok = await ping(database.db);
		return json(
			{ status: ok ? 'ok' : 'error', database: ok ? 'reachable' : 'unreachable', engine: database.kind },
			{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
		);
	} catch {
		return json({ status: 'error', database: 'unreachable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
}
