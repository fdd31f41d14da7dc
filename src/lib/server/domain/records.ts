// Records of the declared kinds (supports, register fiches): create, save with conflict detection,
// archive, and create from the commune catalogue. Every write is audited in its transaction.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { CATALOGUE } from '../../catalogue/entries';
import type { CatalogueEntry } from '../../catalogue/types';
import { recordCompleteness, parseFields, type Completeness } from '../../recipes/engine';
import { isAnswered } from '../../recipes/fields';
import { findRecordKind, kindFields, RECORD_KINDS, SECURITY_FIELD_NAMES } from '../../recipes/records';
import type { Answers, RecordKind } from '../../recipes/types';
import { appendAudit } from '../audit';
import type { Db, Executor } from '../db';
import { records, stepAnswers, type FieldMeta, type RecordRow } from '../db/schema';
import { isUuid } from '../forms';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError } from './errors';
import { mergeAnswers, submittedNames, type SaveResult } from './saving';
import { formatDateNumeric, today } from '../../french';

export function recordKind(id: string): RecordKind {
	const kind = findRecordKind(id);
	if (!kind) throw new DomainError('Page introuvable', {}, 404);
	return kind;
}

export interface CompletenessContext {
	/** The parent's data, for attached records whose fields depend on it. */
	parent?: Answers | null;
	/** Security measures done for the whole mairie, by register heading (recipe « Sécuriser le quotidien »). */
	security?: Record<string, string[]>;
}

/**
 * Completeness of a record. A fiche's security counts once, filled by any of its headings or by a
 * measure done for the whole mairie; attached records see their parent.
 */
export function completenessOf(kind: RecordKind, data: Answers, ctx: CompletenessContext = {}): Completeness {
	const seen = withParent(data, ctx.parent);
	if (kind.id !== 'activity') return recordCompleteness(kind, seen);
	const communeWide = Object.values(ctx.security ?? {}).some((l) => l.length > 0);
	return recordCompleteness(kind, communeWide ? { ...seen, securityOther: seen.securityOther || 'mesures communes' } : seen, [SECURITY_FIELD_NAMES]);
}

export function entityName(kind: RecordKind): string {
	return kind.entity ?? (kind.id === 'activity' ? 'fiche du registre' : kind.id === 'support' ? 'support' : kind.id);
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
		let parentId: string | null = row?.parentId ?? null;
		if (!row && kind.parentKind) {
			parentId = await checkParent(tx, access.commune.id, kind, input._parent);
			const [existing] = await tx
				.select({ id: records.id })
				.from(records)
				.where(and(eq(records.parentId, parentId), eq(records.kind, kind.id), isNull(records.archivedAt)));
			if (existing) throw new DomainError(`Cette activité a déjà ${kind.singular} : ouvrez-la pour la modifier.`, {}, 409);
		}
		const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
		const merged = mergeAnswers(row?.data ?? {}, row?.fieldMeta ?? {}, row?.version ?? 0, values, input, access.user, labels);
		if (!row) {
			const [created] = await tx
				.insert(records)
				.values({
					communeId: access.commune.id,
					kind: kind.id,
					parentId,
					data: merged.answers,
					fieldMeta: merged.fieldMeta,
					version: 1,
					createdBy: access.user.id,
					updatedBy: access.user.id
				})
				.returning();
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: entityName(kind),
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
			if (kind.id === 'action' && merged.answers.status === 'fait' && row.data.status !== 'fait') {
				await applyActionDone(tx, access, row, merged.answers);
			}
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: entityName(kind),
				entityId: row.id,
				action: 'modification',
				changes: merged.changes
			});
		}
		return { id: row.id, version, errors, conflicts: merged.conflicts, answers: merged.answers, fieldMeta: merged.fieldMeta, changed };
	});
}

/**
 * The parent named by `_parent` must be a live record of the parent kind in this commune. It stays
 * locked until the creation commits, so that two creations at once of the record attached to it
 * cannot both find none: the second waits, then finds the first one's.
 */
async function checkParent(tx: Executor, communeId: string, kind: RecordKind, raw: unknown): Promise<string> {
	if (!isUuid(raw)) throw new DomainError('Choisissez l’activité du registre concernée.', {}, 400);
	const [parent] = await tx
		.select({ id: records.id })
		.from(records)
		.where(and(eq(records.id, raw), eq(records.communeId, communeId), eq(records.kind, kind.parentKind!), isNull(records.archivedAt)))
		.for('no key update');
	if (!parent) throw new DomainError('Page introuvable', {}, 404);
	return parent.id;
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
}

/** Actions of the plan created from a record (or from the security recipe: kind 'security'). */
export async function actionsFrom(db: Executor, communeId: string, originKind: string, originId: string): Promise<LinkedAction[]> {
	const rows = await db
		.select()
		.from(records)
		.where(
			and(
				eq(records.communeId, communeId),
				eq(records.kind, 'action'),
				isNull(records.archivedAt),
				sql`${records.origin}->>'kind' = ${originKind}`,
				sql`${records.origin}->>'id' = ${originId}`
			)
		);
	return rows.map((r) => ({ id: r.id, item: r.origin.item ?? '', title: String(r.data.title ?? ''), status: String(r.data.status ?? '') }));
}

const ORIGIN_LABEL: Record<string, string> = { conformity: 'conformite', risk: 'risque', step: 'securite' };

/** An open action for this item, created if needed (one click from a non-conformity, a risk, a planned measure). */
export async function ensureAction(
	tx: Executor,
	access: Access,
	origin: { kind: string; id: string; item: string },
	title: string,
	details = ''
): Promise<{ id: string; created: boolean }> {
	const existing = (await actionsFrom(tx, access.commune.id, origin.kind, origin.id)).find((a) => a.item === origin.item && a.status !== 'fait');
	if (existing) return { id: existing.id, created: false };
	const data: Answers = { title, originKind: ORIGIN_LABEL[origin.kind] ?? 'manuel', details, priority: '2', status: 'a_faire' };
	const now = new Date().toISOString();
	const fieldMeta: FieldMeta = {};
	for (const k of Object.keys(data)) fieldMeta[k] = { by: access.user.id, byName: access.user.name, at: now, version: 1 };
	const [row] = await tx
		.insert(records)
		.values({ communeId: access.commune.id, kind: 'action', data, fieldMeta, version: 1, origin, createdBy: access.user.id, updatedBy: access.user.id })
		.returning({ id: records.id });
	await appendAudit(tx, access.user, {
		communeId: access.commune.id,
		entity: 'action du plan',
		entityId: row!.id,
		action: 'création',
		changes: { title, origine: `${origin.kind}:${origin.item}` }
	});
	return { id: row!.id, created: true };
}

/** Turns one problem of a record (a non-conformity, a high risk) into an action of the plan. */
export async function createActionFromRecord(db: Db, access: Access, kindId: string, recordId: string, item: unknown): Promise<{ id: string; created: boolean }> {
	assertCanEdit(access);
	const kind = recordKind(kindId);
	return db.transaction(async (tx) => {
		// Locked: the same problem turned into an action twice at once gives one action.
		const row = await getRecord(tx, access.commune.id, kind.id, recordId, { forUpdate: true });
		const parent = await getParent(tx, row);
		const spec = (kind.actionItems?.(row.data) ?? []).find((i) => i.item === item);
		if (!spec) throw new DomainError('Rien à corriger ici : ce point n’est pas (ou plus) un problème.', {}, 409);
		const about = parent ? ` — ${recordTitle(RECORD_KINDS[parent.kind]!, parent.data)}` : '';
		const why = typeof row.data[`p_${spec.item}_why`] === 'string' ? String(row.data[`p_${spec.item}_why`]) : '';
		return ensureAction(tx, access, { kind: kind.id, id: row.id, item: spec.item }, `${spec.title}${about}`, why);
	});
}

/** A done action updates what it came from: the principle becomes conforme, the measure done. */
async function applyActionDone(tx: Executor, access: Access, action: RecordRow, data: Answers) {
	const origin = action.origin;
	const when = typeof data.doneOn === 'string' && data.doneOn ? data.doneOn : today();
	const note = `Action « ${String(data.title ?? '')} » réalisée le ${formatDateNumeric(when)}.`;
	if (origin.kind === 'conformity' && origin.id && origin.item) {
		const [target] = await tx.select().from(records).where(and(eq(records.id, origin.id), eq(records.communeId, access.commune.id))).for('update');
		if (!target) return;
		const field = `p_${origin.item}`;
		const why = [String(target.data[`${field}_why`] ?? '').trim(), note].filter(Boolean).join(' ');
		const patch = { [field]: 'conforme', [`${field}_why`]: why };
		const meta: FieldMeta = { ...target.fieldMeta };
		for (const k of Object.keys(patch)) meta[k] = { by: access.user.id, byName: `${access.user.name} (plan d’action)`, at: new Date().toISOString(), version: target.version + 1 };
		await tx.update(records).set({ data: { ...target.data, ...patch }, fieldMeta: meta, version: target.version + 1, updatedAt: new Date(), updatedBy: access.user.id }).where(eq(records.id, target.id));
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'grille de conformité',
			entityId: target.id,
			action: 'mise à jour par le plan d’action',
			changes: { [field]: { avant: target.data[field] ?? '', apres: 'conforme' } }
		});
	}
	if (origin.kind === 'step' && origin.id && origin.item) {
		await markStepItemDone(tx, access, origin.id, origin.item, note);
	}
}

/** Sets a step's answer (e.g. a security measure) to "fait" when its action is done. */
async function markStepItemDone(tx: Executor, access: Access, key: string, field: string, note: string) {
	const [recipeId, stepId] = key.split('/') as [string, string];
	const [row] = await tx
		.select()
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, access.commune.id), eq(stepAnswers.recipeId, recipeId), eq(stepAnswers.stepId, stepId)))
		.for('update');
	if (!row) return;
	const noteField = `${field}_note`;
	const patch: Answers = { [field]: 'fait' };
	patch[noteField] = [String(row.answers[noteField] ?? '').trim(), note].filter(Boolean).join(' ');
	const meta: FieldMeta = { ...row.fieldMeta };
	for (const k of Object.keys(patch)) meta[k] = { by: access.user.id, byName: `${access.user.name} (plan d’action)`, at: new Date().toISOString(), version: row.version + 1 };
	await tx
		.update(stepAnswers)
		.set({ answers: { ...row.answers, ...patch }, fieldMeta: meta, version: row.version + 1, updatedAt: new Date(), updatedBy: access.user.id })
		.where(and(eq(stepAnswers.communeId, access.commune.id), eq(stepAnswers.recipeId, recipeId), eq(stepAnswers.stepId, stepId)));
	await appendAudit(tx, access.user, {
		communeId: access.commune.id,
		entity: `étape ${key}`,
		entityId: key,
		action: 'réponse mise à jour par le plan d’action',
		changes: { [field]: { avant: row.answers[field] ?? '', apres: 'fait' } }
	});
}

/** Removes a record from the lists (kept in the database for the history). */
export async function archiveRecord(db: Db, access: Access, kindId: string, id: string): Promise<void> {
	assertCanEdit(access);
	const kind = recordKind(kindId);
	await db.transaction(async (tx) => {
		// Locked: of two removals at once, the second finds the record gone (404) and journals nothing.
		const row = await getRecord(tx, access.commune.id, kind.id, id, { forUpdate: true });
		await tx.update(records).set({ archivedAt: new Date(), updatedBy: access.user.id }).where(eq(records.id, row.id));
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: entityName(kind),
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
