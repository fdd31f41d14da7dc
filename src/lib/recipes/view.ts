// Plain descriptors of fields for the pages (no zod, no functions), computed on the server.
import { appliesIn, conditionText, isLive, liveCondition, lookupIn, type ConditionLookup, type LiveCondition } from './conditions';
import type { Answers, FieldDef, FieldType, Option } from './types';

export interface FieldView {
	name: string;
	label: string;
	type: FieldType;
	help?: string;
	example?: string;
	options?: Option[];
	required: boolean;
	/** It applies to the answers the page was drawn with. */
	visible: boolean;
	/**
	 * A follow-up whose condition reads an answer of this form: shown to every visitor without
	 * JavaScript (with its condition), shown or hidden live with it (`condition`, evaluated in the browser).
	 */
	live?: LiveCondition;
	/** The follow-up's condition in French (« Si vous avez répondu « Oui » à « … » »), printed next to it. */
	conditionText?: string;
}

export interface AnswerMeta {
	byName: string;
	at: string;
	/** The answer came from an imported file (its author has no account here). */
	imported?: boolean;
}

/** Options of 'records' fields: the referenced records, by kind. */
export type RecordOptions = Record<string, Option[]>;

/**
 * The fields of a form (`fields`: a record's or a step's; `all`: every field of that form when
 * `fields` is one section of it) for the page. `lookup` names the fields conditions read that are
 * asked elsewhere (another step, the parent record).
 */
export function describeFields(
	fields: FieldDef[],
	answers: Answers,
	recordOptions: RecordOptions = {},
	{ all = fields, lookup }: { all?: FieldDef[]; lookup?: ConditionLookup } = {}
): FieldView[] {
	const applying = appliesIn(all, answers);
	const local = new Set(all.map((f) => f.name));
	const find = lookup ?? lookupIn(all);
	return fields.map((f) => {
		const live = f.showIf ? liveCondition(f.showIf, local, answers) : undefined;
		const view: FieldView = {
			name: f.name,
			label: f.label,
			type: f.type,
			help: f.help,
			example: f.example,
			options: f.type === 'records' ? (recordOptions[f.recordKind ?? ''] ?? []) : f.options,
			required: Boolean(f.required),
			// A question whose condition is a function is always shown, with its condition in words.
			visible: applying.has(f.name) || Boolean(f.showIf && 'test' in f.showIf)
		};
		if (f.showIf) view.conditionText = conditionText(f.showIf, find);
		if (live && isLive(live)) view.live = live;
		return view;
	});
}
