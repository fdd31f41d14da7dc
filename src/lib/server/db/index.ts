import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema';
import { loadConfig } from '../config';

export type Schema = typeof schema;
/** Either driver's database: postgres.js (server) or PGlite (embedded). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction. */
export type Executor = Db | Tx;

export interface Database {
	db: Db;
	kind: 'server' | 'embedded';
	/** Where the data lives: the data folder, "memory", or the server URL without password. */
	location: string;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres://… — a real PostgreSQL server. */
	url?: string;
	/** Folder of the embedded database; "memory://" for a throw-away one. */
	dataDir?: string;
	migrationsFolder?: string;
	/** Apply pending migrations before returning (default true). */
	migrate?: boolean;
	/** Server mode: size of the connection pool. */
	max?: number;
}

export function defaultMigrationsFolder(): string {
	return resolve(loadConfig().migrationsDir ?? 'migrations');
}

function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'postgres://…';
	}
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
	const shouldMigrate = options.migrate ?? true;
	if (options.url) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const client = postgres(options.url, {
			max: options.max ?? 10,
			onnotice: () => {},
			connection: { TimeZone: 'UTC' }
		});
		const db = drizzle(client, { schema });
		if (shouldMigrate) {
			const { migrate } = await import('drizzle-orm/postgres-js/migrator');
			await migrate(db, { migrationsFolder });
		}
		return {
			db: db as unknown as Db,
			kind: 'server',
			location: redact(options.url),
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const dataDir = options.dataDir ?? resolve('data/pglite');
	const inMemory = dataDir.startsWith('memory://');
	let unlock = () => {};
	if (!inMemory) {
		mkdirSync(dataDir, { recursive: true });
		unlock = lockDataDir(dataDir);
	}
	let client: InstanceType<typeof PGlite>;
	try {
		client = await PGlite.create(inMemory ? undefined : dataDir);
	} catch (err) {
		unlock();
		throw err;
	}
	const db = drizzle(client, { schema });
	if (shouldMigrate) {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		await migrate(db, { migrationsFolder });
	}
	return {
		db: db as unknown as Db,
		kind: 'embedded',
		location: inMemory ? 'memory' : dataDir,
		close: async () => {
			await client.close();
			unlock();
		}
	};
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * The pid of another live process holding the embedded database's lock file (`<dataDir>.lock`),
 * or null when there is none (no lock file, our own, or a dead process's).
 */
export function liveLockOwner(dataDir: string): number | null {
	let owner: number;
	try {
		owner = Number(readFileSync(`${dataDir}.lock`, 'utf8'));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
	return owner && owner !== process.pid && pidAlive(owner) ? owner : null;
}

/**
 * PGlite must never be opened by two processes at once (it would corrupt the data folder): a lock
 * file holds the owner's pid. A lock left by a process that died is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
	const lockFile = `${dataDir}.lock`;
	const owner = liveLockOwner(dataDir);
	if (owner) {
		throw new Error(
			`La base embarquée ${dataDir} est déjà ouverte par un autre processus (pid ${owner}). ` +
				'Arrêtez l’application avant de lancer cette commande, ou utilisez DATABASE_URL.'
		);
	}
	writeFileSync(lockFile, String(process.pid));
	return () => rmSync(lockFile, { force: true });
}

/**
 * Options from the environment: DATABASE_URL, else the embedded database in DATA_DIR (./data).
 * DATA_DIR=memory:// gives a throw-away embedded database (tests), never a folder named "memory:".
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
	const { databaseUrl, dataDir } = loadConfig(env);
	if (databaseUrl) return { url: databaseUrl };
	if (dataDir?.startsWith('memory://')) return { dataDir };
	return { dataDir: resolve(dataDir ?? 'data', 'pglite') };
}

export async function ping(db: Db): Promise<boolean> {
	try {
		await db.execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}

// The application's database, opened once per process (kept on globalThis so that a server-file
// edit in `vite dev` does not open a second PGlite on the same folder).
const holder = globalThis as unknown as { __superChefDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
	holder.__superChefDb ??= openDatabase(optionsFromEnv()).catch((err) => {
		holder.__superChefDb = undefined;
		throw err;
	});
	return holder.__superChefDb;
}

export async function getDb(): Promise<Db> {
	return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
	const current = holder.__superChefDb;
	holder.__superChefDb = undefined;
	if (current) await (await current).close();
}

/**
 * Closes the application's database when adapter-node shuts down (it emits `sveltekit:shutdown`
 * after SIGTERM / SIGINT once the HTTP server is closed): PGlite's lock file is removed, and
 * postgres.js' pool no longer keeps the process alive.
 */
export function closeDatabaseOnShutdown(): void {
	process.once('sveltekit:shutdown', () => {
		void closeDatabase();
	});
}

export { schema };
