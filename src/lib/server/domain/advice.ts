// « Questions des formations »: the GIP's advice — questions asked in training sessions and their
// answers, and tips — attached to a recipe, a step, a catalogue activity, or to nothing in
// particular. GIP administrators and trainers write them; every signed-in user reads them.
// Every write bumps the entry's version, keeps the new text in `advice_history` (so a previous
// version can be restored) and appends to the audit log, in one transaction.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { CATALOGUE } from '../../catalogue/entries';
import { RECIPES, STEP_INDEX, findRecipe } from '../../recipes';
import { appendAudit, diff } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db, Executor } from '../db';
import { advice, adviceHistory, type Advice } from '../db/schema';
import { choice, isUuid, text } from '../forms';
import { DomainError, validate } from './errors';

export const ADVICE_KINDS = ['question', 'astuce'] as const;
export type AdviceKind = (typeof ADVICE_KINDS)[number];
export const ADVICE_KIND_LABELS: Record<AdviceKind, string> = { question: 'Question', astuce: 'Astuce' };

export const ADVICE_RIGHTS_MESSAGE = 'Réservé aux formateurs et aux administrateurs du GIP.';
export const MAX_SOURCES = 10;

export type AdviceUser = Pick<SessionUser, 'id' | 'name' | 'isGipAdmin' | 'isTrainer'>;

/** GIP administrators and trainers write the advice; everyone else reads it. */
export function canEditAdvice(user: Pick<SessionUser, 'isGipAdmin' | 'isTrainer'> | null | undefined): boolean {
	return Boolean(user && (user.isGipAdmin || user.isTrainer));
}

function assertCanEditAdvice(user: AdviceUser): void {
	if (!canEditAdvice(user)) throw new DomainError(ADVICE_RIGHTS_MESSAGE, {}, 403);
}

// ---- targets -------------------------------------------------------------------------------

const CATALOGUE_BY_ID = new Map(CATALOGUE.map((e) => [e.id, e]));

/** "general", "recipe:<id>", "step:<recipe>/<step>" or "catalogue:<id>", naming something that exists. */
export function isValidTarget(target: string): boolean {
	if (target === 'general') return true;
	const [kind, ...rest] = target.split(':');
	const id = rest.join(':');
	if (kind === 'recipe') return Boolean(findRecipe(id));
	if (kind === 'step') return STEP_INDEX.has(id);
	if (kind === 'catalogue') return CATALOGUE_BY_ID.has(id);
	return false;
}

/** The target in plain words: « Étape « Qui sera le délégué ? » (Désigner le délégué) ». */
export function targetLabel(target: string): string {
	if (target === 'general') return 'Général';
	const [kind, ...rest] = target.split(':');
	const id = rest.join(':');
	if (kind === 'recipe') {
		const recipe = findRecipe(id);
		if (recipe) return `Recette « ${recipe.title} »`;
	} else if (kind === 'step') {
		const found = STEP_INDEX.get(id);
		if (found) return `Étape « ${found.step.title} » (${found.recipe.title})`;
	} else if (kind === 'catalogue') {
		const entry = CATALOGUE_BY_ID.get(id);
		if (entry) return `Catalogue : ${entry.name}`;
	}
	return target;
}

/** Where the entry shows in the app, for a link next to it (null for general and catalogue targets). */
export function targetHref(target: string, communeId: string | null): string | null {
	if (!communeId) return null;
	const [kind, ...rest] = target.split(':');
	const id = rest.join(':');
	if (kind === 'recipe' && findRecipe(id)) return `/c/${communeId}/recettes/${id}`;
	if (kind === 'step' && STEP_INDEX.has(id)) return `/c/${communeId}/recettes/${id}`;
	if (kind === 'catalogue' && CATALOGUE_BY_ID.has(id)) return `/c/${communeId}/recettes/registre/catalogue`;
	return null;
}

export interface TargetGroup {
	label: string;
	options: { value: string; label: string }[];
}

/** Every target, grouped for a <select>: general, each recipe with its steps, the catalogue. */
export function targetGroups(): TargetGroup[] {
	return [
		{ label: 'Général', options: [{ value: 'general', label: 'Général (toute la démarche)' }] },
		...RECIPES.map((r) => ({
			label: r.title,
			options: [
				{ value: `recipe:${r.id}`, label: `Toute la recette « ${r.title} »` },
				...r.steps.map((s) => ({ value: `step:${r.id}/${s.id}`, label: `Étape : ${s.title}` }))
			]
		})),
		{ label: 'Catalogue des activités', options: CATALOGUE.map((e) => ({ value: `catalogue:${e.id}`, label: e.name })) }
	];
}

// ---- validation ----------------------------------------------------------------------------

const SOURCES_LABEL = 'Sources';

/** One https address per line, at most ten; blank lines are ignored, duplicates kept once. */
const sources = z
	.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('\n') : v), z.string({ error: `${SOURCES_LABEL} : la valeur envoyée n’est pas du texte.` }))
	.pipe(z.string().max(MAX_SOURCES * 600, { error: `${SOURCES_LABEL} : le texte est trop long.` }))
	.transform((s) => [...new Set(s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))])
	.superRefine((lines, ctx) => {
		if (lines.length > MAX_SOURCES) {
			ctx.addIssue({ code: 'custom', message: `${SOURCES_LABEL} : ${MAX_SOURCES} adresses au plus, une par ligne.` });
			return;
		}
		for (const [i, line] of lines.entries()) {
			if (!isHttpsUrl(line)) {
				ctx.addIssue({
					code: 'custom',
					message: `${SOURCES_LABEL} : la ligne ${i + 1} (« ${line.slice(0, 60)} ») n’est pas une adresse web commençant par https://.`
				});
				return;
			}
		}
	});

export function isHttpsUrl(value: string): boolean {
	if (value.length > 500 || /\s/.test(value)) return false;
	try {
		const u = new URL(value);
		return u.protocol === 'https:' && Boolean(u.hostname) && !u.username && !u.password;
	} catch {
		return false;
	}
}

export const adviceSchema = z.object({
	kind: choice('Type', ADVICE_KINDS),
	target: z
		.string({ error: 'Où la montrer : choisissez une des propositions.' })
		.refine(isValidTarget, { error: 'Où la montrer : choisissez une des propositions (recette, étape ou activité du catalogue).' }),
	title: text('Titre', { max: 200 }).refine((s) => !/[\r\n]/.test(s), { error: 'Titre : une seule ligne.' }),
	body: text('Réponse ou astuce', { max: 10_000 }).transform((s) => s.replace(/\r\n?/g, '\n')),
	sources
});

export type AdviceInput = z.output<typeof adviceSchema>;

/** The form's version field, if sent: a save made from an older page is refused. */
function expectedVersion(input: unknown): number | null {
	const raw = (input as Record<string, unknown> | null)?._version;
	if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) return null;
	return Number(raw);
}

// ---- reading -------------------------------------------------------------------------------

/** Lower case, without accents or punctuation, single spaces: for a search that forgives. */
export function normalizeSearch(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

export const MAX_QUERY_LENGTH = 100;

export interface ListOptions {
	target?: string | null;
	q?: string | null;
	includeRetired?: boolean;
}

/**
 * The entries, live ones only unless `includeRetired`; `target` keeps one target; `q` keeps the
 * entries whose title or text contains every word of it (accents and case ignored), title
 * matches first.
 */
export async function listAdvice(db: Executor, opts: ListOptions = {}): Promise<Advice[]> {
	const conditions = [];
	if (!opts.includeRetired) conditions.push(isNull(advice.retiredAt));
	if (opts.target) conditions.push(eq(advice.target, opts.target));
	const rows = await db
		.select()
		.from(advice)
		.where(conditions.length ? and(...conditions) : undefined);
	const words = normalizeSearch((opts.q ?? '').slice(0, MAX_QUERY_LENGTH)).split(' ').filter(Boolean).slice(0, 10);
	const sorted = rows.sort((a, b) => a.title.localeCompare(b.title, 'fr'));
	if (!words.length) return sorted;
	const scored: { row: Advice; score: number }[] = [];
	for (const row of sorted) {
		const title = normalizeSearch(row.title);
		const all = `${title} ${normalizeSearch(row.body)}`;
		if (!words.every((w) => all.includes(w))) continue;
		scored.push({ row, score: words.filter((w) => title.includes(w)).length });
	}
	return scored.sort((a, b) => b.score - a.score).map((s) => s.row);
}

/** The live entries for these targets, in the order of the targets, questions before tips. */
export async function adviceFor(db: Executor, targets: string[]): Promise<Advice[]> {
	const wanted = [...new Set(targets)].filter(Boolean);
	if (!wanted.length) return [];
	const rows = await db
		.select()
		.from(advice)
		.where(and(inArray(advice.target, wanted), isNull(advice.retiredAt)));
	const rank = (a: Advice) => wanted.indexOf(a.target) * 2 + (a.kind === 'question' ? 0 : 1);
	return rows.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title, 'fr'));
}

/** What a page needs to show an entry. */
export function adviceCard(a: Advice) {
	return { id: a.id, kind: a.kind, kindLabel: ADVICE_KIND_LABELS[a.kind] ?? a.kind, target: a.target, title: a.title, body: a.body, sources: a.sources };
}
export type AdviceCard = ReturnType<typeof adviceCard>;

/**
 * The advice of a wizard step: the step's and its recipe's entries, and, when the step shows the
 * catalogue, the entries of each catalogue activity.
 */
export async function stepAdvice(db: Executor, recipeId: string, stepId: string, catalogueIds: string[] = []) {
	const own = [`step:${recipeId}/${stepId}`, `recipe:${recipeId}`];
	const rows = await adviceFor(db, [...own, ...catalogueIds.map((id) => `catalogue:${id}`)]);
	const catalogue: Record<string, AdviceCard[]> = {};
	for (const r of rows) if (r.target.startsWith('catalogue:')) (catalogue[r.target.slice('catalogue:'.length)] ??= []).push(adviceCard(r));
	return { entries: rows.filter((r) => own.includes(r.target)).map(adviceCard), catalogue };
}

export async function getAdvice(db: Executor, id: unknown): Promise<Advice> {
	if (!isUuid(id)) throw new DomainError('Fiche introuvable.', {}, 404);
	const [row] = await db.select().from(advice).where(eq(advice.id, id));
	if (!row) throw new DomainError('Fiche introuvable.', {}, 404);
	return row;
}

/** Every version of an entry, the newest first. */
export async function adviceHistoryOf(db: Executor, id: string) {
	return db.select().from(adviceHistory).where(eq(adviceHistory.adviceId, id)).orderBy(desc(adviceHistory.version));
}

// ---- writing -------------------------------------------------------------------------------

type Content = Pick<Advice, 'title' | 'body' | 'target' | 'sources'>;

function sameContent(a: Content, b: Content): boolean {
	return a.title === b.title && a.body === b.body && a.target === b.target && JSON.stringify(a.sources) === JSON.stringify(b.sources);
}

async function record(tx: Executor, actor: AdviceUser, row: Advice, action: string, changes: Record<string, unknown>, at?: Date) {
	await tx.insert(adviceHistory).values({
		...(at ? { changedAt: at } : {}),
		adviceId: row.id,
		version: row.version,
		action,
		title: row.title,
		body: row.body,
		target: row.target,
		sources: row.sources,
		changedBy: actor.id,
		changedByName: actor.name
	});
	await appendAudit(tx, actor, { communeId: null, entity: 'conseil', entityId: row.id, action, changes: { ...changes, version: row.version }, at });
}

async function lockAdvice(tx: Executor, id: unknown): Promise<Advice> {
	if (!isUuid(id)) throw new DomainError('Fiche introuvable.', {}, 404);
	const [row] = await tx.select().from(advice).where(eq(advice.id, id)).for('update');
	if (!row) throw new DomainError('Fiche introuvable.', {}, 404);
	return row;
}

function checkVersion(row: Advice, input: unknown) {
	const expected = expectedVersion(input);
	if (expected !== null && expected !== row.version) {
		throw new DomainError(
			'Pendant que vous travailliez, quelqu’un a modifié cette fiche : rechargez la page pour voir sa version, puis refaites vos changements.',
			{},
			409
		);
	}
}

/** `opts.now` dates the entry and its journal (seeds give theirs); the real clock otherwise. */
export async function createAdvice(db: Db, actor: AdviceUser, input: unknown, opts: { now?: Date } = {}): Promise<Advice> {
	assertCanEditAdvice(actor);
	const data = validate(adviceSchema, input);
	const at = opts.now;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(advice)
			.values({ ...data, version: 1, createdBy: actor.id, updatedBy: actor.id, ...(at ? { createdAt: at, updatedAt: at } : {}) })
			.returning();
		await record(tx, actor, row!, 'création', { kind: data.kind, target: data.target, title: data.title, sources: data.sources }, at);
		return row!;
	});
}

/** Saves a new text; without any change, nothing is written and `changed` is false. */
export async function updateAdvice(db: Db, actor: AdviceUser, id: unknown, input: unknown): Promise<{ advice: Advice; changed: boolean }> {
	assertCanEditAdvice(actor);
	const data = validate(adviceSchema, input);
	return db.transaction(async (tx) => {
		const before = await lockAdvice(tx, id);
		checkVersion(before, input);
		const changes: Record<string, unknown> = diff(
			{ kind: before.kind, target: before.target, title: before.title, sources: before.sources },
			{ kind: data.kind, target: data.target, title: data.title, sources: data.sources }
		);
		if (before.body !== data.body) changes.body = '(texte modifié)';
		if (!Object.keys(changes).length) return { advice: before, changed: false };
		const [after] = await tx
			.update(advice)
			.set({ ...data, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
			.where(eq(advice.id, before.id))
			.returning();
		await record(tx, actor, after!, 'modification', changes);
		return { advice: after!, changed: true };
	});
}

/** Takes an entry out of the app (it stays in the list for the GIP, and can be reactivated). */
export async function retireAdvice(db: Db, actor: AdviceUser, id: unknown): Promise<Advice> {
	assertCanEditAdvice(actor);
	return db.transaction(async (tx) => {
		const before = await lockAdvice(tx, id);
		if (before.retiredAt) throw new DomainError('Cette fiche est déjà retirée.', {}, 409);
		const [after] = await tx
			.update(advice)
			.set({ retiredAt: new Date(), version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
			.where(eq(advice.id, before.id))
			.returning();
		await record(tx, actor, after!, 'retrait', { title: after!.title });
		return after!;
	});
}

export async function reactivateAdvice(db: Db, actor: AdviceUser, id: unknown): Promise<Advice> {
	assertCanEditAdvice(actor);
	return db.transaction(async (tx) => {
		const before = await lockAdvice(tx, id);
		if (!before.retiredAt) throw new DomainError('Cette fiche est déjà en ligne.', {}, 409);
		if (!isValidTarget(before.target)) {
			throw new DomainError('L’endroit où cette fiche s’affichait n’existe plus : modifiez d’abord « Où la montrer ».', {}, 409);
		}
		const [after] = await tx
			.update(advice)
			.set({ retiredAt: null, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
			.where(eq(advice.id, before.id))
			.returning();
		await record(tx, actor, after!, 'réactivation', { title: after!.title });
		return after!;
	});
}

/** Puts back the title, text, target and sources of version `version`, as a new version. */
export async function restoreAdviceVersion(db: Db, actor: AdviceUser, id: unknown, version: unknown): Promise<Advice> {
	assertCanEditAdvice(actor);
	const n = typeof version === 'string' && /^\d{1,9}$/.test(version) ? Number(version) : typeof version === 'number' ? version : NaN;
	if (!Number.isInteger(n) || n < 1) throw new DomainError('Version introuvable.', {}, 404);
	return db.transaction(async (tx) => {
		const before = await lockAdvice(tx, id);
		const [old] = await tx
			.select()
			.from(adviceHistory)
			.where(and(eq(adviceHistory.adviceId, before.id), eq(adviceHistory.version, n)));
		if (!old) throw new DomainError('Version introuvable.', {}, 404);
		if (sameContent(before, old)) throw new DomainError(`Le texte actuel est déjà celui de la version ${n}.`, {}, 409);
		if (!isValidTarget(old.target)) {
			throw new DomainError(`La version ${n} s’affichait à un endroit qui n’existe plus : elle ne peut pas être restaurée telle quelle.`, {}, 409);
		}
		const changes: Record<string, unknown> = diff(
			{ target: before.target, title: before.title, sources: before.sources },
			{ target: old.target, title: old.title, sources: old.sources }
		);
		if (before.body !== old.body) changes.body = '(texte de la version restaurée)';
		const [after] = await tx
			.update(advice)
			.set({ title: old.title, body: old.body, target: old.target, sources: old.sources, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
			.where(eq(advice.id, before.id))
			.returning();
		await record(tx, actor, after!, `restauration de la version ${n}`, changes);
		return after!;
	});
}
