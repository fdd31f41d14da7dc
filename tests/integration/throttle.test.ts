import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	accountKey,
	ACCOUNT_POLICY,
	addressKey,
	ADDRESS_POLICY,
	clearFailures,
	lockedFor,
	recordFailure,
	waitMessage
} from '../../src/lib/server/auth/throttle';
import { loginAttempts, sessions } from '../../src/lib/server/db/schema';
import { logIn, LOGIN_FAILED, signUp } from '../../src/lib/server/domain/accounts';
import { DomainError } from '../../src/lib/server/domain/errors';
import { engines, useDatabase } from '../helpers/db';
import { OTHER_STRONG_PASSWORD, STRONG_PASSWORD, uniqueEmail } from '../helpers/fixtures';

const MINUTE = 60_000;
let ipCounter = 0;
/** A fresh address for each use, so that tests do not lock each other out. */
function freshIp() {
	ipCounter++;
	return `203.0.113.${ipCounter}`;
}

describe.each(engines())('login throttling on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function attempt(email: string, password: string, ip: string): Promise<[number, string]> {
		try {
			await logIn(db(), { email, password }, ip);
			return [200, 'ok'];
		} catch (err) {
			if (!(err instanceof DomainError)) throw err;
			return [err.status, err.message];
		}
	}

	async function newAccount() {
		const email = uniqueEmail('throttle');
		const { user } = await signUp(db(), { name: 'Paul Durand', email, password: STRONG_PASSWORD, passwordConfirm: STRONG_PASSWORD });
		return { email, user };
	}

	async function failuresOf(key: string) {
		const [row] = await db().select().from(loginAttempts).where(eq(loginAttempts.key, key));
		return row;
	}

	it('locks an account after 5 failures, with the same answers for a known and an unknown address', async () => {
		const { email, user } = await newAccount();
		const known: [number, string][] = [];
		const unknown: [number, string][] = [];
		const ipA = freshIp();
		const ipB = freshIp();
		const stranger = uniqueEmail('inconnu');
		for (let i = 0; i < 6; i++) {
			known.push(await attempt(email, OTHER_STRONG_PASSWORD, ipA));
			unknown.push(await attempt(stranger, OTHER_STRONG_PASSWORD, ipB));
		}
		const failed: [number, string] = [400, LOGIN_FAILED];
		const locked: [number, string] = [429, waitMessage(60)];
		expect(known).toEqual([failed, failed, failed, failed, locked, locked]);
		expect(unknown).toEqual(known);
		expect(waitMessage(60)).toMatch(/^Trop de tentatives de connexion.*attendez 1 minute/);

		// Locked: even the right password is refused, and no session is opened.
		expect(await attempt(email, STRONG_PASSWORD, freshIp())).toEqual(locked);
		const rows = await db().select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows).toHaveLength(1); // the one opened at sign-up

		// The address is not locked: another account logs in from it.
		const other = await newAccount();
		expect(await attempt(other.email, STRONG_PASSWORD, ipA)).toEqual([200, 'ok']);

		// Once the lock has passed, the right password works and the account's count is cleared.
		await db()
			.update(loginAttempts)
			.set({ lockedUntil: new Date(Date.now() - 1000) })
			.where(eq(loginAttempts.key, accountKey(email)));
		expect(await attempt(email, STRONG_PASSWORD, ipA)).toEqual([200, 'ok']);
		expect(await failuresOf(accountKey(email))).toBeUndefined();
	});

	it('forgets failures after a successful login', async () => {
		const { email } = await newAccount();
		const ip = freshIp();
		for (let i = 0; i < 4; i++) expect((await attempt(email, OTHER_STRONG_PASSWORD, ip))[0]).toBe(400);
		expect(await attempt(email, STRONG_PASSWORD, ip)).toEqual([200, 'ok']);
		for (let i = 0; i < 4; i++) expect(await attempt(email, OTHER_STRONG_PASSWORD, ip)).toEqual([400, LOGIN_FAILED]);
	});

	it('locks an address after 30 failures, whatever the accounts tried', async () => {
		const { email } = await newAccount();
		const ip = freshIp();
		for (let i = 0; i < ADDRESS_POLICY.threshold - 1; i++) await recordFailure(db(), addressKey(ip), ADDRESS_POLICY);
		expect(await lockedFor(db(), [addressKey(ip)])).toBe(0);
		// The 30th failure, through the login form with an address nobody uses, locks for 5 minutes.
		const locked: [number, string] = [429, waitMessage(5 * 60)];
		expect(await attempt(uniqueEmail('inconnu'), OTHER_STRONG_PASSWORD, ip)).toEqual(locked);
		expect(await attempt(email, STRONG_PASSWORD, ip)).toEqual(locked);
		// The account itself is not locked: from another address it logs in.
		expect(await lockedFor(db(), [accountKey(email)])).toBe(0);
		expect(await attempt(email, STRONG_PASSWORD, freshIp())).toEqual([200, 'ok']);
		// A successful login elsewhere does not unlock the address.
		expect(await lockedFor(db(), [addressKey(ip)])).toBeGreaterThan(4 * 60);
	});

	it('counts failures in a 15-minute window', async () => {
		const key = `email:window-${Math.random()}`;
		const t0 = new Date('2031-03-01T08:00:00Z');
		const at = (ms: number) => new Date(t0.getTime() + ms);
		for (let i = 0; i < 4; i++) await recordFailure(db(), key, ACCOUNT_POLICY, t0);
		expect(await failuresOf(key)).toMatchObject({ failures: 4, lockedUntil: null });

		// 16 minutes later the window has passed: counting starts again.
		await recordFailure(db(), key, ACCOUNT_POLICY, at(16 * MINUTE));
		expect(await failuresOf(key)).toMatchObject({ failures: 1, windowStart: at(16 * MINUTE), lockedUntil: null });

		// Within the window, the fifth failure locks for a minute.
		for (let i = 0; i < 4; i++) await recordFailure(db(), key, ACCOUNT_POLICY, at(17 * MINUTE));
		expect(await failuresOf(key)).toMatchObject({ failures: 5, lockedUntil: at(18 * MINUTE) });
		expect(await lockedFor(db(), [key], at(17 * MINUTE))).toBe(60);
		expect(await lockedFor(db(), [key], at(17 * MINUTE + 30_000))).toBe(30);
		expect(await lockedFor(db(), [key, 'ip:none'], at(17 * MINUTE + 59_001))).toBe(1);
		expect(await lockedFor(db(), [key], at(18 * MINUTE))).toBe(0);
	});

	it('doubles the lock with each further failure, up to 15 minutes', async () => {
		const key = `email:double-${Math.random()}`;
		const t0 = new Date('2031-04-01T08:00:00Z');
		for (let i = 0; i < 5; i++) await recordFailure(db(), key, ACCOUNT_POLICY, t0);
		expect(await lockedFor(db(), [key], t0)).toBe(60);
		const t1 = new Date(t0.getTime() + 2 * MINUTE); // the lock has passed, the window has not
		expect(await lockedFor(db(), [key], t1)).toBe(0);
		await recordFailure(db(), key, ACCOUNT_POLICY, t1);
		expect(await lockedFor(db(), [key], t1)).toBe(120);
		await recordFailure(db(), key, ACCOUNT_POLICY, t1);
		expect(await lockedFor(db(), [key], t1)).toBe(240);
		for (let i = 0; i < 5; i++) await recordFailure(db(), key, ACCOUNT_POLICY, t1);
		expect(await failuresOf(key)).toMatchObject({ failures: 12 });
		expect(await lockedFor(db(), [key], t1)).toBe(15 * 60);

		// While locked, an old window does not reset the count.
		const t2 = new Date(t0.getTime() + 16 * MINUTE); // window passed, lock (until t1 + 15 min) not
		await recordFailure(db(), key, ACCOUNT_POLICY, t2);
		expect(await failuresOf(key)).toMatchObject({ failures: 13 });

		await clearFailures(db(), key);
		expect(await lockedFor(db(), [key], t2)).toBe(0);
	});
});
