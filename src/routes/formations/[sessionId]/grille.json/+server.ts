import { json } from '@sveltejs/kit';
import { httpError } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { progressGrid, sessionOfTrainer } from '$lib/server/domain/training';
import { requireUser, sessionGivesAccess } from '$lib/server/tenancy';

/** The progress grid as JSON, polled by the session page while the trainer watches. */
export async function GET(event) {
	const user = requireUser(event);
	const db = await getDb();
	try {
		const session = await sessionOfTrainer(db, user, event.params.sessionId);
		const grid = await progressGrid(db, session);
		// A session over no longer shows the communes (same rule as the gate).
		return json(sessionGivesAccess(session) ? grid : { ...grid, rows: [] }, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		httpError(err);
	}
}
