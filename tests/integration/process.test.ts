// The embedded database when its process dies or is stopped: a SIGKILL in the middle of saves loses
// nothing that was reported saved and leaves no half-written save (every domain write is one
// transaction with its audit row), and the dead process's lock is taken over; SIGTERM handled as
// the app does (closeDatabaseOnShutdown) ends the process by itself and removes the lock file.
// Embedded only: these are properties of PGlite in a data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { auditLog, records } from '../../src/lib/server/db/schema';

const HELPERS = resolve('tests/helpers');
let root: string;
let template: string;

/** A data folder already initialised and migrated (copied from a template made once). */
function freshDataDir(name: string): { dataDir: string; pglite: string } {
	const dataDir = join(root, name);
	cpSync(template, join(dataDir, 'pglite'), { recursive: true });
	return { dataDir, pglite: join(dataDir, 'pglite') };
}

function child(script: string, dataDir: string): ChildProcess {
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
	delete env.DATABASE_URL;
	// node --import tsx (not npx): the pid we signal is the process that holds the database.
	return spawn(process.execPath, ['--import', 'tsx', join(HELPERS, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
	return new Promise((done) => proc.once('exit', (code, signal) => done({ code, signal })));
}

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'super-chef-process-'));
	template = join(root, 'template');
	const database = await openDatabase({ dataDir: template });
	await database.close();
});

afterAll(() => {
	if (root) rmSync(root, { recursive: true, force: true });
});

describe('embedded database and its process', () => {
	it('SIGKILL during saves: every reported save is there with its audit row, none half-written', async () => {
		const { dataDir, pglite } = freshDataDir('kill');
		const proc = child('child-saves.ts', dataDir);
		const committed: string[] = [];
		let communeId = '';
		let stderr = '';
		proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		let buffer = '';
		await new Promise<void>((done, fail) => {
			proc.stdout!.on('data', (d: Buffer) => {
				buffer += d.toString();
				const lines = buffer.split('\n');
				buffer = lines.pop()!;
				for (const line of lines) {
					const [word, id] = line.split(' ');
					if (word === 'PRET') communeId = id!;
					if (word === 'ENREGISTRE') committed.push(id!);
				}
				// Killed in the middle of the stream of saves, not between two of them on purpose.
				if (committed.length >= 40 && proc.exitCode === null && !proc.killed) {
					proc.kill('SIGKILL');
					done();
				}
			});
			proc.once('exit', () => fail(new Error(`the child ended before being killed: ${stderr}`)));
		});
		const { signal } = await exited(proc);
		expect(signal).toBe('SIGKILL');
		// The dead child's lock file is still there: opening takes it over.
		expect(existsSync(`${pglite}.lock`)).toBe(true);

		const database = await openDatabase({ dataDir: pglite, migrate: false });
		try {
			const { db } = database;
			const saved = await db.select({ id: records.id }).from(records).where(eq(records.communeId, communeId));
			const audits = await db
				.select({ entity: auditLog.entity, entityId: auditLog.entityId })
				.from(auditLog)
				.where(and(eq(auditLog.communeId, communeId), eq(auditLog.action, 'création')));
			const auditsOf = (id: string) => audits.filter((a) => a.entityId === id).length;
			const found = new Set(saved.map((r) => r.id));
			for (const id of committed) {
				expect(found.has(id), `record ${id} reported saved`).toBe(true);
				expect(auditsOf(id), `audit row of ${id}`).toBe(1);
			}
			// Possibly one more save committed but not yet printed: whole, with its audit row.
			expect(found.size).toBeGreaterThanOrEqual(committed.length);
			expect(found.size).toBeLessThanOrEqual(committed.length + 1);
			for (const id of found) expect(auditsOf(id), `audit row of ${id}`).toBe(1);
			// …and no audit row of a record that is not there.
			const entity = audits.find((a) => a.entityId === committed[0])!.entity;
			expect(audits.filter((a) => a.entity === entity && !found.has(a.entityId))).toEqual([]);
		} finally {
			await database.close();
		}
		expect(existsSync(`${pglite}.lock`)).toBe(false);
	}, 45_000);

	it('SIGTERM: the process closes the database, removes its lock file and ends by itself', async () => {
		const { dataDir, pglite } = freshDataDir('term');
		const proc = child('child-shutdown.ts', dataDir);
		let stderr = '';
		proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		await new Promise<void>((done, fail) => {
			proc.stdout!.on('data', (d: Buffer) => d.toString().includes('PRET') && done());
			proc.once('exit', () => fail(new Error(`the child ended before being ready: ${stderr}`)));
		});
		expect(existsSync(`${pglite}.lock`)).toBe(true);
		const sent = Date.now();
		proc.kill('SIGTERM');
		const timeout = setTimeout(() => proc.kill('SIGKILL'), 5_000);
		const { code, signal } = await exited(proc);
		clearTimeout(timeout);
		expect(signal, 'ended by itself, not killed after 5 s').toBeNull();
		expect(code).toBe(0);
		expect(Date.now() - sent).toBeLessThan(5_000);
		expect(existsSync(`${pglite}.lock`)).toBe(false);
	}, 45_000);
});
