// npm run bench:zipbomb — what a zip bomb sent to the register import costs the built server.
//
// Builds the app (`vite build`, unless --no-build), makes a throw-away embedded database with one
// DPD and one commune, starts `node build` on 127.0.0.1, signs in over HTTP, then uploads
// `--parallel` bombs at once (an .xlsx of a few hundred kilobytes whose sheet unpacks to `--mb`
// megabytes, made on the spot with node:zlib) to « Importer un registre », and measures: the time
// until each answer, what the answer says, the server's peak RSS (VmHWM of the process, its
// worker threads included), and /healthz asked every 200 ms meanwhile (its slowest answer).
// Everything stays on 127.0.0.1 and stops by itself (--timeout). Options: --mb 230,
// --parallel 1, --lie (the zip declares 10 KB for the sheet), --build-dir build, --port 4195,
// --timeout 600 (seconds).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { openDatabase } from '../src/lib/server/db';
import { signUp } from '../src/lib/server/domain/accounts';
import { createCommune } from '../src/lib/server/domain/communes';
import { REGISTER_COLUMNS } from '../src/lib/server/exports/register';
import { xlsxBomb } from '../tests/helpers/zip-bomb';

const { values: args } = parseArgs({
	options: {
		mb: { type: 'string', default: '230' },
		parallel: { type: 'string', default: '1' },
		lie: { type: 'boolean', default: false },
		'build-dir': { type: 'string', default: 'build' },
		'no-build': { type: 'boolean', default: false },
		port: { type: 'string', default: '4195' },
		timeout: { type: 'string', default: '600' },
		help: { type: 'boolean', default: false }
	}
});
if (args.help) {
	console.log('npm run bench:zipbomb -- [--mb 230] [--parallel 1] [--lie] [--build-dir build] [--no-build] [--port 4195] [--timeout 600]');
	process.exit(0);
}

const ROOT = resolve(import.meta.dirname, '..');
const BUILD_DIR = resolve(ROOT, args['build-dir']!);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const EMAIL = 'bombe@bench.superchef-rgpd.fr';
const PASSWORD = 'Bench-ZipBomb-2026!';
const TIMEOUT_MS = Number(args.timeout) * 1000;

function status(pid: number): { rss: number; hwm: number } {
	try {
		const s = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k: string) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} Mo`;

async function main() {
	if (!args['no-build']) {
		console.log('vite build…');
		const b = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) throw new Error('vite build a échoué');
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'bench-zipbomb-'));
	let server: ChildProcess | null = null;
	try {
		// One DPD and one commune, written before the server opens the database (one process at a time).
		const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
		const { user } = await signUp(database.db, { name: 'Banc d’essai', email: EMAIL, password: PASSWORD, passwordConfirm: PASSWORD });
		const commune = await createCommune(database.db, user, { type: 'commune', officialCode: '21301' });
		await database.close();

		const log: string[] = [];
		server = spawn(process.execPath, [BUILD_DIR], {
			cwd: ROOT,
			env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN: BASE, COOKIE_SECURE: 'false', NODE_ENV: 'production', DATABASE_URL: '', DATA_DIR: dataDir, BODY_SIZE_LIMIT: '8M' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		for (const s of [server.stdout, server.stderr]) s?.on('data', (b: Buffer) => log.push(b.toString('utf8')));
		const until = Date.now() + 120_000;
		for (;;) {
			if (server.exitCode !== null) throw new Error(`le serveur s’est arrêté :\n${log.join('')}`);
			const h = await fetch(`${BASE}/healthz`).then((r) => (r.ok ? 'ok' : `${r.status}`), (e: Error & { cause?: { code?: string } }) => `${e.cause?.code ?? e}`);
			if (h === 'ok') break;
			log.push(`healthz: ${h}\n`);
			if (Date.now() > until) throw new Error(`le serveur n’a pas répondu sur /healthz en 120 s :\n${log.join('')}`);
			await new Promise((r) => setTimeout(r, 250));
		}
		const login = await fetch(`${BASE}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: EMAIL, password: PASSWORD, suite: '/' }).toString()
		});
		const cookie = login.headers.getSetCookie().map((l) => l.split(';')[0]!).find((p) => p.startsWith('session=') && p.length > 8);
		if (!cookie) throw new Error(`connexion refusée (${login.status})`);

		const bomb = await xlsxBomb(Number(args.mb), { lie: args.lie });
		const pid = server.pid!;
		const before = status(pid);
		console.log(`Bombe : ${(bomb.length / 1024).toFixed(0)} Ko, feuille de ${args.mb} Mo${args.lie ? ' (le zip annonce 10 Ko)' : ''}, ${args.parallel} à la fois.`);
		console.log(`Serveur au repos : RSS ${mb(before.rss)}, pic ${mb(before.hwm)}.`);

		let healthMax = 0;
		let healthCount = 0;
		let stop = false;
		const health = (async () => {
			while (!stop) {
				const t0 = performance.now();
				await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then((r) => r.text(), () => '');
				healthMax = Math.max(healthMax, performance.now() - t0);
				healthCount++;
				await new Promise((r) => setTimeout(r, 200));
			}
		})();
		let peak = before.rss;
		const sampler = setInterval(() => (peak = Math.max(peak, status(pid).rss)), 50);
		const t0 = performance.now();
		const uploads = Array.from({ length: Number(args.parallel) }, async (_, i) => {
			const form = new FormData();
			form.set('file', new File([new Uint8Array(bomb)], `bombe-${i}.xlsx`));
			try {
				const res = await fetch(`${BASE}/c/${commune.id}/registre/importer?/apercu`, {
					method: 'POST',
					headers: { origin: BASE, cookie, accept: 'text/html' },
					body: form,
					signal: AbortSignal.timeout(TIMEOUT_MS)
				});
				const html = await res.text();
				const message = /<p class="error" id="f-file-error">([^<]*)<\/p>/.exec(html)?.[1] ?? /role="alert"[^>]*>([\s\S]{0,300}?)<\//.exec(html)?.[1] ?? '(pas de message)';
				return { seconds: (performance.now() - t0) / 1000, status: res.status, message: message.trim() };
			} catch (err) {
				return { seconds: (performance.now() - t0) / 1000, status: 0, message: `pas de réponse (${(err as Error).name})` };
			}
		});
		const results = await Promise.all(uploads);
		clearInterval(sampler);
		stop = true;
		await health;
		const after = status(pid);
		for (const [i, r] of results.entries()) console.log(`Import ${i + 1} : ${r.seconds.toFixed(2)} s, HTTP ${r.status}, « ${r.message.slice(0, 160)} »`);
		console.log(`RSS du serveur : pic pendant l’essai ${mb(Math.max(peak, after.hwm))} (au repos ${mb(before.rss)}).`);
		console.log(`/healthz : ${healthCount} réponses, la plus lente en ${(healthMax / 1000).toFixed(2)} s.`);

		// And a real workbook still reads (the worker runs in the built server too).
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Registre');
		ws.addRow(REGISTER_COLUMNS.slice(0, 3).map((c) => c.label));
		ws.addRow(['État civil', 'Tenue des actes', '']);
		ws.addRow(['Cantine scolaire', 'Inscriptions', '']);
		const form = new FormData();
		form.set('file', new File([new Uint8Array(await wb.xlsx.writeBuffer())], 'registre.xlsx'));
		const real = await fetch(`${BASE}/c/${commune.id}/registre/importer?/apercu`, { method: 'POST', headers: { origin: BASE, cookie, accept: 'text/html' }, body: form });
		const page = await real.text();
		const read = page.includes('Vérifier avant d’importer') && page.includes('Cantine scolaire');
		console.log(`Un vrai classeur de 2 lignes : HTTP ${real.status}, ${read ? 'aperçu affiché (lu par le serveur construit)' : 'PAS LU'}.`);
		if (!read) process.exitCode = 1;
	} finally {
		if (server && server.exitCode === null) {
			server.kill('SIGTERM');
			await new Promise((r) => {
				const t = setTimeout(() => {
					server?.kill('SIGKILL');
					r(null);
				}, 15_000);
				server?.once('exit', () => {
					clearTimeout(t);
					r(null);
				});
			});
		}
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((err) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
