// What the fuzz test sends: for each target (action, load, endpoint), its parameters, query and
// form fields — mostly the real field names of the form (the cookbook is data: steps and record
// kinds declare their fields), with valid values, other communes' ids and hostile values mixed.
import fc from 'fast-check';
import { CATALOGUE } from '../../../src/lib/catalogue/entries';
import { RECIPES, findRecipe } from '../../../src/lib/recipes';
import { FEARED_EVENTS, PRINCIPLES } from '../../../src/lib/recipes/assessments';
import { OBLIGATIONS } from '../../../src/lib/recipes/obligations';
import { PROFILE_STEP_ID, profilRecipe } from '../../../src/lib/recipes/profile';
import { kindFields, RECORD_KINDS } from '../../../src/lib/recipes/records';
import type { FieldDef } from '../../../src/lib/recipes/types';
import { DOCUMENT_TEMPLATES } from '../../../src/lib/documents/templates';
import { BODY_TYPES, ROLES } from '../../../src/lib/server/db/schema';
import { ADVICE_KINDS, targetGroups } from '../../../src/lib/server/domain/advice';
import { COPYABLE_KINDS } from '../../../src/lib/server/domain/copy';
import { OTHER_STRONG_PASSWORD, STRONG_PASSWORD } from '../fixtures';
import type { Target } from './routes';
import { brokenBytes, FILE_NAMES, FILE_TYPES, HUGE, hostileText, type BodyEncoding, type FileContent, type FormEntry, type FormValue, type HugeKind } from './values';
import { ACTOR_KEYS, type ActorKey, type World } from './world';

export interface Case {
	target: string;
	actor: ActorKey;
	params: Record<string, FormValue>;
	query: [string, FormValue][];
	encoding: BodyEncoding;
	/** Where a broken multipart body is cut. */
	cut: number;
	entries: FormEntry[];
}

type Params = Record<string, string>;

// ---- the forms -----------------------------------------------------------------------------

const recordFields = (kind: string | undefined) => (kind && Object.hasOwn(RECORD_KINDS, kind) ? kindFields(RECORD_KINDS[kind]!).map((f) => f.name) : ['name', 'title']);
const stepFields = (p: Params) => {
	const recipe = p.recipeId ? findRecipe(p.recipeId) : undefined;
	const step = recipe?.steps.find((s) => s.id === p.stepId);
	return step?.kind === 'form' ? step.fields.map((f) => f.name) : [];
};

/**
 * The fields of every form action, by "<route id> <action>". A route file exporting an action
 * missing here fails the coverage test: add its fields (a new action is fuzzed meanwhile with
 * generic fields, but it deserves its real ones).
 */
export const FORMS: Record<string, (p: Params, world: World) => string[]> = {
	'/admin trainer': () => ['id', 'value'],
	'/admin reset': () => ['id'],
	'/c/[communeId] reset': () => [],
	'/c/[communeId]/copier default': () => ['source', 'kind', 'ids', '_jeton'],
	'/c/[communeId]/documents/[kind] default': (p, w) => ['title', '_jeton', ...(Object.hasOwn(w.documentSections, p.kind ?? '') ? w.documentSections[p.kind!]! : Object.values(w.documentSections).flat())],
	'/c/[communeId]/dossier default': () => [],
	'/c/[communeId]/fiches/[kind]/[recordId] save': (p) => [...recordFields(p.kind), '_fields', '_version', 'intent'],
	'/c/[communeId]/fiches/[kind]/[recordId] action': () => ['item'],
	'/c/[communeId]/fiches/[kind]/[recordId] archive': () => [],
	'/c/[communeId]/fiches/[kind]/[recordId] confirm': () => [],
	'/c/[communeId]/fiches/[kind]/[recordId] erase': () => ['confirm'],
	'/c/[communeId]/fiches/[kind]/nouveau default': (p) => [...recordFields(p.kind), '_fields', '_version', '_parent', '_created', '_jeton'],
	// The plan's table: owner, due date and version of each open action of the commune's actions (and of others').
	'/c/[communeId]/plan default': (_p, w) => [
		'_jeton',
		...w.records.filter((r) => r.kind === 'action').slice(0, 6).flatMap((r) => [`owner__${r.id}`, `dueDate__${r.id}`, `version__${r.id}`])
	],
	'/c/[communeId]/profil save': () => [...stepFields({ recipeId: profilRecipe.id, stepId: PROFILE_STEP_ID }), '_fields', '_version'],
	'/c/[communeId]/profil remove': () => ['id', 'kind'],
	'/c/[communeId]/depistage confirm': () => ['fiche', 'tout'],
	'/c/[communeId]/conformite prepare': () => ['fiche', 'tout'],
	'/c/[communeId]/conformite confirm': () => ['grille'],
	'/c/[communeId]/registre/a-confirmer/[recordId] confirm': () => [],
	'/c/[communeId]/identite default': () => ['name', 'address', 'siren', 'mayorName', 'email', 'phone'],
	'/c/[communeId]/membres invite': () => ['role', 'label', '_jeton'],
	'/c/[communeId]/membres revoke': () => ['id'],
	'/c/[communeId]/membres remove': () => ['id'],
	'/c/[communeId]/obligations confirm': () => ['obligationId', 'note', 'confirmed'],
	'/c/[communeId]/recettes/[recipeId]/[stepId] save': (p) => [...stepFields(p), '_fields', '_version', 'intent', '_none', 'none'],
	'/c/[communeId]/recettes/[recipeId]/[stepId] catalogue': () => ['entries'],
	'/c/[communeId]/recettes/[recipeId]/[stepId] confirm': () => ['ids'],
	'/c/[communeId]/registre/importer apercu': () => ['file'],
	'/c/[communeId]/registre/importer confirmer': () => ['payload', 'signature', '_jeton'],
	'/communes/importer default': () => ['file', '_jeton'],
	'/communes/nouvelle default': () => ['type', 'officialCode', 'name', 'address', 'siren', 'mayorName', 'email', 'phone', '_jeton'],
	'/compte password': () => ['currentPassword', 'newPassword', 'newPasswordConfirm'],
	'/compte everywhere': () => [],
	'/compte profile': () => ['name', 'email', 'passwordForEmail'],
	'/compte supprimer': () => ['password', 'confirm'],
	'/connexion default': () => ['email', 'password', 'suite'],
	'/conseils/[id] save': () => ['kind', 'target', 'title', 'body', 'sources', '_version'],
	'/conseils/[id] retire': () => [],
	'/conseils/[id] reactivate': () => [],
	'/conseils/[id] restore': () => ['version'],
	'/conseils/nouveau default': () => ['kind', 'target', 'title', 'body', 'sources', '_jeton'],
	'/deconnexion default': () => [],
	'/formations create': () => ['title', 'date', 'place', 'capacity', '_jeton'],
	'/formations enrol': () => ['code', 'communes'],
	'/formations leave': () => ['sessionId', 'communeId'],
	'/formations practice': () => ['sessionId', '_jeton'],
	'/formations/[sessionId] attendance': () => ['present'],
	'/formations/[sessionId] close': () => [],
	'/inscription default': () => ['name', 'email', 'password', 'passwordConfirm', 'setupCode', 'suite'],
	'/invitation/[token] accepter': () => [],
	'/invitation/[token] changer': () => [],
	'/reinitialiser/[token] default': () => ['newPassword', 'newPasswordConfirm']
};

export const formKey = (t: Target) => `${t.routeId} ${t.name}`;

/** Every field the cookbook declares, by name, for values of the right shape. */
const COOKBOOK_FIELDS = new Map<string, FieldDef>();
for (const kind of Object.values(RECORD_KINDS)) for (const f of kindFields(kind)) if (!COOKBOOK_FIELDS.has(f.name)) COOKBOOK_FIELDS.set(f.name, f);
for (const recipe of RECIPES) for (const step of recipe.steps) if (step.kind === 'form') for (const f of step.fields) if (!COOKBOOK_FIELDS.has(f.name)) COOKBOOK_FIELDS.set(f.name, f);

// ---- values -------------------------------------------------------------------------------------

const text = (v: string): FormValue => ({ t: 'text', v });
const pick = <T>(...choices: [number, readonly T[] | fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
	fc.oneof(
		...choices
			.filter(([w, c]) => w > 0 && (!Array.isArray(c) || c.length > 0))
			.map(([weight, c]) => ({ weight, arbitrary: Array.isArray(c) ? fc.constantFrom(...(c as readonly T[])) : (c as fc.Arbitrary<T>) }))
	);

const hugeValue: fc.Arbitrary<FormValue> = fc.constantFrom(...(Object.keys(HUGE) as HugeKind[])).map((v) => ({ t: 'huge', v }));
const hostileValue: fc.Arbitrary<FormValue> = pick<FormValue>([12, hostileText.map(text)], [1, hugeValue], [2, brokenBytes.map((v) => ({ t: 'bytes' as const, v }))]);

const ORDINARY = ['Mairie de Glanon', 'Deux heures par semaine', 'Ligne 1\r\nLigne 2', 'Sophie Martin', '2 rue de l’Église, 21250 Glanon', 'Texte « entre guillemets » & co'];
const REDIRECTS = ['/', '/compte', '/c/00000000-0000-4000-8000-000000000000', '//evil.example', 'https://evil.example/', '/\\evil.example', '\\/evil.example', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x=1', '/\r\nLocation: https://evil.example', ' /compte', '/c/../..//evil.example'];

function fieldPool(f: FieldDef, world: World): string[] {
	switch (f.type) {
		case 'radio':
		case 'select':
		case 'checkboxes':
			return (f.options ?? []).map((o) => o.value);
		case 'boolean':
			return ['oui', 'non'];
		case 'date':
			return ['2026-03-15', '2024-02-29', '2026-11-05'];
		case 'datetime':
			return ['2026-03-15T10:30', '2026-11-05T08:00'];
		case 'number':
			return ['0', '3', '12,5', '48'];
		case 'email':
			return ['rgpd@mairie-glanon.fr'];
		case 'tel':
			return ['03 80 00 12 34', '+33 3 80 00 12 34'];
		case 'records':
			return world.records.filter((r) => r.kind === f.recordKind).map((r) => r.id);
		default:
			return ORDINARY;
	}
}

/** Plausible values of a field, by its name (with the target's field names for `_fields`). */
function validPool(name: string, names: string[], world: World, p: Params): string[] {
	const communeIds = Object.values(world.communes).map((c) => c.id);
	const recordIds = world.records.map((r) => r.id);
	const inCommune = world.records.filter((r) => r.communeId === p.communeId);
	switch (name) {
		case '_fields': {
			const real = names.filter((n) => !n.startsWith('_'));
			return [real.join(','), real.slice(0, 3).join(','), real.slice(-2).join(' , '), '', ',,,', '__proto__,constructor,toString', 'inconnu'];
		}
		case '_version':
			return ['0', '1', '2', '3', '7', '999999999', '1000000000'];
		case 'intent':
			return ['save', 'continue', 'later', 'autosave', 'back'];
		case '_parent':
		case '_created':
			return [...inCommune.filter((r) => r.kind === 'activity').map((r) => r.id), ...inCommune.map((r) => r.id).slice(0, 5), ...recordIds.slice(-5)];
		case '_none':
			return ['1', ''];
		case '_jeton':
			// A few tokens used again and again: the second use of one is a resubmission (or another form's, another user's).
			return ['jeton-de-formulaire-000001', 'jeton-de-formulaire-000002', 'court', '', 'x'.repeat(65)];
		case 'none':
			return ['oui', 'non', ''];
		case 'id':
			return [...world.userIds, ...world.invitationIds, ...world.memberships.map((m) => m.id), ...world.advice.map((a) => a.id)];
		case 'value':
			return ['true', 'false', '1'];
		case 'source':
		case 'communeId':
		case 'communes':
		case 'present':
			return communeIds;
		case 'kind':
			return [...COPYABLE_KINDS, ...ADVICE_KINDS];
		case 'ids':
			return [...recordIds, 'tout'];
		case 'item':
			return [...PRINCIPLES.map((x) => x.id), ...FEARED_EVENTS.map((x) => x.id)];
		case 'entries':
			return CATALOGUE.map((e) => e.id);
		case 'obligationId':
			return OBLIGATIONS.map((o) => o.id);
		case 'confirmed':
			return ['oui', 'non'];
		case 'role':
			return [...ROLES];
		case 'type':
			return [...BODY_TYPES];
		case 'officialCode':
			return ['21301', '21634', '21183', '2A004', '200000172', '00000', '123456789'];
		case 'siren':
			return ['356000000', '213013011', '123456789', '21301301', ' 356 000 000 '];
		case 'email':
			return ['rgpd@mairie-glanon.fr', 'nouvelle.secretaire@mairie-test.fr', 'a@b', ...world.emails, world.emails[0]!.toUpperCase()];
		case 'phone':
			return ['03 80 00 12 34', '+33 3 80 00 12 34', '12'];
		case 'password':
		case 'passwordConfirm':
		case 'newPassword':
		case 'newPasswordConfirm':
		case 'currentPassword':
			return [STRONG_PASSWORD, OTHER_STRONG_PASSWORD, 'motdepasse', 'Aa1!'.repeat(3)];
		case 'suite':
			return REDIRECTS;
		case 'target':
			return targetGroups().flatMap((g) => g.options.map((o) => o.value)).filter((_, i) => i % 7 === 0).concat(['general', 'recipe:dpd', 'step:dpd/type', 'recipe:', 'step:dpd', 'catalogue:']);
		case 'sources':
			return ['https://www.cnil.fr', 'https://www.cnil.fr\nhttps://www.legifrance.gouv.fr', 'http://non-securise.fr', 'https://user:pw@cnil.fr', ''];
		case 'version':
			return ['1', '2', '3', '4', '0'];
		case 'date':
			return ['2026-11-05', '2027-02-28'];
		case 'capacity':
			return ['1', '6', '60', '61', '0', '2.5'];
		case 'code':
			return world.sessions.flatMap((s) => [s.code, s.code.toLowerCase(), ` ${s.code.slice(0, 3)}-${s.code.slice(3)} `]);
		case 'sessionId':
			return world.sessions.map((s) => s.id);
		case 'payload':
			return [world.importPair.payload, world.importPair.payload.replace('"v":1', '"v":2'), '{"v":1}', '[]'];
		case 'signature':
			return [world.importPair.signature, '0'.repeat(64), world.importPair.signature.toUpperCase()];
		case 'title':
		case 'body':
		case 'label':
		case 'note':
		case 'place':
		case 'name':
		case 'address':
		case 'mayorName':
			return ORDINARY;
	}
	const field = COOKBOOK_FIELDS.get(name);
	if (field) return fieldPool(field, world);
	return name.startsWith('section_') ? ORDINARY : [];
}

const fileContent = (world: World): fc.Arbitrary<FileContent> =>
	pick<FileContent>(
		[4, fc.constantFrom(...Object.keys(world.files)).map((name) => ({ src: 'world' as const, name, patch: [], cut: null }))],
		[
			3,
			fc.record({
				src: fc.constant('world' as const),
				name: fc.constantFrom(...Object.keys(world.files)),
				patch: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
				cut: fc.option(fc.nat(), { freq: 3, nil: null })
			})
		],
		[4, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }).map((edits) => ({ src: 'json' as const, name: 'export.json', edits }))],
		[2, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }).map((v) => ({ src: 'bytes' as const, v }))],
		[1, fc.constant({ src: 'empty' as const })],
		[1, fc.constant({ src: 'huge' as const })]
	);

const fileValue = (world: World): fc.Arbitrary<FormValue> =>
	fc.record({ t: fc.constant('file' as const), name: fc.constantFrom(...FILE_NAMES), mime: fc.constantFrom(...FILE_TYPES), content: fileContent(world) });

function valueArb(name: string, names: string[], world: World, p: Params): fc.Arbitrary<FormValue> {
	const pool = validPool(name, names, world, p);
	const isFile = name === 'file';
	return pick<FormValue>([isFile ? 0 : 8, pool.map(text)], [6, hostileValue], [isFile ? 14 : 1, fileValue(world)]);
}

/** Names every JavaScript object already answers to. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const EXTRA_KEYS = ['_fields', '_version', 'intent', '', '/', 'a[b]', 'x'.repeat(2000), '_parent', 'id', 'communeId'];

function entriesArb(names: string[], world: World, p: Params): fc.Arbitrary<FormEntry[]> {
	const one = (name: string) =>
		pick<FormValue[]>([9, valueArb(name, names, world, p).map((v) => [v])], [1, fc.array(valueArb(name, names, world, p), { minLength: 2, maxLength: 4 })]).map((values) =>
			values.map((value) => ({ name, value }))
		);
	// Each field of the form sent three times out of four (missing otherwise), in any order.
	const real = names.length
		? fc.tuple(...names.map((n) => fc.option(one(n), { freq: 4, nil: null }))).chain((groups) => fc.shuffledSubarray(groups.filter((g) => g !== null), { minLength: groups.filter((g) => g !== null).length }))
		: fc.constant([] as FormEntry[][]);
	const extra = fc.array(
		fc.record({ name: pick<string>([3, PROTOTYPE_KEYS], [2, EXTRA_KEYS], [2, hostileText], [1, [...COOKBOOK_FIELDS.keys()]]), value: pick<FormValue>([3, hostileValue], [2, fileValue(world)]) }),
		{ minLength: 1, maxLength: 3 }
	);
	return fc.tuple(real, pick<FormEntry[]>([1, fc.constant([])], [1, extra])).map(([groups, more]) => [...groups.flat(), ...more]);
}

// ---- parameters -----------------------------------------------------------------------------

const hostileParam: fc.Arbitrary<FormValue> = pick<FormValue>([10, hostileText.map(text)], [1, hugeValue]);

/**
 * A route parameter: mostly ids that exist, some of other communes, some hostile. `coherent`
 * keeps to what the signed-in DPD may reach (her communes, their records), so that the fields of
 * the form, not the parameters, are what gets refused.
 */
function paramArb(name: string, routeId: string, world: World, p: Params, coherent: boolean): fc.Arbitrary<FormValue> {
	const h = coherent ? 0 : 1;
	const ids = (xs: string[], weight = 8) => [weight, xs.map(text)] as [number, FormValue[]];
	const hostile = (weight: number) => [weight * h, hostileParam] as [number, fc.Arbitrary<FormValue>];
	const { own, second, practice, other } = world.communes;
	switch (name) {
		case 'communeId':
			return pick<FormValue>([10, [text(own.id)]], [3, [text(second.id)]], [2, [text(practice.id)]], [4 * h, [text(other.id)]], [h, [text(own.id.toUpperCase())]], [h, fc.uuid().map(text)], hostile(2));
		case 'kind':
			return routeId.includes('/documents/') ? pick(ids(Object.keys(DOCUMENT_TEMPLATES)), hostile(2)) : pick(ids(Object.keys(RECORD_KINDS)), hostile(2));
		case 'recordId': {
			const here = world.records.filter((r) => r.communeId === p.communeId);
			const kind = p.kind ?? (routeId.includes('/mentions/') ? 'notice' : routeId.includes('/fiches/risk/') ? 'risk' : undefined);
			const mine = here.filter((r) => r.kind === kind).map((r) => r.id);
			// A kind the commune has no record of: a record of another kind (refused), or a random id.
			return pick(ids(mine, 10), ids(here.map((r) => r.id), 3 * h || (mine.length ? 0 : 1)), ids(world.records.map((r) => r.id), 3 * h), [h || (mine.length ? 0 : 1), fc.uuid().map(text)], hostile(3));
		}
		case 'docId':
			return pick(ids(world.documents.filter((d) => d.communeId === p.communeId).map((d) => d.id)), ids(world.documents.map((d) => d.id), coherent ? 1 : 3), hostile(3));
		case 'version':
			return pick(ids(['v1', 'v2']), ids(['v0', 'v999999', 'v1000000', 'V1', 'v01', 'v-1', '1', 'v1.5', 'v١'], 8 * h), hostile(2));
		case 'recipeId':
			return pick(ids(RECIPES.map((r) => r.id)), hostile(1));
		case 'stepId':
			return pick(
				ids((findRecipe(p.recipeId ?? '')?.steps ?? []).map((s) => s.id), 10),
				ids(RECIPES.flatMap((r) => r.steps.map((s) => s.id)), 2 * h || 1),
				hostile(2)
			);
		case 'sessionId':
			return pick(ids(world.sessions.map((s) => s.id)), hostile(3));
		case 'id':
			return pick(ids(world.advice.map((a) => a.id)), hostile(3));
		case 'token':
			return pick(ids(world.invitationTokens), [2 * h, fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567'), minLength: 32, maxLength: 32 }).map(text)], hostile(3));
	}
	throw new Error(`no generator for the route parameter [${name}] of ${routeId}: add one to paramArb`);
}

export const KNOWN_PARAMS = ['communeId', 'kind', 'recordId', 'docId', 'version', 'recipeId', 'stepId', 'sessionId', 'id', 'token'];

const plain = (v: FormValue) => (v.t === 'text' ? v.v : v.t === 'huge' ? HUGE[v.v]() : '');

function paramsArb(target: Target, world: World, coherent: boolean): fc.Arbitrary<Record<string, FormValue>> {
	return target.params.reduce<fc.Arbitrary<Record<string, FormValue>>>(
		(acc, name) =>
			acc.chain((values) => {
				const sofar = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, plain(v)]));
				return paramArb(name, target.routeId, world, sofar, coherent).map((v) => ({ ...values, [name]: v }));
			}),
		fc.constant({})
	);
}

const QUERY_NAMES = ['suite', 'page', 'retour', 'parent', 'type', 'depuis', 'avant', 'q', 'cible', 'retirees', 'base', 'etat', 'sensibles', 'identique', 'version', 'produit', 'enregistre', 'terminee', 'plus_tard', 'cree', 'category'];

function queryArb(world: World): fc.Arbitrary<[string, FormValue][]> {
	const value = pick<FormValue>(
		[3, REDIRECTS.map(text)],
		[2, world.records.slice(0, 30).map((r) => text(r.id))],
		[2, Object.values(world.communes).map((c) => text(c.id))],
		[2, ['1', '0', '-1', '9007199254740993', 'oui', 'complete', 'incomplete', 'activity', 'epci', 'papier', 'general'].map(text)],
		[4, hostileParam]
	);
	return fc.array(fc.tuple(pick<string>([6, QUERY_NAMES], [1, hostileText]), value), { maxLength: 3 });
}

// ---- cases --------------------------------------------------------------------------------------

const ACTOR_WEIGHTS: Record<ActorKey, number> = { dpd: 45, elu: 10, trainer: 15, admin: 15, stranger: 15 };
const actorArb = pick<ActorKey>(...ACTOR_KEYS.map((k) => [ACTOR_WEIGHTS[k], [k]] as [number, ActorKey[]]));
const encodingArb = pick<BodyEncoding>([60, ['multipart']], [30, ['urlencoded']], [3, ['text-plain']], [7, ['broken-multipart']]);

/** The fields of an action: its declared ones, or, for an action not declared yet, generic ones. */
function fieldNames(target: Target, params: Params, world: World): string[] {
	if (target.kind !== 'action') return [];
	const declared = FORMS[formKey(target)];
	return declared ? declared(params, world) : ['id', 'name', 'title', 'file', ...[...COOKBOOK_FIELDS.keys()].slice(0, 10)];
}

/** Who may use the target: the GIP's pages for its administrator or trainer, the rest for the DPD. */
function ablestActor(target: Target): fc.Arbitrary<ActorKey> {
	if (target.routeId.startsWith('/admin') || target.routeId.startsWith('/conseils')) return fc.constantFrom<ActorKey>('admin', 'admin', 'trainer');
	if (target.routeId.startsWith('/formations/')) return fc.constant<ActorKey>('trainer');
	if (target.routeId.startsWith('/formations')) return fc.constantFrom<ActorKey>('dpd', 'trainer');
	return fc.constant<ActorKey>('dpd');
}

/**
 * Actions count thrice: they write; loads and endpoints once. Half the cases are "coherent": the
 * user who may use the target, on ids that exist, so that the fields are what gets tested.
 */
export function caseArb(targets: Target[], world: World): fc.Arbitrary<Case> {
	const weighted = targets.flatMap((t) => (t.kind === 'action' ? [t, t, t] : [t]));
	const query = queryArb(world);
	return fc.tuple(fc.constantFrom(...weighted), fc.boolean()).chain(([target, coherent]) =>
		fc.record({ actor: coherent ? ablestActor(target) : actorArb, params: paramsArb(target, world, coherent), query, encoding: encodingArb, cut: fc.nat() }).chain((base) => {
			const params = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, plain(v)]));
			const names = fieldNames(target, params, world);
			return entriesArb(names, world, params).map((entries): Case => ({ target: target.id, ...base, entries }));
		})
	);
}

/** One plain case per target, run first: every target is called at least once whatever the budget. */
export function firstCases(targets: Target[], world: World): Case[] {
	const { own } = world.communes;
	const first: Record<string, string> = {
		communeId: own.id,
		kind: 'activity',
		recordId: world.records.find((r) => r.communeId === own.id && r.kind === 'activity')!.id,
		docId: world.documents.find((d) => d.communeId === own.id)!.id,
		version: 'v1',
		recipeId: 'dpd',
		stepId: 'type',
		sessionId: world.sessions[0]!.id,
		id: world.advice[0]!.id,
		token: world.invitationTokens[0]!
	};
	return targets.map((t) => ({
		target: t.id,
		actor: 'dpd',
		params: Object.fromEntries(t.params.map((p) => [p, text(t.routeId.includes('/documents/') && p === 'kind' ? 'lettre_mission' : (first[p] ?? 'x'))])),
		query: [],
		encoding: 'multipart',
		cut: 0,
		entries: []
	}));
}
