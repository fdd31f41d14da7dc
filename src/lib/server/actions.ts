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

/** FormData as a plain object (repeated keys become arrays), for the domain layer. */
export function formInput(form: FormData | null): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
	const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
	if (!form) return out;
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key);
		out[key] = all.length > 1 ? all : (all[0] as FormDataEntryValue);
	}
	return out;
}

/** In a load: a domain refusal becomes the matching HTTP error page. */
export function httpError(err: unknown): never {
	if (err instanceof DomainError) error(err.status, err.status === 404 ? 'Page introuvable' : err.message);
	throw err;
}
