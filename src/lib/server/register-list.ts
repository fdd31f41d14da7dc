// The register page's list: every live activity of the commune with its completeness, filtered,
// then one page of 50 (a large body has 800 fiches: the page shows them 50 at a time, the counts
// and the filters still cover them all).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { shortLabel } from '../recipes/fields';
import { activityKind, kindFields } from '../recipes/records';
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

/** Only the columns the list needs (not the answers' history), in the register's order. */
async function activityRows(db: Executor, communeId: string) {
	return db
		.select({ id: records.id, data: records.data, origin: records.origin, updatedAt: records.updatedAt })
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, 'activity'), isNull(records.archivedAt)))
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
}

export async function registerPage(db: Executor, communeId: string, filters: RegisterFilters, rawPage: string | null) {
	const all: RegisterFiche[] = (await activityRows(db, communeId)).map((row) => {
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
	});
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
