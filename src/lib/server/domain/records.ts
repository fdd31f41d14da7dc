// Records of the declared kinds (supports, register fiches…): reading them, their completeness and
// title. Every write goes through the one write path, ./record-writes.ts.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { alsoKey, itemFrom } from '../../recipes/action-origins';
import { recordCompletenessIn, type CompletenessContext } from '../../recipes/completeness';
import type { Completeness } from '../../recipes/engine';
import { findRecordKind } from '../../recipes/records';
import { actionKind } from '../../recipes/registers';
import type { Answers, RecordKind } from '../../recipes/types';
import type { Executor } from '../db';
import { records, type RecordRow } from '../db/schema';
import { isUuid } from '../forms';
import { DomainError } from './errors';

export function recordKind(id: string): RecordKind {
	const kind = findRecordKind(id);
	if (!kind) throw new DomainError('Page introuvable', {}, 404);
	return kind;
}

export type { CommuneFacts, CompletenessContext } from '../../recipes/completeness';

/**
 * Completeness of a record: the one function every page, list, export, the dossier and the
 * progress call (see recipes/completeness.ts). Its context — the parent's data, the commune's
 * security measures and supports — comes from server/completeness.ts or a snapshot; it is required,
 * so that no caller can forget it.
 */
export function completenessOf(kind: RecordKind, data: Answers, ctx: CompletenessContext): Completeness {
	return recordCompletenessIn(kind, data, ctx);
}

export function recordTitle(kind: RecordKind, data: Answers): string {
	const t = data[kind.titleField];
	return typeof t === 'string' && t ? t : `Sans nom (${kind.singular})`;
}

export async function listRecords(db: Executor, communeId: string, kind: string, filter?: { field: string; value: string }) {
	const rows = await db
		.select()
		.from(records)
		.where(
			and(
				eq(records.communeId, communeId),
				eq(records.kind, kind),
				isNull(records.archivedAt),
				filter ? sql`${records.data}->>${filter.field} = ${filter.value}` : undefined
			)
		)
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
	return rows;
}

/**
 * A live record of this commune. `forUpdate` (in a transaction that changes it) locks it until the
 * transaction ends: a concurrent change waits, then sees this one's result.
 */
export async function getRecord(db: Executor, communeId: string, kind: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<RecordRow> {
	if (!isUuid(id)) throw new DomainError('Page introuvable', {}, 404);
	const query = db
		.select()
		.from(records)
		.where(and(eq(records.id, id), eq(records.communeId, communeId), eq(records.kind, kind), isNull(records.archivedAt)));
	const [row] = opts.forUpdate ? await query.for('update') : await query;
	if (!row) throw new DomainError('Page introuvable', {}, 404);
	return row;
}

export async function getParent(db: Executor, row: RecordRow): Promise<RecordRow | null> {
	if (!row.parentId) return null;
	const [parent] = await db.select().from(records).where(and(eq(records.id, row.parentId), isNull(records.archivedAt)));
	return parent ?? null;
}

/** The answers as the fields' conditions see them: attached records also see their parent. */
export function withParent(data: Answers, parent: Answers | null | undefined): Answers {
	return parent ? { ...data, __parent: parent } : data;
}

export interface LinkedAction {
	id: string;
	item: string;
	title: string;
	status: string;
	owner: string;
	dueDate: string;
}

/** Actions of the plan created from a record (or from a step: origin kind « step »). */
export async function actionsFrom(db: Executor, communeId: string, originKind: string, originId: string): Promise<LinkedAction[]> {
	const rows = await db
		.select()
		.from(records)
		.where(
			and(
				eq(records.communeId, communeId),
				eq(records.kind, actionKind.id),
				isNull(records.archivedAt),
				or(
					and(sql`${records.origin}->>'kind' = ${originKind}`, sql`${records.origin}->>'id' = ${originId}`),
					// The same measure raised here too (`action-origins.ts`).
					sql`(${records.origin}->>${alsoKey(originKind, originId)}::text) is not null`
				)
			)
		);
	return rows.map((r) => ({ id: r.id, item: itemFrom(r.origin, originKind, originId) ?? '', title: String(r.data.title ?? ''), status: String(r.data.status ?? ''), owner: String(r.data.owner ?? ''), dueDate: String(r.data.dueDate ?? '') }));
}
