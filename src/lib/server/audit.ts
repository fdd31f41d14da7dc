import { and, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from './db';
import { auditLog } from './db/schema';

export interface Actor {
	id: string;
	name: string;
}

export interface AuditInput {
	communeId?: string | null;
	entity: string;
	entityId: string;
	action: string;
	changes?: Record<string, unknown>;
	/** When it happened; the database's clock when absent (seeds and imports pass their own `now`). */
	at?: Date;
}

const SECRET_FIELDS = new Set(['password', 'passwordHash', 'token', 'tokenHash']);

/** Keeps secrets out of the journal: their change is recorded, never their value. */
function scrub(changes: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(changes)) out[k] = SECRET_FIELDS.has(k) ? '(modifié)' : v;
	return out;
}

function auditRow(actor: Actor | null, input: AuditInput) {
	return {
		userId: actor?.id ?? null,
		userName: actor?.name ?? '',
		communeId: input.communeId ?? null,
		entity: input.entity,
		entityId: input.entityId,
		action: input.action,
		changes: scrub(input.changes ?? {}),
		...(input.at ? { at: input.at } : {})
	};
}

/** Appends one entry; call it inside the transaction of the write it records. */
export async function appendAudit(tx: Executor, actor: Actor | null, input: AuditInput) {
	await tx.insert(auditLog).values(auditRow(actor, input));
}

/** Appends several entries at once (a batch of records created together), in the caller's transaction. */
export async function appendAudits(tx: Executor, actor: Actor | null, inputs: AuditInput[]) {
	if (!inputs.length) return;
	await tx.insert(auditLog).values(inputs.map((i) => auditRow(actor, i)));
}

/** The fields whose value differs, as { field: { avant, apres } }. */
export function diff<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): Record<string, { avant: unknown; apres: unknown }> {
	const out: Record<string, { avant: unknown; apres: unknown }> = {};
	for (const [k, v] of Object.entries(after)) {
		if (v === undefined) continue;
		if (JSON.stringify(before[k]) !== JSON.stringify(v)) out[k] = { avant: before[k], apres: v };
	}
	return out;
}

/**
 * The commune's journal, newest first. `imported`: false (the default) gives what was recorded here,
 * true the history carried in by a JSON import, kept apart and labelled as such.
 */
export async function listAudit(
	db: Executor,
	communeId: string,
	opts: { limit?: number; before?: number; imported?: boolean } = {}
) {
	const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
	const where: SQL[] = [eq(auditLog.communeId, communeId), opts.imported ? isNotNull(auditLog.importedAt) : isNull(auditLog.importedAt)];
	if (opts.before) where.push(lt(auditLog.id, opts.before));
	return db
		.select()
		.from(auditLog)
		.where(and(...where))
		.orderBy(desc(auditLog.id))
		.limit(limit);
}

/** How many journal entries a JSON import brought into this commune. */
export async function countImportedAudit(db: Executor, communeId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(and(eq(auditLog.communeId, communeId), isNotNull(auditLog.importedAt)));
	return Number(row?.n ?? 0);
}
