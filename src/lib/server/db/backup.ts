// Backups of the embedded database (PGlite): a gzipped tarball of its data folder made by PGlite
// itself (`dumpDataDir`), and a restore that loads it into a fresh folder (`loadDataDir`), checks
// it, then swaps it in place of the current one, which is kept next to it.
// PGlite can be opened by one process only: both refuse while another live process holds the lock
// file (the running app), and hold the lock themselves while they work.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { liveLockOwner, lockDataDir } from './index';

export class BackupError extends Error {}

function refuseWhileOpen(dataDir: string, what: string): void {
	const owner = liveLockOwner(dataDir);
	if (owner) {
		throw new BackupError(
			`La base embarquée ${dataDir} est ouverte par un autre processus (pid ${owner}), sans doute ` +
				`l’application. Arrêtez-la d’abord, puis relancez ${what} : la base embarquée ne peut être ` +
				'ouverte que par un seul processus, et une copie faite pendant qu’elle écrit ne serait pas cohérente.'
		);
	}
}

/** « 2026-05-04T10-12-33 » : a date usable in a file name. */
export function stamp(date = new Date()): string {
	return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Copies the embedded database in `dataDir` to `outFile` (gzipped tarball). */
export async function backupEmbedded(dataDir: string, outFile: string): Promise<{ bytes: number }> {
	if (!existsSync(join(dataDir, 'PG_VERSION'))) {
		throw new BackupError(`Aucune base embarquée dans ${dataDir} : rien à sauvegarder.`);
	}
	refuseWhileOpen(dataDir, 'npm run backup');
	const unlock = lockDataDir(dataDir);
	try {
		const { PGlite } = await import('@electric-sql/pglite');
		const client = await PGlite.create(dataDir);
		let bytes: Buffer;
		try {
			// Everything written so far goes to the data files; nothing else writes (we hold the lock).
			await client.exec('CHECKPOINT');
			const dump = await client.dumpDataDir('gzip');
			bytes = Buffer.from(await dump.arrayBuffer());
		} finally {
			await client.close();
		}
		checkTarball(bytes);
		// Written beside, then renamed: a failed backup never leaves a half-written file.
		const tmp = `${outFile}.partiel-${process.pid}`;
		writeFileSync(tmp, bytes);
		renameSync(tmp, outFile);
		return { bytes: bytes.length };
	} finally {
		unlock();
	}
}

/** The names of the files in a tar archive (ustar headers). */
function tarNames(tar: Buffer): string[] {
	const names: string[] = [];
	let offset = 0;
	while (offset + 512 <= tar.length) {
		const header = tar.subarray(offset, offset + 512);
		if (header.every((b) => b === 0)) return names;
		const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
		const prefix = field(345, 155);
		const name = field(0, 100);
		const size = parseInt(field(124, 12).trim() || '0', 8);
		if (!Number.isFinite(size) || size < 0) throw new Error('bad size');
		offset += 512 + Math.ceil(size / 512) * 512;
		if (offset > tar.length) throw new Error('truncated');
		names.push(prefix ? `${prefix}/${name}` : name);
	}
	throw new Error('no end');
}

const NOT_A_BACKUP = (file: string) =>
	`Le fichier ${file} n’est pas une sauvegarde complète de la base embarquée (fichier tronqué, abîmé ou d’un autre type). ` +
	'Rien n’a été modifié.';

/** Refuses a file that is not a whole gzipped tarball of a PostgreSQL data folder. */
function checkTarball(bytes: Buffer, file = 'produit'): void {
	let names: string[];
	try {
		names = tarNames(gunzipSync(bytes));
	} catch {
		throw new BackupError(NOT_A_BACKUP(file));
	}
	if (!names.some((n) => n === 'PG_VERSION' || n.endsWith('/PG_VERSION'))) throw new BackupError(NOT_A_BACKUP(file));
}

/**
 * Puts the backup `file` in place of the embedded database in `dataDir`. The backup is loaded and
 * checked in a new folder first; only then is the current folder renamed
 * `<name>.avant-restauration-<date>` (kept: nothing is lost) and the new one takes its place.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ previous: string | null }> {
	refuseWhileOpen(dataDir, 'npm run restore');
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch {
		throw new BackupError(`Impossible de lire le fichier ${file}.`);
	}
	checkTarball(bytes, file);
	const unlock = lockDataDir(dataDir);
	const parent = dirname(dataDir);
	const fresh = join(parent, `${basename(dataDir)}.restauration-${process.pid}`);
	try {
		rmSync(fresh, { recursive: true, force: true });
		const { PGlite } = await import('@electric-sql/pglite');
		try {
			const client = await PGlite.create({ dataDir: fresh, loadDataDir: new Blob([new Uint8Array(bytes)]) });
			try {
				// The restored database must answer: PostgreSQL replays its journal and reads its tables.
				await client.query('select count(*) from information_schema.tables');
				await client.exec('CHECKPOINT');
			} finally {
				await client.close();
			}
		} catch {
			rmSync(fresh, { recursive: true, force: true });
			throw new BackupError(NOT_A_BACKUP(file));
		}
		let previous: string | null = null;
		if (existsSync(dataDir)) {
			previous = join(parent, `${basename(dataDir)}.avant-restauration-${stamp()}`);
			renameSync(dataDir, previous);
		}
		try {
			renameSync(fresh, dataDir);
		} catch (err) {
			if (previous) renameSync(previous, dataDir);
			throw err;
		}
		return { previous };
	} finally {
		rmSync(fresh, { recursive: true, force: true });
		unlock();
	}
}

/** What to run on a PostgreSQL server (DATABASE_URL) instead. */
export const SERVER_BACKUP_HELP = [
	'DATABASE_URL est défini : la base est sur un serveur PostgreSQL, sauvegardez-la avec les outils de PostgreSQL :',
	'  sauvegarde :  pg_dump --format=custom --no-owner --file=super-chef.dump "$DATABASE_URL"',
	'  restauration (application arrêtée) :  pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" super-chef.dump',
	'Utilisez pg_dump et pg_restore de la même version majeure que le serveur, ou plus récente.'
].join('\n');
