// A commune's progress for the pages that only read it (the dashboard, a step page, a training
// grid), kept per process and checked on every request against a fingerprint of what it is made
// of. Computing it means reading every live record of the commune with its answers and judging
// each one complete or not (a register entry against the commune's security answers and its
// supports): the heaviest part of those pages, identical from one view to the next as long as
// nothing changed. The fingerprint is one small query over the `xmin` of every row the progress
// reads — the commune's saved steps, live records and confirmed obligations — plus their count:
// PostgreSQL (and PGlite) gives each row version a new xmin, so any write, through the app or not,
// even one that bumps no version number, changes it; a row added, archived or deleted changes the
// set. A change made by another process is seen at once: nothing here can be stale. The values
// kept are frozen (a caller cannot change what the next one gets) and the cache is bounded in
// bytes (approximate), the communes seen longest ago dropped first. Writes (saveStep) keep reading
// the progress themselves, in their transaction.
import { inArray, sql } from 'drizzle-orm';
import type { CommuneProgress } from '../recipes/engine';
import { approxBytes, deepFreeze } from './cache-size';
import type { Executor } from './db';
import { communes } from './db/schema';
import { loadProgressOf } from './domain/recipes';

interface Cached {
	fingerprint: string;
	progress: CommuneProgress;
	bytes: number;
}
const cache = new Map<string, Cached>();
/** About 16 MB of progress (a commune's is mostly its saved answers: a few kilobytes). */
export const PROGRESS_CACHE_MAX_BYTES = 16 * 1024 * 1024;
let cachedBytes = 0;
let maxBytes = PROGRESS_CACHE_MAX_BYTES;

/** Sets the cache's bound (tests; the default otherwise). */
export function limitProgressCache(bytes = PROGRESS_CACHE_MAX_BYTES) {
	maxBytes = bytes;
}

/** What the cache holds now (for tests and measures). */
export function progressCacheStats() {
	return { communes: cache.size, bytes: cachedBytes };
}

// (The outer row is named in full, "communes"."id": drizzle writes a lone column of a one-table
// query unqualified, which inside the subqueries would mean their own table's id.)
async function fingerprints(db: Executor, communeIds: string[]): Promise<Map<string, string>> {
	const rows = await db
		.select({
			id: communes.id,
			steps: sql<string>`(select count(*) || ':' || coalesce(md5(string_agg(s.recipe_id || '/' || s.step_id || ':' || s.xmin::text, ',' order by s.recipe_id, s.step_id)), '') from step_answers s where s.commune_id = "communes"."id")`,
			records: sql<string>`(select count(*) || ':' || coalesce(md5(string_agg(r.id::text || ':' || r.xmin::text, ',' order by r.id)), '') from records r where r.commune_id = "communes"."id" and r.archived_at is null)`,
			confirmed: sql<string>`(select count(*) || ':' || coalesce(md5(string_agg(o.obligation_id || ':' || o.xmin::text, ',' order by o.obligation_id)), '') from obligation_confirmations o where o.commune_id = "communes"."id")`
		})
		.from(communes)
		.where(inArray(communes.id, communeIds));
	return new Map(rows.map((r) => [r.id, `${r.steps}|${r.records}|${r.confirmed}`]));
}

/**
 * The progress of these communes, as `loadProgressOf` gives it, computed again only for those
 * whose fingerprint changed since this process last computed it. Frozen: read it, never change it.
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
		const entry: Cached = fresh ? { fingerprint: current.get(id) ?? '', progress: deepFreeze(fresh), bytes: approxBytes(fresh) } : cache.get(id)!;
		// Most recently used last; the oldest go beyond PROGRESS_CACHE_MAX_BYTES.
		const old = cache.get(id);
		if (old) {
			cache.delete(id);
			cachedBytes -= old.bytes;
		}
		if (current.has(id)) {
			cache.set(id, entry);
			cachedBytes += entry.bytes;
		}
		out.set(id, entry.progress);
	}
	const asked = new Set(communeIds);
	for (const [id, entry] of cache) {
		if (cachedBytes <= maxBytes) break;
		if (asked.has(id)) continue;
		cache.delete(id);
		cachedBytes -= entry.bytes;
	}
	return out;
}

export async function progressOfCommune(db: Executor, communeId: string): Promise<CommuneProgress> {
	return (await progressOf(db, [communeId])).get(communeId)!;
}
