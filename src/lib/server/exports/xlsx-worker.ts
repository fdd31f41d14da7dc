// Runs the reading of an .xlsx off the request thread: a worker thread per file, with a memory
// limit (`resourceLimits`) and a time limit (terminated after `timeLimitMs`), so that a hostile
// workbook costs one worker, never the server's event loop or its memory. The worker's script is
// `xlsx-read.worker.cjs`, inlined here as text by Vite (`?raw`) and started with `eval: true`: it
// works the same under `vite dev`, vitest and the built server (no worker file to ship).
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/errors';
import workerSource from './xlsx-read.worker.cjs?raw';
import type { ZipEntry } from './zip-guard';

export const XLSX_TIME_LIMIT_MS = 20_000;
export const XLSX_MEMORY_MB = 256;

export const TOO_LONG = 'Le fichier est trop long à lire : enregistrez seulement la feuille du registre dans un nouveau classeur, ou déposez-la au format CSV.';
export const TOO_HEAVY = 'Le fichier demande trop de mémoire pour être lu : enregistrez seulement la feuille du registre dans un nouveau classeur, ou déposez-la au format CSV.';
export const LYING = 'Ce fichier Excel est abîmé ou falsifié (ses parties sont plus grandes qu’il ne l’annonce) : il n’est pas lu, par sécurité. Enregistrez-le à nouveau depuis votre tableur, ou déposez-le au format CSV.';
export const UNREADABLE = 'Ce fichier Excel est illisible (abîmé, protégé par un mot de passe, ou d’un autre format).';

export interface RawSheet {
	name: string;
	/** Cell values as exceljs gives them (text, number, date, rich text, formula…), row by row. */
	rows: unknown[][];
}

export interface XlsxReadOptions {
	maxRows: number;
	maxColumns: number;
	timeLimitMs?: number;
	memoryMb?: number;
}

function refuse(message: string): DomainError {
	return new DomainError(message, { file: message });
}

/** exceljs's streaming reader alone (its main module loads the whole library: twice as long). */
function workbookReaderPath(): string {
	const require = createRequire(import.meta.url);
	return path.join(path.dirname(require.resolve('exceljs/package.json')), 'lib/stream/xlsx/workbook-reader.js');
}

/** Reads the checked entries of an .xlsx in a worker; refuses (DomainError on « file ») when it fails or takes too long. */
export function readXlsxInWorker(bytes: Uint8Array, entries: ZipEntry[], options: XlsxReadOptions): Promise<RawSheet[]> {
	const timeLimitMs = options.timeLimitMs ?? XLSX_TIME_LIMIT_MS;
	return new Promise((resolve, reject) => {
		const worker = new Worker(workerSource, {
			eval: true,
			workerData: { bytes, entries, maxRows: options.maxRows, maxColumns: options.maxColumns, workbookReader: workbookReaderPath() },
			resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? XLSX_MEMORY_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }
		});
		let settled = false;
		const settle = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			fn();
			void worker.terminate();
		};
		const timer = setTimeout(() => settle(() => reject(refuse(TOO_LONG))), timeLimitMs);
		worker.on('message', (m: { ok: true; sheets: RawSheet[] } | { ok: false; code: 'lying' | 'damaged' }) =>
			settle(() => (m.ok ? resolve(m.sheets) : reject(refuse(m.code === 'lying' ? LYING : UNREADABLE))))
		);
		worker.on('error', (err: Error & { code?: string }) => settle(() => reject(refuse(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_HEAVY : UNREADABLE))));
		worker.on('exit', () => settle(() => reject(refuse(UNREADABLE))));
	});
}
