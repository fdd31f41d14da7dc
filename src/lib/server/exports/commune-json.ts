// Data that leaves and comes back: a whole commune as one versioned JSON document, and its import
// into a new, empty commune on any installation (embedded or server). Every value is checked with
// the same zod schemas as the app; every id is replaced by a new one; one transaction.
import { originRefs, renameOriginIds } from '../../recipes/action-origins';
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { STEP_INDEX } from '../../recipes';
import { parseFields } from '../../recipes/engine';
import { OBLIGATIONS } from '../../recipes/obligations';
import { findRecordKind, kindFields, RECORD_KINDS } from '../../recipes/records';
import type { Answers, FieldDef, Proposal } from '../../recipes/types';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db, Executor } from '../db';
import {
	auditLog,
	BODY_TYPES,
	communes,
	documents,
	dossiers,
	memberships,
	obligationConfirmations,
	records,
	stepAnswers,
	IMPORTED_BY,
	type FieldMeta
} from '../db/schema';
import { BODY_TYPE_LABELS, communeDetailsSchema } from '../domain/communes';
import { findOfficial, normalize } from '../official-list';
import { createRecords } from '../domain/record-writes';
import { redactChanges } from '../domain/erasure';
import { DomainError } from '../domain/errors';
import { logError } from '../log';
import { canonicalJson, communeIdentity, type CommuneIdentity, type SnapshotDocument } from '../dossier/snapshot';

export const EXPORT_FORMAT = 'super-chef-rgpd/commune';
export const EXPORT_VERSION = 1;

export const NOT_AN_EXPORT = 'Ce fichier n’est pas un export de Super Chef RGPD';
export const UNSUPPORTED_VERSION = 'Version de format non prise en charge';

/** Who last set an answer, when, at which version (the user's id stays on the old installation). */
export interface ExportedFieldMeta {
	byName: string;
	at: string;
	version: number;
}

/** A document as the file lists it (the snapshot's shape, without the import mark). */
export type ExportedDocument = Omit<SnapshotDocument, 'importedAt'>;

export interface ExportedDossier {
	id: string;
	version: number;
	fingerprint: string;
	generatedAt: string;
	generatedByName: string;
	pageCount: number | null;
}

export interface CommuneExport {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	exportedAt: string;
	commune: CommuneIdentity & { isPractice: boolean; createdAt: string; updatedAt: string };
	steps: {
		recipeId: string;
		stepId: string;
		answers: Answers;
		fieldMeta: Record<string, ExportedFieldMeta>;
		version: number;
		status: 'en_cours' | 'plus_tard' | 'terminee';
		completedAt: string | null;
		updatedAt: string;
	}[];
	records: {
		id: string;
		kind: string;
		parentId: string | null;
		data: Answers;
		fieldMeta: Record<string, ExportedFieldMeta>;
		version: number;
		origin: Record<string, string>;
		createdAt: string;
		updatedAt: string;
		archivedAt: string | null;
		/** Pre-filled by the app (absent: typed by a person); confirmed by whom and when (null: not confirmed). */
		proposal?: Proposal;
		confirmed?: { at: string; byName: string | null } | null;
	}[];
	confirmations: { obligationId: string; note: string; confirmedAt: string }[];
	/** Metadata only: the PDFs stay where they were made (their SHA-256 proves them). */
	documents: ExportedDocument[];
	dossiers: ExportedDossier[];
	audit: { at: string; userName: string; entity: string; entityId: string; action: string; changes: Record<string, unknown> }[];
}

const iso = (d: Date) => d.toISOString();

function exportMeta(meta: FieldMeta): Record<string, ExportedFieldMeta> {
	const out: Record<string, ExportedFieldMeta> = {};
	for (const [k, m] of Object.entries(meta)) out[k] = { byName: m.byName, at: m.at, version: m.version };
	return out;
}

/** The 'import' entries of the journal carry the documents and dossiers made on the previous installation. */
const IMPORT_ENTITY = 'organisme';
const IMPORT_ACTION = 'import';

/** A record's place in the export: creation date, kind, then content (ids change from one installation to the next). */
function recordSortKey(r: { createdAt: string; kind: string; data: Answers }): string {
	const title = String(r.data[RECORD_KINDS[r.kind]?.titleField ?? 'name'] ?? '');
	return `${r.createdAt}\u0000${r.kind}\u0000${title}\u0000${canonicalJson(r.data)}`;
}

/** What the export writes instead of the values of a removed record's journal. */
export const HIDDEN_MARK = '[fiche supprimée]';

/**
 * The records the export leaves out: those removed from the lists (« supprimé », kept here until
 * their retention ends, `server/retention.ts`) and the records attached to them.
 */
function hiddenRecords(rows: { id: string; parentId: string | null; archivedAt: Date | null }[]): Set<string> {
	const hidden = new Set(rows.filter((r) => r.archivedAt).map((r) => r.id));
	let grew = true;
	while (grew) {
		grew = false;
		for (const r of rows) {
			if (!hidden.has(r.id) && r.parentId && hidden.has(r.parentId)) {
				hidden.add(r.id);
				grew = true;
			}
		}
	}
	return hidden;
}

/** A live record's references to removed ones are left out with them. */
function withoutHidden(kindId: string, data: Answers, hidden: Set<string>): Answers {
	const kind = RECORD_KINDS[kindId];
	if (!kind || !hidden.size) return data;
	let out = data;
	for (const f of kindFields(kind)) {
		const v = data[f.name];
		if (f.type !== 'records' || !Array.isArray(v) || !v.some((id) => hidden.has(String(id)))) continue;
		out = { ...out, [f.name]: v.filter((id) => !hidden.has(String(id))) };
	}
	return out;
}

/** The whole commune, as one JSON document (training enrolments excepted: they belong to the GIP). */
export async function exportCommune(db: Executor, communeId: string, now = new Date()): Promise<CommuneExport> {
	const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
	if (!commune) throw new DomainError('Page introuvable', {}, 404);
	const [stepRows, recordRows, confirmationRows, documentRows, dossierRows, auditRows] = await Promise.all([
		db.select().from(stepAnswers).where(eq(stepAnswers.communeId, communeId)),
		db.select().from(records).where(eq(records.communeId, communeId)),
		db.select().from(obligationConfirmations).where(eq(obligationConfirmations.communeId, communeId)),
		db
			.select({ id: documents.id, kind: documents.kind, title: documents.title, generatedAt: documents.generatedAt, generatedByName: documents.generatedByName, sha256: documents.sha256 })
			.from(documents)
			.where(eq(documents.communeId, communeId)),
		db
			.select({ id: dossiers.id, version: dossiers.version, fingerprint: dossiers.fingerprint, generatedAt: dossiers.generatedAt, generatedByName: dossiers.generatedByName, pageCount: dossiers.pageCount })
			.from(dossiers)
			.where(eq(dossiers.communeId, communeId)),
		db.select().from(auditLog).where(eq(auditLog.communeId, communeId)).orderBy(asc(auditLog.id))
	]);
	const docs = new Map<string, ExportedDocument>(documentRows.map((d) => [d.id, { ...d, generatedAt: iso(d.generatedAt) }]));
	const versions = new Map<string, ExportedDossier>(dossierRows.map((d) => [d.id, { ...d, generatedAt: iso(d.generatedAt) }]));
	// Documents and dossiers carried over by an earlier import (their PDFs stayed on the old installation).
	for (const entry of auditRows) {
		if (entry.entity !== IMPORT_ENTITY || entry.action !== IMPORT_ACTION) continue;
		const carried = carriedSchema.safeParse(entry.changes);
		if (!carried.success) continue;
		for (const d of carried.data.documents ?? []) if (!docs.has(d.id)) docs.set(d.id, d);
		for (const d of carried.data.dossiers ?? []) if (!versions.has(d.id)) versions.set(d.id, d);
	}
	const byDate = <T extends { generatedAt: string; id: string }>(a: T, b: T) => a.generatedAt.localeCompare(b.generatedAt) || a.id.localeCompare(b.id);
	const hidden = hiddenRecords(recordRows);
	const recordList = recordRows.filter((r) => !hidden.has(r.id)).map((r) => ({
		id: r.id,
		kind: r.kind,
		parentId: r.parentId,
		data: withoutHidden(r.kind, r.data, hidden),
		fieldMeta: exportMeta(r.fieldMeta),
		version: r.version,
		// An origin among hidden records is not told (its id, or the other places of the same measure).
		origin: Object.fromEntries(Object.entries(r.origin).filter(([k, v]) => !hidden.has(k === 'id' ? v : (originRefs({ [k]: v })[0]?.id ?? '')))),
		createdAt: iso(r.createdAt),
		updatedAt: iso(r.updatedAt),
		archivedAt: r.archivedAt ? iso(r.archivedAt) : null,
		...(r.proposal ? { proposal: r.proposal, confirmed: r.confirmedAt ? { at: iso(r.confirmedAt), byName: r.confirmedByName } : null } : {})
	}));
	const keys = new Map(recordList.map((r) => [r.id, recordSortKey(r)]));
	recordList.sort((a, b) => keys.get(a.id)!.localeCompare(keys.get(b.id)!) || a.id.localeCompare(b.id));
	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: iso(now),
		commune: {
			...communeIdentity(commune),
			isPractice: commune.isPractice,
			createdAt: iso(commune.createdAt),
			updatedAt: iso(commune.updatedAt)
		},
		steps: stepRows
			.map((s) => ({
				recipeId: s.recipeId,
				stepId: s.stepId,
				answers: s.answers,
				fieldMeta: exportMeta(s.fieldMeta),
				version: s.version,
				status: s.status,
				completedAt: s.completedAt ? iso(s.completedAt) : null,
				updatedAt: iso(s.updatedAt)
			}))
			.sort((a, b) => `${a.recipeId}/${a.stepId}`.localeCompare(`${b.recipeId}/${b.stepId}`)),
		records: recordList,
		confirmations: confirmationRows
			.map((c) => ({ obligationId: c.obligationId, note: c.note, confirmedAt: iso(c.confirmedAt) }))
			.sort((a, b) => a.obligationId.localeCompare(b.obligationId)),
		documents: [...docs.values()].sort(byDate),
		dossiers: [...versions.values()].sort((a, b) => a.version - b.version || byDate(a, b)),
		audit: auditRows.map((a) => ({
			at: iso(a.at),
			userName: a.userName,
			entity: a.entity,
			entityId: a.entityId,
			action: a.action,
			// The journal of a removed record says what happened, not what it held.
			changes: hidden.has(a.entityId) ? redactChanges(a.changes, 'all', HIDDEN_MARK) : a.changes
		}))
	};
}

// ---- import ---------------------------------------------------------------------------------

const isoDate = z
	.string()
	.max(40)
	.refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), { error: 'date invalide' });
const uuid = z.string().uuid({ error: 'identifiant invalide' });
const shortText = (max: number) => z.string().max(max);
const metaSchema = z.record(z.string().max(100), z.object({ byName: shortText(300), at: isoDate, version: z.number().int().min(0) }));
const answersSchema = z.record(z.string().max(100), z.unknown());
const documentSchema = z.object({ id: uuid, kind: shortText(100), title: shortText(300), generatedAt: isoDate, generatedByName: shortText(300), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const dossierSchema = z.object({
	id: uuid,
	version: z.number().int().min(1),
	fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
	generatedAt: isoDate,
	generatedByName: shortText(300),
	pageCount: z.number().int().min(0).nullable()
});
const carriedSchema = z.object({ documents: z.array(documentSchema).optional(), dossiers: z.array(dossierSchema).optional() });

const fileSchema = z.object({
	format: z.literal(EXPORT_FORMAT),
	version: z.literal(EXPORT_VERSION),
	exportedAt: isoDate,
	commune: z.object({
		id: uuid,
		type: z.enum(BODY_TYPES),
		name: z.string().min(1).max(150),
		inseeCode: z.string().regex(/^[0-9AB]{5}$/).nullable(),
		departement: z.string().max(3).nullable(),
		population: z.number().int().min(0).max(100_000_000).nullable(),
		postalCode: z.string().regex(/^\d{5}$/).nullable(),
		siren: z.string().regex(/^\d{9}$/).nullable(),
		address: z.string(),
		mayorName: z.string(),
		email: z.string(),
		phone: z.string(),
		isPractice: z.boolean(),
		createdAt: isoDate,
		updatedAt: isoDate
	}),
	steps: z
		.array(
			z.object({
				recipeId: shortText(100),
				stepId: shortText(100),
				answers: answersSchema,
				fieldMeta: metaSchema,
				version: z.number().int().min(0),
				status: z.enum(['en_cours', 'plus_tard', 'terminee']),
				completedAt: isoDate.nullable(),
				updatedAt: isoDate
			})
		)
		.max(1000),
	records: z
		.array(
			z.object({
				id: uuid,
				kind: shortText(50),
				parentId: uuid.nullable(),
				data: answersSchema,
				fieldMeta: metaSchema,
				version: z.number().int().min(0),
				origin: z.record(z.string().max(100), z.string().max(1000)),
				createdAt: isoDate,
				updatedAt: isoDate,
				archivedAt: isoDate.nullable(),
				proposal: z.object({ source: z.enum(['catalogue', 'profil', 'application']), why: shortText(500) }).optional(),
				confirmed: z.object({ at: isoDate, byName: shortText(200).nullable() }).nullable().optional()
			})
		)
		.max(50_000),
	confirmations: z.array(z.object({ obligationId: shortText(100), note: shortText(1000), confirmedAt: isoDate })).max(1000),
	documents: z.array(documentSchema).max(10_000),
	dossiers: z.array(dossierSchema).max(10_000),
	audit: z
		.array(
			z.object({
				at: isoDate,
				userName: shortText(300),
				entity: shortText(300),
				entityId: shortText(300),
				action: shortText(1000),
				changes: z.record(z.string(), z.unknown())
			})
		)
		.max(1_000_000)
});

export type ImportFile = z.infer<typeof fileSchema>;

function refuse(message: string): never {
	throw new DomainError(message, { file: message });
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function recordLabel(r: ImportFile['records'][number], index: number): string {
	const kind = findRecordKind(r.kind);
	const title = kind ? String(r.data[kind.titleField] ?? '').trim() : '';
	const what = kind ? kind.entity : 'enregistrement';
	return `${what.charAt(0).toUpperCase()}${what.slice(1)}${title ? ` « ${title.slice(0, 80)} »` : ''} (enregistrement n° ${index + 1}, id ${r.id})`;
}

/** Reads and checks the envelope: a readable JSON document, our format, a version this installation reads. */
export function parseExportFile(input: unknown): ImportFile {
	let raw: unknown = input;
	if (typeof input === 'string' || input instanceof Uint8Array) {
		const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
		try {
			raw = JSON.parse(text.replace(/^\ufeff/, ''));
		} catch {
			refuse(`${NOT_AN_EXPORT} : le contenu n’est pas du JSON lisible (fichier tronqué ou abîmé ?).`);
		}
	}
	if (!raw || typeof raw !== 'object' || Array.isArray(raw) || (raw as { format?: unknown }).format !== EXPORT_FORMAT) {
		refuse(`${NOT_AN_EXPORT}.`);
	}
	const version = (raw as { version?: unknown }).version;
	if (version !== EXPORT_VERSION) {
		refuse(`${UNSUPPORTED_VERSION} : ${JSON.stringify(version ?? null)} (cette installation lit la version ${EXPORT_VERSION}).`);
	}
	const parsed = fileSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		refuse(`Fichier d’export incomplet ou abîmé : « ${issue.path.join('.') || 'racine'} » — ${issue.message}.`);
	}
	return parsed.data;
}

/** Checks the answers against the fields' schemas; returns the values as the app stores them. */
function checkAnswers(fields: FieldDef[], data: Answers, where: string, allowed: string[] = []): Answers {
	const byName = new Map(fields.map((f) => [f.name, f]));
	for (const key of Object.keys(data)) {
		if (!byName.has(key) && !allowed.includes(key)) refuse(`${where} : le champ « ${key} » n’existe pas dans cette version de l’application.`);
	}
	const names = Object.keys(data).filter((k) => byName.has(k));
	const { values, errors } = parseFields(fields, data, names);
	const [name, message] = Object.entries(errors)[0] ?? [];
	if (name) refuse(`${where} : champ « ${byName.get(name)!.label} » (${name}) refusé — ${message}`);
	return values;
}

export interface ImportResult {
	communeId: string;
	name: string;
	counts: { steps: number; records: number; confirmations: number; audit: number; documents: number; dossiers: number };
	/** Old id → new id (the commune and every record). */
	ids: Map<string, string>;
}

/** Replaces, at any depth, strings that are old ids by the new ones. */
function remapDeep(value: unknown, ids: Map<string, string>): unknown {
	if (typeof value === 'string') return ids.get(value) ?? value;
	if (Array.isArray(value)) return value.map((v) => remapDeep(v, ids));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = remapDeep(v, ids);
		return out;
	}
	return value;
}

function importMeta(meta: Record<string, ExportedFieldMeta>): FieldMeta {
	const out: FieldMeta = {};
	for (const [k, m] of Object.entries(meta)) out[k] = { by: IMPORTED_BY, byName: m.byName, at: m.at, version: m.version };
	return out;
}

async function insertChunks<T>(items: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/**
 * The body's identity as the official list gives it today: a file cannot bring a name, an INSEE code or
 * a SIREN that matches nothing. A commune or an EPCI takes its official name (a practice commune keeps
 * « Exercice — <official name> (…) »); a CCAS, syndicat or other body keeps its own name, tied to a real commune.
 */
export function officialIdentity(c: ImportFile['commune']) {
	const type = c.type;
	const typeLabel = BODY_TYPE_LABELS[type];
	const official = type === 'epci' ? (c.siren ? findOfficial('epci', c.siren.replace(/\s+/g, '')) : null) : c.inseeCode ? findOfficial('commune', c.inseeCode) : null;
	if (!official) {
		refuse(
			type === 'epci'
				? `Identité de l’organisme : le SIREN « ${c.siren ?? ''} » ne correspond à aucun EPCI de la liste officielle. Rien n’a été importé.`
				: `Identité de l’organisme : le code INSEE « ${c.inseeCode ?? ''} » ne correspond à aucune commune de la liste officielle. Rien n’a été importé.`
		);
	}
	let name = c.name.trim();
	if (type === 'commune' || type === 'epci') {
		const fits = c.isPractice ? normalize(name).includes(normalize(official.name)) : normalize(name) === normalize(official.name);
		if (!fits) {
			refuse(
				`Identité de l’organisme : le nom « ${name.slice(0, 150)} » ne correspond pas au code ${official.code}, qui est celui de « ${official.name} » dans la liste officielle (${typeLabel}). Rien n’a été importé.`
			);
		}
		if (!c.isPractice) name = official.name;
	} else if (!name) name = type === 'ccas' ? `CCAS de ${official.name}` : '';
	if (!name) refuse('Identité de l’organisme : le nom manque. Rien n’a été importé.');
	return {
		type,
		name,
		inseeCode: official.kind === 'commune' ? official.code : null,
		departement: official.departement,
		population: official.population,
		postalCode: official.postalCodes[0] ?? null,
		siren: type === 'commune' || type === 'epci' ? (official.siren ?? c.siren ?? null) : (c.siren ?? null)
	};
}

/**
 * Restores an export into a new, empty commune; the importing user becomes its DPD. The journal
 * comes along as history (rows with their original date and author's name, no user id), followed
 * by one 'import' entry. Any problem refuses the whole file: nothing is written.
 */
export async function importCommune(db: Db, user: SessionUser, input: unknown, options: { filename?: string; now?: Date } = {}): Promise<ImportResult> {
	const file = parseExportFile(input);
	const identity = communeDetailsSchema.safeParse({
		name: file.commune.name,
		address: file.commune.address,
		siren: file.commune.siren ?? '',
		mayorName: file.commune.mayorName,
		email: file.commune.email,
		phone: file.commune.phone
	});
	if (!identity.success) refuse(`Identité de l’organisme : ${identity.error.issues[0]!.message}`);
	const official = officialIdentity(file.commune);

	// Ids: every record gets a new one; references must name a record of the file.
	const ids = new Map<string, string>();
	const newCommuneId = randomUUID();
	ids.set(file.commune.id, newCommuneId);
	const byOldId = new Map<string, ImportFile['records'][number]>();
	for (const [i, r] of file.records.entries()) {
		if (ids.has(r.id)) refuse(`${recordLabel(r, i)} : cet identifiant figure deux fois dans le fichier.`);
		ids.set(r.id, randomUUID());
		byOldId.set(r.id, r);
	}

	const steps = file.steps.map((s) => {
		const found = STEP_INDEX.get(`${s.recipeId}/${s.stepId}`);
		if (!found) refuse(`Étape « ${s.recipeId}/${s.stepId} » : elle n’existe pas dans cette version de l’application.`);
		const where = `Étape « ${found.step.title} » (${s.recipeId}/${s.stepId})`;
		const fields = found.step.kind === 'form' ? found.step.fields : [];
		const answers = checkAnswers(fields, s.answers, where, found.step.kind === 'collection' ? ['none'] : []);
		if ('none' in s.answers) {
			if (s.answers.none !== 'oui' && s.answers.none !== '') refuse(`${where} : la réponse « aucun » doit être « oui » ou vide.`);
			answers.none = s.answers.none;
		}
		return { ...s, answers };
	});
	if (new Set(steps.map((s) => `${s.recipeId}/${s.stepId}`)).size !== steps.length) refuse('Une étape figure deux fois dans le fichier.');

	const recordRows = file.records.map((r, i) => {
		const where = recordLabel(r, i);
		const kind = findRecordKind(r.kind);
		if (!kind) refuse(`${where} : le type « ${r.kind} » n’existe pas dans cette version de l’application.`);
		const fields = kindFields(kind);
		const data = checkAnswers(fields, r.data, where);
		// References: the parent, the 'records' fields, and the record an action comes from.
		if (kind.parentKind) {
			const parent = r.parentId ? byOldId.get(r.parentId) : undefined;
			if (!r.parentId) refuse(`${where} : l’activité du registre à laquelle il se rattache manque.`);
			if (!parent) refuse(`${where} : il se rattache à l’identifiant ${r.parentId}, qui n’est pas un enregistrement de ce fichier.`);
			if (parent.kind !== kind.parentKind) refuse(`${where} : il se rattache à un enregistrement de type « ${parent.kind} » au lieu de « ${kind.parentKind} ».`);
		} else if (r.parentId) refuse(`${where} : ce type d’enregistrement ne se rattache à aucun autre.`);
		for (const f of fields) {
			if (f.type !== 'records' || !Array.isArray(data[f.name])) continue;
			for (const ref of data[f.name] as string[]) {
				const target = byOldId.get(ref);
				if (!target) refuse(`${where} : champ « ${f.label} » (${f.name}) — l’identifiant ${ref} n’est pas un enregistrement de ce fichier.`);
				if (target.kind !== f.recordKind) refuse(`${where} : champ « ${f.label} » (${f.name}) — l’identifiant ${ref} désigne un enregistrement de type « ${target.kind} ».`);
			}
			data[f.name] = (data[f.name] as string[]).map((ref) => ids.get(ref)!);
		}
		// Its origins (the first, and the other places of the same measure) name records of this file.
		const origin = renameOriginIds(r.origin, (id, originKind) => {
			if (!findRecordKind(originKind)) return id;
			if (!byOldId.has(id)) refuse(`${where} : il provient de l’identifiant ${id}, qui n’est pas un enregistrement de ce fichier.`);
			return ids.get(id)!;
		})!;
		return { old: r, id: ids.get(r.id)!, kind: kind.id, parentId: r.parentId ? ids.get(r.parentId)! : null, data, origin };
	});

	for (const c of file.confirmations) {
		if (!OBLIGATIONS.some((o) => o.id === c.obligationId)) refuse(`Obligation confirmée « ${c.obligationId} » : elle n’existe pas dans cette version de l’application.`);
	}
	if (new Set(file.confirmations.map((c) => c.obligationId)).size !== file.confirmations.length) refuse('Une obligation confirmée figure deux fois dans le fichier.');

	// Parents before their children (a parent is never itself attached, but stay general).
	const ordered: typeof recordRows = [];
	const placed = new Set<string>();
	let pending = recordRows;
	while (pending.length) {
		const ready = pending.filter((r) => !r.parentId || placed.has(r.parentId));
		if (!ready.length) refuse('Des enregistrements se rattachent les uns aux autres en boucle.');
		for (const r of ready) {
			ordered.push(r);
			placed.add(r.id);
		}
		pending = pending.filter((r) => !placed.has(r.id));
	}

	const now = options.now ?? new Date();
	const c = file.commune;
	try {
		return await writeImport();
	} catch (err) {
		if (err instanceof DomainError) throw err;
		// A value the database refuses (e.g. a NUL character in the journal): the transaction is rolled back.
		// Only the driver's reason: the query's parameters hold personal data.
		logError('import refusé par la base de données', err);
		refuse('L’enregistrement a échoué : le fichier contient une valeur que la base de données refuse. Rien n’a été importé.');
	}

	function writeImport() {
		return db.transaction(async (tx) => {
			await tx.insert(communes).values({
				id: newCommuneId,
				...official,
				address: c.address,
				mayorName: c.mayorName,
				email: c.email,
				phone: c.phone,
				isPractice: c.isPractice,
				createdAt: new Date(c.createdAt),
				updatedAt: new Date(c.updatedAt)
			});
			await tx.insert(memberships).values({ userId: user.id, communeId: newCommuneId, role: 'dpd' });
			await insertChunks(steps, 200, (chunk) =>
				tx.insert(stepAnswers).values(
					chunk.map((s) => ({
						communeId: newCommuneId,
						recipeId: s.recipeId,
						stepId: s.stepId,
						answers: s.answers,
						fieldMeta: importMeta(s.fieldMeta),
						// The file's claims are answers of nobody here.
						updatedBy: null,
						version: s.version,
						status: s.status,
						completedAt: s.completedAt ? new Date(s.completedAt) : null,
						updatedAt: new Date(s.updatedAt)
					}))
				)
			);
			// The one write path, as a restore: history and journal come from the file.
			await createRecords(
				tx,
				{ user, communeId: newCommuneId, canEdit: true },
				ordered.map((r) => ({
					id: r.id,
					kind: r.kind,
					parentId: r.parentId,
					data: r.data,
					origin: r.origin,
					proposal: r.old.proposal,
					restored: {
						fieldMeta: importMeta(r.old.fieldMeta),
						version: r.old.version,
						createdAt: new Date(r.old.createdAt),
						updatedAt: new Date(r.old.updatedAt),
						archivedAt: r.old.archivedAt ? new Date(r.old.archivedAt) : null,
						importedAt: now,
						confirmed: r.old.confirmed ? { at: new Date(r.old.confirmed.at), byName: r.old.confirmed.byName } : null
					}
				})),
				{ batch: 200 }
			);
			await insertChunks(file.confirmations, 200, (chunk) =>
				tx.insert(obligationConfirmations).values(chunk.map((x) => ({ communeId: newCommuneId, obligationId: x.obligationId, note: x.note, confirmedAt: new Date(x.confirmedAt) })))
			);
			// The journal as history: original date and author's name; ids inside it follow the records.
			await insertChunks(file.audit, 500, (chunk) =>
				tx.insert(auditLog).values(
					chunk.map((a) => ({
						at: new Date(a.at),
						userId: null,
						userName: a.userName,
						communeId: newCommuneId,
						entity: a.entity,
						entityId: ids.get(a.entityId) ?? a.entityId,
						action: a.action,
						changes: remapDeep(a.changes, ids) as Record<string, unknown>,
						// History told by the file, kept apart from what was recorded here.
						importedAt: now
					}))
				)
			);
			await appendAudit(tx, user, {
				at: now,
				communeId: newCommuneId,
				entity: IMPORT_ENTITY,
				entityId: newCommuneId,
				action: IMPORT_ACTION,
				changes: {
					fichier: options.filename ?? '',
					format: `${EXPORT_FORMAT} version ${EXPORT_VERSION}`,
					exporteLe: file.exportedAt,
					importeLe: now.toISOString(),
					organisme: { name: official.name, inseeCode: official.inseeCode, siren: official.siren },
					dpd: user.name,
					etapes: steps.length,
					enregistrements: ordered.length,
					confirmations: file.confirmations.length,
					historique: file.audit.length,
					documents: file.documents,
					dossiers: file.dossiers
				}
			});
			return {
				communeId: newCommuneId,
				name: official.name,
				counts: {
					steps: steps.length,
					records: ordered.length,
					confirmations: file.confirmations.length,
					audit: file.audit.length,
					documents: file.documents.length,
					dossiers: file.dossiers.length
				},
				ids
			};
		});
	}
}

/** « 12 fiches, 3 étapes… » for messages. */
export function importSummary(r: ImportResult): string {
	return [
		plural(r.counts.records, 'enregistrement', 'enregistrements'),
		plural(r.counts.steps, 'étape', 'étapes'),
		plural(r.counts.audit, 'entrée du journal', 'entrées du journal')
	].join(', ');
}

