// The register page's list: every live activity of the commune with its completeness, filtered,
// then one page of 50 (a large body has 800 fiches: the page shows them 50 at a time, the counts
// and the filters still cover them all). The lines are cached per fiche and version (see below).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { shortLabel } from '../recipes/fields';
import { activityKind, kindFields } from '../recipes/records';
import type { Answers } from '../recipes/types';
import type { Executor } from './db';
import { records } from './db/schema';
import { completenessOf } from './domain/records';
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

function ficheOf(row: { id: string; data: Answers; origin: Record<string, string>; updatedAt: Date }): RegisterFiche {
	const c = completenessOf(activityKind, row.data);
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
		updatedAt: row.updatedAt.toISOString()
	};
}

// A fiche's line depends on its own data only, which changes only with its version (every write
// bumps it and sets updated_at; an archived fiche leaves the list). So each process keeps the lines
// it made, by fiche, in the register's order, and each request asks the database only for the
// fiches' ids, versions and dates, then reads (and computes) just the fiches it has not seen in
// that version: a body of 800 fiches no longer sends 800 answer sets and their completeness on
// every view. Checked against the database on every request, the cache is never stale, also with
// several processes. Bounded: the communes seen longest ago are dropped beyond MAX_CACHED fiches.
interface CachedFiche {
	version: number;
	updatedAt: number;
	fiche: RegisterFiche;
}
const cache = new Map<string, Map<string, CachedFiche>>();
const MAX_CACHED = 20_000;
let cachedCount = 0;

function remember(communeId: string, fiches: Map<string, CachedFiche>) {
	cachedCount -= cache.get(communeId)?.size ?? 0;
	cache.delete(communeId);
	cache.set(communeId, fiches);
	cachedCount += fiches.size;
	for (const [id, old] of cache) {
		if (cachedCount <= MAX_CACHED || id === communeId) break;
		cache.delete(id);
		cachedCount -= old.size;
	}
}

/** Every live activity of the commune as the list shows it, in the register's order. */
export async function registerFiches(db: Executor, communeId: string): Promise<RegisterFiche[]> {
	const live = and(eq(records.communeId, communeId), eq(records.kind, 'activity'), isNull(records.archivedAt));
	const head = { id: records.id, version: records.version, updatedAt: records.updatedAt };
	const known = cache.get(communeId);
	// The order (by name, then creation) changes only if a fiche changes, comes or goes: when every
	// fiche is as last seen, the last order holds, and the query need not read the fiches' answers
	// to sort them (800 of them, each stored compressed, took most of the database's time here).
	if (known) {
		const now = await db.select(head).from(records).where(live);
		const same = now.length === known.size && now.every((h) => known.get(h.id)?.version === h.version && known.get(h.id)?.updatedAt === h.updatedAt.getTime());
		if (same) {
			remember(communeId, known);
			return [...known.values()].map((c) => c.fiche);
		}
	}
	const heads = await db
		.select(head)
		.from(records)
		.where(live)
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
	const stale = heads.filter((h) => {
		const c = known?.get(h.id);
		return !c || c.version !== h.version || c.updatedAt !== h.updatedAt.getTime();
	});
	const staleIds = new Set(stale.map((h) => h.id));
	const read = new Map<string, CachedFiche>();
	if (stale.length) {
		const rows = await db
			.select({ id: records.id, data: records.data, origin: records.origin, version: records.version, updatedAt: records.updatedAt })
			.from(records)
			.where(and(live, inArray(records.id, [...staleIds])));
		// Each line is kept with the version it was made from (a fiche saved meanwhile is read again next time).
		for (const row of rows) read.set(row.id, { version: row.version, updatedAt: row.updatedAt.getTime(), fiche: ficheOf(row) });
	}
	const fresh = new Map<string, CachedFiche>();
	const out: RegisterFiche[] = [];
	for (const h of heads) {
		const c = read.get(h.id) ?? (staleIds.has(h.id) ? undefined : known?.get(h.id));
		// Archived between the two queries: no longer in the register.
		if (!c) continue;
		fresh.set(h.id, c);
		out.push(c.fiche);
	}
	remember(communeId, fresh);
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
