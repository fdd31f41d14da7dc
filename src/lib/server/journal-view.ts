// The journal as people read it: words, not codes. One formatter for the journal page and the
// dashboard: from the cookbook's declarations (a record kind found by its `entity`, a recipe step
// by its "recipe/step" key), field names become their labels and stored values their display
// values (option labels, « Oui », dates in French); ids of people and records become their names,
// read with one query for the whole page. The journal itself is untouched: only its reading changes.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/pg-core';
import { CATALOGUE } from '../catalogue/entries';
import { STEP_INDEX, RECIPES } from '../recipes';
import { displayValue } from '../recipes/fields';
import { kindFields, RECORD_KINDS } from '../recipes/records';
import type { Answers, FieldDef, RecordKind } from '../recipes/types';
import { formatDate, formatNumber, formatParis, formatShort } from '../french';
import type { Executor } from './db';
import { records, users } from './db/schema';
import { ROLE_LABELS } from './tenancy';

/** A journal entry as stored (the columns the view needs). */
export interface JournalEntry {
	id: number;
	at: Date | string;
	userId?: string | null;
	userName: string;
	entity: string;
	entityId: string;
	action: string;
	changes: Record<string, unknown>;
	/** Set on history a JSON import carried in: the file's words, not an entry recorded here. */
	importedAt?: Date | string | null;
}

/** One change, in words: « Finalité : Non conforme → Conforme », or « Rôle : Élu ». */
export interface JournalChange {
	label: string;
	before?: string;
	after?: string;
	value?: string;
}

export interface JournalLine {
	id: number;
	/** The instant, ISO (for `<time datetime>`). */
	at: string;
	/** « 06/12/2026 14:05 », Paris time. */
	when: string;
	who: string;
	what: string;
	changes: JournalChange[];
	/** An entry told by an imported file (its author has no account here). */
	imported?: boolean;
}

const EMPTY = '(vide)';
const GONE = '(supprimé)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Keys written by the app outside the cookbook's fields (accounts, members, the commune…). */
const GENERIC_LABELS: Record<string, string> = {
	user: 'Personne',
	role: 'Rôle',
	name: 'Nom',
	title: 'Titre',
	type: 'Type',
	email: 'Adresse e-mail',
	inseeCode: 'Code INSEE',
	siren: 'SIREN',
	address: 'Adresse',
	mayorName: 'Nom du maire',
	phone: 'Téléphone',
	population: 'Population',
	departement: 'Département',
	sha256: 'Empreinte SHA-256',
	empreinte: 'Empreinte',
	page: 'Page consultée',
	note: 'Remarque',
	pour: 'Pour',
	formation: 'Formation',
	date: 'Date',
	code: 'Code',
	password: 'Mot de passe',
	status: 'État',
	version: 'Version',
	fichier: 'Fichier',
	format: 'Format',
	exporteLe: 'Exporté le',
	importeLe: 'Importé le',
	organisme: 'Organisme',
	dpd: 'Délégué',
	etapes: 'Étapes',
	enregistrements: 'Enregistrements',
	confirmations: 'Confirmations',
	historique: 'Historique',
	none: 'Aucun élément à inscrire',
	createdBy: 'Créé par',
	updatedBy: 'Modifié par',
	confirmedBy: 'Confirmé par',
	generatedBy: 'Produit par'
};

/** Keys that say nothing to a reader (an invitation's id once used): left out of the view. */
const HIDDEN_KEYS = new Set(['invitation']);

/** Codes of the app's own states (steps, decisions, grids), when no field declares them. */
const STATE_WORDS: Record<string, string> = {
	en_cours: 'en cours',
	plus_tard: 'remise à plus tard',
	terminee: 'terminée',
	a_revoir: 'à revoir',
	validee: 'validée',
	conforme: 'conforme',
	non_conforme: 'non conforme',
	na: 'non applicable',
	fait: 'fait'
};

/** The fields of a record kind or a step, with a label that names each one unambiguously. */
interface FieldSet {
	byName: Map<string, FieldDef>;
	byLabel: Map<string, FieldDef>;
	display: Map<string, string>;
}

function fieldSet(sections: { title?: string; fields: FieldDef[] }[]): FieldSet {
	const all = sections.flatMap((s) => s.fields);
	const count = new Map<string, number>();
	for (const f of all) count.set(f.label, (count.get(f.label) ?? 0) + 1);
	const byName = new Map<string, FieldDef>();
	const byLabel = new Map<string, FieldDef>();
	const display = new Map<string, string>();
	for (const s of sections) {
		const inSection = new Map<string, number>();
		for (const f of s.fields) inSection.set(f.label, (inSection.get(f.label) ?? 0) + 1);
		s.fields.forEach((f, i) => {
			byName.set(f.name, f);
			if (count.get(f.label) === 1) {
				byLabel.set(f.label, f);
				display.set(f.name, f.label);
				return;
			}
			// A label shared by several fields (« Gravité » of each feared event, « Remarque » of each
			// measure) is named by its section, or by the nearest field before it that is unique.
			const before = s.fields.slice(0, i).reverse().find((p) => count.get(p.label) === 1);
			const context = s.title && inSection.get(f.label) === 1 ? s.title : (before?.label ?? s.title);
			display.set(f.name, context ? `${context} — ${f.label}` : f.label);
		});
	}
	return { byName, byLabel, display };
}

const KIND_FIELDS = new Map<string, { kind: RecordKind; set: FieldSet }>(
	Object.values(RECORD_KINDS).map((kind) => [kind.entity, { kind, set: fieldSet(kind.sections) }])
);

const STEP_FIELDS = new Map<string, FieldSet>(
	[...STEP_INDEX].filter(([, { step }]) => step.kind === 'form').map(([key, { step }]) => [key, fieldSet([{ fields: step.kind === 'form' ? step.fields : [] }])])
);

/** Any field of the cookbook by its name, for entries whose entity says nothing of their fields. */
const ANY_FIELD = new Map<string, FieldDef>();
for (const kind of Object.values(RECORD_KINDS)) for (const f of kindFields(kind)) if (!ANY_FIELD.has(f.name)) ANY_FIELD.set(f.name, f);
for (const recipe of RECIPES) for (const step of recipe.steps) if (step.kind === 'form') for (const f of step.fields) if (!ANY_FIELD.has(f.name)) ANY_FIELD.set(f.name, f);

const isStepEntity = (entity: string) => /^(recette|étape)\b/.test(entity);

function fieldsOf(entry: Pick<JournalEntry, 'entity' | 'entityId'>): FieldSet | null {
	const kind = KIND_FIELDS.get(entry.entity);
	if (kind) return kind.set;
	if (isStepEntity(entry.entity)) return STEP_FIELDS.get(entry.entityId) ?? null;
	return null;
}

/** The field a change's key names: its name, its label, or « label (name) » (labels shared by several fields). */
function fieldOfKey(set: FieldSet | null, key: string): FieldDef | undefined {
	if (set) {
		const found = set.byName.get(key) ?? set.byLabel.get(key);
		if (found) return found;
		const named = /\(([A-Za-z0-9_]+)\)$/.exec(key);
		if (named && set.byName.has(named[1]!)) return set.byName.get(named[1]!);
		return undefined;
	}
	// The app's own keys (a member's `role`, the commune's `name`) are not the cookbook's fields.
	return Object.hasOwn(GENERIC_LABELS, key) ? undefined : ANY_FIELD.get(key);
}

function isEmpty(v: unknown): boolean {
	return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Page names of a commune's paths (the « consultation » entries of a trainer). */
const PAGE_WORDS: Record<string, string> = {
	'': 'tableau de bord',
	recettes: 'recettes',
	fiches: 'fiches',
	registre: 'registre des traitements',
	journal: 'journal',
	dossier: 'dossier de conformité',
	membres: 'membres',
	obligations: 'obligations',
	identite: 'identité de la commune',
	documents: 'documents',
	donnees: 'export des données',
	mentions: 'mentions d’information',
	copier: 'copie depuis une autre commune',
	'affiche.pdf': 'affiche'
};

/** « /c/<id>/fiches/activity/<id> » → « fiche du registre « État civil » »: a page in words, no id shown. */
function pageWords(path: string, names: Map<string, string>): string {
	const rest = path.replace(/^\/c\/[0-9a-f-]{36}/i, '').replace(/[?#].*$/, '');
	const [first = '', ...more] = rest.split('/').filter(Boolean);
	if (first === 'recettes' && more[0]) {
		const step = more[1] ? STEP_INDEX.get(`${more[0]}/${more[1]}`) : undefined;
		if (step) return `recette « ${step.recipe.title} », étape « ${step.step.title} »`;
		const recipe = RECIPES.find((r) => r.id === more[0]);
		if (recipe) return `recette « ${recipe.title} »`;
	}
	if (first === 'fiches' && more[0] && Object.hasOwn(RECORD_KINDS, more[0])) {
		const kind = RECORD_KINDS[more[0]]!;
		const id = more[1]?.toLowerCase();
		if (!id) return kind.plural;
		if (id === 'nouveau') return `${kind.entity} (nouvelle)`;
		return `${kind.entity} « ${names.get(id) ?? GONE} »`;
	}
	const base = Object.hasOwn(PAGE_WORDS, first) ? PAGE_WORDS[first]! : first;
	const detail = more.map((m) => (UUID.test(m) ? (names.get(m.toLowerCase()) ?? GONE) : m)).join(' / ');
	return detail ? `${base} (${detail})` : base;
}

/** A value no field declares: ids to names, codes to words, dates in French. */
function genericValue(key: string, v: unknown, names: Map<string, string>): string {
	if (isEmpty(v)) return EMPTY;
	if (typeof v === 'boolean') return v ? 'oui' : 'non';
	if (typeof v === 'number') return formatNumber(v);
	if (Array.isArray(v)) return v.map((x) => genericValue(key, x, names)).join(' ; ');
	if (typeof v === 'object') {
		return Object.entries(v as Record<string, unknown>)
			.map(([k, x]) => `${GENERIC_LABELS[k] ?? k} : ${genericValue(k, x, names)}`)
			.join(', ');
	}
	const s = String(v);
	if (key === 'page' && s.startsWith('/c/')) return pageWords(s, names);
	if (key === 'role' && Object.hasOwn(ROLE_LABELS, s)) return ROLE_LABELS[s as keyof typeof ROLE_LABELS];
	if (UUID.test(s)) return names.get(s.toLowerCase()) ?? GONE;
	if (Object.hasOwn(STATE_WORDS, s)) return STATE_WORDS[s]!;
	if (ISO_DATE.test(s)) return formatDate(s);
	if (ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s))) return formatShort(s);
	// An id inside a text is named too, never shown.
	return s.replace(UUID_ANYWHERE, (id) => names.get(id.toLowerCase()) ?? GONE);
}

/** A value of a declared field: its display value (reused from the forms), dates in French. */
function fieldValue(field: FieldDef, v: unknown, names: Map<string, string>): string {
	if (isEmpty(v)) return EMPTY;
	if (field.type === 'date' && typeof v === 'string' && ISO_DATE.test(v)) return formatDate(v);
	if (field.type === 'datetime' && typeof v === 'string') {
		const m = LOCAL_DATETIME.exec(v);
		if (m) return `${formatDate(m[1]!)} à ${m[2]}`;
	}
	if (field.type === 'records') {
		const ids = (Array.isArray(v) ? v : [v]).map((x) => String(x).toLowerCase());
		return displayValue(field, ids, names) || EMPTY;
	}
	if (typeof v === 'string' && UUID.test(v)) return names.get(v.toLowerCase()) ?? GONE;
	if (typeof v === 'object' && !Array.isArray(v)) return genericValue(field.name, v, names);
	const shown = displayValue(field, v, names);
	// A code no longer among the options (an older version of the cookbook): in words if the app knows it.
	if (field.options && shown === String(v)) return genericValue(field.name, v, names);
	return shown || EMPTY;
}

/** The field or section an action of the plan came from (`item` of its origin), in words. */
function itemLabel(kind: RecordKind, item: string): string {
	const fields = kindFields(kind);
	const field = fields.find((f) => f.name === item || f.name === `p_${item}`);
	if (field) return field.label;
	const section = kind.sections.find((s) => s.fields.some((f) => f.name.startsWith(`${item}_`)));
	return section?.title ?? item;
}

/**
 * « Provenance » lines written with ids: « catalogue : etat-civil » (a catalogue entry), « conformity:information »
 * or « step:m_mdp_regle » (what an action of the plan was made from). Other provenances are words already.
 */
function provenanceWords(value: string): string {
	const catalogue = /^catalogue : (.+)$/.exec(value);
	if (catalogue) {
		const entry = CATALOGUE.find((e) => e.id === catalogue[1]);
		return entry ? `catalogue, « ${entry.name} »` : value;
	}
	const origin = /^([a-z]+):([A-Za-z0-9_-]+)$/.exec(value);
	if (!origin) return value;
	const [, from, item] = origin as unknown as [string, string, string];
	if (from === 'step') {
		const field = ANY_FIELD.get(item);
		return field ? `mesure « ${field.label} »` : value;
	}
	const kind = Object.hasOwn(RECORD_KINDS, from) ? RECORD_KINDS[from] : undefined;
	return kind ? `${kind.entity}, « ${itemLabel(kind, item)} »` : value;
}

const isChange = (v: unknown): v is { avant: unknown; apres: unknown } =>
	Boolean(v) && typeof v === 'object' && !Array.isArray(v) && 'avant' in (v as object) && 'apres' in (v as object);

/** What happened, naming the record or the step: « fiche du registre « État civil » : modification ». */
function whatOf(entry: JournalEntry, names: Map<string, string>): string {
	if (KIND_FIELDS.has(entry.entity)) {
		const title = names.get(entry.entityId.toLowerCase());
		return `${entry.entity}${title ? ` « ${title} »` : ''} : ${entry.action}`;
	}
	if (entry.entity.startsWith('étape ') && STEP_INDEX.has(entry.entityId)) {
		const { recipe, step } = STEP_INDEX.get(entry.entityId)!;
		return `étape « ${step.title} » (recette « ${recipe.title} ») : ${entry.action}`;
	}
	return `${entry.entity} : ${entry.action}`;
}

/** One entry in words; `names` maps the ids it mentions (lower case) to names. */
export function formatEntry(entry: JournalEntry, names: Map<string, string>): JournalLine {
	const set = fieldsOf(entry);
	const changes: JournalChange[] = [];
	for (const [key, raw] of Object.entries(entry.changes ?? {})) {
		if (HIDDEN_KEYS.has(key)) continue;
		const field = fieldOfKey(set, key);
		const label = field ? (set?.display.get(field.name) ?? field.label) : (GENERIC_LABELS[key] ?? key);
		const show = (v: unknown) =>
			field ? fieldValue(field, v, names) : key === 'Provenance' && typeof v === 'string' ? provenanceWords(v) : genericValue(key, v, names);
		if (isChange(raw)) changes.push({ label, before: show(raw.avant), after: show(raw.apres) });
		else changes.push({ label, value: show(raw) });
	}
	const at = entry.at instanceof Date ? entry.at : new Date(entry.at);
	const line = { id: entry.id, at: at.toISOString(), when: formatShort(at).replace(/\s+/g, '\u00a0'), who: entry.userName || '—', what: whatOf(entry, names), changes };
	if (!entry.importedAt) return line;
	const importedAt = entry.importedAt instanceof Date ? entry.importedAt : new Date(entry.importedAt);
	return { ...line, who: importedWho(entry.userName, importedAt), imported: true };
}

/** « d’après le fichier importé le 6 décembre 2026 (Marie Dupont) »: never a user of this installation. */
export function importedWho(userName: string, importedAt: Date): string {
	const name = userName.trim();
	return `d’après le fichier importé le ${formatParis(importedAt, false)}${name ? ` (« ${name} »)` : ''}`;
}

/** Every id an entry mentions: in its changes (at any depth), and the record it is about. */
export function idsOf(entries: JournalEntry[]): string[] {
	const out = new Set<string>();
	const walk = (v: unknown) => {
		if (typeof v === 'string') {
			// Whole ids, and ids inside a text (the path of a page a trainer opened).
			for (const m of v.matchAll(UUID_ANYWHERE)) out.add(m[0].toLowerCase());
		} else if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') Object.values(v).forEach(walk);
	};
	for (const e of entries) {
		walk(e.changes);
		if (KIND_FIELDS.has(e.entity) && UUID.test(e.entityId)) out.add(e.entityId.toLowerCase());
	}
	return [...out];
}

/** Which of the names `namesOf` gave are people's (the others are the commune's records). */
const namesOfPeople = new WeakMap<Map<string, string>, Set<string>>();

/**
 * The names of these ids, in one query: people by their name, the commune's records by their
 * title (a record attached to a fiche by the fiche's name: « grille de conformité « État civil » »).
 * Records of other communes stay unnamed.
 */
export async function namesOf(db: Executor, communeId: string, ids: string[]): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const peopleIds = new Set<string>();
	namesOfPeople.set(names, peopleIds);
	if (!ids.length) return names;
	const parent = alias(records, 'parent');
	const people = db
		.select({ id: users.id, kind: sql<string>`'user'`, data: sql<Answers | null>`null::jsonb`, parentKind: sql<string | null>`null::text`, parentData: sql<Answers | null>`null::jsonb`, name: users.name })
		.from(users)
		.where(inArray(users.id, ids));
	const things = db
		.select({ id: records.id, kind: records.kind, data: sql<Answers | null>`${records.data}`, parentKind: sql<string | null>`${parent.kind}`, parentData: sql<Answers | null>`${parent.data}`, name: sql<string>`''` })
		.from(records)
		.leftJoin(parent, eq(parent.id, records.parentId))
		.where(and(eq(records.communeId, communeId), inArray(records.id, ids)));
	const rows = await unionAll(people, things);
	for (const r of rows) {
		const id = String(r.id).toLowerCase();
		if (r.kind === 'user') {
			names.set(id, r.name);
			peopleIds.add(id);
			continue;
		}
		const kind = RECORD_KINDS[r.kind];
		if (!kind) continue;
		const own = r.data?.[kind.titleField];
		const parentKind = r.parentKind ? RECORD_KINDS[r.parentKind] : undefined;
		const parentTitle = parentKind ? r.parentData?.[parentKind.titleField] : undefined;
		const title = typeof own === 'string' && own.trim() ? own.trim() : typeof parentTitle === 'string' && parentTitle.trim() ? parentTitle.trim() : `sans nom (${kind.singular})`;
		names.set(id, title);
	}
	return names;
}

/** Journal entries in words, the ids they mention named with one query. */
export async function journalView(db: Executor, communeId: string, entries: JournalEntry[]): Promise<JournalLine[]> {
	const names = await namesOf(db, communeId, idsOf(entries));
	// An imported entry never names a person of this installation: a file could put anyone's id in it.
	const people = namesOfPeople.get(names) ?? new Set<string>();
	const recordNames = new Map([...names].filter(([id]) => !people.has(id)));
	return entries.map((e) => formatEntry(e, e.importedAt ? recordNames : names));
}
