// The database engines the integration tests run on: always the embedded one (PGlite, in
// memory), and a real PostgreSQL server when TEST_DATABASE_URL is set. Each opened server
// database is a fresh, randomly named database, migrated, and dropped when closed.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/lib/server/db';

export interface Engine {
	name: 'embedded' | 'server';
	open(): Promise<Database>;
}

function adminClient(url: string) {
	return postgres(url, { max: 1, onnotice: () => {} });
}

/** Creates an empty, randomly named database on the server: its URL, and how to drop it. */
export async function createServerDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `super_chef_test_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
	const admin = adminClient(baseUrl);
	try {
		await admin.unsafe(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end({ timeout: 5 });
	}
	const url = new URL(baseUrl);
	url.pathname = '/' + name;
	return { url: url.toString(), drop: () => dropServerDatabase(baseUrl, name) };
}

/** Creates a throw-away database on the server; closing the handle drops it. */
export async function openServerDatabase(baseUrl: string): Promise<Database> {
	const created = await createServerDatabase(baseUrl);
	let database: Database;
	try {
		database = await openDatabase({ url: created.url, max: 4 });
	} catch (err) {
		await created.drop();
		throw err;
	}
	return {
		...database,
		close: async () => {
			try {
				await database.close();
			} finally {
				await created.drop();
			}
		}
	};
}

async function dropServerDatabase(baseUrl: string, name: string): Promise<void> {
	const admin = adminClient(baseUrl);
	try {
		await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	} finally {
		await admin.end({ timeout: 5 });
	}
}

/** The engines to run the integration tests on, for `describe.each(engines())`. */
export function engines(env: NodeJS.ProcessEnv = process.env): Engine[] {
	const list: Engine[] = [{ name: 'embedded', open: () => openDatabase({ dataDir: 'memory://' }) }];
	const url = env.TEST_DATABASE_URL;
	if (url) list.push({ name: 'server', open: () => openServerDatabase(url) });
	return list;
}

/**
 * Opens the engine's database once for the enclosing `describe` and closes it afterwards.
 * Returns a getter, to call inside tests (the database exists only once `beforeAll` has run).
 */
export function useDatabase(engine: Engine): () => Db {
	let database: Database | undefined;
	beforeAll(async () => {
		database = await engine.open();
	});
	afterAll(async () => {
		await database?.close();
		database = undefined;
	});
	return () => {
		if (!database) throw new Error(`the ${engine.name} database is not open`);
		return database.db;
	};
}

/**
 * Runs `fn` with the app's process-wide database (what `getDb()` returns to the routes and to
 * `requireCommune`) pointed at this test's database, through `globalThis.__superChefDb` (see
 * src/lib/server/db), and restores it afterwards.
 */
export async function withAppDatabase<T>(db: Db, fn: () => Promise<T>): Promise<T> {
	const holder = globalThis as unknown as { __superChefDb?: Promise<Database> };
	const previous = holder.__superChefDb;
	holder.__superChefDb = Promise.resolve({ db, kind: 'embedded', location: 'test', close: async () => {} });
	try {
		return await fn();
	} finally {
		holder.__superChefDb = previous;
	}
}
