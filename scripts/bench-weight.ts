// npm run bench:weight -- [--port 4397] [--no-build]
//
// Measures what each main page costs on a first visit: the HTML (raw and gzip) and the
// JavaScript and CSS it loads (raw and gzip, node:zlib level 9, each asset counted once per page).
// Target: ≤ 50 KB of JavaScript gzipped on the first page (the landing page `/`).
//
// It builds the app (`vite build` into build/), copies build/ to a temporary folder (so that
// somebody else's rebuild does not disturb the measure), starts that copy with `node` on its own
// port and a fresh temporary DATA_DIR (embedded database), signs up a user and creates a commune
// over HTTP, then fetches every page with the session cookie. The server it started is stopped by
// its pid and the temporary folders are removed at the end.
//
// Assets counted for a page: <link rel="modulepreload">, <link rel="stylesheet">, <script src>,
// the same links sent in the `Link` response header (where adapter-node puts the modulepreloads),
// the entry files imported by SvelteKit's inline start script, and — to be sure nothing is
// missed — every file those modules import statically (dynamic imports are not counted: they
// load on navigation, not on the first visit).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: args } = parseArgs({
	options: {
		port: { type: 'string', default: '4397' },
		'no-build': { type: 'boolean', default: false }
	}
});
const PORT = Number.parseInt(args.port ?? '4397', 10) || 4397;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = resolve(import.meta.dirname, '..');
const JS_TARGET_GZ = 50 * 1024;
const PASSWORD = 'Recette-Glanon-2026!';

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;
const kb = (n: number) => (n / 1024).toFixed(1);

let server: ChildProcess | null = null;
const temps: string[] = [];

/** Stops the server this script started (by its pid only), then removes the temporary folders. */
async function cleanup() {
	const child = server;
	if (child?.pid && child.exitCode === null && child.signalCode === null) {
		const exited = new Promise<void>((r) => child.once('exit', () => r()));
		try {
			process.kill(child.pid, 'SIGTERM');
		} catch {
			/* already gone */
		}
		const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
		if ((await Promise.race([exited, timeout])) === 'timeout') {
			try {
				process.kill(child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
			await exited;
		}
	}
	for (const t of temps) rmSync(t, { recursive: true, force: true });
}

async function waitForServer() {
	const until = Date.now() + 60_000;
	while (Date.now() < until) {
		if (server?.exitCode !== null) throw new Error(`server exited (code ${server?.exitCode})`);
		try {
			const r = await fetch(`${BASE}/healthz`);
			if (r.ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('server did not answer /healthz within 60 s');
}

let cookie = '';
function keepCookie(res: Response) {
	for (const line of res.headers.getSetCookie()) {
		const pair = line.split(';')[0] ?? '';
		if (!pair.includes('=')) continue;
		const name = pair.split('=')[0];
		const rest = cookie.split('; ').filter((c) => c && c.split('=')[0] !== name);
		cookie = [...rest, pair].join('; ');
	}
}

async function post(path: string, fields: Record<string, string>): Promise<Response> {
	const res = await fetch(BASE + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: BASE,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
	keepCookie(res);
	if (res.status !== 303) {
		throw new Error(`POST ${path}: expected a 303 redirect, got ${res.status}\n${(await res.text()).slice(0, 2000)}`);
	}
	return res;
}

const assetCache = new Map<string, Buffer>();
async function asset(url: string): Promise<Buffer> {
	const cached = assetCache.get(url);
	if (cached) return cached;
	const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
	if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
	const buf = Buffer.from(await res.arrayBuffer());
	assetCache.set(url, buf);
	return buf;
}

function attr(tag: string, name: string): string | null {
	const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
	return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

/** Static imports of a minified ES module: `import"x"`, `from"x"`, `export*from"x"`. */
function staticImports(code: string): string[] {
	const out: string[] = [];
	for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.(?:js|mjs|css))["']/g)) if (m[1]) out.push(m[1]);
	return out;
}

interface PageWeight {
	page: string;
	path: string;
	status: number;
	html: number;
	htmlGz: number;
	js: number;
	jsGz: number;
	jsFiles: number;
	css: number;
	cssGz: number;
	cssFiles: number;
	biggestJs: { url: string; gz: number }[];
}

async function measure(page: string, path: string, withCookie: boolean): Promise<PageWeight> {
	const pageUrl = BASE + path;
	const res = await fetch(pageUrl, {
		redirect: 'manual',
		headers: { accept: 'text/html', 'accept-encoding': 'identity', ...(withCookie && cookie ? { cookie } : {}) }
	});
	const html = Buffer.from(await res.arrayBuffer());
	if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.headers.get('location') ?? ''}`);
	const text = html.toString('utf8');

	const js = new Set<string>();
	const css = new Set<string>();
	for (const m of text.matchAll(/<link\b[^>]*>/gi)) {
		const tag = m[0];
		const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
		const href = attr(tag, 'href');
		if (!href) continue;
		if (rel.includes('modulepreload')) js.add(new URL(href, pageUrl).href);
		else if (rel.includes('stylesheet')) css.add(new URL(href, pageUrl).href);
	}
	// adapter-node sends SvelteKit's preloads in the `Link` response header rather than in the HTML:
	// <./_app/immutable/nodes/23.X.js>; rel="modulepreload"; nopush, <./…/0.Y.css>; rel="preload"; as="style"
	for (const part of (res.headers.get('link') ?? '').split(/,\s*(?=<)/)) {
		const m = part.match(/^<([^>]+)>(.*)$/);
		if (!m?.[1]) continue;
		const params = (m[2] ?? '').toLowerCase();
		const href = new URL(m[1], pageUrl).href;
		if (/rel="?modulepreload/.test(params)) js.add(href);
		else if (/rel="?(pre)?load/.test(params) && /as="?style/.test(params)) css.add(href);
		else if (/rel="?stylesheet/.test(params)) css.add(href);
	}
	for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const src = attr(`<script ${m[1] ?? ''}>`, 'src');
		const body = m[2] ?? '';
		if (src) js.add(new URL(src, pageUrl).href);
		// SvelteKit's inline start script: import("./_app/immutable/entry/start.X.js") …
		for (const i of body.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) if (i[1]) js.add(new URL(i[1], pageUrl).href);
		for (const i of staticImports(body)) js.add(new URL(i, pageUrl).href);
	}
	// Follow static imports, so that a chunk missing from the preload list is still counted.
	const queue = [...js];
	while (queue.length) {
		const url = queue.shift()!;
		const code = (await asset(url)).toString('utf8');
		for (const spec of staticImports(code)) {
			if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
			const dep = new URL(spec, url).href;
			const set = dep.endsWith('.css') ? css : js;
			if (!set.has(dep)) {
				set.add(dep);
				if (set === js) queue.push(dep);
			}
		}
	}

	const w: PageWeight = {
		page,
		path,
		status: res.status,
		html: html.length,
		htmlGz: gz(html),
		js: 0,
		jsGz: 0,
		jsFiles: js.size,
		css: 0,
		cssGz: 0,
		cssFiles: css.size,
		biggestJs: []
	};
	for (const url of js) {
		const buf = await asset(url);
		const g = gz(buf);
		w.js += buf.length;
		w.jsGz += g;
		w.biggestJs.push({ url: new URL(url).pathname, gz: g });
	}
	for (const url of css) {
		const buf = await asset(url);
		w.css += buf.length;
		w.cssGz += gz(buf);
	}
	w.biggestJs.sort((a, b) => b.gz - a.gz);
	return w;
}

async function main() {
	if (!args['no-build']) {
		console.log('vite build…');
		const b = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) throw new Error(`vite build failed (${b.status})`);
	}
	const copy = mkdtempSync(join(tmpdir(), 'bench-weight-build-'));
	temps.push(copy);
	cpSync(join(ROOT, 'build'), copy, { recursive: true });
	// The built server imports its runtime dependencies (pdfkit, PGlite, argon2…) from node_modules.
	symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
	symlinkSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
	const dataDir = mkdtempSync(join(tmpdir(), 'bench-weight-data-'));
	temps.push(dataDir);

	server = spawn(process.execPath, [copy], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: BASE,
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			MIGRATIONS_DIR: join(ROOT, 'migrations'),
			COOKIE_SECURE: 'false',
			NODE_ENV: 'production'
		}
	});
	console.log(`server pid ${server.pid} on ${BASE}, DATA_DIR ${dataDir}`);
	await waitForServer();

	// Anonymous pages first (signed in, /connexion and /inscription redirect).
	const results: PageWeight[] = [];
	results.push(await measure('landing (first page)', '/', false));
	results.push(await measure('sign in', '/connexion', false));
	results.push(await measure('sign up', '/inscription', false));

	const email = `bench-weight-${Date.now()}@example.fr`;
	await post('/inscription', { suite: '/', name: 'Banc Poids', email, password: PASSWORD, passwordConfirm: PASSWORD });
	if (!cookie) throw new Error('sign-up did not set a session cookie');
	const created = await post('/communes/nouvelle', { type: 'commune', officialCode: '21301' });
	const id = created.headers.get('location')?.match(/^\/c\/([^/?#]+)/)?.[1];
	if (!id) throw new Error(`commune creation redirected to ${created.headers.get('location')}`);

	const signedIn: [string, string][] = [
		['home (signed in)', '/'],
		['dashboard', `/c/${id}`],
		['register', `/c/${id}/registre`],
		['wizard step', `/c/${id}/recettes/dpd/type`],
		['catalogue step', `/c/${id}/recettes/registre/catalogue`],
		['dossier', `/c/${id}/dossier`],
		['trainings', '/formations'],
		['advice', '/conseils']
	];
	for (const [page, path] of signedIn) results.push(await measure(page, path, true));

	const rows = results.map((r) => [
		r.page,
		r.path.replace(id, '<id>'),
		kb(r.html),
		kb(r.htmlGz),
		`${kb(r.js)} (${r.jsFiles})`,
		kb(r.jsGz),
		`${kb(r.css)} (${r.cssFiles})`,
		kb(r.cssGz)
	]);
	const head = ['page', 'path', 'HTML KB', 'HTML gz', 'JS KB (files)', 'JS gz', 'CSS KB (files)', 'CSS gz'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
	const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ') + ' |';
	console.log('\nKB = 1024 bytes; gzip = node:zlib level 9; each asset counted once per page.\n');
	console.log(line(head));
	console.log('| ' + widths.map((w, i) => (i < 2 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |');
	for (const r of rows) console.log(line(r));

	const first = results[0]!;
	const ok = first.jsGz <= JS_TARGET_GZ;
	console.log(
		`\nTarget: ≤ 50 KB of JS gzipped on the first page (/): ${kb(first.jsGz)} KB gz → ${ok ? 'MET' : 'NOT MET'}`
	);
	console.log('Largest JS files on the first page (gz):');
	for (const f of first.biggestJs.slice(0, 6)) console.log(`  ${kb(f.gz).padStart(6)} KB  ${f.url}`);
	const heaviest = results.reduce((a, b) => (b.jsGz > a.jsGz ? b : a));
	if (heaviest !== first) {
		console.log(`Heaviest JS: ${heaviest.page} (${heaviest.path.replace(id, '<id>')}), ${kb(heaviest.jsGz)} KB gz; its largest files:`);
		for (const f of heaviest.biggestJs.slice(0, 6)) console.log(`  ${kb(f.gz).padStart(6)} KB  ${f.url}`);
	}
	console.log(
		'\nEvery page works without JavaScript: forms are plain POST form actions and the JS above only\n' +
			'enhances them (tested end to end elsewhere: the Playwright suite in tests/e2e has no-JS runs).'
	);
	if (!ok) process.exitCode = 1;
}

process.on('SIGINT', () => {
	void cleanup().then(() => process.exit(130));
});
try {
	await main();
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await cleanup();
}
