// Small builders for the integration tests. Users made here skip Argon2 (their password hash is
// not a hash, so no password ever matches): only the account tests pay for real hashing.
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Db } from '../../src/lib/server/db';
import { auditLog, users, type Commune } from '../../src/lib/server/db/schema';
import { createCommune } from '../../src/lib/server/domain/communes';
import { DomainError } from '../../src/lib/server/domain/errors';
import { findAccess, type Access } from '../../src/lib/server/tenancy';

/** A strong password under the CNIL rule (12+ characters, four kinds). */
export const STRONG_PASSWORD = 'Glanon-2024-Cote-dOr!';
export const OTHER_STRONG_PASSWORD = 'Seurre#Saone-1789-Bourgogne';

export function uniqueEmail(prefix = 'test'): string {
	return `${prefix}.${randomUUID().slice(0, 8)}@mairie-test.fr`;
}

export async function makeUser(
	db: Db,
	opts: { name?: string; email?: string; isTrainer?: boolean; isGipAdmin?: boolean } = {}
): Promise<SessionUser> {
	const [u] = await db
		.insert(users)
		.values({
			name: opts.name ?? `Utilisateur ${randomUUID().slice(0, 6)}`,
			email: opts.email ?? uniqueEmail(),
			passwordHash: 'not-an-argon2-hash',
			isTrainer: opts.isTrainer ?? false,
			isGipAdmin: opts.isGipAdmin ?? false
		})
		.returning();
	if (!u) throw new Error('user insert returned nothing');
	return { id: u.id, email: u.email, name: u.name, isGipAdmin: u.isGipAdmin, isTrainer: u.isTrainer };
}

/** Glanon (Côte-d'Or, INSEE 21301) unless another official code is given; the user becomes DPD. */
export function makeCommune(db: Db, user: SessionUser, officialCode = '21301'): Promise<Commune> {
	return createCommune(db, user, { type: 'commune', officialCode });
}

export async function accessOf(db: Db, user: SessionUser, communeId: string): Promise<Access> {
	const access = await findAccess(db, user, communeId);
	if (!access) throw new Error(`${user.name} has no access to ${communeId}`);
	return access;
}

export async function auditCount(db: Db, where?: SQL): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(where);
	return Number(row?.n ?? 0);
}

export function auditOfCommune(db: Db, communeId: string) {
	return db.select().from(auditLog).where(eq(auditLog.communeId, communeId)).orderBy(auditLog.id);
}

export function auditOfUser(db: Db, userId: string, entity = 'compte') {
	return db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.userId, userId), eq(auditLog.entity, entity)))
		.orderBy(auditLog.id);
}

/** Runs `fn` and checks that it appended exactly `expected` audit entries. */
export async function expectAuditDelta<T>(db: Db, expected: number, fn: () => Promise<T>): Promise<T> {
	const before = await auditCount(db);
	const result = await fn();
	expect(await auditCount(db)).toBe(before + expected);
	return result;
}

/** Awaits a refusal and returns it, checking it is a DomainError with this status. */
export async function domainError(promise: Promise<unknown>, status: number): Promise<DomainError> {
	let caught: unknown;
	try {
		await promise;
	} catch (err) {
		caught = err;
	}
	expect(caught, 'expected a DomainError').toBeInstanceOf(DomainError);
	const err = caught as DomainError;
	expect(err.status).toBe(status);
	return err;
}

/** The messages of an error and of its causes (drivers wrap the server's message). */
export function errorText(err: unknown): string {
	const parts: string[] = [];
	let e: unknown = err;
	for (let i = 0; e && i < 5; i++) {
		parts.push(String((e as Error).message ?? e));
		e = (e as { cause?: unknown }).cause;
	}
	return parts.join(' | ');
}

/** Awaits a failure and returns the text of the error and its causes. */
export async function failureText(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (err) {
		return errorText(err);
	}
	throw new Error('expected the operation to fail, it succeeded');
}

/** 200 when the call succeeds, else its error's HTTP status (500 when it has none). */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
	try {
		await promise;
		return 200;
	} catch (err) {
		return (err as { status?: number }).status ?? 500;
	}
}
