// The one write path for records. Every creation (form, copy, catalogue, register import, JSON
// import, seeds, action plan), every edit and every removal of a record goes through
// `createRecords`, `updateRecord` or `archiveRecord` below, which, in the caller's transaction:
// check the right to edit, validate the values with the kind's field schemas and its references,
// stamp each answer's history (`FieldMeta`: by, byName « Nom (copie) », at, version) and journal
// the write under the kind's declared name (`RecordKind.entity`), with the fields changed.
// A person's data are erased (art. 17) by `erasePersonalData`, and records past their retention
// deleted for good by `deleteRecordsForGood` (called by the daily purge, `server/retention.ts`).
// Side effects follow the declarations: an action of the plan that becomes done (`isDone`) updates
// what it came from (`resolveItem`, or the step's measure).
import { formatDateNumeric, today } from '../../french';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alsoKey, originRefs } from '../../recipes/action-origins';
import { CATALOGUE } from '../../catalogue/entries';
import type { CatalogueEntry } from '../../catalogue/types';
import { parseFields } from '../../recipes/engine';
import { findRecordKind, kindFields, personalFields, RECORD_KINDS } from '../../recipes/records';
import { actionKind } from '../../recipes/registers';
import type { Answers, Proposal, RecordKind } from '../../recipes/types';
import { appendAudit, appendAudits, type Actor, type AuditInput } from '../audit';
import type { Db, Executor } from '../db';
import { records, stepAnswers, type FieldMeta, type RecordRow } from '../db/schema';
import { isUuid } from '../forms';
import { formTokenOf, once } from '../idempotency';
import { assertCanEdit } from '../rights';
import type { Access } from '../tenancy';
import { erasedMark, eraseData, journalKeys, redactDossiers, redactJournal } from './erasure';
import { DomainError } from './errors';
import { actionsFrom, getParent, getRecord, recordKind, recordTitle } from './records';
import { mergeAnswers, submittedNames, type SaveResult, type Stamp } from './saving';

/** Who writes, in which commune, with which right. */
export interface Writer {
	user: Actor;
	communeId: string;
	canEdit: boolean;
}

export function writerOf(access: Writer | Pick<Access, 'user' | 'commune' | 'canEdit'>): Writer {
	return 'commune' in access ? { user: access.user, communeId: access.commune.id, canEdit: access.canEdit } : access;
}

const labelsOf = (kind: RecordKind) => Object.fromEntries(kindFields(kind).map((f) => [f.name, f.label]));
const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/**
 * Validates a record's values with its kind's schemas, as the form would: an unknown field or a
 * refused value refuses the write. Returns the values as they are stored.
 */
export function validRecordData(kind: RecordKind, data: Answers): Answers {
	const fields = kindFields(kind);
	const declared = new Set(fields.map((f) => f.name));
	const title = typeof data[kind.titleField] === 'string' && data[kind.titleField] ? ` « ${String(data[kind.titleField]).slice(0, 80)} »` : '';
	const unknown = Object.keys(data).find((k) => !declared.has(k));
	if (unknown) throw new DomainError(`${capitalized(kind.entity)}${title} : le champ « ${unknown} » n’existe pas.`, { [unknown]: 'Champ inconnu.' });
	const { values, errors } = parseFields(fields, data, Object.keys(data));
	const [name, message] = Object.entries(errors)[0] ?? [];
	if (name) throw new DomainError(`${capitalized(kind.entity)}${title} : ${message}`, errors);
	return values;
}

/** A record to create. */
export interface NewRecord {
	kind: RecordKind | string;
	/** The answers (validated here). */
	data: Answers;
	/** Given by seeds and restores that plan references ahead; drawn by the database otherwise. */
	id?: string;
	parentId?: string | null;
	origin?: Record<string, string>;
	/** The journal's action: « création » unless said (« création depuis le catalogue », « copie depuis … »). */
	action?: string;
	/** Where the answers came from, added to their author's name in the history: « copie », « catalogue », « import ». */
	via?: string;
	/** One line on the provenance, journaled with the fields (« registre.csv, ligne 4 »). */
	provenance?: string;
	/** When (seeds and imports give their own instant); now otherwise. */
	at?: Date;
	/** Pre-filled by the app (catalogue, commune profile): « proposé, non confirmé » until `confirmRecords`. */
	proposal?: Proposal;
	/**
	 * A record carried over from another installation (JSON import): its history comes with it
	 * instead of being stamped, and the journal carried with it already tells its story.
	 */
	restored?: {
		fieldMeta: FieldMeta;
		version: number;
		createdAt: Date;
		updatedAt: Date;
		archivedAt: Date | null;
		importedAt: Date;
		/** A confirmation the file declares (by name only: its author has no account here). */
		confirmed?: { at: Date; byName: string | null } | null;
	};
}

/**
 * References (the parent, the `records` fields) must name this commune's live records of the
 * declared kind, or records created in the same call. Checked for all records at once. An edit
 * checks only the fields it sets (`parents: false`): the parent was checked at the creation.
 */
async function checkLinks(tx: Executor, communeId: string, items: { kind: RecordKind; data: Answers; id?: string; parentId: string | null }[], parents = true) {
	const inCall = new Map<string, string>();
	for (const it of items) if (it.id) inCall.set(it.id, it.kind.id);
	const wanted: { id: string; kind: string; what: string }[] = [];
	for (const it of items) {
		const title = recordTitle(it.kind, it.data);
		if (!parents) {
			// An edit: the parent is not changed.
		} else if (it.kind.parentKind) {
			if (!it.parentId) throw new DomainError(`${capitalized(it.kind.entity)} « ${title} » : l’activité du registre à laquelle il se rattache manque.`);
			wanted.push({ id: it.parentId, kind: it.kind.parentKind, what: `${capitalized(it.kind.entity)} « ${title} »` });
		} else if (it.parentId) throw new DomainError(`${capitalized(it.kind.entity)} « ${title} » : ce type d’enregistrement ne se rattache à aucun autre.`);
		for (const f of kindFields(it.kind)) {
			if (f.type !== 'records' || !Array.isArray(it.data[f.name])) continue;
			for (const id of it.data[f.name] as string[]) wanted.push({ id, kind: f.recordKind ?? '', what: `${f.label} : un des éléments choisis` });
		}
	}
	const outside = [...new Set(wanted.filter((w) => !inCall.has(w.id)).map((w) => w.id))];
	const found = new Map<string, string>();
	for (let i = 0; i < outside.length; i += 5000) {
		const chunk = outside.slice(i, i + 5000).filter(isUuid);
		if (!chunk.length) continue;
		const rows = await tx
			.select({ id: records.id, kind: records.kind })
			.from(records)
			.where(and(inArray(records.id, chunk), eq(records.communeId, communeId), isNull(records.archivedAt)));
		for (const r of rows) found.set(r.id, r.kind);
	}
	for (const w of wanted) {
		if ((inCall.get(w.id) ?? found.get(w.id)) !== w.kind) throw new DomainError(`${w.what} n’existe pas (ou plus) dans cette commune.`, {}, 400);
	}
}

/**
 * Creates records, in the caller's transaction: rights, validation, references, field history
 * (version 1, by the writer, through `via`, at `at`) and one journal entry each, with every field
 * set, under the kind's name. Returns the new ids, in order.
 */
export async function createRecords(tx: Executor, writer: Writer, items: NewRecord[], opts: { batch?: number } = {}): Promise<string[]> {
	assertCanEdit(writer);
	const prepared = items.map((item) => {
		const kind = typeof item.kind === 'string' ? recordKind(item.kind) : item.kind;
		return { ...item, kind, data: validRecordData(kind, item.data), parentId: item.parentId ?? null };
	});
	await checkLinks(tx, writer.communeId, prepared);
	const ids: string[] = [];
	const size = opts.batch ?? 250;
	for (let i = 0; i < prepared.length; i += size) {
		const batch = prepared.slice(i, i + size).map((item) => {
			const stamp: Stamp = { via: item.via, at: item.at };
			const merged = mergeAnswers({}, {}, 0, item.data, {}, writer.user, labelsOf(item.kind), stamp);
			const at = item.at ?? new Date();
			const r = item.restored;
			return {
				item,
				changes: { ...merged.changes, ...(item.provenance ? { Provenance: item.provenance } : {}) },
				row: {
					...(item.id ? { id: item.id } : {}),
					communeId: writer.communeId,
					kind: item.kind.id,
					parentId: item.parentId,
					data: merged.answers,
					fieldMeta: r ? r.fieldMeta : merged.fieldMeta,
					version: r ? r.version : 1,
					origin: item.origin ?? {},
					proposal: item.proposal ?? null,
					confirmedAt: r?.confirmed?.at ?? null,
					confirmedByName: r?.confirmed ? (r.confirmed.byName ?? 'auteur inconnu') : null,
					createdAt: r ? r.createdAt : at,
					updatedAt: r ? r.updatedAt : at,
					archivedAt: r ? r.archivedAt : null,
					// Marked: what a file brought is shown as imported, never as recorded here.
					importedAt: r ? r.importedAt : null,
					// A restored record's author stays on the installation it comes from.
					createdBy: r ? null : writer.user.id,
					updatedBy: r ? null : writer.user.id
				}
			};
		});
		const inserted = await tx.insert(records).values(batch.map((b) => b.row)).returning({ id: records.id });
		const journal: AuditInput[] = [];
		batch.forEach((b, k) => {
			const id = inserted[k]!.id;
			ids.push(id);
			if (b.item.restored) return;
			journal.push({ communeId: writer.communeId, entity: b.item.kind.entity, entityId: id, action: b.item.action ?? 'création', changes: b.changes, at: b.item.at });
		});
		await appendAudits(tx, writer.user, journal);
	}
	return ids;
}

/**
 * Changes a locked, live record with `values` (validated): each answer changed since the version
 * the form was loaded at is kept and reported as a conflict; the others are stamped and journaled.
 * The save that makes an action of the plan done updates what it came from.
 */
export async function updateRecord(
	tx: Executor,
	writer: Writer,
	kind: RecordKind,
	row: RecordRow,
	values: Answers,
	input: Record<string, unknown> = {},
	opts: Stamp & { action?: string } = {}
) {
	assertCanEdit(writer);
	const valid = validRecordData(kind, values);
	await checkLinks(tx, writer.communeId, [{ kind, data: valid, parentId: row.parentId }], false);
	const merged = mergeAnswers(row.data, row.fieldMeta, row.version, valid, input, writer.user, labelsOf(kind), opts);
	const changed = Object.keys(merged.changes).length > 0;
	const version = changed ? row.version + 1 : row.version;
	if (changed) {
		const at = opts.at ?? new Date();
		await tx
			.update(records)
			.set({ data: merged.answers, fieldMeta: merged.fieldMeta, version, updatedAt: at, updatedBy: writer.user.id })
			.where(eq(records.id, row.id));
		await appendAudit(tx, writer.user, { communeId: writer.communeId, entity: kind.entity, entityId: row.id, action: opts.action ?? 'modification', changes: merged.changes, at: opts.at });
		if (kind.isDone?.(merged.answers) && !kind.isDone(row.data)) await applyDone(tx, writer, row, merged.answers);
	}
	return { ...merged, version, changed };
}

/** Keeps only references to this commune's live records of the right kind (a form's lenient check: the rest is saved). */
async function dropBadReferences(tx: Executor, communeId: string, kind: RecordKind, values: Answers, errors: Record<string, string>) {
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

/**
 * Creates (id null) or updates a record with the submitted fields of a form. Valid answers are
 * saved even when others are refused; answers changed by someone else since `_version` are not
 * overwritten.
 */
export async function saveRecord(
	db: Db,
	access: Access,
	kindId: string,
	id: string | null,
	input: Record<string, unknown>
): Promise<SaveResult & { id: string }> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const kind = recordKind(kindId);
	const fields = kindFields(kind);
	const names = submittedNames(input, fields);
	const { values, errors } = parseFields(fields, input, names);
	return db.transaction(async (tx) => {
		await dropBadReferences(tx, writer.communeId, kind, values, errors);
		if (id) {
			const row = await getRecord(tx, writer.communeId, kind.id, id, { forUpdate: true });
			const merged = await updateRecord(tx, writer, kind, row, values, input);
			return { id: row.id, version: merged.version, errors, conflicts: merged.conflicts, answers: merged.answers, fieldMeta: merged.fieldMeta, changed: merged.changed };
		}
		// One record per rendered form: a double click or a resubmission gives back the first one.
		const made = await once(tx, writer.user.id, formTokenOf(input), `record:${writer.communeId}:${kind.id}`, async () => {
			let parentId: string | null = null;
			if (kind.parentKind) {
				parentId = await checkParent(tx, writer.communeId, kind, input._parent);
				const [existing] = await tx
					.select({ id: records.id })
					.from(records)
					.where(and(eq(records.parentId, parentId), eq(records.kind, kind.id), isNull(records.archivedAt)));
				if (existing) throw new DomainError(`Cette activité a déjà ${kind.singular} : ouvrez-la pour la modifier.`, {}, 409);
			}
			const [created] = await createRecords(tx, writer, [{ kind, data: values, parentId }]);
			return created!;
		});
		const row = await getRecord(tx, writer.communeId, kind.id, made.id);
		return { id: row.id, version: row.version, errors, conflicts: [], answers: row.data, fieldMeta: row.fieldMeta, changed: !made.replayed };
	});
}

/**
 * A named person confirms records the app proposed (« Je confirme »): each becomes confirmed by
 * them, now, and counts as done wherever it is complete. Records already confirmed, or typed by a
 * person, are left as they are. Journaled one entry per record. Returns how many were confirmed.
 */
export async function confirmRecords(db: Db, access: Access, kindId: string, ids: string[], now = new Date()): Promise<number> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const kind = recordKind(kindId);
	const wanted = [...new Set(ids)].filter(isUuid);
	if (!wanted.length) throw new DomainError('Choisissez ce que vous confirmez.', {}, 400);
	return db.transaction((tx) => confirmIn(tx, writer, kind, wanted, now));
}

/**
 * `confirmRecords` in the caller's transaction (a screening created and confirmed at once): the
 * live, proposed, unconfirmed records of this kind among `ids` become confirmed by the writer at
 * `now`, one journal entry each. Returns how many were confirmed.
 */
export async function confirmIn(tx: Executor, writer: Writer, kind: RecordKind, ids: string[], now = new Date()): Promise<number> {
	assertCanEdit(writer);
	const wanted = ids.filter(isUuid);
	if (!wanted.length) return 0;
	const rows = await tx
		.select({ id: records.id, data: records.data })
		.from(records)
		.where(
			and(
				inArray(records.id, wanted),
				eq(records.communeId, writer.communeId),
				eq(records.kind, kind.id),
				isNull(records.archivedAt),
				isNotNull(records.proposal),
				isNull(records.confirmedAt)
			)
		)
		.for('update');
	if (!rows.length) return 0;
	await tx
		.update(records)
		.set({ confirmedAt: now, confirmedBy: writer.user.id, confirmedByName: writer.user.name })
		.where(inArray(records.id, rows.map((r) => r.id)));
	await appendAudits(
		tx,
		writer.user,
		rows.map((r) => ({ communeId: writer.communeId, entity: kind.entity, entityId: r.id, action: 'confirmation', changes: { name: recordTitle(kind, r.data), confirmedBy: writer.user.name }, at: now }))
	);
	return rows.length;
}

/** Removes a record from the lists (kept in the database for the history). */
export async function archiveRecord(db: Db, access: Access, kindId: string, id: string): Promise<void> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const kind = recordKind(kindId);
	await db.transaction(async (tx) => {
		// Locked: of two removals at once, the second finds the record gone (404) and journals nothing.
		const row = await getRecord(tx, writer.communeId, kind.id, id, { forUpdate: true });
		await tx.update(records).set({ archivedAt: new Date(), updatedBy: writer.user.id }).where(eq(records.id, row.id));
		await appendAudit(tx, writer.user, { communeId: writer.communeId, entity: kind.entity, entityId: row.id, action: 'suppression', changes: { name: recordTitle(kind, row.data) } });
	});
}

/**
 * Erases a person's data from a record (art. 17), in one transaction: the fields its kind declares
 * `personal` are replaced by « [effacé le …] » (a text) or emptied; the journal entries about the
 * record keep who, when and which field, with these values replaced; the stored dossier versions
 * lose them too; one « effacement » entry names the fields erased, never their values.
 */
export async function erasePersonalData(db: Db, access: Access, kindId: string, id: string, now = new Date()): Promise<{ fields: string[] }> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const kind = recordKind(kindId);
	const personal = personalFields(kind);
	if (!personal.length) throw new DomainError(`Ce type d’enregistrement (${kind.entity}) ne contient pas de données de personnes à effacer.`, {}, 400);
	const mark = erasedMark(now);
	return db.transaction(async (tx) => {
		const row = await getRecord(tx, writer.communeId, kind.id, id, { forUpdate: true });
		const { data, erased } = eraseData(row.data, personal, mark);
		const fieldMeta: FieldMeta = { ...row.fieldMeta };
		const version = row.version + 1;
		for (const f of erased) fieldMeta[f.name] = { by: writer.user.id, byName: `${writer.user.name} (effacement)`, at: now.toISOString(), version };
		if (erased.length) {
			await tx.update(records).set({ data, fieldMeta, version, updatedAt: now, updatedBy: writer.user.id }).where(eq(records.id, row.id));
		}
		// Every entry about the record, even for a field already erased (an earlier value may remain).
		await redactJournal(tx, writer.communeId, [row.id], journalKeys(kind, personal), mark);
		await redactDossiers(tx, writer.communeId, new Map([[row.id, { kind, fields: personal }]]), mark);
		const labels = (erased.length ? erased : personal).map((f) => f.label);
		await appendAudit(tx, writer.user, {
			communeId: writer.communeId,
			entity: kind.entity,
			entityId: row.id,
			action: 'effacement',
			changes: { 'Champs effacés': labels, Motif: 'Droit à l’effacement (article 17 du RGPD) : les valeurs sont remplacées, ici et dans le journal.' },
			at: now
		});
		return { fields: labels };
	});
}

/**
 * Deletes records for good at the end of their retention (with the records attached to them), in
 * the caller's transaction: every value of the journal entries about them becomes « [effacé le …] »,
 * the stored dossier versions lose their values, and one entry per record says it was deleted.
 */
export async function deleteRecordsForGood(tx: Executor, communeId: string, ids: string[], reason: string, now = new Date()): Promise<number> {
	if (!ids.length) return 0;
	const mark = erasedMark(now);
	// The records attached to them go too (foreign key `on delete cascade`): their values as well.
	const all = new Map<string, RecordRow>();
	let frontier = await tx.select().from(records).where(and(eq(records.communeId, communeId), inArray(records.id, ids)));
	while (frontier.length) {
		for (const r of frontier) all.set(r.id, r);
		const parents = frontier.map((r) => r.id);
		frontier = (await tx.select().from(records).where(and(isNotNull(records.parentId), inArray(records.parentId, parents)))).filter((r) => !all.has(r.id));
	}
	const allIds = [...all.keys()];
	await redactJournal(tx, communeId, allIds, 'all', mark);
	const targets = new Map([...all.values()].flatMap((r) => {
		const kind = findRecordKind(r.kind);
		return kind ? [[r.id, { kind, fields: 'all' as const }] as const] : [];
	}));
	await redactDossiers(tx, communeId, targets, mark);
	await tx.delete(records).where(and(eq(records.communeId, communeId), inArray(records.id, allIds)));
	await appendAudits(
		tx,
		null,
		[...all.values()].map((r) => ({
			communeId,
			entity: findRecordKind(r.kind)?.entity ?? r.kind,
			entityId: r.id,
			action: 'suppression définitive',
			changes: { Motif: reason },
			at: now
		}))
	);
	return allIds.length;
}

/** The kind the commune catalogue creates (the one that declares `fromCatalogue`). */
export function catalogueKind(): RecordKind & { fromCatalogue: (entry: CatalogueEntry) => Answers } {
	const kind = Object.values(RECORD_KINDS).find((k) => k.fromCatalogue);
	if (!kind?.fromCatalogue) throw new Error('no record kind declares fromCatalogue');
	return kind as RecordKind & { fromCatalogue: (entry: CatalogueEntry) => Answers };
}

/** Creates one record per chosen catalogue entry not already created from it. */
export async function addFromCatalogue(db: Db, access: Access, entryIds: unknown): Promise<{ created: number; skipped: number }> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const kind = catalogueKind();
	const ids = (Array.isArray(entryIds) ? entryIds : entryIds === undefined ? [] : [entryIds]).filter((v): v is string => typeof v === 'string');
	const entries = ids.map((id) => CATALOGUE.find((e) => e.id === id));
	if (entries.some((e) => !e)) throw new DomainError('Une des activités choisies n’existe pas dans le catalogue.', { entries: 'Choisissez parmi les activités proposées.' });
	if (!entries.length) throw new DomainError('Cochez au moins une activité.', { entries: 'Cochez au moins une activité du catalogue.' });
	return db.transaction(async (tx) => {
		const existing = await tx
			.select({ origin: records.origin })
			.from(records)
			.where(and(eq(records.communeId, writer.communeId), eq(records.kind, kind.id), isNull(records.archivedAt)));
		const present = new Set(existing.map((r) => r.origin.catalogue).filter(Boolean));
		const chosen = [...new Map((entries as CatalogueEntry[]).filter((e) => !present.has(e.id)).map((e) => [e.id, e])).values()];
		await createRecords(
			tx,
			writer,
			chosen.map((entry) => ({
				kind,
				data: kind.fromCatalogue(entry),
				origin: { catalogue: entry.id },
				action: 'création depuis le catalogue',
				via: 'catalogue',
				proposal: { source: 'catalogue', why: `pré-remplie depuis le catalogue des activités courantes (« ${entry.name} »)` },
				provenance: `catalogue : ${entry.id}`
			}))
		);
		return { created: chosen.length, skipped: entries.length - chosen.length };
	});
}

// ---- The action plan ---------------------------------------------------------------------------

/**
 * An open action for this item, created if needed (one click from a non-conformity, a risk, a
 * planned measure). `originLabel`: the action's « Origine » (the origin kind's `actionOrigin` by default).
 * An item that asks for a declared measure (`measure`) reuses the open action of the same measure
 * raised elsewhere, and records this place as one more of its origins (`action-origins.ts`).
 */
export async function ensureAction(
	tx: Executor,
	access: Writer | Access,
	origin: { kind: string; id: string; item: string },
	title: string,
	details = '',
	originLabel?: string,
	measure?: string
): Promise<{ id: string; created: boolean }> {
	const writer = writerOf(access);
	const existing = (await actionsFrom(tx, writer.communeId, origin.kind, origin.id)).find((a) => a.item === origin.item && a.status !== 'fait');
	if (existing) return { id: existing.id, created: false };
	if (measure) {
		const [same] = await openActionsFor(tx, writer.communeId, measure);
		if (same) {
			const next = { ...same.origin, [alsoKey(origin.kind, origin.id)]: origin.item };
			await tx.update(records).set({ origin: next, updatedAt: new Date(), updatedBy: writer.user.id }).where(eq(records.id, same.id));
			await appendAudit(tx, writer.user, {
				communeId: writer.communeId,
				entity: actionKind.entity,
				entityId: same.id,
				action: 'même mesure demandée ailleurs',
				changes: { 'Autre origine': `${origin.kind}:${origin.id}:${origin.item}`, Action: recordTitle(actionKind, same.data) }
			});
			return { id: same.id, created: false };
		}
	}
	const data: Answers = { title, originKind: originLabel ?? findRecordKind(origin.kind)?.actionOrigin ?? 'manuel', details, priority: '2', status: 'a_faire' };
	const [id] = await createRecords(tx, writer, [{ kind: actionKind, data, origin: { ...origin, ...(measure ? { measure } : {}) }, via: 'plan d’action', provenance: `${origin.kind}:${origin.item}` }]);
	return { id: id!, created: true };
}

/** The open actions of this commune that put this measure in place (locked: two places raising it at once give one action). */
async function openActionsFor(tx: Executor, communeId: string, measure: string): Promise<RecordRow[]> {
	const rows = await tx
		.select()
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, actionKind.id), isNull(records.archivedAt), sql`${records.origin}->>'measure' = ${measure}`))
		.orderBy(records.createdAt)
		.for('update');
	return rows.filter((r) => !actionKind.isDone?.(r.data));
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
		// A measure is one action for the whole mairie: its title does not name the fiche.
		const about = parent && !spec.measure ? ` — ${recordTitle(RECORD_KINDS[parent.kind]!, parent.data)}` : '';
		return ensureAction(tx, access, { kind: kind.id, id: row.id, item: spec.item }, `${spec.title}${about}`, spec.details ?? '', undefined, spec.measure);
	});
}

/** A done action updates everything it came from: each record's item (its kind's `resolveItem`), or the step's measure. */
async function applyDone(tx: Executor, writer: Writer, action: RecordRow, data: Answers) {
	const when = typeof data.doneOn === 'string' && data.doneOn ? data.doneOn : today();
	const note = `Action « ${String(data.title ?? '')} » réalisée le ${formatDateNumeric(when)}.`;
	for (const origin of originRefs(action.origin)) {
		const kind = findRecordKind(origin.kind);
		if (kind?.resolveItem) {
			const [target] = await tx
				.select()
				.from(records)
				.where(and(eq(records.id, origin.id), eq(records.communeId, writer.communeId), eq(records.kind, kind.id), isNull(records.archivedAt)))
				.for('update');
			if (!target) continue;
			await updateRecord(tx, writer, kind, target, kind.resolveItem(target.data, origin.item, note), {}, { via: 'plan d’action', action: 'mise à jour par le plan d’action' });
		} else if (origin.kind === 'step') {
			await markStepItemDone(tx, writer, origin.id, origin.item, note);
		}
	}
}

/** Sets a step's answer (e.g. a security measure) to "fait" when its action is done. */
async function markStepItemDone(tx: Executor, writer: Writer, key: string, field: string, note: string) {
	const [recipeId, stepId] = key.split('/') as [string, string];
	const [row] = await tx
		.select()
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, writer.communeId), eq(stepAnswers.recipeId, recipeId), eq(stepAnswers.stepId, stepId)))
		.for('update');
	if (!row) return;
	const noteField = `${field}_note`;
	const patch: Answers = { [field]: 'fait', [noteField]: [String(row.answers[noteField] ?? '').trim(), note].filter(Boolean).join(' ') };
	const merged = mergeAnswers(row.answers, row.fieldMeta, row.version, patch, {}, writer.user, {}, { via: 'plan d’action' });
	await tx
		.update(stepAnswers)
		.set({ answers: merged.answers, fieldMeta: merged.fieldMeta, version: row.version + 1, updatedAt: new Date(), updatedBy: writer.user.id })
		.where(and(eq(stepAnswers.communeId, writer.communeId), eq(stepAnswers.recipeId, recipeId), eq(stepAnswers.stepId, stepId)));
	await appendAudit(tx, writer.user, {
		communeId: writer.communeId,
		entity: `étape ${key}`,
		entityId: key,
		action: 'réponse mise à jour par le plan d’action',
		changes: { [field]: { avant: row.answers[field] ?? '', apres: 'fait' } }
	});
}
