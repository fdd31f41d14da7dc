// The data a compliance dossier is made from, as one canonical JSON snapshot. Its SHA-256 is the
// dossier's fingerprint: the same data gives the same fingerprint, whenever it is generated.
import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, ne, notInArray } from 'drizzle-orm';
import type { Answers, Proposal } from '../../recipes/types';
import type { Executor } from '../db';
import { auditLog, communes, documents, obligationConfirmations, records, stepAnswers } from '../db/schema';

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotRecord {
	id: string;
	kind: string;
	parentId: string | null;
	data: Answers;
	origin: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	/** Present on a record carried in by a JSON import (its content is the file's claim). */
	importedAt?: string;
	/** Why the app proposed it (null: typed by a person); who confirmed it and when (null: not confirmed). Absent from older snapshots. */
	proposal: Proposal | null;
	confirmedAt: string | null;
	confirmedByName: string | null;
}

/** A document produced by the app here, or (`importedAt`) listed by an imported file: its PDF stayed elsewhere. */
export interface SnapshotDocument {
	id: string;
	kind: string;
	title: string;
	generatedAt: string;
	generatedByName: string;
	sha256: string;
	importedAt?: string;
}

/** The entity and action of the journal entry an import writes (its `changes` list the documents carried over). */
export const IMPORT_ENTITY = 'organisme';
export const IMPORT_ACTION = 'import';

/** What identifies a commune in a dossier snapshot and in a full export. */
export interface CommuneIdentity {
	id: string;
	type: string;
	name: string;
	inseeCode: string | null;
	departement: string | null;
	population: number | null;
	postalCode: string | null;
	siren: string | null;
	address: string;
	mayorName: string;
	email: string;
	phone: string;
}

/** The identity of a commune row, as snapshots and exports record it (the same fields, the same order). */
export function communeIdentity(c: CommuneIdentity): CommuneIdentity {
	return { id: c.id, type: c.type, name: c.name, inseeCode: c.inseeCode, departement: c.departement, population: c.population, postalCode: c.postalCode, siren: c.siren, address: c.address, mayorName: c.mayorName, email: c.email, phone: c.phone };
}

export interface Snapshot {
	format: number;
	commune: CommuneIdentity;
	/** Answers of every step, by "recipe/step". */
	steps: Record<string, { answers: Answers; status: string; completedAt: string | null; updatedAt: string }>;
	records: SnapshotRecord[];
	documents: SnapshotDocument[];
	confirmations: { obligationId: string; note: string; confirmedAt: string }[];
	/** The audit log, summarised: the 12 months before the last change, by month and by entity. */
	audit: { from: string | null; to: string | null; total: number; months: { month: string; count: number; entities: Record<string, number> }[] };
	/** The history an imported file told (absent when nothing was imported): counted apart, never as recorded here. */
	importedAudit?: { total: number; from: string; to: string; importedAt: string[] };
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The documents an import entry lists (metadata from the file), marked with the import's date. */
export function carriedDocuments(changes: Record<string, unknown>, importedAt: string): SnapshotDocument[] {
	const out: SnapshotDocument[] = [];
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	for (const d of Array.isArray(changes.documents) ? changes.documents : []) {
		if (!d || typeof d !== 'object') continue;
		const x = d as Record<string, unknown>;
		if (!SHA256.test(str(x.sha256))) continue;
		out.push({ id: str(x.id), kind: str(x.kind), title: str(x.title), generatedAt: str(x.generatedAt), generatedByName: str(x.generatedByName), sha256: str(x.sha256), importedAt });
	}
	for (const d of Array.isArray(changes.dossiers) ? changes.dossiers : []) {
		if (!d || typeof d !== 'object') continue;
		const x = d as Record<string, unknown>;
		if (!SHA256.test(str(x.fingerprint))) continue;
		out.push({ id: str(x.id), kind: 'dossier', title: `Dossier de conformité, version ${Number(x.version) || '?'}`, generatedAt: str(x.generatedAt), generatedByName: str(x.generatedByName), sha256: str(x.fingerprint), importedAt });
	}
	return out;
}

/** The documents and dossiers JSON imports listed for this commune (metadata from the files, PDFs elsewhere). */
export async function importedDocuments(db: Executor, communeId: string): Promise<SnapshotDocument[]> {
	const rows = await db
		.select({ at: auditLog.at, changes: auditLog.changes })
		.from(auditLog)
		.where(and(eq(auditLog.communeId, communeId), eq(auditLog.entity, IMPORT_ENTITY), eq(auditLog.action, IMPORT_ACTION), isNull(auditLog.importedAt)))
		.orderBy(asc(auditLog.id));
	return rows.flatMap((r) => carriedDocuments(r.changes, r.at.toISOString()));
}

/** Entries that are not changes of the commune's data (they must not change the fingerprint). */
export const NON_DATA_ENTITIES = ['dossier', 'consultation', 'export'];

export async function buildSnapshot(db: Executor, communeId: string): Promise<Snapshot> {
	const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
	if (!commune) throw new Error(`commune ${communeId} not found`);
	const [stepRows, recordRows, documentRows, confirmationRows, auditRows] = await Promise.all([
		db.select().from(stepAnswers).where(eq(stepAnswers.communeId, communeId)),
		db
			.select()
			.from(records)
			.where(and(eq(records.communeId, communeId), isNull(records.archivedAt)))
			.orderBy(asc(records.kind), asc(records.createdAt), asc(records.id)),
		db
			.select({ id: documents.id, kind: documents.kind, title: documents.title, generatedAt: documents.generatedAt, generatedByName: documents.generatedByName, sha256: documents.sha256 })
			.from(documents)
			.where(eq(documents.communeId, communeId))
			.orderBy(asc(documents.generatedAt), asc(documents.id)),
		db.select().from(obligationConfirmations).where(eq(obligationConfirmations.communeId, communeId)).orderBy(asc(obligationConfirmations.obligationId)),
		db
			.select({ at: auditLog.at, entity: auditLog.entity, action: auditLog.action, changes: auditLog.changes, importedAt: auditLog.importedAt })
			.from(auditLog)
			.where(and(eq(auditLog.communeId, communeId), notInArray(auditLog.entity, NON_DATA_ENTITIES), ne(auditLog.action, 'consultation')))
			.orderBy(asc(auditLog.id))
	]);
	// What this installation recorded, and the history files told (kept apart).
	const recorded = auditRows.filter((r) => !r.importedAt);
	const importedRows = auditRows.filter((r) => r.importedAt);
	const imports = recorded.filter((r) => r.entity === IMPORT_ENTITY && r.action === IMPORT_ACTION);
	const steps: Snapshot['steps'] = {};
	for (const r of [...stepRows].sort((a, b) => `${a.recipeId}/${a.stepId}`.localeCompare(`${b.recipeId}/${b.stepId}`))) {
		steps[`${r.recipeId}/${r.stepId}`] = { answers: r.answers, status: r.status, completedAt: r.completedAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() };
	}
	return {
		format: SNAPSHOT_FORMAT,
		commune: communeIdentity(commune),
		steps,
		records: recordRows.map((r) => ({
			id: r.id,
			kind: r.kind,
			parentId: r.parentId,
			data: r.data,
			origin: r.origin,
			createdAt: r.createdAt.toISOString(),
			updatedAt: r.updatedAt.toISOString(),
			...(r.importedAt ? { importedAt: r.importedAt.toISOString() } : {}),
			proposal: r.proposal,
			confirmedAt: r.confirmedAt?.toISOString() ?? null,
			confirmedByName: r.confirmedByName
		})),
		documents: [
			...documentRows.map((d) => ({ ...d, generatedAt: d.generatedAt.toISOString() })),
			...imports.flatMap((e) => carriedDocuments(e.changes, e.at.toISOString()))
		],
		confirmations: confirmationRows.map((c) => ({ obligationId: c.obligationId, note: c.note, confirmedAt: c.confirmedAt.toISOString() })),
		audit: summariseAudit(recorded),
		...(importedRows.length
			? {
					importedAudit: {
						total: importedRows.length,
						from: new Date(importedRows.reduce((m, r) => Math.min(m, r.at.getTime()), Infinity)).toISOString(),
						to: new Date(importedRows.reduce((m, r) => Math.max(m, r.at.getTime()), -Infinity)).toISOString(),
						importedAt: [...new Set(importedRows.map((r) => r.importedAt!.toISOString()))].sort()
					}
				}
			: {})
	};
}

export function summariseAudit(rows: { at: Date; entity: string }[]): Snapshot['audit'] {
	if (!rows.length) return { from: null, to: null, total: 0, months: [] };
	const last = rows[rows.length - 1]!.at;
	const from = new Date(last);
	from.setUTCFullYear(from.getUTCFullYear() - 1);
	const kept = rows.filter((r) => r.at > from);
	const months = new Map<string, { count: number; entities: Record<string, number> }>();
	for (const r of kept) {
		const key = r.at.toISOString().slice(0, 7);
		const m = months.get(key) ?? months.set(key, { count: 0, entities: {} }).get(key)!;
		m.count += 1;
		m.entities[r.entity] = (m.entities[r.entity] ?? 0) + 1;
	}
	return {
		from: kept[0]!.at.toISOString(),
		to: last.toISOString(),
		total: kept.length,
		months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, m]) => ({ month, ...m }))
	};
}

/** JSON with object keys sorted at every level and no whitespace: one text for one content. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function fingerprint(snapshot: Snapshot): string {
	return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

export interface SnapshotDiff {
	/** By record kind: added, changed, removed. */
	records: Record<string, { added: number; changed: number; removed: number }>;
	steps: { changed: number };
	documents: { added: number };
	identity: boolean;
}

/** What changed from one dossier's data to the next, in counts. */
export function diffSnapshots(before: Snapshot | null, after: Snapshot): SnapshotDiff {
	const out: SnapshotDiff = { records: {}, steps: { changed: 0 }, documents: { added: 0 }, identity: false };
	const bump = (kind: string, what: 'added' | 'changed' | 'removed') => {
		out.records[kind] ??= { added: 0, changed: 0, removed: 0 };
		out.records[kind][what] += 1;
	};
	const old = new Map((before?.records ?? []).map((r) => [r.id, r]));
	for (const r of after.records) {
		const prev = old.get(r.id);
		if (!prev) bump(r.kind, 'added');
		else if (canonicalJson(prev.data) !== canonicalJson(r.data)) bump(r.kind, 'changed');
		old.delete(r.id);
	}
	for (const r of old.values()) bump(r.kind, 'removed');
	const keys = new Set([...Object.keys(before?.steps ?? {}), ...Object.keys(after.steps)]);
	for (const k of keys) if (canonicalJson(before?.steps[k]?.answers ?? null) !== canonicalJson(after.steps[k]?.answers ?? null)) out.steps.changed += 1;
	const docs = new Set((before?.documents ?? []).map((d) => d.id));
	out.documents.added = after.documents.filter((d) => !docs.has(d.id)).length;
	out.identity = canonicalJson(before?.commune ?? null) !== canonicalJson(after.commune);
	return out;
}
