// The test harness itself: the engines it offers, and the clean-up of server databases.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { engines } from '../helpers/db';

/** postgres.js answers an array of rows, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

describe('engines()', () => {
	it('always offers the embedded database, and a server one only with TEST_DATABASE_URL', () => {
		expect(engines({}).map((e) => e.name)).toEqual(['embedded']);
		expect(engines({ TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }).map((e) => e.name)).toEqual([
			'embedded',
			'server'
		]);
	});
});

describe.each(engines())('the $name engine', (engine) => {
	it('opens a fresh, migrated database and cleans it up on close', async () => {
		const database = await engine.open();
		let serverName: string | undefined;
		try {
			expect(database.kind).toBe(engine.name);
			const tables = rowsOf<{ table_name: string }>(
				await database.db.execute(
					sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`
				)
			);
			const names = tables.map((t) => t.table_name);
			for (const t of ['audit_log', 'communes', 'invitations', 'login_attempts', 'memberships', 'sessions', 'users']) {
				expect(names).toContain(t);
			}
			// Fresh: nobody in it yet.
			const users = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from users`));
			expect(users).toHaveLength(1);
			expect(Number(users[0]?.n)).toBe(0);
			if (engine.name === 'server') serverName = new URL(database.location).pathname.slice(1);
		} finally {
			await database.close();
		}
		if (serverName) {
			expect(serverName).toMatch(/^super_chef_test_/);
			const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1 });
			try {
				const left = await admin`select 1 from pg_database where datname = ${serverName}`;
				expect(left).toHaveLength(0);
			} finally {
				await admin.end({ timeout: 5 });
			}
		}
	});
});
