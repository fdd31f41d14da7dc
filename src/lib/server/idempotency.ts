// One creation per rendered form. Every creating form carries a random token drawn when the page
// was rendered (`newFormToken()` in the load, a hidden field `FORM_TOKEN`). The write claims the
// token in its own transaction, before inserting: a second submission of the same form (a double
// click, the browser's « back » then « Enregistrer » again, a resent POST) finds the token taken and
// gets back what the first one created, instead of a duplicate. A refused submission rolls back its
// claim with the rest, so the same form can be corrected and sent again.
import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db, Executor } from './db';
import { formTokens } from './db/schema';
import { DomainError } from './domain/errors';

/** The hidden field's name. */
export const FORM_TOKEN = '_jeton';

/** Used tokens are kept this long: a form left open longer than this can create once more. */
export const FORM_TOKEN_DAYS = 30;

const SHAPE = /^[A-Za-z0-9_-]{20,64}$/;

/** A new token for one rendered form (128 random bits, URL-safe). */
export function newFormToken(): string {
	return randomBytes(16).toString('base64url');
}

/** The token a submission carries (a form's fields, or `FormData`), or null when absent or malformed. */
export function formTokenOf(input: unknown): string | null {
	const raw = input instanceof FormData ? input.get(FORM_TOKEN) : input && typeof input === 'object' ? (input as Record<string, unknown>)[FORM_TOKEN] : input;
	return typeof raw === 'string' && SHAPE.test(raw) ? raw : null;
}

export const FORM_ALREADY_USED = 'Ce formulaire a déjà servi. Rechargez la page pour en remplir un nouveau.';

/**
 * Runs `create` once per token, in the caller's transaction, and returns the id it made. The token
 * is claimed first (an insert that waits for, then yields to, a concurrent claim of the same token):
 * a token already used returns the id its first submission created, with `replayed`. Without a
 * token (scripts, seeds, tests that call the domain directly) it just creates.
 */
export async function once(
	tx: Executor,
	userId: string,
	token: string | null,
	kind: string,
	create: () => Promise<string>,
	now = new Date()
): Promise<{ id: string; replayed: boolean }> {
	if (!token) return { id: await create(), replayed: false };
	// Claimed per form kind: several forms of one page (a practice commune per session) share the page's token.
	const key = `${kind}:${token}`;
	const claimed = await tx.insert(formTokens).values({ token: key, userId, kind, resultId: '', createdAt: now }).onConflictDoNothing().returning({ token: formTokens.token });
	if (!claimed.length) {
		const [row] = await tx.select().from(formTokens).where(eq(formTokens.token, key));
		// Another user's token, or another form's: never hand over what it made.
		if (!row || row.userId !== userId || row.kind !== kind || !row.resultId) throw new DomainError(FORM_ALREADY_USED, {}, 409);
		return { id: row.resultId, replayed: true };
	}
	const id = await create();
	await tx.update(formTokens).set({ resultId: id }).where(eq(formTokens.token, key));
	// Old tokens go (the table stays small: one row per creation in the last FORM_TOKEN_DAYS days).
	await tx.delete(formTokens).where(lt(formTokens.createdAt, new Date(now.getTime() - FORM_TOKEN_DAYS * 86_400_000)));
	return { id, replayed: false };
}

/**
 * The same, for a creator that opens its own transaction (`createCommune(db, …)`): it runs inside
 * ours, after the claim, as a savepoint — claim and insert still commit or roll back together.
 * `create` returns what a resubmission gets back (an id, or a short JSON result).
 */
export function onceIn(db: Db, userId: string, token: string | null, kind: string, create: (tx: Db) => Promise<string>): Promise<{ id: string; replayed: boolean }> {
	if (!token) return create(db).then((id) => ({ id, replayed: false }));
	return db.transaction((tx) => once(tx, userId, token, kind, () => create(tx)));
}
