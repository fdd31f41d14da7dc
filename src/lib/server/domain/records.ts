// Records of the declared kinds (supports, register fiches): create, save with conflict detection,
// archive, and create from the commune catalogue. Every write is audited in its transaction.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { CATALOGUE } from '../../catalogue/entries';
import type { CatalogueEntry } from '../../catalogue/types';
import { recordCompleteness, parseFields, type Completeness } from '../../recipes/engine';
import { isAnswered } from '../../recipes/fields';
import { kindFields, RECORD_KINDS, SECURITY_FIELD_NAMES } from '../../recipes/records';
import type { Answers, RecordKind } from '../../recipes/types';
import { appendAudit } from '../audit';
import type { Db, Executor } from '../db';
import { records, type FieldMeta, type RecordRow } from '../db/schema';
import { isUuid } from '../forms';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError } from './errors';
import { mergeAnswers, submittedNames, type SaveResult } from './saving';

export function recordKind(id: string): RecordKind {
	const kind = RECORD_KINDS[id];
	if (!kind) throw new DomainError('Page introuvable', {}, 404);
	return kind;
}

/** Completeness of a record; a fiche's security counts once, filled by any of its headings. */
export function completenessOf(kind: RecordKind, data: Answers): Completeness {
	return recordCompleteness(kind, data, kind.id === 'activity' ? [SECURITY_FIELD_NAMES] : []);
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

export async function getRecord(db: Executor, communeId: string, kind: string, id: string): Promise<RecordRow> {
	if (!isUuid(id)) throw new DomainError('Page introuvable', {}, 404);
	const [row] = await db
		.select()
		.from(records)
		.where(and(eq(records.id, id), eq(records.communeId, communeId), eq(records.kind, kind), isNull(records.archivedAt)));
	if (!row) throw new DomainError('Page introuvable', {}, 404);
	return row;
}

/** Keeps only references to this commune's live records of the right kind. */
async function checkReferences(tx: Executor, communeId: string, kind: RecordKind, values: Answers, errors: Record<string, string>) {
	for (const field of kindFields(kind)) {
		if (field.type !== 'records' || !Array.isArray(values[field.name])) continue;
		const ids = values[field.name] as string[];
		if (!ids.length) continue;
		const found = await tx
			.select({ id: records.id })
			.from(records)
			.where(and(inArray(records.id, ids), eq(records.communeId, communeId), eq(records.kind, field.recordKind ?? ''), isNull(records.archivedAt)));
		if (found.length !== new Set(ids).size) {
			delete values[field.name];
			errors[field.name] = `${field.label} : un des éléments choisis n’existe pas (ou plus) dans cette commune.`;
		}
	}
}

/**
 * Creates (id null) or updates a record with the submitted fields. Valid answers are saved even
 * when others are refused; answers changed by someone else since `baseVersion` are not overwritten.
 */
export async function saveRecord(
	db: Db,
	access: Access,
	kindId: string,
	id: string | null,
	input: Record<string, unknown>
): Promise<SaveResult & { id: string }> {
	assertCanEdit(access);
	const kind = recordKind(kindId);
	const fields = kindFields(kind);
	const names = submittedNames(input, fields);
	const { values, errors } = parseFields(fields, input, names);
	return db.transaction(async (tx) => {
		await checkReferences(tx, access.commune.id, kind, values, errors);
		let row: RecordRow | undefined;
		if (id) {
			if (!isUuid(id)) throw new DomainError('Page introuvable', {}, 404);
			[row] = await tx
				.select()
				.from(records)
				.where(and(eq(records.id, id), eq(records.communeId, access.commune.id), eq(records.kind, kind.id), isNull(records.archivedAt)))
				.for('update');
			if (!row) throw new DomainError('Page introuvable', {}, 404);
		}
		const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
		const merged = mergeAnswers(row?.data ?? {}, row?.fieldMeta ?? {}, row?.version ?? 0, values, input, access.user, labels);
		if (!row) {
			const [created] = await tx
				.insert(records)
				.values({
					communeId: access.commune.id,
					kind: kind.id,
					data: merged.answers,
					fieldMeta: merged.fieldMeta,
					version: 1,
					createdBy: access.user.id,
					updatedBy: access.user.id
				})
				.returning();
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: kind.id === 'activity' ? 'fiche du registre' : 'support',
				entityId: created!.id,
				action: 'création',
				changes: merged.changes
			});
			return { id: created!.id, version: 1, errors, conflicts: merged.conflicts, answers: merged.answers, fieldMeta: merged.fieldMeta, changed: true };
		}
		const changed = Object.keys(merged.changes).length > 0;
		const version = changed ? row.version + 1 : row.version;
		if (changed) {
			await tx
				.update(records)
				.set({ data: merged.answers, fieldMeta: merged.fieldMeta, version, updatedAt: new Date(), updatedBy: access.user.id })
				.where(eq(records.id, row.id));
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: kind.id === 'activity' ? 'fiche du registre' : 'support',
				entityId: row.id,
				action: 'modification',
				changes: merged.changes
			});
		}
		return { id: row.id, version, errors, conflicts: merged.conflicts, answers: merged.answers, fieldMeta: merged.fieldMeta, changed };
	});
}

/** Removes a record from the lists (kept in the database for the history). */
export async function archiveRecord(db: Db, access: Access, kindId: string, id: string): Promise<void> {
	assertCanEdit(access);
	const kind = recordKind(kindId);
	await db.transaction(async (tx) => {
		const row = await getRecord(tx, access.commune.id, kind.id, id);
		await tx.update(records).set({ archivedAt: new Date(), updatedBy: access.user.id }).where(eq(records.id, row.id));
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: kind.id === 'activity' ? 'fiche du registre' : 'support',
			entityId: row.id,
			action: 'suppression',
			changes: { name: recordTitle(kind, row.data) }
		});
	});
}

/** The fiche data a catalogue entry pre-fills. */
export function ficheFromCatalogue(entry: CatalogueEntry): Answers {
	const data: Answers = {
		name: entry.name,
		description: entry.description,
		purposes: entry.purposes,
		legalBasis: entry.legalBasis,
		legalBasisJustification: entry.legalBasisJustification,
		dataSubjects: entry.dataSubjects,
		dataCategories: entry.dataCategories,
		dataDetails: entry.dataDetails,
		hasSensitive: entry.sensitive.length ? 'oui' : 'non',
		sensitive: entry.sensitive,
		sensitiveJustification: entry.sensitiveJustification ?? '',
		retention: entry.retention,
		finalFate: entry.finalFate,
		retentionSource: entry.retentionSource.text + (entry.retentionSource.url ? ` (${entry.retentionSource.url})` : '') + (entry.retentionSource.weak ? ' — source à confirmer' : ''),
		recipientsInternal: entry.recipientsInternal,
		recipientsExternal: entry.recipientsExternal,
		processors: entry.processors,
		dpiaHint: entry.dpiaHint,
		dpiaReason: entry.dpiaReason
	};
	for (const k of Object.keys(data)) if (!isAnswered(data[k])) delete data[k];
	return data;
}

/** Creates one fiche per chosen catalogue entry not already in the register. */
export async function addFromCatalogue(db: Db, access: Access, entryIds: unknown): Promise<{ created: number; skipped: number }> {
	assertCanEdit(access);
	const ids = (Array.isArray(entryIds) ? entryIds : entryIds === undefined ? [] : [entryIds]).filter((v): v is string => typeof v === 'string');
	const entries = ids.map((id) => CATALOGUE.find((e) => e.id === id));
	if (entries.some((e) => !e)) throw new DomainError('Une des activités choisies n’existe pas dans le catalogue.', { entries: 'Choisissez parmi les activités proposées.' });
	if (!entries.length) throw new DomainError('Cochez au moins une activité.', { entries: 'Cochez au moins une activité du catalogue.' });
	return db.transaction(async (tx) => {
		const existing = await tx
			.select({ origin: records.origin })
			.from(records)
			.where(and(eq(records.communeId, access.commune.id), eq(records.kind, 'activity'), isNull(records.archivedAt)));
		const present = new Set(existing.map((r) => r.origin.catalogue).filter(Boolean));
		let created = 0;
		for (const entry of entries as CatalogueEntry[]) {
			if (present.has(entry.id)) continue;
			const data = ficheFromCatalogue(entry);
			const now = new Date().toISOString();
			const fieldMeta: FieldMeta = {};
			for (const k of Object.keys(data)) fieldMeta[k] = { by: access.user.id, byName: `${access.user.name} (catalogue)`, at: now, version: 1 };
			const [row] = await tx
				.insert(records)
				.values({ communeId: access.commune.id, kind: 'activity', data, fieldMeta, version: 1, origin: { catalogue: entry.id }, createdBy: access.user.id, updatedBy: access.user.id })
				.returning({ id: records.id });
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: 'fiche du registre',
				entityId: row!.id,
				action: 'création depuis le catalogue',
				changes: { name: entry.name, catalogue: entry.id }
			});
			present.add(entry.id);
			created += 1;
		}
		return { created, skipped: entries.length - created };
	});
}
