import { getDb } from '$lib/server/db';
import { progressView } from '$lib/server/progress-view';
import { communeEntry, listedMemberships } from '$lib/server/tenancy';
import { watchView } from '$lib/server/watch-view';

/** For a secretary with several communes: each one's progress and what is late, on one page. */
export async function load(event) {
	const { locals } = event;
	if (!locals.user) return { overview: [] };
	const db = await getDb();
	const mine = (await listedMemberships(event, db, locals.user)).map(communeEntry);
	const overview = [];
	for (const c of mine) {
		const [progress, watch] = await Promise.all([progressView(db, c.id), watchView(db, c.id)]);
		overview.push({
			id: c.id,
			done: progress.recipes.filter((r) => r.state === 'terminee').length,
			total: progress.recipes.length,
			covered: progress.obligations.covered,
			obligations: progress.obligations.total,
			next: progress.next,
			started: progress.started,
			reopened: progress.reopened.map((r) => r.recipeTitle),
			late: watch.lateActions.length + watch.lateRequests.length,
			breaches: watch.breaches.length
		});
	}
	return { overview };
}
