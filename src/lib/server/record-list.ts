// Records as the lists show them: title, completeness, what is missing, and the kind's verdict
// (conformity result, DPIA verdict, deadline…) computed with its context.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { shortLabel } from '../recipes/fields';
import { RECORD_KINDS } from '../recipes/records';
import { pendingProposal, type CommuneFacts } from '../recipes/completeness';
import type { Answers, RecordKind, Summary, SummaryContext } from '../recipes/types';
import type { Executor } from './db';
import { records, type RecordRow } from './db/schema';
import { completenessOf, recordKind, recordTitle } from './domain/records';
import { loadCompleteness } from './completeness';

export interface RecordItem {
	id: string;
	title: string;
	percent: number;
	missing: string[];
	summary: Summary | null;
	updatedAt: string;
	/** The record came from an imported file. */
	imported?: boolean;
	/** « proposé, non confirmé »: why the app proposed it. */
	proposed?: string;
}

export interface ListContext {
	/** The commune's measures and supports, which a register entry's completeness depends on. */
	commune: CommuneFacts;
	/** Open and done actions by the record they came from. */
	actions: Map<string, SummaryContext['actions']>;
	/** Parents' data by id, for attached records. */
	parents: Map<string, Answers>;
	now: Date;
}

export async function listContext(db: Executor, communeId: string, kind: RecordKind, now = new Date()): Promise<ListContext> {
	const [judged, actionRows] = await Promise.all([
		loadCompleteness(db, communeId, [kind]),
		db
			.select({ origin: records.origin, data: records.data })
			.from(records)
			.where(and(eq(records.communeId, communeId), eq(records.kind, 'action'), isNull(records.archivedAt), sql`${records.origin}->>'kind' = ${kind.id}`))
	]);
	return contextOf(kind, actionRows, [...judged.parents].map(([id, data]) => ({ id, data })), judged.facts, now);
}

/**
 * The same context from rows already loaded: `actionRows` may hold every live action of the
 * commune (only those that came from a record of `kind` are kept), `parentRows` the parents.
 */
export function contextOf(
	kind: RecordKind,
	actionRows: Pick<RecordRow, 'origin' | 'data'>[],
	parentRows: Pick<RecordRow, 'id' | 'data'>[],
	commune: CommuneFacts,
	now: Date
): ListContext {
	const actions = new Map<string, SummaryContext['actions']>();
	for (const a of actionRows) {
		if (a.origin.kind !== kind.id) continue;
		const id = a.origin.id ?? '';
		(actions.get(id) ?? actions.set(id, []).get(id)!).push({ item: a.origin.item ?? '', status: String(a.data.status ?? ''), title: String(a.data.title ?? ''), owner: String(a.data.owner ?? ''), dueDate: String(a.data.dueDate ?? '') });
	}
	return { commune, actions, parents: new Map(parentRows.map((p) => [p.id, p.data])), now };
}

export function describeRecord(
	kind: RecordKind,
	row: Pick<RecordRow, 'id' | 'data' | 'parentId' | 'updatedAt' | 'proposal' | 'confirmedAt'> & { importedAt?: Date | null },
	ctx: ListContext
): RecordItem {
	const parent = row.parentId ? (ctx.parents.get(row.parentId) ?? null) : null;
	const proposal = pendingProposal(row);
	const c = completenessOf(kind, row.data, { parent, commune: ctx.commune, proposal });
	return {
		id: row.id,
		title: recordTitle(kind, row.data),
		percent: c.percent,
		missing: c.missing.map(shortLabel),
		summary: kind.summary ? kind.summary(row.data, { now: ctx.now, actions: ctx.actions.get(row.id) ?? [], parent: parent ?? undefined }) : null,
		updatedAt: row.updatedAt.toISOString(),
		...(row.importedAt ? { imported: true } : {}),
		...(proposal ? { proposed: proposal.why } : {})
	};
}

export async function describeRecords(db: Executor, communeId: string, kindId: string, rows: RecordRow[], now = new Date()): Promise<RecordItem[]> {
	const kind = recordKind(kindId);
	const ctx = await listContext(db, communeId, kind, now);
	return rows.map((r) => describeRecord(kind, r, ctx));
}

export interface ParentItem {
	parentId: string;
	parentTitle: string;
	required: boolean;
	child: RecordItem | null;
}

/** For a kind attached to activities: every activity with its record (or none yet). */
export async function describePerParent(
	db: Executor,
	communeId: string,
	kindId: string,
	requiredFor?: (parent: Answers, attached: Record<string, Answers>) => boolean,
	now = new Date()
): Promise<ParentItem[]> {
	const kind = recordKind(kindId);
	const parentKind = RECORD_KINDS[kind.parentKind ?? '']!;
	const all = await db.select().from(records).where(and(eq(records.communeId, communeId), isNull(records.archivedAt)));
	const parents = all.filter((r) => r.kind === parentKind.id).sort((a, b) => recordTitle(parentKind, a.data).localeCompare(recordTitle(parentKind, b.data), 'fr'));
	const ctx = await listContext(db, communeId, kind, now);
	return parents.map((p) => {
		const attached: Record<string, Answers> = {};
		for (const r of all) if (r.parentId === p.id) attached[r.kind] = r.data;
		const child = all.find((r) => r.parentId === p.id && r.kind === kind.id);
		return {
			parentId: p.id,
			parentTitle: recordTitle(parentKind, p.data),
			required: requiredFor ? requiredFor(p.data, attached) : false,
			child: child ? describeRecord(kind, child, ctx) : null
		};
	});
}
