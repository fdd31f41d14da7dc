// A commune's progress for the pages that only read it (the dashboard, a step page, a training
// grid), kept per process and checked on every request against a fingerprint of what it is made
// of. Computing it means reading every live record of the commune with its answers and judging
// each one complete or not: the heaviest part of those pages, identical from one view to the next
// as long as nothing changed. The fingerprint is one small query: per commune, the saved steps
// (their content), the live records' ids and versions (every write of a record bumps its version;
// a record added, archived or deleted changes the set), the confirmed obligations. A change made
// by another process is seen at once: nothing here can be stale. Writes (saveStep) keep reading
// the progress themselves, in their transaction.
import { inArray, sql } from 'drizzle-orm';
import type { CommuneProgress } from '../recipes/engine';
import type { Executor } from './db';
import { communes } from './db/schema';
import { loadProgressOf } from './domain/recipes';

const cache = new Map<string, { fingerprint: string; progress: CommuneProgress }>();
const MAX_COMMUNES = 2_000;

// (The outer row is named in full, "communes"."id": drizzle writes a lone column of a one-table
// query unqualified, which inside the subqueries would mean their own table's id.)
async function fingerprints(db: Executor, communeIds: string[]): Promise<Map<string, string>> {
	const rows = await db
		.select({
			id: communes.id,
			steps: sql<string>`(select count(*) || ':' || coalesce(sum(hashtext(s.recipe_id || '/' || s.step_id || ':' || s.version || ':' || s.status || ':' || coalesce(s.completed_at::text, '') || ':' || s.answers::text)), 0) from step_answers s where s.commune_id = "communes"."id")`,
			records: sql<string>`(select count(*) || ':' || coalesce(sum(hashtext(r.id::text || ':' || r.version)), 0) from records r where r.commune_id = "communes"."id" and r.archived_at is null)`,
			confirmed: sql<string>`(select count(*) || ':' || coalesce(sum(hashtext(o.obligation_id)), 0) from obligation_confirmations o where o.commune_id = "communes"."id")`
		})
		.from(communes)
		.where(inArray(communes.id, communeIds));
	return new Map(rows.map((r) => [r.id, `${r.steps}|${r.records}|${r.confirmed}`]));
}

/**
 * The progress of these communes, as `loadProgressOf` gives it, computed again only for those
 * whose fingerprint changed since this process last computed it. Read-only: never change it.
 */
export async function progressOf(db: Executor, communeIds: string[]): Promise<Map<string, CommuneProgress>> {
	const out = new Map<string, CommuneProgress>();
	if (!communeIds.length) return out;
	const current = await fingerprints(db, communeIds);
	const stale = communeIds.filter((id) => !cache.has(id) || cache.get(id)!.fingerprint !== current.get(id));
	// Read after the fingerprint: what is kept is never older than its fingerprint says.
	const loaded = stale.length ? await loadProgressOf(db, stale) : new Map<string, CommuneProgress>();
	for (const id of communeIds) {
		const fresh = loaded.get(id);
		const entry = fresh ? { fingerprint: current.get(id) ?? '', progress: fresh } : cache.get(id)!;
		// Most recently used last; the oldest go beyond MAX_COMMUNES.
		cache.delete(id);
		if (current.has(id)) cache.set(id, entry);
		out.set(id, entry.progress);
	}
	for (const id of cache.keys()) {
		if (cache.size <= MAX_COMMUNES) break;
		cache.delete(id);
	}
	return out;
}

export async function progressOfCommune(db: Executor, communeId: string): Promise<CommuneProgress> {
	return (await progressOf(db, [communeId])).get(communeId)!;
}
