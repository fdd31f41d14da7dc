// Login throttling that slows attackers down and cannot be turned against users (README, « Security
// choices »). Three counters, in the database (rate-limit.ts):
// - the pair (address, account): every attempt is counted before the password is checked, and a
//   success forgets them; beyond 5, each further attempt from that address on that account waits
//   longer (5 s, 10 s, 20 s… up to 15 minutes). Only the person at that address is slowed.
// - the address, across accounts: 30 attempts free (a training room behind one address logs in
//   without noticing: successes are taken back), then up to one minute between attempts from that
//   address — against someone trying many e-mails.
// - the account, across addresses: beyond 20 failures in an hour (many addresses at once), an
//   address that has already failed on this account waits up to a minute more; an address with no
//   failure on the account is never held back by it, so the right password typed from elsewhere
//   always gets through at once.
// No counter ever locks: each delay is seconds to minutes and ends by itself. The answer is the
// same whether or not the e-mail has an account (the keys do not depend on it), and an attempt
// that must wait is refused before the password is hashed (argon2 costs CPU).
import type { Db } from '../db';
import { clearKey, forgive, hit, HOUR, inHowLong, limitKey, limitState, MINUTE, SECOND, waitFor, type Policy } from './rate-limit';

export const PAIR_POLICY: Policy = { free: 5, delayMs: 5 * SECOND, maxDelayMs: 15 * MINUTE, forgetMs: 15 * MINUTE };
export const ADDRESS_POLICY: Policy = { free: 30, delayMs: SECOND, maxDelayMs: MINUTE, forgetMs: 15 * MINUTE };
export const ACCOUNT_POLICY: Policy = { free: 20, delayMs: SECOND, maxDelayMs: MINUTE, forgetMs: HOUR };

export interface LoginKeys {
	pair: string;
	address: string;
	account: string;
}

export function loginKeys(ip: string, email: string): LoginKeys {
	const account = email.trim().toLowerCase();
	return {
		pair: limitKey('login-pair', ip, account),
		address: limitKey('login-ip', ip),
		account: limitKey('login-account', account)
	};
}

/**
 * Before the password is checked: counts the attempt, or says how many seconds it must wait (then
 * nothing is counted and the password must not be checked).
 */
export async function admitLogin(db: Db, keys: LoginKeys, now = new Date()): Promise<number> {
	const [pairBefore, account] = await Promise.all([limitState(db, keys.pair, PAIR_POLICY, now), limitState(db, keys.account, ACCOUNT_POLICY, now)]);
	// The account's ceiling only holds back an address that has already failed on this account.
	if (pairBefore.count > 0 && account.wait > 0) return Math.max(account.wait, pairBefore.wait);
	const pair = await hit(db, keys.pair, PAIR_POLICY, now, { unlessWaiting: true });
	if (!pair.counted) return pair.wait;
	const address = await hit(db, keys.address, ADDRESS_POLICY, now, { unlessWaiting: true });
	if (!address.counted) {
		await forgive(db, keys.pair, PAIR_POLICY, now);
		return address.wait;
	}
	return 0;
}

/** After a wrong password (or an unknown e-mail): the seconds before the next attempt from here. */
export async function loginFailed(db: Db, keys: LoginKeys, now = new Date()): Promise<number> {
	const account = await hit(db, keys.account, ACCOUNT_POLICY, now);
	return Math.max(await waitFor(db, [keys.pair, keys.address], now), account.wait);
}

/** After the right password: the pair's attempts are forgotten, the address's success taken back. */
export async function loginSucceeded(db: Db, keys: LoginKeys, now = new Date()): Promise<void> {
	await clearKey(db, keys.pair);
	await forgive(db, keys.address, ADDRESS_POLICY, now);
}

export function waitMessage(seconds: number): string {
	return `Trop de tentatives de connexion depuis votre poste. Par sécurité, réessayez ${inHowLong(seconds)}.`;
}
