// The register page's list: every live activity of the commune with its completeness, filtered,
// then one page of 50 (a large body has 800 fiches: the page shows them 50 at a time, the counts
// and the filters still cover them all). The lines are cached, checked against xmins (see below).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { shortLabel } from '../recipes/fields';
import { activityKind, kindFields, supportKind } from '../recipes/records';
import type { Answers } from '../recipes/types';
import type { Executor } from './db';
import { communes, records } from './db/schema';
import { MEASURES_RECIPE, pendingProposal, type ConfirmationState } from '../recipes/completeness';
import { approxBytes, deepFreeze } from './cache-size';
import { loadCompleteness, type CommuneCompleteness } from './completeness';
import { displayValue, LEGAL_BASIS_SHORT } from './exports/register';
import { normalize } from './official-list';

export const REGISTER_PAGE_SIZE = 50;

export interface RegisterFilters {
	q: string;
	base: string;
	etat: string;
	sensibles: boolean;
}

export interface RegisterFiche {
	id: string;
	name: string;
	legalBasis: string;
	legalBasisLabel: string;
	sensitive: boolean;
	dpiaHint: string;
	percent: number;
	missing: string[];
	fromCatalogue: boolean;
	/** Pre-filled by the app and not yet confirmed by a named person. */
	proposed: boolean;
	updatedAt: string;
}

export function registerFilters(params: URLSearchParams): RegisterFilters {
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		base: params.get('base') ?? '',
		etat: params.get('etat') ?? '',
		sensibles: params.get('sensibles') === 'oui'
	};
}

/** The page asked for (`?page=`), 1 when missing or not a number; kept within the pages there are. */
export function pageNumber(raw: string | null, pages: number): number {
	const asked = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
	return Math.min(Math.max(1, asked), Math.max(1, pages));
}

const nameField = kindFields(activityKind).find((f) => f.name === 'name')!;

function ficheOf(row: { id: string; data: Answers; origin: Record<string, string>; updatedAt: Date } & ConfirmationState, judged: CommuneCompleteness): RegisterFiche {
	const c = judged.of(activityKind, row);
	return {
		id: row.id,
		name: displayValue(nameField, row.data.name, new Map()) || 'Sans nom',
		legalBasis: typeof row.data.legalBasis === 'string' ? row.data.legalBasis : '',
		legalBasisLabel: LEGAL_BASIS_SHORT[String(row.data.legalBasis)] ?? 'non renseignée',
		sensitive: row.data.hasSensitive === 'oui',
		dpiaHint: typeof row.data.dpiaHint === 'string' ? row.data.dpiaHint : '',
		percent: c.percent,
		missing: c.missing.map(shortLabel),
		fromCatalogue: Boolean(row.origin.catalogue),
		proposed: pendingProposal(row) !== null,
		updatedAt: row.updatedAt.toISOString()
	};
}

const live = (communeId: string) => and(eq(records.communeId, communeId), eq(records.kind, activityKind.id), isNull(records.archivedAt));
/** The register's order: by name, then creation. */
const registerOrder = [asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt)];
const xmin = sql<string>`${records}.xmin::text`;

/** Every live activity of the commune as the list shows it, computed afresh (no cache). */
export async function registerFichesUncached(db: Executor, communeId: string): Promise<RegisterFiche[]> {
	const [judged, rows] = await Promise.all([
		loadCompleteness(db, communeId),
		db
			.select({ id: records.id, data: records.data, origin: records.origin, updatedAt: records.updatedAt, proposal: records.proposal, confirmedAt: records.confirmedAt })
			.from(records).where(live(communeId)).orderBy(...registerOrder)
	]);
	return rows.map((r) => ficheOf(r, judged));
}

// A fiche's line depends on its own data and on the commune's facts (its security answers and its
// supports: the measures that apply to a fiche are those that protect its supports). So each
// process keeps the lines it made, per commune, with the fingerprint of the facts they were made
// with and, per fiche, the `xmin` of the row it was read from. PostgreSQL (and PGlite) gives every
// row version a new `xmin`: any write — through the app or not, even one that changes no version
// number — changes it. Each request asks the database only for the fiches' ids and xmins and the
// facts' fingerprint (one string over the xmins of the commune's security steps and live
// supports), then reads and judges just the fiches it has not seen as they are now — all of them
// when the facts changed. Checked against the database on every request, the cache cannot be
// stale, also with several processes. Its lines are frozen (a caller cannot change what the next
// one gets) and its size is bounded: the communes seen longest ago are dropped beyond
// REGISTER_CACHE_MAX_BYTES (approximate).
interface CachedFiche {
	xmin: string;
	fiche: RegisterFiche;
	bytes: number;
}
interface CachedCommune {
	facts: string;
	lines: Map<string, CachedFiche>;
	bytes: number;
}
const cache = new Map<string, CachedCommune>();
/** About 32 MB of lines (some 40,000 fiches). */
export const REGISTER_CACHE_MAX_BYTES = 32 * 1024 * 1024;
let cachedBytes = 0;
let maxBytes = REGISTER_CACHE_MAX_BYTES;

/** Sets the cache's bound (tests; the default otherwise), dropping what goes beyond it at the next request. */
export function limitRegisterCache(bytes = REGISTER_CACHE_MAX_BYTES) {
	maxBytes = bytes;
}

function remember(communeId: string, entry: CachedCommune) {
	cachedBytes -= cache.get(communeId)?.bytes ?? 0;
	cache.delete(communeId);
	cache.set(communeId, entry);
	cachedBytes += entry.bytes;
	for (const [id, old] of cache) {
		if (cachedBytes <= maxBytes || id === communeId) break;
		cache.delete(id);
		cachedBytes -= old.bytes;
	}
}

/** What the cache holds now (for tests and measures): communes, lines, approximate bytes. */
export function registerCacheStats() {
	return { communes: cache.size, lines: [...cache.values()].reduce((n, c) => n + c.lines.size, 0), bytes: cachedBytes };
}

/** The fingerprint of what every line of a commune depends on besides its own fiche. */
async function factsFingerprint(db: Executor, communeId: string): Promise<string> {
	const [row] = await db
		.select({
			steps: sql<string>`(select count(*) || ':' || coalesce(md5(string_agg(s.step_id || ':' || s.xmin::text, ',' order by s.step_id)), '') from step_answers s where s.commune_id = "communes"."id" and s.recipe_id = ${MEASURES_RECIPE})`,
			supports: sql<string>`(select count(*) || ':' || coalesce(md5(string_agg(r.id::text || ':' || r.xmin::text, ',' order by r.id)), '') from records r where r.commune_id = "communes"."id" and r.kind = ${supportKind.id} and r.archived_at is null)`
		})
		.from(communes)
		.where(eq(communes.id, communeId));
	return row ? `${row.steps}|${row.supports}` : '';
}

/** Every live activity of the commune as the list shows it, in the register's order. */
export async function registerFiches(db: Executor, communeId: string): Promise<RegisterFiche[]> {
	const head = { id: records.id, xmin };
	const known = cache.get(communeId);
	const [facts, now] = await Promise.all([factsFingerprint(db, communeId), known ? db.select(head).from(records).where(live(communeId)) : Promise.resolve(null)]);
	// The order (by name, then creation) changes only if a fiche changes, comes or goes: when every
	// fiche is as last seen, the last order holds, and the query need not read the fiches' answers
	// to sort them (800 of them, each stored compressed, took most of the database's time here).
	if (known && now && known.facts === facts && now.length === known.lines.size && now.every((h) => known.lines.get(h.id)?.xmin === h.xmin)) {
		remember(communeId, known);
		return [...known.lines.values()].map((c) => c.fiche);
	}
	const heads = await db.select(head).from(records).where(live(communeId)).orderBy(...registerOrder);
	const usable = known && known.facts === facts ? known.lines : undefined;
	const stale = heads.filter((h) => usable?.get(h.id)?.xmin !== h.xmin);
	const read = new Map<string, CachedFiche>();
	if (stale.length) {
		// The facts are read after their fingerprint: a line is never older than the fingerprint it is kept with.
		const [judged, rows] = await Promise.all([
			loadCompleteness(db, communeId),
			db
				.select({ id: records.id, data: records.data, origin: records.origin, updatedAt: records.updatedAt, proposal: records.proposal, confirmedAt: records.confirmedAt, xmin })
				.from(records)
				.where(and(live(communeId), inArray(records.id, stale.map((h) => h.id))))
		]);
		for (const row of rows) {
			const fiche = deepFreeze(ficheOf(row, judged));
			read.set(row.id, { xmin: row.xmin, fiche, bytes: approxBytes(fiche) + 64 });
		}
	}
	const staleIds = new Set(stale.map((h) => h.id));
	const lines = new Map<string, CachedFiche>();
	const out: RegisterFiche[] = [];
	let bytes = 0;
	for (const h of heads) {
		const c = read.get(h.id) ?? (staleIds.has(h.id) ? undefined : usable?.get(h.id));
		// Archived between the two queries: no longer in the register.
		if (!c) continue;
		// Saved between the two queries: its place in the order may be stale, so it is kept under the
		// xmin the order was made with, and read (and placed) again next time.
		lines.set(h.id, c.xmin === h.xmin ? c : { ...c, xmin: h.xmin });
		bytes += c.bytes;
		out.push(c.fiche);
	}
	remember(communeId, { facts, lines, bytes });
	return out;
}

export async function registerPage(db: Executor, communeId: string, filters: RegisterFilters, rawPage: string | null) {
	const all = await registerFiches(db, communeId);
	const nq = normalize(filters.q);
	const matching = all.filter(
		(f) =>
			(!nq || normalize(f.name).includes(nq)) &&
			(!filters.base || f.legalBasis === filters.base) &&
			(!filters.etat || (filters.etat === 'complete' ? f.percent === 100 : f.percent < 100)) &&
			(!filters.sensibles || f.sensitive)
	);
	const pages = Math.max(1, Math.ceil(matching.length / REGISTER_PAGE_SIZE));
	const page = pageNumber(rawPage, pages);
	const start = (page - 1) * REGISTER_PAGE_SIZE;
	return {
		fiches: matching.slice(start, start + REGISTER_PAGE_SIZE),
		/** Fiches matching the filters, over all pages. */
		matching: matching.length,
		total: all.length,
		complete: all.filter((f) => f.percent === 100).length,
		page,
		pages,
		/** Positions (from 1) of the first and last fiche shown. */
		from: matching.length ? start + 1 : 0,
		to: Math.min(start + REGISTER_PAGE_SIZE, matching.length)
	};
}
