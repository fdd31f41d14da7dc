// Backups of the embedded database (src/lib/server/db/backup.ts, `npm run backup` / `npm run
// restore`): a round trip gives back exactly the data of the backup; the previous folder is kept;
// a restore is refused while another live process holds the database, and a truncated or foreign
// file is refused with a French message, leaving the current data untouched.
// Embedded only: on a PostgreSQL server, backups are pg_dump's business.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { BackupError, backupEmbedded, restoreEmbedded } from '../../src/lib/server/db/backup';
import { auditLog, communes, records } from '../../src/lib/server/db/schema';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { submission } from '../helpers/answers';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

let root: string;
let pglite: string;
let communeId: string;
let firstId: string;

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
	const database = await openDatabase({ dataDir: pglite });
	try {
		return await fn(database.db);
	} finally {
		await database.close();
	}
}

/** Everything the commune's work left: its records and its journal, in a stable order. */
function content(): Promise<unknown> {
	return withDb(async (db) => ({
		communes: await db.select().from(communes).orderBy(asc(communes.id)),
		records: await db.select().from(records).where(eq(records.communeId, communeId)).orderBy(asc(records.id)),
		audit: await db.select().from(auditLog).orderBy(asc(auditLog.id))
	}));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(BackupError);
	return (err as Error).message;
}

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'super-chef-backup-'));
	pglite = join(root, 'pglite');
	await withDb(async (db) => {
		const user = await makeUser(db, { name: 'Sophie Martin' });
		const commune = await makeCommune(db, user, '21301');
		communeId = commune.id;
		const access = await accessOf(db, user, commune.id);
		firstId = (await saveRecord(db, access, 'support', null, submission({ category: 'papier', name: 'Registre d’état civil', location: 'Coffre', users: 'Secrétariat' }))).id;
		await saveRecord(db, access, 'support', null, submission({ category: 'papier', name: 'Fichier des associations', location: 'Armoire', users: 'Accueil' }));
	});
}, 60_000);

afterAll(() => {
	if (root) rmSync(root, { recursive: true, force: true });
});

describe('backup and restore of the embedded database', () => {
	const file = () => join(root, 'sauvegarde.tgz');
	let saved: unknown;

	it('a round trip gives the data of the backup back, exactly, and keeps the previous folder', async () => {
		saved = await content();
		await backupEmbedded(pglite, file());
		// Work goes on after the backup: a record changed, another added.
		await withDb(async (db) => {
			const [row] = await db.select().from(records).where(eq(records.id, firstId));
			const user = { id: row!.createdBy!, email: '', name: 'Sophie Martin', isGipAdmin: false, isTrainer: false };
			const access = await accessOf(db, user, communeId);
			await saveRecord(db, access, 'support', firstId, submission({ location: 'Grenier' }, { _version: '1' }));
			await saveRecord(db, access, 'support', null, submission({ category: 'papier', name: 'Après la sauvegarde', location: 'Bureau', users: 'Maire' }));
		});
		expect(await content()).not.toEqual(saved);

		const { previous } = await restoreEmbedded(pglite, file());
		expect(previous).toMatch(/pglite\.avant-restauration-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
		expect(await content()).toEqual(saved);
		expect(readdirSync(root).filter((n) => n.startsWith('pglite.avant-restauration-'))).toHaveLength(1);
		expect(readdirSync(root).some((n) => n.includes('.restauration-'))).toBe(false);
	}, 60_000);

	it('the commands: backup refused while the app holds the database, a truncated file refused, pg_dump on a server', () => {
		const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: root };
		delete env.DATABASE_URL;
		const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
			try {
				return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', ...args], { env: { ...env, ...extra }, encoding: 'utf8', stdio: 'pipe' }) };
			} catch (err) {
				const e = err as { status: number; stderr: string };
				return { code: e.status, out: e.stderr };
			}
		};
		// The app: the test runner's parent process, alive, holds the lock.
		writeFileSync(`${pglite}.lock`, String(process.ppid));
		try {
			const refused = run(['scripts/backup.ts', '--out', join(root, 'pendant.tgz')]);
			expect(refused.code).toBe(1);
			expect(refused.out).toContain(`ouverte par un autre processus (pid ${process.ppid})`);
			expect(refused.out).toContain('Arrêtez-la d’abord');
		} finally {
			rmSync(`${pglite}.lock`, { force: true });
		}
		const truncated = join(root, 'tronquee.tgz');
		const bytes = readFileSync(file());
		writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const bad = run(['scripts/restore.ts', truncated]);
		expect(bad.code).toBe(1);
		expect(bad.out).toContain('n’est pas une sauvegarde complète');
		// On a PostgreSQL server: the pg_dump / pg_restore commands to use.
		const server = run(['scripts/backup.ts', '--out', join(root, 'serveur.tgz')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
		expect(server.code).toBe(2);
		expect(server.out).toContain('pg_dump --format=custom');
		expect(server.out).toContain('pg_restore --clean');
		expect(readdirSync(root).filter((n) => n.endsWith('.tgz'))).toEqual(['sauvegarde.tgz', 'tronquee.tgz']);
	}, 60_000);

	it('restore refuses while a live process holds the lock, and a corrupt file; the data stay as they are', async () => {
		const before = await content();
		const folders = readdirSync(root).sort();
		writeFileSync(`${pglite}.lock`, String(process.ppid));
		try {
			expect(await refusal(restoreEmbedded(pglite, file()))).toMatch(/Arrêtez-la d’abord, puis relancez npm run restore/);
		} finally {
			rmSync(`${pglite}.lock`, { force: true });
		}
		const truncated = join(root, 'coupee.tgz');
		const bytes = readFileSync(file());
		writeFileSync(truncated, bytes.subarray(0, bytes.length - 1000));
		expect(await refusal(restoreEmbedded(pglite, truncated))).toMatch(/n’est pas une sauvegarde complète.*Rien n’a été modifié/);
		const foreign = join(root, 'autre.tgz');
		writeFileSync(foreign, 'ceci n’est pas une sauvegarde');
		expect(await refusal(restoreEmbedded(pglite, foreign))).toMatch(/n’est pas une sauvegarde complète/);
		expect(await refusal(restoreEmbedded(pglite, join(root, 'absent.tgz')))).toMatch(/Impossible de lire/);
		expect(readdirSync(root).sort()).toEqual(folders.concat(['autre.tgz', 'coupee.tgz']).sort());
		expect(await content()).toEqual(before);
	}, 60_000);
});
