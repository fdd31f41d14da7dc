import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from '../forms';

/** A refusal the user can act on: a French message, and messages per field. */
export class DomainError extends Error {
	constructor(
		message: string,
		public fieldErrors: FieldErrors = {},
		public status: 400 | 403 | 404 | 409 | 429 | 503 = 400
	) {
		super(message);
	}
}

export const DEFAULT_INVALID = 'Certaines réponses sont à corriger : voyez les messages à côté des champs.';

export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (!result.success) throw new DomainError(DEFAULT_INVALID, fieldErrors(result.error));
	return result.data;
}
