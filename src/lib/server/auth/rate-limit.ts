// One small rate limiter, stored in the database (table login_attempts) so that it holds across
// restarts: login throttling (throttle.ts), sign-up, enrolment codes and the password check of
// /compte all use it. It slows down, it never locks: each counted attempt beyond a free allowance
// sets a delay before the next one (doubling, up to a ceiling), and the count is forgotten after
// a quiet period. Keys are hashed: the table holds no e-mail address and no IP address in clear.
//
// Columns of login_attempts as used here: `failures` is the number of counted attempts,
// `window_start` the instant of the last counted attempt, `locked_until` the instant before which
// the next attempt waits (null: no delay).
import { eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import { loginAttempts } from '../db/schema';
import { hashToken } from './session';
import { plural } from '../../french';

export interface Policy {
	/** Attempts counted without any delay. */
	free: number;
	/** Delay after the first attempt beyond `free`; it doubles with each further one… */
	delayMs: number;
	/** …up to this ceiling. */
	maxDelayMs: number;
	/** The count starts again after this long without a counted attempt (once the delay has passed). */
	forgetMs: number;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A key of the limiter: its scope in clear, the rest hashed (e-mail and IP addresses are personal data). */
export function limitKey(scope: string, ...parts: string[]): string {
	return `${scope}:${hashToken(parts.join('\u0000'))}`;
}

/** The delay that follows the n-th counted attempt (0 while within the free allowance). */
export function delayAfter(n: number, policy: Policy): number {
	if (n <= policy.free) return 0;
	return Math.min(policy.delayMs * 2 ** Math.min(n - policy.free - 1, 30), policy.maxDelayMs);
}

function seconds(ms: number): number {
	return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

export interface LimitState {
	/** Attempts counted and not yet forgotten. */
	count: number;
	/** Seconds before the next attempt is allowed (0: now). */
	wait: number;
}

type Row = typeof loginAttempts.$inferSelect;

function stateOf(row: Row | undefined, policy: Policy | null, now: Date): LimitState {
	if (!row) return { count: 0, wait: 0 };
	const wait = row.lockedUntil ? seconds(row.lockedUntil.getTime() - now.getTime()) : 0;
	const last = Math.max(row.windowStart.getTime(), row.lockedUntil?.getTime() ?? 0);
	const forgotten = policy !== null && last < now.getTime() - policy.forgetMs;
	return { count: forgotten ? 0 : row.failures, wait };
}

/** The state of a key now (its count is only forgotten when the policy is given). */
export async function limitState(db: Executor, key: string, policy: Policy | null, now = new Date()): Promise<LimitState> {
	const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
	return stateOf(row, policy, now);
}

/** Seconds before another attempt is allowed for all of these keys (0: allowed now). */
export async function waitFor(db: Executor, keys: string[], now = new Date()): Promise<number> {
	if (!keys.length) return 0;
	const rows = await db.select().from(loginAttempts).where(inArray(loginAttempts.key, keys));
	return Math.max(0, ...rows.map((r) => stateOf(r, null, now).wait));
}

export interface Hit extends LimitState {
	/** False when the attempt was not counted because the key is waiting (`unlessWaiting`). */
	counted: boolean;
}

/**
 * Counts an attempt on the key and sets the delay that follows it. With `unlessWaiting`, an
 * attempt made while the key is waiting is refused and not counted (the caller then refuses the
 * request before doing any costly work): counting and checking are one step, so requests sent at
 * the same moment cannot all slip through before the first one is counted.
 */
export async function hit(db: Db, key: string, policy: Policy, now = new Date(), opts: { unlessWaiting?: boolean } = {}): Promise<Hit> {
	return db.transaction(async (tx) => {
		await tx.insert(loginAttempts).values({ key, failures: 0, windowStart: now, lockedUntil: null }).onConflictDoNothing();
		const [row] = await tx.select().from(loginAttempts).where(eq(loginAttempts.key, key)).for('update');
		const before = stateOf(row, policy, now);
		if (opts.unlessWaiting && before.wait > 0) return { counted: false, ...before };
		const count = before.count + 1;
		const delay = delayAfter(count, policy);
		const previous = row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil.getTime() : 0;
		const until = delay > 0 || previous ? new Date(Math.max(now.getTime() + delay, previous)) : null;
		await tx.update(loginAttempts).set({ failures: count, windowStart: now, lockedUntil: until }).where(eq(loginAttempts.key, key));
		return { counted: true, count, wait: until ? seconds(until.getTime() - now.getTime()) : 0 };
	});
}

/**
 * Takes back one counted attempt that turned out to be legitimate (a successful login counted
 * against its address): within the free allowance again, the delay goes too.
 */
export async function forgive(db: Db, key: string, policy: Policy, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx.select().from(loginAttempts).where(eq(loginAttempts.key, key)).for('update');
		if (!row) return;
		const count = Math.max(stateOf(row, policy, now).count - 1, 0);
		if (count === 0) {
			await tx.delete(loginAttempts).where(eq(loginAttempts.key, key));
			return;
		}
		await tx
			.update(loginAttempts)
			.set({ failures: count, lockedUntil: delayAfter(count, policy) > 0 ? row.lockedUntil : null })
			.where(eq(loginAttempts.key, key));
	});
}

/** Forgets every attempt counted on the key. */
export async function clearKey(db: Executor, key: string): Promise<void> {
	await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

/** « dans 5 secondes », « dans 3 minutes ». */
export function inHowLong(seconds: number): string {
	return seconds < 120 ? `dans ${plural(Math.max(seconds, 1), 'seconde')}` : `dans ${plural(Math.ceil(seconds / 60), 'minute')}`;
}

/** The generic refusal of an attempt made too soon. */
export function tooSoonMessage(seconds: number): string {
	return `Trop de tentatives. Par sécurité, réessayez ${inHowLong(seconds)}.`;
}

// The other limits (login throttling has its own three, in throttle.ts).

/**
 * Sign-ups from one address: a training day signs up together behind one address, so 100 are free
 * (then 10 s, 20 s… up to 10 minutes); refused ones (an address already registered, which tells
 * who has an account, or a wrong setup code) beyond 10.
 */
export const SIGNUP_POLICY: Policy = { free: 100, delayMs: 10 * SECOND, maxDelayMs: 10 * MINUTE, forgetMs: HOUR };
export const SIGNUP_REFUSED_POLICY: Policy = { free: 10, delayMs: 10 * SECOND, maxDelayMs: 10 * MINUTE, forgetMs: HOUR };
/** Wrong enrolment codes, per account and per address: beyond 5 (20 per address), 5 s, 10 s… up to 15 minutes. */
export const ENROL_ACCOUNT_POLICY: Policy = { free: 5, delayMs: 5 * SECOND, maxDelayMs: 15 * MINUTE, forgetMs: HOUR };
export const ENROL_ADDRESS_POLICY: Policy = { free: 20, delayMs: 5 * SECOND, maxDelayMs: 15 * MINUTE, forgetMs: HOUR };
/** The current password asked by /compte, per account: beyond 5 wrong ones, 5 s, 10 s… up to 15 minutes. */
export const PASSWORD_CHECK_POLICY: Policy = { free: 5, delayMs: 5 * SECOND, maxDelayMs: 15 * MINUTE, forgetMs: 15 * MINUTE };
