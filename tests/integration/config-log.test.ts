// The configuration is read once and checked (a bad value is refused, never reinterpreted), and what
// the server logs about a failed query never carries the query's parameters.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/lib/server/db/schema';
import { ConfigError, loadConfig } from '../../src/lib/server/config';
import { describeError } from '../../src/lib/server/log';
import { engines, useDatabase } from '../helpers/db';

describe('loadConfig', () => {
	it('reads the documented variables', () => {
		const c = loadConfig({ COOKIE_SECURE: 'false', PORT: '3000', ORIGIN: 'https://rgpd.example.fr', ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2', DATABASE_URL: 'postgres://u@h/db' });
		expect(c).toMatchObject({ cookieSecure: false, port: 3000, origin: 'https://rgpd.example.fr', addressHeader: 'x-forwarded-for', xffDepth: 2, databaseUrl: 'postgres://u@h/db', hstsMaxAge: 31_536_000 });
		expect(loadConfig({}).cookieSecure).toBeUndefined();
		expect(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
		expect(loadConfig({ HSTS_MAX_AGE: '0' }).hstsMaxAge).toBe(0);
	});

	it('refuses values that would silently mean something else, naming each', () => {
		const bad = { COOKIE_SECURE: 'False', PORT: 'abc', ORIGIN: 'https://rgpd.example.fr/app', DATABASE_URL: 'mysql://x', XFF_DEPTH: '1' };
		let caught: unknown;
		try {
			loadConfig(bad);
		} catch (err) {
			caught = err;
		}
		expect(caught).toBeInstanceOf(ConfigError);
		const problems = (caught as ConfigError).problems.join('\n');
		expect(problems).toContain('COOKIE_SECURE vaut « true » ou « false »');
		expect(problems).toContain('« False »');
		expect(problems).toContain('PORT est un nombre entier');
		expect(problems).toContain('ORIGIN est une adresse sans chemin');
		expect(problems).toContain('DATABASE_URL commence par postgres://');
		expect(problems).toContain('XFF_DEPTH ne sert qu’avec ADDRESS_HEADER=x-forwarded-for');
		for (const value of ['1', 'yes', 'TRUE', '']) expect(() => loadConfig({ COOKIE_SECURE: value }), value).toThrow(ConfigError);
	});
});

describe.each(engines())('a failed query in the log, on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('names the query and the database’s reason, never the values', async () => {
		const secret = 'Zoé Marchal, 12 rue des Lilas';
		let caught: unknown;
		try {
			// PostgreSQL refuses a NUL character in text: a real failed query, with its parameters.
			await db().insert(users).values({ email: 'nul@example.fr', name: `${secret}\u0000`, passwordHash: 'x' });
		} catch (err) {
			caught = err;
		}
		expect(caught).toBeDefined();
		// What the error would print by itself: the parameters, personal data included.
		expect(String(caught)).toContain('Zoé Marchal');
		const line = describeError(caught);
		expect(line).toContain('insert into "users"');
		expect(line).toMatch(/paramètre\(s\) non journalisé/);
		expect(line).not.toContain('Zoé');
		expect(line).not.toContain('nul@example.fr');
	});

	it('leaves out the value the database quotes in its own message', async () => {
		let caught: unknown;
		try {
			await db().select().from(users).where(eq(users.id, 'Zoé Marchal'));
		} catch (err) {
			caught = err;
		}
		expect(caught).toBeDefined();
		const line = describeError(caught);
		expect(line).toMatch(/uuid/);
		expect(line).not.toContain('Zoé');
	});
});
