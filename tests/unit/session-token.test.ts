import { describe, expect, it } from 'vitest';
import {
	generateToken,
	hashToken,
	SESSION_LIFETIME,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { delayAfter, inHowLong } from '../../src/lib/server/auth/rate-limit';
import { loginKeys, PAIR_POLICY, waitMessage } from '../../src/lib/server/auth/throttle';
import type { Db } from '../../src/lib/server/db';

describe('session tokens', () => {
	it('are 20 random bytes in lower-case base32 without padding (32 characters)', () => {
		const tokens = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const t = generateToken();
			expect(t).toMatch(/^[a-z2-7]{32}$/);
			tokens.add(t);
		}
		expect(tokens.size).toBe(200);
	});

	it('are stored as their SHA-256 in lower-case hex', () => {
		// FIPS 180-2 test vector.
		expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		const t = generateToken();
		expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(t)).toBe(hashToken(t));
		expect(hashToken(t)).not.toContain(t);
		expect(hashToken(generateToken())).not.toBe(hashToken(t));
	});

	it('last 30 days', () => {
		expect(SESSION_LIFETIME).toBe(30 * 24 * 60 * 60 * 1000);
	});

	it('are refused without a database query when malformed', async () => {
		const noDb = new Proxy({}, { get: () => { throw new Error('the database must not be queried'); } }) as Db;
		for (const bad of ['', 'x', generateToken().toUpperCase(), generateToken() + 'a', '1'.repeat(32), 'a'.repeat(31) + '!']) {
			expect(await validateSessionToken(noDb, bad)).toBeNull();
		}
	});
});

describe('throttle keys and messages', () => {
	it('key an account by a hash of its normalised e-mail and the address, never the e-mail or the address itself', () => {
		const a = loginKeys('192.0.2.1', '  Jeanne.Martin@Mairie-Glanon.fr ');
		expect(a).toEqual(loginKeys('192.0.2.1', 'jeanne.martin@mairie-glanon.fr'));
		expect(a.account).toBe('login-account:' + hashToken('jeanne.martin@mairie-glanon.fr'));
		expect(a.address).toBe('login-ip:' + hashToken('192.0.2.1'));
		for (const key of Object.values(a)) {
			expect(key).not.toContain('jeanne');
			expect(key).not.toContain('192.0.2.1');
		}
		const b = loginKeys('192.0.2.2', 'jeanne.martin@mairie-glanon.fr');
		expect(b.account).toBe(a.account);
		expect(b.pair).not.toBe(a.pair);
		expect(b.address).not.toBe(a.address);
		expect(loginKeys('192.0.2.1', 'c@b.fr').account).not.toBe(loginKeys('192.0.2.1', 'a@b.fr').account);
	});

	it('slow down by doubling delays beyond the free attempts, up to a ceiling', () => {
		const delays = Array.from({ length: 16 }, (_, i) => delayAfter(i + 1, PAIR_POLICY) / 1000);
		expect(delays).toEqual([0, 0, 0, 0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900]);
	});

	it('tell in French how long to wait, in seconds then in minutes', () => {
		expect(inHowLong(1)).toBe('dans 1 seconde');
		expect(inHowLong(5)).toBe('dans 5 secondes');
		expect(inHowLong(119)).toBe('dans 119 secondes');
		expect(inHowLong(120)).toBe('dans 2 minutes');
		expect(inHowLong(900)).toBe('dans 15 minutes');
		expect(waitMessage(5)).toBe('Trop de tentatives de connexion depuis votre poste. Par sécurité, réessayez dans 5 secondes.');
	});
});
