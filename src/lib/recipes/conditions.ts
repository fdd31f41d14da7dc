// Follow-up questions. A field's `showIf` is data (types.ts `Condition`), read three ways from the
// one declaration: the server decides what applies (completeness, outputs), the page prints the
// condition in French next to the question (« Si vous avez répondu « Oui » à « … » »), and the
// browser shows or hides the question as soon as the answer that opens it is chosen. Pure: no
// DOM, no server; shared by both.
import type { Answers, Condition, FieldDef } from './types';

/** A condition as the browser evaluates it: a leaf on another form's answer is already decided (`fixed`). */
export type LiveCondition =
	| { field: string; equals: string }
	| { field: string; oneOf: string[] }
	| { field: string; answered: true }
	| { field: string; count: number }
	| { all: LiveCondition[] }
	| { any: LiveCondition[] }
	| { fixed: boolean };

type AnyCondition = Condition | LiveCondition;

const PARENT = '__parent.';

/** The answer a condition names: `__parent.x` reads the parent record's answer `x`. */
export function valueAt(answers: Answers, name: string): unknown {
	if (name.startsWith(PARENT)) {
		const parent = answers.__parent;
		return parent && typeof parent === 'object' ? (parent as Answers)[name.slice(PARENT.length)] : undefined;
	}
	return answers[name];
}

const filled = (v: unknown) => (typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null);

/** The fields a condition reads (a function's are unknown). */
export function conditionFields(c: AnyCondition): string[] {
	if ('all' in c) return (c.all as AnyCondition[]).flatMap(conditionFields);
	if ('any' in c) return (c.any as AnyCondition[]).flatMap(conditionFields);
	if ('field' in c) return [c.field];
	return [];
}

/**
 * Whether a condition holds for these answers. `counts(name)` says whether the named field applies
 * itself: the answer to a question that does not apply is kept but does not open its follow-ups.
 */
export function conditionMet(c: AnyCondition, answers: Answers, counts: (name: string) => boolean = () => true): boolean {
	if ('all' in c) return (c.all as AnyCondition[]).every((x) => conditionMet(x, answers, counts));
	if ('any' in c) return (c.any as AnyCondition[]).some((x) => conditionMet(x, answers, counts));
	if ('test' in c) return c.test(answers);
	if ('fixed' in c) return c.fixed;
	if (!counts(c.field)) return false;
	const v = valueAt(answers, c.field);
	if ('equals' in c) return v === c.equals;
	// A list of choices: one of these options is ticked.
	if ('oneOf' in c) return typeof v === 'string' ? c.oneOf.includes(v) : Array.isArray(v) && v.some((x) => c.oneOf.includes(x));
	if ('answered' in c) return filled(v);
	return (Array.isArray(v) ? v.length : 0) === c.count;
}

/**
 * The names of the fields that apply, for fields listed together (a form): a field without
 * condition always; a follow-up when its condition holds, a condition on a field of the list
 * counting only while that field applies (the follow-up of a follow-up hides with it).
 */
export function appliesIn(fields: readonly { name: string; showIf?: AnyCondition }[], answers: Answers): Set<string> {
	const byName = new Map(fields.map((f) => [f.name, f]));
	const memo = new Map<string, boolean>();
	const visiting = new Set<string>();
	const applies = (name: string): boolean => {
		const known = memo.get(name);
		if (known !== undefined) return known;
		const f = byName.get(name);
		if (!f) return true; // another form's field: its answer is what it is
		if (visiting.has(name)) return false; // a cycle opens nothing (the unit tests forbid them)
		visiting.add(name);
		const result = !f.showIf || conditionMet(f.showIf, answers, applies);
		visiting.delete(name);
		memo.set(name, result);
		return result;
	};
	return new Set(fields.map((f) => f.name).filter(applies));
}

/**
 * The condition as the page sends it to the browser: leaves on fields outside `local` (another
 * step, the parent record) are decided now; a function becomes « always shown » (its text says when
 * it matters).
 */
export function liveCondition(c: Condition, local: ReadonlySet<string>, answers: Answers): LiveCondition {
	if ('all' in c) return { all: c.all.map((x) => liveCondition(x, local, answers)) };
	if ('any' in c) return { any: c.any.map((x) => liveCondition(x, local, answers)) };
	if ('test' in c) return { fixed: true };
	if (!local.has(c.field)) return { fixed: conditionMet(c, answers) };
	return c;
}

/** True when the condition reads an answer of the form itself (then it changes while the form is filled). */
export function isLive(c: LiveCondition): boolean {
	if ('all' in c) return c.all.some(isLive);
	if ('any' in c) return c.any.some(isLive);
	return 'field' in c;
}

/** A field a condition names, and where it is asked when not in the same form (« étape « … » »). */
export type ConditionLookup = (name: string) => { field: FieldDef; where?: string } | undefined;

/** A lookup over one list of fields, plus others asked elsewhere. */
export function lookupIn(fields: readonly FieldDef[], elsewhere: { name: string; field: FieldDef; where: string }[] = []): ConditionLookup {
	const own = new Map(fields.map((f) => [f.name, { field: f }]));
	const other = new Map(elsewhere.map((e) => [e.name, { field: e.field, where: e.where }]));
	return (name) => own.get(name) ?? other.get(name);
}

const CHOICE_TYPES = new Set(['radio', 'select', 'boolean', 'checkboxes', 'records']);

/** « a », « a et b », « a, b et c » (or « ou »). */
function joined(parts: string[], word: 'et' | 'ou'): string {
	if (parts.length <= 1) return parts[0] ?? '';
	return `${parts.slice(0, -1).join(', ')} ${word} ${parts[parts.length - 1]}`;
}

/** The label of an option of a field (« Oui » / « Non » for a yes/no question). */
function optionLabel(field: FieldDef, value: string): string {
	if (field.type === 'boolean') return value === 'oui' ? 'Oui' : value === 'non' ? 'Non' : value;
	return field.options?.find((o) => o.value === value)?.label ?? value;
}

function clause(c: Condition, lookup: ConditionLookup): string {
	if ('all' in c) return joined(c.all.map((x) => clause(x, lookup)), 'et');
	if ('any' in c) return joined(c.any.map((x) => clause(x, lookup)), 'ou');
	if ('test' in c) return c.text;
	const found = lookup(c.field);
	const label = found ? `« ${found.field.label} »${found.where ? ` (${found.where})` : ''}` : `« ${c.field} »`;
	if ('equals' in c) return `vous avez répondu « ${found ? optionLabel(found.field, c.equals) : c.equals} » à ${label}`;
	if ('oneOf' in c && found?.field.type === 'checkboxes') return `vous avez coché ${joined(c.oneOf.map((v) => `« ${optionLabel(found.field, v)} »`), 'ou')} à ${label}`;
	if ('oneOf' in c) return `vous avez répondu ${joined(c.oneOf.map((v) => `« ${found ? optionLabel(found.field, v) : v} »`), 'ou')} à ${label}`;
	if ('answered' in c) return found && !CHOICE_TYPES.has(found.field.type) ? `vous avez rempli ${label}` : `vous avez répondu à ${label}`;
	return c.count === 1 ? `vous avez coché un seul choix à ${label}` : `vous avez coché ${c.count} choix à ${label}`;
}

/** The condition in French, printed next to the question: « Si vous avez répondu « Oui » à « … » ». */
export function conditionText(c: Condition, lookup: ConditionLookup): string {
	return `Si ${clause(c, lookup)}`;
}
