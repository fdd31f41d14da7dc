// The right to change a commune's data, on its own: the domain layer (and the one write path for
// records) checks it without depending on the access gate (tenancy), which depends on the domain.
import { DomainError } from './domain/errors';

export const READ_ONLY_MESSAGE = 'Votre rôle dans cette commune permet de consulter, pas de modifier.';

/** For the domain layer: refuses a write by someone who may only read. */
export function assertCanEdit(access: { canEdit: boolean }): void {
	if (!access.canEdit) throw new DomainError(READ_ONLY_MESSAGE, {}, 403);
}
