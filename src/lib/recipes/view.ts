// Plain descriptors of fields for the pages (no zod, no functions), computed on the server.
import { applies } from './fields';
import type { Answers, FieldDef, FieldType, Option } from './types';

export interface FieldView {
	name: string;
	label: string;
	type: FieldType;
	help?: string;
	example?: string;
	options?: Option[];
	required: boolean;
	visible: boolean;
}

export interface AnswerMeta {
	byName: string;
	at: string;
	/** The answer came from an imported file (its author has no account here). */
	imported?: boolean;
}

/** Options of 'records' fields: the referenced records, by kind. */
export type RecordOptions = Record<string, Option[]>;

export function describeFields(fields: FieldDef[], answers: Answers, recordOptions: RecordOptions = {}): FieldView[] {
	return fields.map((f) => ({
		name: f.name,
		label: f.label,
		type: f.type,
		help: f.help,
		example: f.example,
		options: f.type === 'records' ? (recordOptions[f.recordKind ?? ''] ?? []) : f.options,
		required: Boolean(f.required),
		visible: applies(f, answers)
	}));
}

/** Names of the fields visible for these answers (sent back after an autosave). */
export function visibleNames(fields: FieldDef[], answers: Answers): string[] {
	return fields.filter((f) => applies(f, answers)).map((f) => f.name);
}
