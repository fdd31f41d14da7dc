import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { DomainError } from '../../src/lib/server/domain/errors';
import { assertCanEdit, canEdit, READ_ONLY_MESSAGE, requireUser } from '../../src/lib/server/tenancy';

const user: SessionUser = { id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', email: 'a@b.fr', name: 'Anne', isGipAdmin: false, isTrainer: false };

function eventFor(u: SessionUser | null, path: string) {
	return { locals: { user: u, session: null }, url: new URL(path, 'http://localhost') } as unknown as Parameters<typeof requireUser>[0];
}

describe('tenancy rules', () => {
	it('lets only the DPD edit', () => {
		expect(canEdit('dpd')).toBe(true);
		expect(canEdit('elu')).toBe(false);
		expect(canEdit('formateur')).toBe(false);
		expect(() => assertCanEdit({ canEdit: true })).not.toThrow();
		let caught: unknown;
		try {
			assertCanEdit({ canEdit: false });
		} catch (err) {
			caught = err;
		}
		expect(caught).toBeInstanceOf(DomainError);
		expect((caught as DomainError).status).toBe(403);
		expect((caught as DomainError).message).toBe(READ_ONLY_MESSAGE);
	});

	it('sends a visitor to the login page, remembering where they were going', () => {
		expect(requireUser(eventFor(user, '/compte'))).toBe(user);
		let caught: unknown;
		try {
			requireUser(eventFor(null, '/c/123/membres?onglet=2'));
		} catch (err) {
			caught = err;
		}
		expect(isRedirect(caught)).toBe(true);
		if (isRedirect(caught)) {
			expect(caught.status).toBe(303);
			expect(caught.location).toBe('/connexion?suite=' + encodeURIComponent('/c/123/membres?onglet=2'));
		}
	});
});
