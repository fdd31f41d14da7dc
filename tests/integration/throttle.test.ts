import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delayAfter, hit, limitState, MINUTE, SECOND, type Policy } from '../../src/lib/server/auth/rate-limit';
import { ACCOUNT_POLICY, ADDRESS_POLICY, loginKeys, PAIR_POLICY, waitMessage } from '../../src/lib/server/auth/throttle';
import { loginAttempts, sessions } from '../../src/lib/server/db/schema';
import { logIn, LOGIN_FAILED, signUp } from '../../src/lib/server/domain/accounts';
import { DomainError } from '../../src/lib/server/domain/errors';
import { engines, useDatabase } from '../helpers/db';
import { OTHER_STRONG_PASSWORD, STRONG_PASSWORD, uniqueEmail } from '../helpers/fixtures';

let ipCounter = 0;
/** A fresh address for each use, so that tests do not slow each other down. */
function freshIp() {
	ipCounter++;
	return `203.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

const T0 = new Date('2031-03-01T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(engines())('login throttling on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function attempt(email: string, password: string, ip: string, now: Date): Promise<[number, string]> {
		try {
			await logIn(db(), { email, password }, ip, now);
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

	async function sessionCount(userId: string) {
		return (await db().select().from(sessions).where(eq(sessions.userId, userId))).length;
	}

	it('an attacker trying many e-mails from one address is slowed; the victim logs in from another address at once', async () => {
		const { email, user } = await newAccount();
		const attacker = freshIp();
		const answers: [number, string][] = [];
		for (let i = 0; i < ADDRESS_POLICY.free + 3; i++) answers.push(await attempt(uniqueEmail('inconnu'), OTHER_STRONG_PASSWORD, attacker, T0));
		// 30 attempts are answered plainly; the 31st sets a delay of a second, so the 32nd waits.
		expect(answers.slice(0, ADDRESS_POLICY.free)).toEqual(Array(ADDRESS_POLICY.free).fill([400, LOGIN_FAILED]));
		expect(answers[ADDRESS_POLICY.free]).toEqual([429, `${LOGIN_FAILED} ${waitMessage(1)}`]);
		expect(answers[ADDRESS_POLICY.free + 1]).toEqual([429, waitMessage(1)]);
		// From the attacker's address, even a real account must wait (the address is slowed, not locked)…
		expect(await attempt(email, STRONG_PASSWORD, attacker, T0)).toEqual([429, waitMessage(1)]);
		// …but the victim, from her own address, logs in at once, at the same instant.
		expect(await attempt(email, STRONG_PASSWORD, freshIp(), T0)).toEqual([200, 'ok']);
		expect(await sessionCount(user.id)).toBe(2);
		// The attacker's delay grows, but never beyond a minute.
		let now = T0;
		for (let i = 0; i < 20; i++) {
			now = at((i + 1) * 2 * MINUTE);
			await attempt(uniqueEmail('inconnu'), OTHER_STRONG_PASSWORD, attacker, now);
		}
		expect((await limitState(db(), loginKeys(attacker, 'x@y.fr').address, ADDRESS_POLICY, now)).wait).toBe(60);
		// Once the delay has passed, the address may try again.
		expect((await attempt(email, STRONG_PASSWORD, attacker, new Date(now.getTime() + MINUTE)))[0]).toBe(200);
	});

	it('many wrong passwords on the victim’s e-mail slow the attacker only; the right password from another address gets through', async () => {
		const { email, user } = await newAccount();
		const attacker = freshIp();
		const answers: [number, string][] = [];
		for (let i = 0; i < 7; i++) answers.push(await attempt(email, OTHER_STRONG_PASSWORD, attacker, T0));
		const failed: [number, string] = [400, LOGIN_FAILED];
		expect(answers).toEqual([failed, failed, failed, failed, failed, [429, `${LOGIN_FAILED} ${waitMessage(5)}`], [429, waitMessage(5)]]);
		// The attacker keeps going, waiting each time as long as asked: 25 failures on the account.
		let now = T0;
		let wait = 5;
		for (let i = 0; i < 19; i++) {
			now = new Date(now.getTime() + wait * SECOND);
			const [status, message] = await attempt(email, OTHER_STRONG_PASSWORD, attacker, now);
			expect(status).toBe(429);
			expect(message.startsWith(LOGIN_FAILED)).toBe(true);
			wait = (await limitState(db(), loginKeys(attacker, email).pair, PAIR_POLICY, now)).wait;
		}
		expect(wait).toBe(15 * 60); // the pair's ceiling
		expect((await limitState(db(), loginKeys(attacker, email).account, ACCOUNT_POLICY, now)).count).toBe(25);
		// The right password from the attacker's address must wait too (the pair is slowed)…
		expect(await attempt(email, STRONG_PASSWORD, attacker, now)).toEqual([429, waitMessage(15 * 60)]);
		// …the victim, from her own address, gets in at once, however many failures the account has.
		expect(await attempt(email, STRONG_PASSWORD, freshIp(), now)).toEqual([200, 'ok']);
		expect(await sessionCount(user.id)).toBe(2);
	});

	it('failures from many addresses slow down the addresses that fail, never a new one with the right password', async () => {
		const { email } = await newAccount();
		const now = T0;
		// A botnet: 25 addresses, one wrong password each (past the account's ceiling of 20).
		const bots = Array.from({ length: 25 }, () => freshIp());
		for (const ip of bots) expect(await attempt(email, OTHER_STRONG_PASSWORD, ip, now)).toEqual(bots.indexOf(ip) < ACCOUNT_POLICY.free ? [400, LOGIN_FAILED] : [429, expect.stringMatching(/^Adresse e-mail ou mot de passe incorrect\. Trop de tentatives/)]);
		// A bot that has failed must now wait before its second guess on this account…
		expect(await attempt(email, OTHER_STRONG_PASSWORD, bots[0]!, now)).toEqual([429, expect.stringMatching(/^Trop de tentatives/)]);
		// …a new address with the right password is not held back.
		expect(await attempt(email, STRONG_PASSWORD, freshIp(), now)).toEqual([200, 'ok']);
		// A user who mistyped once from her address is slowed (seconds), not blocked.
		const user = freshIp();
		expect((await attempt(email, OTHER_STRONG_PASSWORD, user, now))[0]).toBe(429);
		const [status, message] = await attempt(email, STRONG_PASSWORD, user, now);
		expect(status).toBe(429);
		const seconds = Number(/dans (\d+) seconde/.exec(message)?.[1]);
		expect(seconds).toBeGreaterThan(0);
		expect(seconds).toBeLessThanOrEqual(60);
		expect(await attempt(email, STRONG_PASSWORD, user, new Date(now.getTime() + seconds * SECOND))).toEqual([200, 'ok']);
	});

	it('gives the same answers for an e-mail with an account and one without', async () => {
		const { email } = await newAccount();
		const known: [number, string][] = [];
		const unknown: [number, string][] = [];
		const stranger = uniqueEmail('inconnu');
		const ipA = freshIp();
		const ipB = freshIp();
		for (let i = 0; i < 8; i++) {
			known.push(await attempt(email, OTHER_STRONG_PASSWORD, ipA, at(i * SECOND)));
			unknown.push(await attempt(stranger, OTHER_STRONG_PASSWORD, ipB, at(i * SECOND)));
		}
		expect(unknown).toEqual(known);
		expect(known.filter(([s]) => s === 429).length).toBeGreaterThan(0);
	});

	it('refuses an attempt that must wait before checking the password: a burst counts at most one attempt past the allowance', async () => {
		const { email, user } = await newAccount();
		const ip = freshIp();
		const answers = await Promise.all(Array.from({ length: 15 }, () => attempt(email, STRONG_PASSWORD + 'x', ip, T0)));
		// Answers starting with LOGIN_FAILED had their password checked; the others were refused before.
		const checked = answers.filter(([, m]) => m.startsWith(LOGIN_FAILED));
		expect(checked).toHaveLength(PAIR_POLICY.free + 1);
		expect(answers.filter(([, m]) => m === waitMessage(5))).toHaveLength(15 - PAIR_POLICY.free - 1);
		// While waiting, even the right password is refused and no session is opened.
		expect(await attempt(email, STRONG_PASSWORD, ip, T0)).toEqual([429, waitMessage(5)]);
		expect(await sessionCount(user.id)).toBe(1); // the one opened at sign-up
	});

	it('forgets the pair’s failures after a successful login, and does not count successes against an address', async () => {
		const { email } = await newAccount();
		const ip = freshIp();
		for (let i = 0; i < 5; i++) expect(await attempt(email, OTHER_STRONG_PASSWORD, ip, T0)).toEqual([400, LOGIN_FAILED]);
		expect(await attempt(email, STRONG_PASSWORD, ip, T0)).toEqual([200, 'ok']);
		for (let i = 0; i < 5; i++) expect(await attempt(email, OTHER_STRONG_PASSWORD, ip, T0)).toEqual([400, LOGIN_FAILED]);
		expect(await attempt(email, STRONG_PASSWORD, ip, T0)).toEqual([200, 'ok']);
		// A training room behind one address: 40 logins in a row, none slowed.
		const room = freshIp();
		for (let i = 0; i < 40; i++) expect(await attempt(email, STRONG_PASSWORD, room, T0)).toEqual([200, 'ok']);
		expect(await limitState(db(), loginKeys(room, email).address, ADDRESS_POLICY, T0)).toEqual({ count: 0, wait: 0 });
	});

	it('counts with doubling delays and forgets after a quiet period', async () => {
		const key = `test:${Math.random()}`;
		const policy: Policy = { free: 3, delayMs: 10 * SECOND, maxDelayMs: MINUTE, forgetMs: 15 * MINUTE };
		expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => delayAfter(n, policy) / SECOND)).toEqual([0, 0, 0, 10, 20, 40, 60, 60]);
		for (let i = 0; i < 3; i++) expect(await hit(db(), key, policy, T0, { unlessWaiting: true })).toEqual({ counted: true, count: i + 1, wait: 0 });
		expect(await hit(db(), key, policy, T0, { unlessWaiting: true })).toEqual({ counted: true, count: 4, wait: 10 });
		// While waiting, nothing is counted.
		expect(await hit(db(), key, policy, at(9 * SECOND), { unlessWaiting: true })).toEqual({ counted: false, count: 4, wait: 1 });
		expect(await hit(db(), key, policy, at(10 * SECOND), { unlessWaiting: true })).toEqual({ counted: true, count: 5, wait: 20 });
		const [row] = await db().select().from(loginAttempts).where(eq(loginAttempts.key, key));
		expect(row).toMatchObject({ failures: 5, windowStart: at(10 * SECOND), lockedUntil: at(30 * SECOND) });
		// 15 minutes after the delay has ended, counting starts again.
		expect(await hit(db(), key, policy, at(30 * SECOND + 15 * MINUTE - 1), { unlessWaiting: true })).toEqual({ counted: true, count: 6, wait: 40 });
		const later = at(30 * SECOND + 15 * MINUTE + 40 * SECOND + 15 * MINUTE + 1);
		expect(await hit(db(), key, policy, later, { unlessWaiting: true })).toEqual({ counted: true, count: 1, wait: 0 });
	});
});
