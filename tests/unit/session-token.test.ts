import { describe, expect, it } from 'vitest';
import {
	generateToken,
	hashToken,
	SESSION_LIFETIME,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { accountKey, addressKey, waitMessage } from '../../src/lib/server/auth/throttle';
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
	it('key an account by a hash of its normalised e-mail, never the e-mail itself', () => {
		expect(accountKey('  Jeanne.Martin@Mairie-Glanon.fr ')).toBe(accountKey('jeanne.martin@mairie-glanon.fr'));
		expect(accountKey('jeanne.martin@mairie-glanon.fr')).toBe('email:' + hashToken('jeanne.martin@mairie-glanon.fr'));
		expect(accountKey('jeanne.martin@mairie-glanon.fr')).not.toContain('jeanne');
		expect(accountKey('a@b.fr')).not.toBe(accountKey('c@b.fr'));
		expect(addressKey('192.0.2.1')).toBe('ip:192.0.2.1');
	});

	it('tell in French how long to wait, rounded up to the minute', () => {
		expect(waitMessage(1)).toBe('Trop de tentatives de connexion. Par sécurité, attendez 1 minute avant de réessayer.');
		expect(waitMessage(60)).toContain('attendez 1 minute avant');
		expect(waitMessage(61)).toContain('attendez 2 minutes avant');
		expect(waitMessage(900)).toContain('attendez 15 minutes avant');
	});
});
