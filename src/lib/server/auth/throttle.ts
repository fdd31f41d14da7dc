// Login throttling, per account and per address, stored in the database so that it holds across
// restarts and processes. The same answer is given whether or not the e-mail has an account.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { loginAttempts } from '../db/schema';
import { hashToken } from './session';
import { plural } from '../../french';

interface Policy {
	/** Failures allowed in the window before locking. */
	threshold: number;
	windowMs: number;
	/** First lock; each further failure doubles it, up to maxLockMs. */
	lockMs: number;
	maxLockMs: number;
}

const MINUTE = 60_000;
export const ACCOUNT_POLICY: Policy = { threshold: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 15 * MINUTE };
export const ADDRESS_POLICY: Policy = { threshold: 30, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 30 * MINUTE };

export function accountKey(email: string): string {
	return 'email:' + hashToken(email.trim().toLowerCase());
}
export function addressKey(ip: string): string {
	return 'ip:' + ip;
}

/** Seconds before another attempt is allowed for any of these keys (0: allowed now). */
export async function lockedFor(db: Executor, keys: string[], now = new Date()): Promise<number> {
	const rows = await db.select().from(loginAttempts).where(inArray(loginAttempts.key, keys));
	let wait = 0;
	for (const r of rows) {
		if (r.lockedUntil && r.lockedUntil > now) {
			wait = Math.max(wait, Math.ceil((r.lockedUntil.getTime() - now.getTime()) / 1000));
		}
	}
	return wait;
}

export async function recordFailure(db: Executor, key: string, policy: Policy, now = new Date()) {
	// Raw SQL parameters get no column encoder: postgres.js (server mode) rejects a Date there, so
	// the instants are passed as ISO strings with an explicit cast (PGlite accepts both).
	const cutoff = sql`${new Date(now.getTime() - policy.windowMs).toISOString()}::timestamptz`;
	const at = sql`${now.toISOString()}::timestamptz`;
	const [row] = await db
		.insert(loginAttempts)
		.values({ key, failures: 1, windowStart: now })
		.onConflictDoUpdate({
			target: loginAttempts.key,
			set: {
				failures: sql`case when ${loginAttempts.windowStart} < ${cutoff} and (${loginAttempts.lockedUntil} is null or ${loginAttempts.lockedUntil} < ${at}) then 1 else ${loginAttempts.failures} + 1 end`,
				windowStart: sql`case when ${loginAttempts.windowStart} < ${cutoff} and (${loginAttempts.lockedUntil} is null or ${loginAttempts.lockedUntil} < ${at}) then ${at} else ${loginAttempts.windowStart} end`
			}
		})
		.returning();
	if (row && row.failures >= policy.threshold) {
		const lock = Math.min(policy.lockMs * 2 ** (row.failures - policy.threshold), policy.maxLockMs);
		await db
			.update(loginAttempts)
			.set({ lockedUntil: new Date(now.getTime() + lock) })
			.where(eq(loginAttempts.key, key));
	}
}

export async function clearFailures(db: Executor, key: string) {
	await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

export function waitMessage(seconds: number): string {
	const minutes = Math.ceil(seconds / 60);
	return `Trop de tentatives de connexion. Par sécurité, attendez ${plural(minutes, 'minute')} avant de réessayer.`;
}
