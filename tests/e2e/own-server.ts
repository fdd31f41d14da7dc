// A server of a spec's own, on an empty database: the same build as the shared e2e server, a fresh
// embedded database (or a new database on E2E_DATABASE_URL) and a free port.
//
// It can also be killed or stopped and started again on the same data and port (tests/e2e/crash.spec.ts).
//
// Why: only a GIP administrator can name a trainer, and an installation gets its first one from the
// setup code printed in the server's log or from ADMIN_EMAIL. A spec that needs a trainer starts its
// own server, on an empty database, with ADMIN_EMAIL set to `adminEmail`: the account signed up
// with that address is the administrator. (The same approach as tests/e2e/advice.spec.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import postgres from 'postgres';

const BUILD_DIR = process.env.E2E_BUILD_DIR ?? 'build';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Still running after the wait: killed with SIGKILL then. */
	timedOut: boolean;
}

export class OwnServer {
	url = '';
	private child: ChildProcess | null = null;
	private port = 0;
	private dataDir = '';
	private dbName = '';
	private databaseUrl = '';
	private log: string[] = [];
	private contexts: BrowserContext[] = [];

	/** The address whose account becomes GIP administrator (ADMIN_EMAIL of this server). */
	readonly adminEmail: string;

	/** `env`: more environment variables for the server (e.g. ADDRESS_HEADER); undefined removes one. */
	constructor(
		private tag: string,
		private opts: { env?: Record<string, string | undefined> } = {}
	) {
		this.adminEmail = `admin-${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
	}

	async start(): Promise<void> {
		const port = await freePort();
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
		this.dataDir = mkdtempSync(join(tmpdir(), `super-chef-rgpd-e2e-${this.tag}-`));
		let databaseUrl = '';
		const base = process.env.E2E_DATABASE_URL;
		if (base) {
			this.dbName = `super_chef_e2e_${this.tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
			const admin = postgres(base, { max: 1, onnotice: () => {} });
			try {
				await admin.unsafe(`CREATE DATABASE "${this.dbName}"`);
			} finally {
				await admin.end({ timeout: 5 });
			}
			const u = new URL(base);
			u.pathname = '/' + this.dbName;
			databaseUrl = u.toString();
		}
		this.databaseUrl = databaseUrl;
		await this.launch();
	}

	/** Starts the server again, on the same data and the same address, once it has ended. */
	async restart(): Promise<void> {
		if (this.child && this.child.exitCode === null && this.child.signalCode === null) throw new Error('le serveur tourne encore');
		await this.launch();
	}

	private async launch(): Promise<void> {
		const env: Record<string, string | undefined> = { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', ORIGIN: this.url, DATA_DIR: this.dataDir, DATABASE_URL: this.databaseUrl, NODE_ENV: 'production', ADMIN_EMAIL: this.adminEmail, ...this.opts.env };
		for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
		const child = spawn(process.execPath, [BUILD_DIR], {
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child = child;
		const keep = (chunk: Buffer) => {
			this.log.push(chunk.toString());
			if (this.log.length > 200) this.log.shift();
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		const deadline = Date.now() + 90_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`le serveur s’est arrêté (code ${child.exitCode}, signal ${child.signalCode}) :\n${this.log.join('')}`);
			}
			try {
				const res = await fetch(`${this.url}/healthz`);
				if (res.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error(`le serveur ne répond pas :\n${this.log.join('')}`);
	}

	/** The server process's id (the process that holds the embedded database). */
	get pid(): number {
		if (!this.child?.pid) throw new Error('le serveur n’est pas démarré');
		return this.child.pid;
	}

	/** The embedded database's folder (its lock file is `<folder>.lock`), or null on PostgreSQL. */
	get pgliteDir(): string | null {
		return this.databaseUrl ? null : join(this.dataDir, 'pglite');
	}

	/** How to open the server's database directly (openDatabase options), once the server has ended. */
	databaseOptions(): { url: string } | { dataDir: string } {
		return this.databaseUrl ? { url: this.databaseUrl } : { dataDir: this.pgliteDir! };
	}

	/** The server's recent output, for failure messages. */
	output(): string {
		return this.log.join('');
	}

	/**
	 * Sends `signal` to the server and waits until the process has ended (at most `timeout` ms, then
	 * it is killed with SIGKILL and `timedOut` is set).
	 */
	async signal(signal: NodeJS.Signals, timeout = 60_000): Promise<Exit> {
		const child = this.child;
		if (!child) throw new Error('le serveur n’est pas démarré');
		const ended = this.ended();
		child.kill(signal);
		return this.waitForExit(ended, timeout);
	}

	/** Waits (at most `timeout` ms, then kills it) until the server ends by itself. */
	async waitForExit(ended = this.ended(), timeout = 60_000): Promise<Exit> {
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			this.child?.kill('SIGKILL');
		}, timeout);
		const { code, signal } = await ended;
		clearTimeout(timer);
		return { code, signal, timedOut };
	}

	private ended(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
		const child = this.child!;
		if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
		return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	}

	/** A new browser context on this server (French, Paris time); closed by stop(). */
	async newPage(browser: Browser, opts: { javaScript?: boolean } = {}): Promise<Page> {
		const context = await browser.newContext({ baseURL: this.url, locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: opts.javaScript ?? true });
		this.contexts.push(context);
		return context.newPage();
	}

	/** Headers of a same-origin form POST to this server (SvelteKit refuses one without Origin). */
	formHeaders(accept = 'text/html'): Record<string, string> {
		return { origin: this.url, accept };
	}

	async stop(): Promise<void> {
		for (const c of this.contexts.splice(0)) await c.close().catch(() => {});
		const child = this.child;
		this.child = null;
		if (child && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
		if (this.dbName && process.env.E2E_DATABASE_URL) {
			const admin = postgres(process.env.E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
			try {
				await admin.unsafe(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`);
			} finally {
				await admin.end({ timeout: 5 });
			}
		}
	}
}
