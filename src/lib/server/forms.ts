// Reading and validating form submissions: every input goes through zod, every refusal comes back
// as French messages keyed by field, with the user's other answers kept.
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';

// zod's own messages (a schema without a message of its own: a hidden field, a file's structure)
// in French too: no refusal shows "Invalid input: expected string".
z.config(z.locales.fr());

export type FieldErrors = Record<string, string>;
export interface FormFailure {
	errors: FieldErrors;
	values: Record<string, string>;
	message?: string;
}

const SECRET = /password|motdepasse|token/i;

export const TOO_LARGE_MESSAGE =
	'Le formulaire envoyé est trop volumineux. Raccourcissez les textes ou retirez les fichiers joints, puis réessayez.';

function statusOf(err: unknown): unknown {
	if (!err || typeof err !== 'object') return undefined;
	const e = err as { status?: unknown; cause?: { status?: unknown } };
	return e.status ?? e.cause?.status;
}

/**
 * The request's form data, or null when the body is not a readable form. A body over the size
 * limit (BODY_SIZE_LIMIT, 512 KB by default) answers 413 rather than "missing fields".
 */
export async function readForm(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch (err) {
		if (statusOf(err) === 413) error(413, TOO_LARGE_MESSAGE);
		return null;
	}
}

/** The submitted text values, secrets excluded, to refill the form after a refusal. */
export function keptValues(form: FormData | null): Record<string, string> {
	const out: Record<string, string> = {};
	if (!form) return out;
	for (const [k, v] of form.entries()) {
		if (typeof v === 'string' && !SECRET.test(k) && !k.startsWith('/')) out[k] = v.slice(0, 10_000);
	}
	return out;
}

export function fieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? String(issue.path[0]) : '_form';
		out[key] ??= issue.message;
	}
	return out;
}

export function invalid(
	errors: FieldErrors,
	form: FormData | null,
	message = 'Certaines réponses sont à corriger : voyez les messages à côté des champs.',
	status = 400
): ActionFailure<FormFailure> {
	return fail(status, { errors, values: keptValues(form), message });
}

// ---- field builders ------------------------------------------------------------------------

// Control characters other than tab, line feed and carriage return have no place in a form.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * An uploaded file's name as it may be shown and stored: the browser sends what the user's system
 * allows, control characters and NUL included (PostgreSQL refuses a NUL in text: that was a 500).
 */
export function uploadedFileName(file: File): string {
	const name = file.name.replace(new RegExp(CONTROL.source, 'gu'), '').replace(/\s+/gu, ' ').trim();
	return [...name].slice(0, 200).join('') || 'fichier';
}

const notText = (label: string) => `${label} : la valeur envoyée n’est pas du texte.`;

/** A text field: trimmed, bounded, free of control characters. */
export function text(label: string, opts: { min?: number; max?: number } = {}) {
	const min = opts.min ?? 1;
	const max = opts.max ?? 200;
	return z
		.string({ error: notText(label) })
		.transform((s) => s.trim())
		.pipe(
			z
				.string()
				.min(min, {
					error: min <= 1 ? `${label} : ce champ est à remplir.` : `${label} : au moins ${min} caractères.`
				})
				.max(max, { error: `${label} : ${max} caractères au plus.` })
				.refine((s) => !CONTROL.test(s), {
					error: `${label} : le texte contient des caractères invisibles ou illisibles ; retapez-le.`
				})
		);
}

/** An optional text field: empty becomes "". */
export function optionalText(label: string, max = 200) {
	return z.preprocess((v) => (v === undefined || v === null ? '' : v), text(label, { min: 0, max }));
}

export function email(label = 'Adresse e-mail') {
	return text(label, { max: 254 }).pipe(
		z.string().email({ error: `${label} : l’adresse n’a pas la forme nom@domaine.fr.` })
	);
}

export function optionalEmail(label = 'Adresse e-mail') {
	return optionalText(label, 254).pipe(
		z.union([z.literal(''), z.string().email({ error: `${label} : l’adresse n’a pas la forme nom@domaine.fr.` })])
	);
}

export function choice<const T extends readonly [string, ...string[]]>(label: string, values: T) {
	return z.enum(values, { error: `${label} : choisissez une des propositions.` });
}

export const uuidSchema = z.string().uuid();
export function isUuid(value: unknown): value is string {
	return uuidSchema.safeParse(value).success;
}
