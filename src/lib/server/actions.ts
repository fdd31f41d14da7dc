import { error, type ActionFailure } from '@sveltejs/kit';
import { DomainError } from './domain/errors';
import { invalid, type FormFailure } from './forms';

/** Turns a domain refusal into the form's French messages; anything else is a real error. */
export function refuse(err: unknown, form: FormData | null): ActionFailure<FormFailure> {
	if (err instanceof DomainError) {
		if (err.status === 404) error(404, 'Page introuvable');
		return invalid(err.fieldErrors, form, err.message, err.status);
	}
	throw err;
}

/**
 * FormData as an object (repeated keys become arrays), for the domain layer. It has no prototype:
 * a field named "__proto__" is a field like any other, not the object's prototype (a file sent
 * under that name would otherwise make `input.name` a File's getter, and the validation crash).
 */
export function formInput(form: FormData | null): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
	const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = Object.create(null);
	if (!form) return out;
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key);
		out[key] = all.length > 1 ? all : (all[0] as FormDataEntryValue);
	}
	return out;
}

/**
 * The submitted values of these fields, to show again next to their message: text only (a file
 * sent where text is expected is dropped), repeated keys as lists of text. Action data must be
 * serializable: a File in it would be a 500.
 */
export function refill(input: ReturnType<typeof formInput>, keys: string[]): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const k of keys) {
		const v = input[k];
		if (typeof v === 'string') out[k] = v;
		else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
	}
	return out;
}

/** In a load: a domain refusal becomes the matching HTTP error page. */
export function httpError(err: unknown): never {
	if (err instanceof DomainError) error(err.status, err.status === 404 ? 'Page introuvable' : err.message);
	throw err;
}
