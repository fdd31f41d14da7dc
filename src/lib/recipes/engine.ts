// The recipe engine: pure functions from the declared recipes and a commune's saved answers to
// what the user sees — missing answers, step and recipe states, review dates, next step, coverage.
import { appliesIn, conditionMet as holds, lookupIn, type ConditionLookup } from './conditions';
import { isAnswered } from './fields';
import { plural } from '../french';
import type {
	AnswerCondition,
	Answers,
	RecordCondition,
	Check,
	CollectionStep,
	FieldDef,
	FormStep,
	Obligation,
	Recipe,
	RecipeState,
	RecordKind,
	Step,
	StepStatus
} from './types';

export const REVIEW_AFTER_DAYS = 365;

// ---- answers ------------------------------------------------------------------------------

/** Fields of a step or record that apply to the current answers. */
export function visibleFields(fields: FieldDef[], answers: Answers): FieldDef[] {
	const names = appliesIn(fields, answers);
	return fields.filter((f) => names.has(f.name));
}

/** Required fields that apply and are not answered. */
export function missingFields(fields: FieldDef[], answers: Answers): FieldDef[] {
	return visibleFields(fields, answers).filter((f) => f.required && !isAnswered(answers[f.name]));
}

export interface Completeness {
	filled: number;
	total: number;
	percent: number;
	missing: FieldDef[];
}

export function completeness(fields: FieldDef[], answers: Answers): Completeness {
	const required = visibleFields(fields, answers).filter((f) => f.required);
	const missing = required.filter((f) => !isAnswered(answers[f.name]));
	const filled = required.length - missing.length;
	return { filled, total: required.length, percent: required.length ? Math.round((filled / required.length) * 100) : 100, missing };
}

/** A record kind's completeness; security counts as one item, filled by any of its headings. */
export function recordCompleteness(kind: RecordKind, data: Answers, groupedAnyOf: string[][] = []): Completeness {
	const fields = kind.sections.flatMap((s) => s.fields);
	const base = completeness(fields, data);
	let { filled, total } = base;
	const missing = [...base.missing];
	for (const group of groupedAnyOf) {
		total += 1;
		if (group.some((name) => isAnswered(data[name]))) filled += 1;
		else {
			const first = fields.find((f) => f.name === group[0]);
			// Both labels: the lists of what is missing show the export label first (shortLabel).
			if (first) missing.push({ ...first, label: 'Au moins une mesure de sécurité', exportLabel: 'Au moins une mesure de sécurité' });
		}
	}
	return { filled, total, percent: total ? Math.round((filled / total) * 100) : 100, missing };
}

export interface FieldParse {
	/** Values that passed validation (empty values included, as '' or []). */
	values: Answers;
	/** French messages for the values refused, by field. */
	errors: Record<string, string>;
}

/** Reads submitted values of the named fields: empty is allowed (saved as empty), the rest validated. */
export function parseFields(fields: FieldDef[], input: Record<string, unknown>, names: string[]): FieldParse {
	const values: Answers = {};
	const errors: Record<string, string> = {};
	for (const field of fields) {
		if (!names.includes(field.name)) continue;
		const raw = input[field.name];
		const multi = field.type === 'checkboxes' || field.type === 'records';
		let value: unknown = raw;
		if (multi) {
			value = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
			if (Array.isArray(value)) value = (value as unknown[]).filter((v) => v !== '');
		} else if (raw === undefined || raw === null) {
			value = '';
		} else if (Array.isArray(raw)) {
			errors[field.name] = `${field.label} : une seule valeur est attendue.`;
			continue;
		}
		if (typeof value === 'string') value = value.replace(/\r\n/g, '\n').trim();
		if (!isAnswered(value)) {
			values[field.name] = multi ? [] : '';
			continue;
		}
		const result = field.schema.safeParse(value);
		if (result.success) {
			values[field.name] = typeof result.data === 'string' || Array.isArray(result.data) ? result.data : value;
		} else {
			errors[field.name] = result.error.issues[0]?.message ?? `${field.label} : valeur refusée.`;
		}
	}
	return { values, errors };
}

// ---- steps and recipes ------------------------------------------------------------------------

export interface StepRecord {
	answers: Answers;
	status: 'en_cours' | 'plus_tard' | 'terminee';
	completedAt: Date | null;
	version: number;
}

export interface CollectionInfo {
	count: number;
	incomplete: number;
	/** Of the incomplete, those the app proposed that lack nothing but a named person's confirmation. */
	proposed?: number;
	/**
	 * The records that do not meet a record condition of an obligation (`conditionKey`), with what
	 * is expected in French; made where the records are read (computeProgress).
	 */
	failing?: Record<string, { expected: string; records: string[] }>;
}

/**
 * A record that keeps a collection step from being complete: an incomplete record of the step, or
 * for a step with one record per fiche (`perParent`), the fiche whose attached record is absent or
 * incomplete. Made where the records are judged (computeProgress): `CollectionInfo.incomplete` is
 * the length of this list.
 */
export interface PendingRecord {
	/** The record (for a per-fiche step, the fiche). */
	id: string;
	kind: string;
	title: string;
	/** When it was added (unknown in a dossier snapshot). */
	createdAt: Date | null;
	/** For a per-fiche step: the attached record of this kind is missing or incomplete. */
	attached?: { kind: string; state: 'absent' | 'incomplet' };
	/** The record (or the attached one) was proposed by the app and waits for a named person's confirmation. */
	proposed?: boolean;
	/** …and its confirmation is all it lacks (the estimate counts it as rereading, not typing). */
	onlyToConfirm?: boolean;
}

export interface CommuneProgress {
	/** Saved answers by "recipe/step". */
	steps: Map<string, StepRecord>;
	/** Records of each collection step by "recipe/step". */
	collections: Map<string, CollectionInfo>;
	/** Obligations confirmed by hand. */
	confirmed: Set<string>;
	/** The records that keep each collection step ("recipe/step") incomplete, when known. */
	pending?: Map<string, PendingRecord[]>;
}

/** All answers of a recipe merged, for showIf conditions that look at earlier steps. */
export function recipeAnswers(recipe: Recipe, progress: CommuneProgress): Answers {
	const out: Answers = {};
	for (const step of recipe.steps) Object.assign(out, progress.steps.get(`${recipe.id}/${step.id}`)?.answers ?? {});
	return out;
}

export function visibleSteps(recipe: Recipe, progress: CommuneProgress): Step[] {
	const answers = recipeAnswers(recipe, progress);
	return recipe.steps.filter((s) => s.kind !== 'form' || !s.showIf || holds(s.showIf, answers));
}

/** The fields a step's conditions may read: its own, and those of the recipe's other steps. */
export function stepLookup(recipe: Recipe, step: FormStep): ConditionLookup {
	const elsewhere = recipe.steps.flatMap((s) => (s.kind === 'form' && s.id !== step.id ? s.fields.map((field) => ({ name: field.name, field, where: `étape « ${s.title} »` })) : []));
	return lookupIn(step.fields, elsewhere);
}

export function formChecks(step: FormStep, answers: Answers): Check[] {
	return step.checks ? step.checks(answers) : [];
}

/**
 * The refusals (error checks) of a recipe's steps over its answers, once each: a refused choice
 * (the mayor chosen as DPD) blocks what the recipe produces afterwards (its documents).
 */
export function recipeErrors(recipe: Recipe, answers: Answers): Check[] {
	const out: Check[] = [];
	for (const step of recipe.steps) {
		if (step.kind !== 'form' || (step.showIf && !holds(step.showIf, answers))) continue;
		for (const c of formChecks(step, answers)) if (c.severity === 'error' && !out.some((o) => o.message === c.message)) out.push(c);
	}
	return out;
}

/** Why a step cannot be completed yet, in French (empty: it can). */
export function blockers(recipe: Recipe, step: Step, progress: CommuneProgress): string[] {
	const key = `${recipe.id}/${step.id}`;
	if (step.kind === 'form') {
		const merged = { ...recipeAnswers(recipe, progress), ...(progress.steps.get(key)?.answers ?? {}) };
		const own = progress.steps.get(key)?.answers ?? {};
		const out = missingFields(step.fields, { ...merged, ...own }).map((f) => `Réponse manquante : ${f.label}`);
		for (const c of formChecks(step, merged)) if (c.severity === 'error') out.push(c.message);
		return out;
	}
	return collectionBlockers(step, progress.collections.get(key), progress.steps.get(key)?.answers ?? {});
}

export function collectionBlockers(step: CollectionStep, info: CollectionInfo | undefined, answers: Answers): string[] {
	const count = info?.count ?? 0;
	const out: string[] = [];
	if (step.perParent) {
		if (count === 0) out.push('Le registre est vide : ajoutez d’abord des activités (recette « Tenir le registre des traitements »).');
		else if (info && info.incomplete > 0) out.push(`${plural(info.incomplete, 'activité est encore', 'activités sont encore')} à traiter.`);
		return out;
	}
	if (count === 0 && !(step.allowNone && answers.none === 'oui')) {
		out.push(step.allowNone ? `Ajoutez au moins un élément, ou cochez « ${step.allowNone} ».` : 'Ajoutez au moins un élément.');
	}
	if (step.requireComplete && info && info.incomplete > 0) {
		out.push(`${plural(info.incomplete, 'élément est incomplet', 'éléments sont incomplets')}.`);
	}
	return out;
}

export function stepStatus(recipe: Recipe, step: Step, progress: CommuneProgress): StepStatus {
	const key = `${recipe.id}/${step.id}`;
	const row = progress.steps.get(key);
	const info = progress.collections.get(key);
	if (row?.status === 'terminee') {
		return blockers(recipe, step, progress).length === 0 ? 'terminee' : 'en_cours';
	}
	if (row?.status === 'plus_tard') return 'plus_tard';
	const started = (row && Object.values(row.answers).some(isAnswered)) || (info?.count ?? 0) > 0;
	return started ? 'en_cours' : 'a_faire';
}

export interface RecipeProgress {
	recipe: Recipe;
	state: RecipeState;
	steps: { step: Step; status: StepStatus }[];
	done: number;
	total: number;
	minutesLeft: number;
	completedAt: Date | null;
	reviewDue: Date | null;
	/** Items its steps put on the action plan and not yet done (a security measure « prévu »). */
	planned: number;
}

export function addDays(date: Date, days: number): Date {
	return new Date(date.getTime() + days * 86_400_000);
}

/**
 * The app's estimate of a step, in minutes: its declared `minutes`, or for a collection step that
 * declares `perRecord` and lists something, the time its records still need — typing what is
 * incomplete, rereading and confirming what the app proposed (at least 2 minutes to look it over).
 */
export function stepMinutes(recipe: Recipe, step: Step, progress: CommuneProgress): number {
	if (step.kind !== 'collection' || !step.perRecord) return step.minutes;
	const info = progress.collections.get(`${recipe.id}/${step.id}`);
	if (!info || info.count === 0) return step.minutes;
	const proposed = Math.min(info.proposed ?? 0, info.incomplete);
	return Math.max(2, (info.incomplete - proposed) * step.perRecord.minutes + proposed * step.perRecord.confirm);
}

export function recipeProgress(recipe: Recipe, progress: CommuneProgress, now = new Date()): RecipeProgress {
	const steps = visibleSteps(recipe, progress).map((step) => ({ step, status: stepStatus(recipe, step, progress) }));
	const done = steps.filter((s) => s.status === 'terminee').length;
	const minutesLeft = steps.filter((s) => s.status !== 'terminee').reduce((n, s) => n + stepMinutes(recipe, s.step, progress), 0);
	// Completed when the last step was; due for review a year after the step confirmed longest ago,
	// so that a review means re-confirming every step ("Enregistrer et continuer" on each).
	let completedAt: Date | null = null;
	let oldest: Date | null = null;
	if (done === steps.length && steps.length > 0) {
		for (const { step } of steps) {
			const at = progress.steps.get(`${recipe.id}/${step.id}`)?.completedAt ?? null;
			if (at && (!completedAt || at > completedAt)) completedAt = at;
			if (at && (!oldest || at < oldest)) oldest = at;
		}
	}
	const reviewDue = oldest ? addDays(oldest, REVIEW_AFTER_DAYS) : null;
	// A measure « prévu » is not « fait » (outputs.md §4): what a step still puts on the plan keeps
	// the recipe « en cours », as it keeps its obligation open (obligations.ts, measuresDone).
	const planned = steps.reduce((n, { step }) => n + (step.kind === 'form' && step.actionItems ? step.actionItems(progress.steps.get(`${recipe.id}/${step.id}`)?.answers ?? {}).length : 0), 0);
	let state: RecipeState;
	if (reviewDue && reviewDue <= now) state = 'a_revoir';
	else if (done === steps.length && steps.length > 0 && planned === 0) state = 'terminee';
	else if (steps.some((s) => s.status !== 'a_faire')) state = 'en_cours';
	else state = 'a_faire';
	return { recipe, state, steps, done, total: steps.length, minutesLeft, completedAt: planned ? null : completedAt, reviewDue, planned };
}

export const RECIPE_STATE_LABELS: Record<RecipeState, string> = {
	a_faire: 'À faire',
	en_cours: 'En cours',
	terminee: 'Terminée',
	a_revoir: 'À revoir'
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
	a_faire: 'À faire',
	en_cours: 'En cours',
	plus_tard: 'Je reviendrai plus tard',
	terminee: 'Terminée'
};

export interface NextStep {
	recipe: Recipe;
	step: Step;
	status: StepStatus;
	/** Why this one: a review, a step left for later, or simply the next. */
	reason: 'revoir' | 'suite' | 'plus_tard';
}

/**
 * The next thing to do: recipes by priority, then cookbook order; inside a recipe, the first step
 * not done, leaving the steps put off "for later" until the others are done. A recipe due for
 * review comes back first.
 */
export function nextStep(recipes: Recipe[], progress: CommuneProgress, now = new Date()): NextStep | null {
	const all = recipes.map((r) => recipeProgress(r, progress, now));
	const review = all.find((p) => p.state === 'a_revoir');
	if (review && review.steps[0]) return { recipe: review.recipe, step: review.steps[0].step, status: review.steps[0].status, reason: 'revoir' };
	const ordered = [...all].sort((a, b) => a.recipe.priority - b.recipe.priority || recipes.indexOf(a.recipe) - recipes.indexOf(b.recipe));
	for (const p of ordered) {
		if (p.state === 'terminee') continue;
		const pending = p.steps.find((s) => s.status === 'a_faire' || s.status === 'en_cours');
		if (pending) return { recipe: p.recipe, step: pending.step, status: pending.status, reason: 'suite' };
	}
	for (const p of ordered) {
		const later = p.steps.find((s) => s.status === 'plus_tard');
		if (later) return { recipe: p.recipe, step: later.step, status: later.status, reason: 'plus_tard' };
	}
	return null;
}

/** Whether anything has been done in the commune: a step answered, started or put off, a record. */
export function hasStarted(recipes: Recipe[], progress: CommuneProgress): boolean {
	return recipes.some((r) => visibleSteps(r, progress).some((s) => stepStatus(r, s, progress) !== 'a_faire'));
}

export interface NextRecipe {
	recipe: Recipe;
	/** Where to begin in it: its first step not done (one put off last). */
	step: Step;
	state: RecipeState;
}

/**
 * The recipe to propose once `currentId` is finished: among those not finished, first the ones
 * whose `after` recipes are all finished, then by priority, then in the cookbook's order.
 */
export function nextRecipe(recipes: Recipe[], progress: CommuneProgress, currentId: string | null, now = new Date()): NextRecipe | null {
	const all = recipes.map((r) => recipeProgress(r, progress, now));
	const finished = new Set(all.filter((p) => p.state === 'terminee').map((p) => p.recipe.id));
	const ready = (r: Recipe) => (r.after ?? []).every((id) => finished.has(id));
	const candidates = all
		.filter((p) => p.recipe.id !== currentId && p.state !== 'terminee' && p.steps.length > 0)
		.sort(
			(a, b) =>
				Number(ready(b.recipe)) - Number(ready(a.recipe)) ||
				a.recipe.priority - b.recipe.priority ||
				recipes.indexOf(a.recipe) - recipes.indexOf(b.recipe)
		);
	const p = candidates[0];
	if (!p) return null;
	const first = p.steps.find((s) => s.status === 'a_faire' || s.status === 'en_cours') ?? p.steps.find((s) => s.status === 'plus_tard') ?? p.steps[0]!;
	return { recipe: p.recipe, step: first.step, state: p.state };
}

export interface ReopenedStep {
	step: Step;
	/** When the step had been completed. */
	completedAt: Date | null;
	/** The records that keep it open now (empty when it is not a record that does). */
	pending: PendingRecord[];
	/** Why it cannot be completed, as the step page says it. */
	blockers: string[];
}

export interface ReopenedRecipe {
	recipe: Recipe;
	steps: ReopenedStep[];
}

/**
 * The recipes that were finished — every visible step completed — and are open again because a
 * completed step no longer is (`stepStatus`: its blockers came back), with the records that keep
 * each such step open (a fiche added since, which needs its grid, its notice…). Nothing for a
 * recipe never finished, or finished and still complete.
 */
export function reopenedRecipes(recipes: Recipe[], progress: CommuneProgress): ReopenedRecipe[] {
	const out: ReopenedRecipe[] = [];
	for (const recipe of recipes) {
		const steps = visibleSteps(recipe, progress);
		if (!steps.length || !steps.every((s) => progress.steps.get(`${recipe.id}/${s.id}`)?.status === 'terminee')) continue;
		const reopened: ReopenedStep[] = [];
		for (const step of steps) {
			const key = `${recipe.id}/${step.id}`;
			const why = blockers(recipe, step, progress);
			if (!why.length) continue;
			reopened.push({ step, completedAt: progress.steps.get(key)?.completedAt ?? null, pending: step.kind === 'collection' ? (progress.pending?.get(key) ?? []) : [], blockers: why });
		}
		if (reopened.length) out.push({ recipe, steps: reopened });
	}
	return out;
}

/** The step after this one in the recipe (visible steps only), or null at the end. */
export function followingStep(recipe: Recipe, stepId: string, progress: CommuneProgress): Step | null {
	const steps = visibleSteps(recipe, progress);
	const i = steps.findIndex((s) => s.id === stepId);
	return i >= 0 ? (steps[i + 1] ?? null) : null;
}

// ---- obligations ------------------------------------------------------------------------------

export interface ObligationStatus {
	obligation: Obligation;
	covered: boolean;
	/** 'recette' when a completed step covers it, 'confirmation' when the DPD confirmed it. */
	by: 'recette' | 'confirmation' | null;
	/**
	 * When its steps are completed but the answers do not meet it: what is still expected, in
	 * French (« Oui » à « La déclaration a été faite sur le site de la CNIL »). Empty otherwise.
	 */
	unmet: string[];
}

const quote = (s: string) => `« ${s} »`;

/** An answer condition in French, from the step's field and option labels. */
export function describeCondition(recipes: Recipe[], condition: AnswerCondition): string {
	const [recipeId, stepId] = condition.step.split('/');
	const step = recipes.find((r) => r.id === recipeId)?.steps.find((s) => s.id === stepId);
	const fields = step?.kind === 'form' ? step.fields : [];
	const parts = condition.anyOf.map(({ field, values }) => {
		const def = fields.find((f) => f.name === field);
		const labels = values.map((v) => {
			if (def?.type === 'boolean') return v === 'oui' ? 'Oui' : v === 'non' ? 'Non' : v;
			return def?.options?.find((o) => o.value === v)?.label ?? v;
		});
		return { question: def?.label ?? field, answer: labels.map(quote).join(' ou ') };
	});
	if (parts.length > 1 && parts.every((p) => p.answer === parts[0]!.answer)) {
		return `${parts[0]!.answer} à l’une de ces questions : ${parts.map((p) => quote(p.question)).join(', ')}`;
	}
	return parts.map((p) => `${p.answer} à ${quote(p.question)}`).join(', ou ');
}

/** Whether the saved answers meet the condition. */
export function conditionMet(condition: AnswerCondition, progress: CommuneProgress): boolean {
	const answers = progress.steps.get(condition.step)?.answers ?? {};
	return condition.anyOf.some(({ field, values }) => typeof answers[field] === 'string' && values.includes(answers[field] as string));
}

export const isRecordCondition = (c: AnswerCondition | RecordCondition): c is RecordCondition => 'every' in c;

/** The key of a record condition in `CollectionInfo.failing`. */
export function conditionKey(c: RecordCondition): string {
	return `${c.every.field}${c.every.values ? `=${c.every.values.join('|')}` : ''}${c.every.includes ? `∋${c.every.includes.join('|')}` : ''}`;
}

/** Whether one record meets a record condition (the field applying to it, as `applies` says). */
export function recordMeets(condition: RecordCondition, data: Answers): boolean {
	const value = data[condition.every.field];
	const { values, includes } = condition.every;
	if (values && !(typeof value === 'string' && values.includes(value))) return false;
	if (includes && !(Array.isArray(value) && includes.every((v) => (value as unknown[]).includes(v)))) return false;
	return true;
}

/** A record condition in French, from the field's labels: « « Oui » à « La CNIL a été notifiée » ». */
export function describeRecordCondition(condition: RecordCondition, field: FieldDef | undefined): string {
	const label = (v: string) => (field?.type === 'boolean' ? (v === 'oui' ? 'Oui' : v === 'non' ? 'Non' : v) : (field?.options?.find((o) => o.value === v)?.label ?? v));
	const question = quote(field?.label ?? condition.every.field);
	const parts: string[] = [];
	if (condition.every.values) parts.push(`${condition.every.values.map((v) => quote(label(v))).join(' ou ')} à ${question}`);
	if (condition.every.includes) {
		const items = condition.every.includes.map((v) => quote(label(v)));
		parts.push(items.length === 1 ? `${items[0]} coché à ${question}` : `toutes les cases de ${question} cochées`);
	}
	return parts.join(', et ');
}

export function obligationStatuses(obligations: Obligation[], recipes: Recipe[], progress: CommuneProgress, now = new Date()): ObligationStatus[] {
	const doneSteps = new Set<string>();
	for (const r of recipes) {
		const p = recipeProgress(r, progress, now);
		for (const s of p.steps) if (s.status === 'terminee') doneSteps.add(`${r.id}/${s.step.id}`);
	}
	return obligations.map((obligation) => {
		const stepsDone = obligation.satisfiedBy.length > 0 && obligation.satisfiedBy.every((k) => doneSteps.has(k));
		const unmet: string[] = [];
		if (stepsDone) {
			for (const c of obligation.coveredWhen ?? []) {
				if (!isRecordCondition(c)) {
					if (!conditionMet(c, progress)) unmet.push(describeCondition(recipes, c));
					continue;
				}
				const failing = progress.collections.get(c.step)?.failing?.[conditionKey(c)];
				if (failing?.records.length) unmet.push(`${failing.expected} (à revoir : ${failing.records.join(', ')})`);
			}
		}
		if (stepsDone && unmet.length === 0) return { obligation, covered: true, by: 'recette' as const, unmet };
		if (progress.confirmed.has(obligation.id)) return { obligation, covered: true, by: 'confirmation' as const, unmet };
		return { obligation, covered: false, by: null, unmet };
	});
}

export interface Coverage {
	covered: number;
	total: number;
	/** The next obligations to tackle: priority first, then list order. */
	next: ObligationStatus[];
}

export function coverage(statuses: ObligationStatus[], count = 3): Coverage {
	const open = statuses
		.map((s, i) => ({ s, i }))
		.filter(({ s }) => !s.covered)
		.sort((a, b) => a.s.obligation.priority - b.s.obligation.priority || a.i - b.i)
		.map(({ s }) => s);
	return { covered: statuses.filter((s) => s.covered).length, total: statuses.length, next: open.slice(0, count) };
}
