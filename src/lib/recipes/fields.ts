// Field builders: each returns a FieldDef with its zod schema and French messages.
import { z } from 'zod';
import { fromParisLocal, parisDate } from '../deadlines';
import { appliesIn, conditionMet } from './conditions';
import type { Answers, FieldDef, Option } from './types';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

type Extra = Partial<Omit<FieldDef, 'name' | 'label' | 'type' | 'schema'>>;

function textSchema(label: string, max: number) {
	return z
		.string({ error: `${label} : la valeur envoyée n’est pas du texte.` })
		.max(max, { error: `${label} : ${max} caractères au plus.` })
		.refine((s) => !CONTROL.test(s), {
			error: `${label} : le texte contient des caractères invisibles ou illisibles ; retapez-le.`
		});
}

export function textField(name: string, label: string, extra: Extra & { max?: number } = {}): FieldDef {
	return { name, label, type: 'text', ...extra, schema: textSchema(label, extra.max ?? 200) };
}

export function textareaField(name: string, label: string, extra: Extra & { max?: number } = {}): FieldDef {
	return { name, label, type: 'textarea', ...extra, schema: textSchema(label, extra.max ?? 5000) };
}

export function emailField(name: string, label: string, extra: Extra = {}): FieldDef {
	return {
		name,
		label,
		type: 'email',
		...extra,
		schema: textSchema(label, 254).pipe(z.string().email({ error: `${label} : l’adresse n’a pas la forme nom@domaine.fr.` }))
	};
}

export function telField(name: string, label: string, extra: Extra = {}): FieldDef {
	return {
		name,
		label,
		type: 'tel',
		...extra,
		schema: textSchema(label, 30).refine((v) => /^[+\d][\d .()-]{8,}$/.test(v), {
			error: `${label} : un numéro comme 03 80 12 34 56 ou +33 3 80 12 34 56.`
		})
	};
}

/** A calendar date (YYYY-MM-DD) that exists, between 1900 and 2100. */
/**
 * `notFuture`: the date of something already done (a declaration, a review) cannot be after today
 * in Paris; the text says why, after the label.
 */
export function dateField(name: string, label: string, extra: Extra & { notFuture?: string } = {}): FieldDef {
	const { notFuture, ...rest } = extra;
	return {
		name,
		label,
		type: 'date',
		...rest,
		schema: z
			.string({ error: `${label} : la valeur envoyée n’est pas une date.` })
			.regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : une date au format jj/mm/aaaa.` })
			.refine(
				(v) => {
					const d = new Date(`${v}T00:00:00Z`);
					return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
				},
				{ error: `${label} : cette date n’existe pas.`, abort: true }
			)
			.refine((v) => v >= '1900-01-01' && v <= '2100-12-31', { error: `${label} : une date entre 1900 et 2100.` })
			.refine((v) => !notFuture || v <= parisDate(new Date()), { error: `${label} : ${notFuture}` })
	};
}

/** A number as French writes it: decimal comma (0,5). */
const frenchNumber = (n: number) => String(n).replace('.', ',');

/** A date and time in Paris ("YYYY-MM-DDTHH:MM"); a time skipped by the clock change is refused. */
export function datetimeField(name: string, label: string, extra: Extra = {}): FieldDef {
	return {
		name,
		label,
		type: 'datetime',
		...extra,
		schema: z
			.string({ error: `${label} : la valeur envoyée n’est pas une date.` })
			.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: `${label} : une date et une heure, par exemple 12/03/2027 14:30.` })
			.refine((v) => fromParisLocal(v) !== null, {
				error: `${label} : cette date ou cette heure n’existe pas (attention au changement d’heure).`
			})
	};
}

export function numberField(name: string, label: string, extra: Extra & { min?: number; max?: number; unit?: string } = {}): FieldDef {
	const min = extra.min ?? 0;
	const max = extra.max ?? 1_000_000;
	return {
		name,
		label,
		type: 'number',
		...extra,
		schema: z
			.string({ error: `${label} : la valeur envoyée n’est pas un nombre.` })
			.transform((s) => s.replace(',', '.').trim())
			.pipe(
				z
					.string()
					.regex(/^-?\d+(\.\d+)?$/, { error: `${label} : un nombre, par exemple 6 ou 1,5.` })
					.refine((s) => Number(s) >= min && Number(s) <= max, { error: `${label} : un nombre entre ${frenchNumber(min)} et ${frenchNumber(max)}.` })
			)
	};
}

function oneOf(label: string, options: Option[]) {
	const values = options.map((o) => o.value);
	return z
		.string({ error: `${label} : choisissez une des propositions.` })
		.refine((v) => values.includes(v), { error: `${label} : choisissez une des propositions.` });
}

export function radioField(name: string, label: string, options: Option[], extra: Extra = {}): FieldDef {
	return { name, label, type: 'radio', options, ...extra, schema: oneOf(label, options) };
}

export function selectField(name: string, label: string, options: Option[], extra: Extra = {}): FieldDef {
	return { name, label, type: 'select', options, ...extra, schema: oneOf(label, options) };
}

export function checkboxesField(name: string, label: string, options: Option[], extra: Extra = {}): FieldDef {
	const values = options.map((o) => o.value);
	return {
		name,
		label,
		type: 'checkboxes',
		options,
		...extra,
		schema: z
			.array(z.string({ error: `${label} : choix invalide.` }), { error: `${label} : choix invalide.` })
			.max(values.length, { error: `${label} : choix invalide.` })
			.refine((vs) => vs.every((v) => values.includes(v)), { error: `${label} : choisissez parmi les propositions.` })
	};
}

/** A single yes/no box: stored as "oui" or "non". */
export function booleanField(name: string, label: string, extra: Extra = {}): FieldDef {
	return {
		name,
		label,
		type: 'boolean',
		...extra,
		schema: z.enum(['oui', 'non'], { error: `${label} : répondez oui ou non.` })
	};
}

export function recordsField(name: string, label: string, recordKind: string, extra: Extra = {}): FieldDef {
	return {
		name,
		label,
		type: 'records',
		recordKind,
		...extra,
		schema: z
			.array(z.string().uuid({ error: `${label} : élément inconnu.` }), { error: `${label} : choix invalide.` })
			.max(500, { error: `${label} : trop d’éléments.` })
	};
}

/**
 * Whether a field applies given the answers (its showIf). With the list it belongs to, a follow-up
 * of a follow-up applies only while its question does (`appliesIn`): pass it when you have it.
 */
export function applies(field: FieldDef, answers: Answers, fields?: readonly FieldDef[]): boolean {
	if (!field.showIf) return true;
	if (fields) return appliesIn(fields, answers).has(field.name);
	return conditionMet(field.showIf, answers);
}

/** An answer counts as given when it is not empty (an empty list is not an answer). */
export function isAnswered(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

/** What the outputs (dossier, CSV, XLSX) print for a field that applies but has no answer. */
export const NOT_ANSWERED = 'non renseigné';

export const yes = (answers: Answers, name: string) => answers[name] === 'oui';

/** The short name of a field in lists of what is missing (the export label when it has one). */
export function shortLabel(field: FieldDef): string {
	return field.exportLabel ?? field.label;
}

/** « Label : value » for texts that name a field (the PIA file, the notice); a question takes its answer after the « ? ». */
export function labelled(field: FieldDef, text: string): string {
	const label = shortLabel(field);
	return /\?$/.test(label) ? `${label} ${text}` : `${label} : ${text}`;
}

/** Human-readable value of a field: option labels, lists joined, referenced records by name. */
export function displayValue(field: FieldDef, value: unknown, names: Map<string, string>): string {
	if (value === undefined || value === null || value === '') return '';
	const label = (v: string) => field.options?.find((o) => o.value === v)?.label ?? v;
	switch (field.type) {
		case 'radio':
		case 'select':
			return typeof value === 'string' ? label(value) : '';
		case 'checkboxes':
			return Array.isArray(value) ? value.map((v) => label(String(v))).join(' ; ') : '';
		case 'records':
			return Array.isArray(value) ? value.map((id) => names.get(String(id)) ?? '(supprimé)').join(' ; ') : '';
		case 'boolean':
			return value === 'oui' ? 'Oui' : value === 'non' ? 'Non' : '';
		default:
			return String(value);
	}
}
