// The cookbook is data: every recipe, step, field, record kind and obligation is declared with
// these types, and the wizard, progress, next step, register, exports and PDFs are derived from them.
import type { z } from 'zod';
import type { FieldLaw } from './law';
import type { CatalogueEntry } from '../catalogue/types';

export type Answers = Record<string, unknown>;

/**
 * Why the app proposed a record it pre-filled: where from (« catalogue », « profil » — the commune
 * profile —, « application » — derived from the commune's other records, such as a conformity grid
 * pre-answered) and the reason, in French (« parce que vous avez une cantine »). A proposed record counts
 * as done nowhere until a named person confirms it.
 */
export interface Proposal {
	source: 'catalogue' | 'profil' | 'application';
	why: string;
}

export interface Option {
	value: string;
	label: string;
	/** A plain-French explanation shown under the option. */
	help?: string;
}

export type FieldType =
	| 'text'
	| 'textarea'
	| 'email'
	| 'tel'
	| 'date'
	/** Date and time, Paris wall clock ("YYYY-MM-DDTHH:MM"). */
	| 'datetime'
	| 'number'
	| 'radio'
	| 'select'
	| 'checkboxes'
	| 'boolean'
	/** References to records of another kind (e.g. the supports of a register entry). */
	| 'records';

export interface FieldDef {
	name: string;
	label: string;
	type: FieldType;
	/** What the field is for, in plain French; legal terms explained here. */
	help?: string;
	example?: string;
	options?: Option[];
	/** For type 'records': the kind of record referenced. */
	recordKind?: string;
	/** Needed for the step (or the record) to be complete; saving a partial answer is always allowed. */
	required?: boolean;
	/** Validates a non-empty value. Empty values are stored as empty and reported as missing. */
	schema: z.ZodType;
	/**
	 * A follow-up question: shown (and counted) only when this condition holds for the current
	 * answers. Declared as data (`{ field: 'cnilNotified', equals: 'oui' }`) so that the page can
	 * print it in French next to the question and show or hide the question live (conditions.ts).
	 */
	showIf?: Condition;
	/** CSV / XLSX column and dossier label when it differs from the label (e.g. the CNIL model's wording). */
	exportLabel?: string;
	/**
	 * Its place in the law (art. 30(1) item, notice paragraph, PIA questions): the dossier's register
	 * section, the notice and the PIA file print the field where it declares it belongs.
	 */
	law?: FieldLaw;
	/**
	 * The field may hold a person's data (a resident's name, contact, what they asked): erased
	 * (art. 17) by « Effacer les données de cette personne », and its values in the journal with it.
	 */
	personal?: boolean;
}

/**
 * When a follow-up question applies, as data. A leaf names a field (of the same form, of another
 * step of the recipe, or `__parent.x` for the parent record's field `x`):
 * - `equals`: the answer is this option (« oui » for a yes/no question);
 * - `oneOf`: the answer is one of these options (for a list of choices: one of them is ticked);
 * - `answered`: the field has any answer;
 * - `count`: exactly this many boxes of a list of choices are ticked.
 * `all` / `any` combine conditions. A condition on a field that is itself a follow-up holds only
 * while that field applies too (see `appliesIn`). Only where no such test can say it: `test`, a
 * function, with `text`, its French wording — such a question is always shown, with its text.
 */
export type Condition =
	| { field: string; equals: string }
	| { field: string; oneOf: string[] }
	| { field: string; answered: true }
	| { field: string; count: number }
	| { all: Condition[] }
	| { any: Condition[] }
	| { test: (answers: Answers) => boolean; text: string };

export type Severity = 'error' | 'warning' | 'info';

/** A check over a step's answers: an error refuses completion, a warning explains a risk. */
export interface Check {
	severity: Severity;
	/** The field the message belongs next to, if any. */
	field?: string;
	message: string;
}

/** One thing that can become an action of the plan: { item, title, details of the action }. */
export interface ActionItem {
	/** Which answer it comes from, within its record or step (« m_code_telephones », « securite »). */
	item: string;
	title: string;
	details?: string;
	/**
	 * The measure it asks for, when it is a declared one (a security measure's id, `MEASURES` of
	 * `securite.ts`): the same measure raised from several places is one action (`action-origins.ts`).
	 */
	measure?: string;
}

export interface FormStep {
	kind: 'form';
	id: string;
	title: string;
	/** What to do and why, two or three plain sentences. */
	intro: string;
	tip?: string;
	minutes: number;
	fields: FieldDef[];
	/** Only when this condition holds for the recipe's answers so far (all steps merged). */
	showIf?: Condition;
	checks?: (answers: Answers) => Check[];
	/** Proposed answers for fields never answered, from the recipe's other answers. */
	defaults?: (answers: Answers) => Answers;
	/**
	 * Answers that put something on the action plan (e.g. a security measure "prévue"): each gets an
	 * open action; when the action is done, the field `item` is set to "fait".
	 */
	actionItems?: (answers: Answers) => ActionItem[];
	/** The « Origine » (an option of the action's `originKind`) of the actions made from `actionItems`. */
	actionOrigin?: string;
	/** Read-only material shown with the step (e.g. the CNIL form's data, ready to copy). */
	panel?: 'cnil-form' | 'documents' | 'poster';
}

/** A step whose content is a list of records (supports of the map, register entries…). */
export interface CollectionStep {
	kind: 'collection';
	id: string;
	title: string;
	intro: string;
	tip?: string;
	minutes: number;
	recordKind: string;
	/** Only the records matching this filter are listed and created by the step. */
	filter?: { field: string; value: string };
	/** Questions people forget, shown as a checklist to jog the memory. */
	prompts?: string[];
	/** The step can be completed with no record when the user confirms there is none. */
	allowNone?: string;
	/** Completed only when every listed record is complete. */
	requireComplete?: boolean;
	/**
	 * The estimate once the step lists something: `minutes` for each record still to complete by
	 * hand, `confirm` for each one the app proposed that waits for a confirmation (`minutes`, the
	 * step's own estimate, holds while it lists nothing). See `stepMinutes` in engine.ts.
	 */
	perRecord?: { minutes: number; confirm: number };
	/** A special widget before the list: the commune catalogue, or the link to the action plan in one table. */
	widget?: 'catalogue' | 'plan-table';
	/**
	 * A page that does the step for every record at once from what the app proposes (the DPIA
	 * verdicts in one table, the grids pre-answered): a path under the commune, and its link text.
	 */
	shortcut?: { path: string; label: string };
	/**
	 * For a kind attached to a parent: list every parent with its record. Parents for which
	 * `requiredFor` is true (given the parent's other attached records by kind) must have a
	 * complete record; the others may have one.
	 */
	perParent?: { requiredFor?: (parent: Answers, attached: Record<string, Answers>) => boolean; requiredLabel?: string };
}

export type Step = FormStep | CollectionStep;

export interface Recipe {
	id: string;
	title: string;
	/** Why it matters, two or three plain sentences. */
	why: string;
	/** 1 = first things first. */
	priority: 1 | 2 | 3;
	steps: Step[];
	/** Documents the recipe produces. */
	documents?: string[];
	/** Recipes to do before (advice, not a lock). */
	after?: string[];
	/**
	 * Done on its own page (`/c/[communeId]/<page>`) instead of the step-by-step wizard: the wizard's
	 * URLs of its steps lead there (e.g. the commune profile, whose page shows the proposals).
	 */
	page?: string;
}

export interface Summary {
	label: string;
	tone: 'ok' | 'warn' | 'bad' | 'neutral';
	detail?: string;
}

export interface SummaryContext {
	now: Date;
	/** Actions of the plan created from this record, with the item they came from. */
	actions: { item: string; status: string; title: string; owner?: string; dueDate?: string }[];
	/** The parent record's data, for records attached to another. */
	parent?: Answers;
}

export interface RecordKind {
	id: string;
	/** Records attached to another record, one per parent (e.g. a fiche's risk assessment). */
	parentKind?: string;
	/** The record's verdict in lists (conformity result, DPIA verdict, deadline…). */
	summary?: (data: Answers, ctx: SummaryContext) => Summary;
	/** Items that can become an action of the plan in one click: { item, title, details of the action } per problem. */
	actionItems?: (data: Answers) => ActionItem[];
	/** The « Origine » (an option of the action's `originKind`) of the actions made from `actionItems`. */
	actionOrigin?: string;
	/**
	 * What a done action changes in the record it was made from (its `item`): e.g. the principle of
	 * a grid becomes « conforme », with `note` added to its justification.
	 */
	resolveItem?: (data: Answers, item: string, note: string) => Answers;
	/**
	 * For the action plan's records: true when the record is done. The save that makes it true
	 * updates what the record came from (its origin's `resolveItem`, or a step's measure).
	 */
	isDone?: (data: Answers) => boolean;
	/** May be copied from one of the user's communes to another (« Copier depuis une autre commune »). */
	copyable?: boolean;
	/** The data a commune catalogue entry pre-fills (the kind the catalogue creates). */
	fromCatalogue?: (entry: CatalogueEntry) => Answers;
	/** Audit log and messages name it so (« fiche du registre », « support »…). */
	entity: string;
	/** "un support", "une fiche" */
	singular: string;
	plural: string;
	/** The field holding the record's name. */
	titleField: string;
	sections: { title: string; intro?: string; fields: FieldDef[] }[];
	/** How long its records are kept (`DEFAULT_RETENTION` in `records.ts` when absent). */
	retention?: Retention;
}

/**
 * How long the records of a kind are kept, then really deleted (their values in the journal
 * replaced by « [effacé le …] »). Read by the daily purge (`server/retention.ts`), the privacy page
 * and the README.
 */
export interface Retention {
	/** A live record is deleted this many years after the date `from` gives; absent: kept as long as the commune. */
	years?: number;
	/** The ISO date the live record's retention runs from (null: not yet — e.g. a request not answered). */
	from?: (data: Answers) => string | null;
	/** The start of the period, in words (« après la réponse »). */
	fromLabel?: string;
	/** A record removed from the lists (« supprimé ») is deleted this many years after its removal. */
	archivedYears: number;
	/** Why, in plain French (the law or the CNIL's guidance). */
	basis: string;
}

export interface Obligation {
	id: string;
	group: string;
	title: string;
	/** Plain French: what it means for the commune. */
	explanation: string;
	priority: 1 | 2 | 3;
	/** GDPR article, CNIL text… */
	reference: string;
	/** Steps that satisfy it when completed ("recipe/step"). Empty: confirmed by hand by the DPD. */
	satisfiedBy: string[];
	/**
	 * The answers that cover it: a completed step is not enough when it can be completed with a
	 * negative answer (« Non » to « déclaré à la CNIL ? », a security measure only « prévue »).
	 * Every condition must hold, on the saved answers of a form step among `satisfiedBy`.
	 */
	coveredWhen?: (AnswerCondition | RecordCondition)[];
}

/** Met when at least one of the fields of the step holds one of its values. */
export interface AnswerCondition {
	/** A form step ("recipe/step") named in the obligation's `satisfiedBy`. */
	step: string;
	anyOf: { field: string; values: string[] }[];
}

/**
 * Met when every record a collection step lists (a processor, a breach, an activity's grid) answers
 * the field as expected, wherever the field applies: one of `values`, or, for a list of choices,
 * every one of `includes`. With no record, it holds.
 */
export interface RecordCondition {
	/** A collection step ("recipe/step") named in the obligation's `satisfiedBy`. */
	step: string;
	every: { field: string; values?: string[]; includes?: string[] };
}

export type RecipeState = 'a_faire' | 'en_cours' | 'terminee' | 'a_revoir';
export type StepStatus = 'a_faire' | 'en_cours' | 'plus_tard' | 'terminee';
