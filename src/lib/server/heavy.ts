// Heavy work (a practice commune, a dossier's PDF, an import, the XLSX export) takes seconds of
// CPU and memory: without a bound, a few users — or one, repeating — stall every page for
// everyone. Each kind of work has a gate: at most `concurrency` at once in this process, one at a
// time per user, a short queue; past that, or after a short wait in the queue, the user is told
// to wait (« patientez ») instead of the server stalling. Limits are per process.
import { DomainError } from './domain/errors';

export type HeavyKind = 'practice' | 'dossier' | 'registerImport' | 'communeImport' | 'xlsxExport';

export interface GateLimits {
	/** At once, all users together. */
	concurrency: number;
	/** Waiting for a place, all users together; one more is told to come back. */
	queue: number;
	/** How long one waits in the queue before being told to come back. */
	waitMs: number;
}

export const HEAVY_LIMITS: Record<HeavyKind, GateLimits> = {
	practice: { concurrency: 1, queue: 4, waitMs: 8_000 },
	dossier: { concurrency: 2, queue: 6, waitMs: 8_000 },
	registerImport: { concurrency: 2, queue: 4, waitMs: 5_000 },
	communeImport: { concurrency: 1, queue: 4, waitMs: 8_000 },
	xlsxExport: { concurrency: 2, queue: 8, waitMs: 5_000 }
};

/** What the user is already doing, for « … est déjà en cours ». */
const ALREADY: Record<HeavyKind, string> = {
	practice: 'Une commune d’entraînement est déjà en cours de création pour vous : patientez quelques secondes, puis rechargez la page.',
	dossier: 'Un dossier est déjà en cours de production pour vous : patientez jusqu’à la fin du téléchargement, puis réessayez.',
	registerImport: 'Un import est déjà en cours pour vous : patientez jusqu’à ce qu’il se termine, puis réessayez.',
	communeImport: 'Un import est déjà en cours pour vous : patientez jusqu’à ce qu’il se termine, puis réessayez.',
	xlsxExport: 'Un export est déjà en cours pour vous : patientez jusqu’à la fin du téléchargement, puis réessayez.'
};

export const BUSY = 'Beaucoup de travail en cours sur le serveur : patientez, et réessayez dans une minute.';
/** Seconds, for a `Retry-After` header. */
export const RETRY_AFTER = 60;
/** A streamed download gives its place back when its rendering ends, and at the latest after this. */
export const HOLD_LIMIT_MS = 120_000;

/** A refusal to start heavy work now: 429 when the user already has one running, 503 when the server is full. */
export class Busy extends DomainError {
	constructor(
		message: string,
		public reason: 'user' | 'full',
		field?: string
	) {
		super(message, field ? { [field]: message } : {}, reason === 'user' ? 429 : 503);
	}
}

interface Waiter {
	user: string;
	start(): void;
	timer: ReturnType<typeof setTimeout>;
}

/** A counting semaphore with one place per user, a bounded queue and a bounded wait. */
export class Gate {
	private running = 0;
	private readonly waiting: Waiter[] = [];
	/** Users with work running or waiting. */
	private readonly users = new Set<string>();

	constructor(
		public readonly limits: GateLimits,
		private readonly alreadyMessage = ALREADY.registerImport
	) {}

	get stats(): { running: number; waiting: number } {
		return { running: this.running, waiting: this.waiting.length };
	}

	/**
	 * Takes a place for `user`, waiting at most `limits.waitMs`; the returned function gives it back
	 * (once, whatever the number of calls). Throws Busy when the user already has one, or the queue is full.
	 */
	async acquire(user: string, field?: string): Promise<() => void> {
		if (this.users.has(user)) throw new Busy(this.alreadyMessage, 'user', field);
		if (this.running >= this.limits.concurrency || this.waiting.length) {
			if (this.waiting.length >= this.limits.queue) throw new Busy(BUSY, 'full', field);
			this.users.add(user);
			await new Promise<void>((resolve, reject) => {
				const waiter: Waiter = {
					user,
					start: resolve,
					timer: setTimeout(() => {
						this.waiting.splice(this.waiting.indexOf(waiter), 1);
						this.users.delete(user);
						reject(new Busy(BUSY, 'full', field));
					}, this.limits.waitMs)
				};
				waiter.timer.unref?.();
				this.waiting.push(waiter);
			});
		} else {
			this.users.add(user);
			this.running++;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.users.delete(user);
			this.running--;
			const next = this.waiting.shift();
			if (next) {
				clearTimeout(next.timer);
				this.running++;
				next.start();
			}
		};
	}

	/** Runs `work` in a place for `user`; the place is given back when it settles. */
	async run<T>(user: string, work: () => Promise<T>, field?: string): Promise<T> {
		const release = await this.acquire(user, field);
		try {
			return await work();
		} finally {
			release();
		}
	}
}

// One set of gates per process (kept on globalThis: `vite dev` reloads modules, not the process).
const holder = globalThis as typeof globalThis & { __superChefHeavy?: Map<HeavyKind, Gate> };

export function gate(kind: HeavyKind): Gate {
	holder.__superChefHeavy ??= new Map();
	let g = holder.__superChefHeavy.get(kind);
	if (!g) holder.__superChefHeavy.set(kind, (g = new Gate(HEAVY_LIMITS[kind], ALREADY[kind])));
	return g;
}

/** Runs heavy work of this kind for this user, within the limits (see Gate.run). */
export function heavy<T>(kind: HeavyKind, user: string, work: () => Promise<T>, field?: string): Promise<T> {
	return gate(kind).run(user, work, field);
}

/** A download refused for now: 503 (or 429) with `Retry-After`, and a short French page. */
export function busyResponse(err: Busy, back: string): Response {
	const safe = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Patientez — Super Chef RGPD</title></head><body><h1>Patientez</h1><p>${safe(err.message)}</p><p><a href="${safe(back)}">Retour</a></p></body></html>`;
	return new Response(html, {
		status: err.status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(RETRY_AFTER), 'cache-control': 'no-store' }
	});
}
