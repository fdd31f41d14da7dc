// What the erasure of a person (art. 17) and the end of a record's retention do to the rest of the
// app: the journal keeps each entry (who, when, which field) with the values replaced by
// « [effacé le …] », and the stored dossier versions lose the same values (outputs.md §8).
// The records themselves are written by the one write path (`record-writes.ts`), which calls these
// helpers in its transaction.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { formatDate, today } from '../../french';
import { kindFields } from '../../recipes/records';
import type { Answers, FieldDef, RecordKind } from '../../recipes/types';
import type { Executor } from '../db';
import { auditLog, dossiers } from '../db/schema';

/** « [effacé le 6 décembre 2026] » (the Paris date of `now`). */
export function erasedMark(now: Date): string {
	return `[effacé le ${formatDate(today(now))}]`;
}

const ERASED_PREFIX = '[effacé le ';
const isErased = (v: unknown) => typeof v === 'string' && v.startsWith(ERASED_PREFIX);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const TEXT_TYPES = new Set(['text', 'textarea']);

/**
 * The journal's append-only trigger lets this transaction rewrite values (`effacement`) or delete
 * old page views (`purge`), and nothing else (migration 0008). The setting ends with the transaction.
 */
export async function allowJournal(tx: Executor, mode: 'effacement' | 'purge'): Promise<void> {
	await tx.execute(sql`select set_config('superchef.journal', ${mode}, true)`);
}

/**
 * A record's data with these fields erased: a text keeps the mark (the page then says what
 * happened), any other answer (a civility, an e-mail) is removed.
 */
export function eraseData(data: Answers, fields: FieldDef[], mark: string): { data: Answers; erased: FieldDef[] } {
	const out: Answers = { ...data };
	const erased: FieldDef[] = [];
	for (const f of fields) {
		const v = out[f.name];
		if (isEmpty(v) || isErased(v)) continue;
		erased.push(f);
		if (TEXT_TYPES.has(f.type)) out[f.name] = mark;
		else delete out[f.name];
	}
	return { data: out, erased };
}

/** The journal's keys of these fields: `mergeAnswers` writes « label », or « label (name) » when a label is shared. */
export function journalKeys(kind: RecordKind, fields: FieldDef[]): Set<string> {
	const keys = new Set<string>();
	for (const f of fields) {
		keys.add(f.label);
		keys.add(`${f.label} (${f.name})`);
		keys.add(f.name);
	}
	// The removal's entry names the record by its title (`{ name: title }`).
	if (fields.some((f) => f.name === kind.titleField)) keys.add('name');
	return keys;
}

/** Keys the app writes itself, never a person's data: kept when every value of an entry goes. */
const KEPT_KEYS = new Set(['Provenance', 'Motif', 'Champs effacés']);

const markValue = (v: unknown, mark: string) => (isEmpty(v) || isErased(v) ? v : mark);

/** An entry's changes with the values of these keys (all but the provenance when `keys` is 'all') replaced by the mark. */
export function redactChanges(changes: Record<string, unknown>, keys: Set<string> | 'all', mark: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(changes)) {
		const hit = keys === 'all' ? !KEPT_KEYS.has(k) : keys.has(k);
		if (!hit) out[k] = v;
		else if (v && typeof v === 'object' && !Array.isArray(v) && ('avant' in v || 'apres' in v)) {
			const pair = v as { avant?: unknown; apres?: unknown };
			out[k] = { ...pair, avant: markValue(pair.avant, mark), apres: markValue(pair.apres, mark) };
		} else out[k] = markValue(v, mark);
	}
	return out;
}

/**
 * Replaces, in the journal entries about these records of this commune (or, with `null`, about
 * these accounts, which belong to no commune), the values of the given
 * keys (or all of them). Call it in the transaction that erases or deletes the records.
 */
export async function redactJournal(tx: Executor, communeId: string | null, recordIds: string[], keys: Set<string> | 'all', mark: string): Promise<number> {
	if (!recordIds.length) return 0;
	const rows = await tx
		.select({ id: auditLog.id, changes: auditLog.changes })
		.from(auditLog)
		.where(and(communeId ? eq(auditLog.communeId, communeId) : isNull(auditLog.communeId), inArray(auditLog.entityId, recordIds)));
	let n = 0;
	for (const r of rows) {
		const next = redactChanges(r.changes, keys, mark);
		if (JSON.stringify(next) === JSON.stringify(r.changes)) continue;
		if (n === 0) await allowJournal(tx, 'effacement');
		await tx.update(auditLog).set({ changes: next }).where(eq(auditLog.id, r.id));
		n++;
	}
	return n;
}

/**
 * The stored dossier versions keep a snapshot of the records: the same values go from them. The
 * version keeps the fingerprint it was issued with; its PDF, re-made, shows the mark instead.
 */
export async function redactDossiers(tx: Executor, communeId: string, targets: Map<string, { kind: RecordKind; fields: FieldDef[] | 'all' }>, mark: string): Promise<void> {
	if (!targets.size) return;
	const rows = await tx.select({ id: dossiers.id, snapshot: dossiers.snapshot }).from(dossiers).where(eq(dossiers.communeId, communeId));
	for (const row of rows) {
		const list = (row.snapshot as { records?: { id: string; data: Answers }[] }).records;
		if (!Array.isArray(list)) continue;
		let changed = false;
		const recordsOut = list.map((r) => {
			const t = targets.get(r.id);
			if (!t) return r;
			const { data, erased } = eraseData(r.data ?? {}, t.fields === 'all' ? kindFields(t.kind) : t.fields, mark);
			if (!erased.length) return r;
			changed = true;
			return { ...r, data };
		});
		if (changed) await tx.update(dossiers).set({ snapshot: { ...row.snapshot, records: recordsOut } }).where(eq(dossiers.id, row.id));
	}
}
