// npm run bench:load -- [--duration 10] [--warmup 2] [--connections 10,100,100@2] [--pool 100]
//                        [--routes statique,tableau,…] [--max-requests 50000] [--port 4390]
//                        [--no-build] [--build-dir build] [--json resultats.json] [--cpu-prof <dossier>]
//
// Load test of the built app on the data of `npm run seed:scale`: it builds the app (`vite build`,
// unless --no-build), finds its targets in the database, starts the built server (`node build`,
// or --build-dir) on 127.0.0.1, signs in a pool of users over HTTP, then drives the server from a
// separate process (scripts/bench-load-driver.ts, autocannon) route by route, each for a bounded
// time and a bounded number of requests, at each number of concurrent connections:
//   statique        a static asset of the same server (/_app/immutable/…): the baseline
//   tableau         the dashboard of a commune (/c/<id>), one secretary and commune per connection
//   registre-40     the register of a commune with 40 activities
//   registre-800    the register of the body with 800 activities
//   etape           a wizard step page (/c/<id>/recettes/dpd/identite), one commune per connection
//   enregistrement  a save of that step as the page's JavaScript sends it (autosave), one commune per connection
//   grille          the trainer's progress grid of his session with the most enrolments (/formations/<id>)
//   accueil         (optional) the home page of a signed-in secretary (/), her communes' overview
// and prints, per number of connections: requests/s, p50/p95/p99 latency, errors, the server's
// peak RSS and CPU, and each route's p95 as a ratio to the static baseline's.
//
// Targets: PostgreSQL server (DATABASE_URL): p95 ≤ 50 ms for page loads and saves at 100
// connections, no error. Embedded database: a training room (20 users, 20 connections), p95 ≤ 100 ms.
// They are judged at saturation (every connection sends its next request as soon as the last is
// answered); a paced level (`100@2`: two requests a second per connection, a room of very active
// users) is measured beside it, for what people at work would see.
//
// Database: DATABASE_URL when set; otherwise the embedded database in DATA_DIR, which defaults here
// to ./data/scale (where `npm run seed:scale` writes) — never the application's ./data. The targets
// are found by SQL before the server starts (the embedded database admits one process at a time):
// the body with the most activities (800) and one with 40, each with a DPD of the scale data
// (e-mails …@echelle.superchef-rgpd.fr, one password); the trainer whose session has the most
// enrolments; a pool of distinct secretaries, each with one of her communes.
//
// What it writes: one session per signed-in user (closed at the end), the saves of the step
// (the field « Adresse postale » of the DPD's identity, with its journal entries).
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db, type DatabaseOptions } from '../src/lib/server/db';
import { findRecipe, findStep } from '../src/lib/recipes';
import type { DriverRequest, Scenario, ScenarioResult } from './bench-load-driver';

const ROOT = resolve(import.meta.dirname, '..');
const SCALE_DOMAIN = '@echelle.superchef-rgpd.fr';
const SCALE_PASSWORD = 'Echelle-GIP-2026!';
const ROUTE_KEYS = ['statique', 'tableau', 'registre-40', 'registre-800', 'etape', 'enregistrement', 'grille', 'accueil'] as const;
type RouteKey = (typeof ROUTE_KEYS)[number];
const DEFAULT_ROUTES: RouteKey[] = ['statique', 'tableau', 'registre-40', 'registre-800', 'etape', 'enregistrement', 'grille'];

const { values: args } = parseArgs({
	options: {
		duration: { type: 'string', default: '10' },
		warmup: { type: 'string', default: '2' },
		connections: { type: 'string' },
		pool: { type: 'string' },
		routes: { type: 'string' },
		'max-requests': { type: 'string', default: '50000' },
		step: { type: 'string', default: 'dpd/identite' },
		field: { type: 'string', default: 'postalAddress' },
		port: { type: 'string', default: '4390' },
		'no-build': { type: 'boolean', default: false },
		'build-dir': { type: 'string', default: 'build' },
		json: { type: 'string' },
		'cpu-prof': { type: 'string' },
		help: { type: 'boolean', default: false }
	}
});

if (args.help) {
	console.log(`npm run bench:load -- [options]

Banc d’essai de charge sur les données de « npm run seed:scale » : construit l’application (vite build),
démarre le serveur construit (node build) sur 127.0.0.1, connecte un groupe d’utilisateurs et mesure,
route par route, depuis un processus séparé (autocannon) : requêtes par seconde, latences p50/p95/p99,
erreurs, pic de mémoire (RSS) et processeur du serveur, p95 rapporté à celui d’un fichier statique.

Base : DATABASE_URL si défini (serveur PostgreSQL), sinon la base embarquée de DATA_DIR (par défaut data/scale).

  --duration <s>        durée de mesure par route et par nombre de connexions (10)
  --warmup <s>          mise en route avant chaque mesure, non comptée (2)
  --max-requests <n>    nombre de réponses au plus par mesure (50000)
  --connections <n,…>   connexions simultanées (10,100,100@2 sur serveur ; 20,20@2 en base embarquée) ;
                        n@r : n connexions à r requêtes par seconde chacune (rythme d’utilisateurs)
  --pool <n>            secrétaires distinctes connectées (le plus grand nombre de connexions)
  --routes <r,…>        parmi ${ROUTE_KEYS.join(', ')}
                        (par défaut toutes sauf accueil)
  --step <recette/étape> étape de formulaire affichée et enregistrée (dpd/identite)
  --field <nom>         champ texte modifié par les enregistrements (postalAddress)
  --port <n>            port du serveur (4390)
  --no-build            ne pas construire : utiliser la construction existante
  --build-dir <dossier> serveur construit à démarrer (build), dans le dossier du projet
  --json <fichier>      écrit les résultats bruts en JSON
  --cpu-prof <dossier>  profil processeur V8 du serveur (à ouvrir dans les DevTools de Chrome)

Objectifs : serveur PostgreSQL, p95 ≤ 50 ms à 100 connexions et aucune erreur ; base embarquée, salle de
formation (20 connexions), p95 ≤ 100 ms et aucune erreur.`);
	process.exit(0);
}

const positive = (raw: string | undefined, name: string, fallback: number) => {
	const n = Number(raw ?? fallback);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} : un nombre positif est attendu (reçu « ${raw} »).`);
	return n;
};

const SERVER = Boolean(process.env.DATABASE_URL);
const dbOptions: DatabaseOptions = SERVER ? { url: process.env.DATABASE_URL } : { dataDir: resolve(process.env.DATA_DIR ?? 'data/scale', 'pglite') };
const DURATION_S = positive(args.duration, 'duration', 10);
const WARMUP_S = Number(args.warmup ?? 2) || 0;
const MAX_REQUESTS = Math.floor(positive(args['max-requests'], 'max-requests', 50000));
/**
 * The levels: `100` keeps 100 connections busy (each sends its next request as soon as the last is
 * answered: saturation, the strict reading of the targets); `100@2` paces each of them at 2 requests
 * a second (a room of very active users: a click or an autosave every half second each).
 */
interface Level {
	connections: number;
	/** Requests per second per connection; none = as fast as the server answers. */
	rate?: number;
}
const LEVELS: Level[] = (args.connections ?? (SERVER ? '10,100,100@2' : '20,20@2')).split(',').map((spec) => {
	const [conn, rate] = spec.trim().split('@');
	return { connections: Math.floor(positive(conn, 'connections', 10)), ...(rate !== undefined ? { rate: positive(rate, 'connections (rythme après @)', 1) } : {}) };
});
const CONNECTIONS = LEVELS.map((l) => l.connections);
const levelName = (l: Level) => (l.rate ? `${l.connections} connexions au rythme de ${l.rate} requête(s) par seconde chacune` : `${l.connections} connexions simultanées`);
const POOL = Math.floor(positive(args.pool, 'pool', Math.max(...CONNECTIONS)));
const PORT = Math.floor(positive(args.port, 'port', 4390));
const BASE = `http://127.0.0.1:${PORT}`;
const BUILD_DIR = resolve(ROOT, args['build-dir'] ?? 'build');
const ROUTES: RouteKey[] = args.routes
	? args.routes.split(',').map((r) => {
			const k = r.trim() as RouteKey;
			if (!ROUTE_KEYS.includes(k)) throw new Error(`--routes : « ${r} » inconnue (choisir parmi ${ROUTE_KEYS.join(', ')}).`);
			return k;
		})
	: DEFAULT_ROUTES;
const [RECIPE_ID, STEP_ID] = (args.step ?? 'dpd/identite').split('/') as [string, string];
const recipe = findRecipe(RECIPE_ID);
const step = recipe && STEP_ID ? findStep(recipe, STEP_ID) : undefined;
if (!recipe || !step || step.kind !== 'form') throw new Error(`--step : « ${args.step} » n’est pas une étape de formulaire (ex. dpd/identite).`);
const SAVE_FIELD = args.field ?? 'postalAddress';
if (!step.fields.some((f) => f.name === SAVE_FIELD && (f.type === 'text' || f.type === 'textarea'))) {
	throw new Error(`--field : « ${SAVE_FIELD} » n’est pas un champ texte de l’étape ${args.step}.`);
}

/** Targets of the issue: p95 for page loads and saves, at a given number of connections, no error. */
const TARGET = SERVER ? { p95: 50, connections: 100, label: 'serveur PostgreSQL : p95 ≤ 50 ms à 100 connexions, aucune erreur' } : { p95: 100, connections: 20, label: 'base embarquée : salle de formation (20 utilisateurs), p95 ≤ 100 ms, aucune erreur' };

// ---- targets in the database ------------------------------------------------------------------

interface Body {
	id: string;
	name: string;
	activities: number;
	userId: string;
	email: string;
}
interface PoolMember {
	userId: string;
	email: string;
	communeId: string;
	communeName: string;
}
interface Targets {
	large: Body | null;
	forty: Body | null;
	trainer: { sessionId: string; title: string; userId: string; email: string; enrolled: number } | null;
	pool: PoolMember[];
}

function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

async function query<T>(db: Db, q: ReturnType<typeof sql>): Promise<T[]> {
	return rowsOf<T>(await db.execute(q));
}

async function findTargets(db: Db): Promise<Targets> {
	const like = `%${SCALE_DOMAIN}`;
	// Bodies with their live activities and one DPD of the scale data.
	const bodies = (n: ReturnType<typeof sql>) => sql`
		with counts as (
			select commune_id, count(*)::int as n from records where kind = 'activity' and archived_at is null group by commune_id
		)
		select c.id, c.name, k.n as activities, u.id as "userId", u.email
		from communes c
		join counts k on k.commune_id = c.id
		join lateral (
			select u.id, u.email from memberships m join users u on u.id = m.user_id
			where m.commune_id = c.id and m.role = 'dpd' and lower(u.email) like ${like}
			order by u.email limit 1
		) u on true
		where not c.is_practice
		${n}`;
	const [large] = await query<Body>(db, bodies(sql`order by k.n desc, c.name limit 1`));
	const [forty] = await query<Body>(db, bodies(sql`order by abs(k.n - 40), k.n desc, c.name limit 1`));
	const [trainer] = await query<Targets['trainer'] & object>(
		db,
		sql`select s.id as "sessionId", s.title, u.id as "userId", u.email, count(e.commune_id)::int as enrolled
			from training_sessions s
			join users u on u.id = s.trainer_id
			left join session_enrolments e on e.session_id = s.id and e.left_at is null
			where u.is_trainer and lower(u.email) like ${like}
			group by s.id, u.id
			order by enrolled desc, s.date, s.id
			limit 1`
	);
	// Each secretary with one of her communes (not the 800-activity body: it has its own route).
	const pool = await query<PoolMember>(
		db,
		sql`select distinct on (u.email) u.id as "userId", u.email, c.id as "communeId", c.name as "communeName"
			from users u
			join memberships m on m.user_id = u.id and m.role = 'dpd'
			join communes c on c.id = m.commune_id
			where lower(u.email) like ${`secretaire-%${SCALE_DOMAIN}`} and not c.is_practice and c.id <> ${large?.id ?? '00000000-0000-0000-0000-000000000000'}
			order by u.email, c.name, c.id
			limit ${POOL}`
	);
	return { large: large ?? null, forty: forty ?? null, trainer: trainer ?? null, pool };
}

// ---- the server and the driver ------------------------------------------------------------------

let server: ChildProcess | null = null;
let driver: ChildProcess | null = null;
const serverLog: string[] = [];

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM') {
	if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	try {
		process.kill(child.pid, signal);
	} catch {
		return;
	}
	const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
	if ((await Promise.race([exited, timeout])) === 'timeout') {
		try {
			process.kill(child.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
		await exited;
	}
}

function startServer() {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(PORT),
		HOST: '127.0.0.1',
		ORIGIN: BASE,
		COOKIE_SECURE: 'false',
		NODE_ENV: 'production',
		MIGRATIONS_DIR: process.env.MIGRATIONS_DIR ?? join(ROOT, 'migrations')
	};
	if (SERVER) env.DATABASE_URL = process.env.DATABASE_URL;
	else {
		env.DATABASE_URL = '';
		env.DATA_DIR = resolve(dbOptions.dataDir!, '..');
	}
	// --cpu-prof <folder>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
	const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`] : [];
	server = spawn(process.execPath, [...profile, BUILD_DIR], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const keep = (chunk: Buffer) => {
		for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) serverLog.push(line);
		if (serverLog.length > 400) serverLog.splice(0, serverLog.length - 400);
	};
	server.stdout?.on('data', keep);
	server.stderr?.on('data', keep);
}

async function waitForServer() {
	const until = Date.now() + 120_000;
	while (Date.now() < until) {
		if (server?.exitCode !== null) throw new Error(`le serveur s’est arrêté (code ${server?.exitCode}) :\n${serverLog.slice(-20).join('\n')}`);
		try {
			const r = await fetch(`${BASE}/healthz`);
			if (r.ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('le serveur n’a pas répondu sur /healthz en 120 s');
}

type DriverMessage = { type: 'ready' } | { type: 'result'; id: number; result: ScenarioResult } | { type: 'error'; id: number; message: string };
const pending = new Map<number, { resolve: (r: ScenarioResult) => void; reject: (e: Error) => void }>();
let nextId = 1;

async function startDriver() {
	driver = fork(join(import.meta.dirname, 'bench-load-driver.ts'), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	await new Promise<void>((ok, ko) => {
		driver!.once('error', ko);
		driver!.once('exit', (code) => ko(new Error(`le générateur de charge s’est arrêté (code ${code})`)));
		driver!.on('message', (raw) => {
			const msg = raw as DriverMessage;
			if (msg.type === 'ready') ok();
			else {
				const p = pending.get(msg.id);
				pending.delete(msg.id);
				if (msg.type === 'result') p?.resolve(msg.result);
				else p?.reject(new Error(msg.message));
			}
		});
	});
}

function drive(scenario: Scenario): Promise<ScenarioResult> {
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		driver!.send({ type: 'run', id, scenario });
	});
}

// ---- the server's memory and CPU ----------------------------------------------------------------

const PAGE_TICKS = 100; // USER_HZ on Linux
function procStatus(pid: number): { rss: number; hwm: number } {
	try {
		const s = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k: string) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}
function cpuTicks(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return 0;
	}
}

/**
 * Waits until the server has finished what it was still doing (the requests a stopped run left
 * behind go on being served): its CPU nearly idle and /healthz, which queues behind them for the
 * database, answering quickly. Returns the seconds waited.
 */
async function settle(): Promise<number> {
	const pid = server!.pid!;
	const t0 = performance.now();
	while (performance.now() - t0 < 300_000) {
		const ticks = cpuTicks(pid);
		await new Promise((r) => setTimeout(r, 250));
		if ((cpuTicks(pid) - ticks) / PAGE_TICKS / 0.25 > 0.08) continue;
		const h0 = performance.now();
		const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok, () => false);
		if (ok && performance.now() - h0 < 50) break;
	}
	return (performance.now() - t0) / 1000;
}

async function measured<T>(run: () => Promise<T>): Promise<{ value: T; peakRss: number; cpu: number }> {
	const pid = server!.pid!;
	let peak = procStatus(pid).rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, procStatus(pid).rss);
	}, 50);
	const ticks = cpuTicks(pid);
	const t0 = performance.now();
	try {
		const value = await run();
		const seconds = (performance.now() - t0) / 1000;
		peak = Math.max(peak, procStatus(pid).rss);
		return { value, peakRss: peak, cpu: (cpuTicks(pid) - ticks) / PAGE_TICKS / seconds };
	} finally {
		clearInterval(timer);
	}
}

// ---- HTTP helpers -------------------------------------------------------------------------------

function sessionCookie(res: Response): string | null {
	for (const line of res.headers.getSetCookie()) {
		const pair = line.split(';')[0] ?? '';
		if (pair.startsWith('session=') && pair.length > 'session='.length) return pair;
	}
	return null;
}

async function logIn(email: string): Promise<string> {
	const res = await fetch(`${BASE}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: BASE, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: SCALE_PASSWORD, suite: '/' }).toString()
	});
	const cookie = sessionCookie(res);
	if (res.status !== 303 || !cookie) {
		throw new Error(`connexion de ${email} refusée (${res.status}) : le mot de passe des données d’échelle est-il bien « ${SCALE_PASSWORD} » ?`);
	}
	return cookie;
}

async function logOut(cookie: string) {
	try {
		await fetch(`${BASE}/deconnexion`, { method: 'POST', redirect: 'manual', headers: { origin: BASE, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
	} catch {
		/* the session expires by itself */
	}
}

/** Runs `fn` on every item, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(width, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await fn(items[i]!);
			}
		})
	);
	return out;
}

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

// ---- routes -------------------------------------------------------------------------------------

interface Route {
	key: RouteKey;
	label: string;
	kind: 'static' | 'page' | 'save';
	requests: DriverRequest[];
	/** What a real answer contains (not the sign-in page, not an error page). */
	expect: (status: number, body: string) => string | null;
	actionJson?: boolean;
}

function staticAsset(): string {
	const dir = join(BUILD_DIR, 'client', '_app', 'immutable', 'entry');
	const start = existsSync(dir) ? readdirSync(dir).find((f) => /^start\..*\.js$/.test(f)) : undefined;
	return start ? `/_app/immutable/entry/${start}` : '/favicon.svg';
}

function buildRoutes(t: Targets, cookies: Map<string, string>): { routes: Route[]; skipped: string[] } {
	const routes: Route[] = [];
	const skipped: string[] = [];
	const get = (path: string, cookie?: string): DriverRequest => ({ method: 'GET', path, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
	const page = (needle: string) => (status: number, body: string) =>
		status !== 200 ? `statut ${status}` : body.includes(needle) ? null : `la page ne contient pas « ${needle} »`;
	const pool = t.pool.map((p) => ({ ...p, cookie: cookies.get(p.email)! }));
	for (const key of ROUTES) {
		switch (key) {
			case 'statique': {
				const path = staticAsset();
				routes.push({ key, label: `fichier statique (${path.replace(/\.[^.]+\.js$/, '.….js')})`, kind: 'static', requests: [{ method: 'GET', path, headers: {} }], expect: (s, b) => (s === 200 && b.length > 0 ? null : `statut ${s}`) });
				break;
			}
			case 'tableau':
			case 'etape':
			case 'accueil':
			case 'enregistrement': {
				if (!pool.length) {
					skipped.push(`${key} : aucune secrétaire des données d’échelle (secretaire-…${SCALE_DOMAIN}) n’a été trouvée`);
					break;
				}
				if (key === 'tableau') {
					routes.push({ key, label: `tableau de bord /c/<id> (${pool.length} secrétaires)`, kind: 'page', requests: pool.map((p) => get(`/c/${p.communeId}`, p.cookie)), expect: page('Tableau de bord de ') });
				} else if (key === 'accueil') {
					routes.push({ key, label: `accueil / (${pool.length} secrétaires)`, kind: 'page', requests: pool.map((p) => get('/', p.cookie)), expect: page('Mes communes') });
				} else if (key === 'etape') {
					routes.push({ key, label: `étape ${RECIPE_ID}/${STEP_ID} (${pool.length} communes)`, kind: 'page', requests: pool.map((p) => get(`/c/${p.communeId}/recettes/${RECIPE_ID}/${STEP_ID}`, p.cookie)), expect: page(escapeHtml(step!.title)) });
				} else {
					routes.push({
						key,
						label: `enregistrement de l’étape (${pool.length} communes)`,
						kind: 'save',
						actionJson: true,
						requests: pool.map((p) => ({
							method: 'POST',
							path: `/c/${p.communeId}/recettes/${RECIPE_ID}/${STEP_ID}?/save`,
							headers: {
								cookie: p.cookie,
								origin: BASE,
								accept: 'application/json',
								'x-sveltekit-action': 'true',
								'content-type': 'application/x-www-form-urlencoded'
							},
							// As the page's autosave sends it: the changed field, _fields, intent=autosave.
							body: `${SAVE_FIELD}=${encodeURIComponent('Mairie, {n} rue du Banc d’essai, 21200 Beaune')}&_fields=${SAVE_FIELD}&intent=autosave`
						})),
						expect: (s, b) => (s === 200 && b.includes('"type":"success"') ? null : `statut ${s} : ${b.slice(0, 200)}`)
					});
				}
				break;
			}
			case 'registre-40':
			case 'registre-800': {
				const body = key === 'registre-40' ? t.forty : t.large;
				if (!body) {
					skipped.push(`${key} : aucun organisme avec des activités et un DPD des données d’échelle`);
					break;
				}
				if (key === 'registre-40' && body.activities !== 40) console.log(`  (registre-40 : aucun organisme n’a exactement 40 activités ; le plus proche en a ${body.activities})`);
				if (key === 'registre-800' && body.activities < 800) console.log(`  (registre-800 : le plus grand organisme n’a que ${body.activities} activités)`);
				routes.push({ key, label: `registre de ${body.activities} activités`, kind: 'page', requests: [get(`/c/${body.id}/registre`, cookies.get(body.email))], expect: page(`sur ${body.activities}`) });
				break;
			}
			case 'grille': {
				if (!t.trainer) {
					skipped.push(`grille : aucun formateur des données d’échelle avec une session`);
					break;
				}
				routes.push({ key, label: `grille du formateur (${t.trainer.enrolled} communes inscrites)`, kind: 'page', requests: [get(`/formations/${t.trainer.sessionId}`, cookies.get(t.trainer.email))], expect: page(escapeHtml(t.trainer.title)) });
				break;
			}
		}
	}
	return { routes, skipped };
}

/** Every distinct request of a route once, before measuring: a real answer, not the sign-in page. */
async function verify(route: Route) {
	const seen = new Set<string>();
	const unique = route.requests.filter((r) => {
		const k = `${r.path}|${r.headers.cookie ?? ''}`;
		return seen.has(k) ? false : (seen.add(k), true);
	});
	await inParallel(unique, 4, async (r) => {
		const res = await fetch(BASE + r.path, { method: r.method, redirect: 'manual', headers: r.headers, body: r.body?.replaceAll('{n}', '0') });
		const body = await res.text();
		const problem = route.expect(res.status, body);
		if (problem) throw new Error(`${route.key} : ${r.method} ${r.path} — ${problem}${res.headers.get('location') ? ` (redirection vers ${res.headers.get('location')})` : ''}`);
	});
}

// ---- report -------------------------------------------------------------------------------------

interface Measure {
	route: RouteKey;
	label: string;
	kind: Route['kind'];
	connections: number;
	rate?: number;
	result: ScenarioResult;
	peakRss: number;
	cpu: number;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toString());
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} Mo`;
const errorsOf = (r: ScenarioResult) => r.non2xx + r.errors + r.refused;

function verdict(m: Measure): string {
	if (m.kind === 'static') return 'référence';
	const ok = m.result.latency.p95 <= TARGET.p95 && errorsOf(m.result) === 0;
	return `${ok ? 'atteint' : 'MANQUÉ'}${m.connections === TARGET.connections && !m.rate ? '' : m.rate ? ' (au rythme, indicatif)' : ' (indicatif)'}`;
}

function table(level: Measure[]) {
	const base = level.find((m) => m.kind === 'static');
	const rows = level.map((m) => [
		m.route,
		Math.round(m.result.rps).toString(),
		ms(m.result.latency.p50),
		ms(m.result.latency.p95),
		ms(m.result.latency.p99),
		String(errorsOf(m.result)),
		String(m.result.unfinished),
		mb(m.peakRss),
		`${Math.round(m.cpu * 100)} %`,
		base && base.result.latency.p95 > 0 ? `×${(m.result.latency.p95 / base.result.latency.p95).toFixed(1)}` : '—',
		verdict(m)
	]);
	const head = ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'erreurs', 'en attente', 'RSS max', 'CPU serv.', 'p95/statique', `p95 ≤ ${TARGET.p95} ms et 0 erreur`];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
	console.log(line(head));
	console.log('| ' + widths.map((w, i) => (i === 0 || i === widths.length - 1 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |');
	for (const r of rows) console.log(line(r));
	for (const m of level) {
		const r = m.result;
		if (errorsOf(r)) {
			const statuses = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2')).map(([s, n]) => `${n}× ${s}`);
			console.log(`  ${m.route} : ${[...statuses, r.errors ? `${r.errors} erreur(s) de connexion dont ${r.timeouts} délai(s) dépassé(s)` : '', r.refused ? `${r.refused} enregistrement(s) refusé(s)` : ''].filter(Boolean).join(', ')}`);
		}
	}
}

// ---- main ---------------------------------------------------------------------------------------

const cookies = new Map<string, string>();

async function cleanup() {
	if (server && server.exitCode === null && cookies.size) {
		await inParallel([...cookies.values()], 4, logOut);
	}
	if (driver?.connected) driver.send({ type: 'exit' });
	await stopChild(driver);
	await stopChild(server);
}

async function main() {
	console.log('Banc d’essai de charge (npm run bench:load)');
	console.log(`Base : ${SERVER ? `serveur PostgreSQL (DATABASE_URL)` : `embarquée (PGlite), ${dbOptions.dataDir}${process.env.DATA_DIR ? '' : ' — DATA_DIR par défaut du banc : data/scale'}`}`);
	console.log(`Machine : Node ${process.version}, ${cpus().length} processeurs, ${Math.round(totalmem() / 1024 ** 3)} Go, charge moyenne ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
	console.log(`Objectif : ${TARGET.label}`);
	console.log(`Mesure : ${DURATION_S} s au plus et ${MAX_REQUESTS} requêtes au plus par route et par niveau (${LEVELS.map((l) => (l.rate ? `${l.connections}@${l.rate}` : String(l.connections))).join(', ')}), après ${WARMUP_S} s de mise en route`);

	if (!args['no-build']) {
		console.log('\nvite build…');
		const b = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) throw new Error(`vite build a échoué (code ${b.status})`);
	}
	if (!existsSync(join(BUILD_DIR, 'index.js'))) throw new Error(`${BUILD_DIR}/index.js introuvable : construisez l’application (sans --no-build) ou indiquez --build-dir.`);

	console.log('\nRecherche des cibles dans la base…');
	if (!SERVER && !existsSync(dbOptions.dataDir!)) {
		throw new Error(`pas de base embarquée dans ${dbOptions.dataDir} : lancez d’abord « npm run seed:scale » (même DATA_DIR), ou indiquez DATABASE_URL.`);
	}
	const database = await openDatabase(dbOptions);
	let targets: Targets;
	try {
		targets = await findTargets(database.db);
	} finally {
		await database.close();
	}
	if (!targets.pool.length && !targets.large && !targets.trainer) {
		throw new Error(`aucune donnée d’échelle dans cette base (comptes …${SCALE_DOMAIN}) : lancez d’abord « npm run seed:scale » avec la même configuration (DATABASE_URL ou DATA_DIR).`);
	}
	if (targets.large) console.log(`  plus grand organisme : ${targets.large.name}, ${targets.large.activities} activités (DPD ${targets.large.email})`);
	if (targets.forty) console.log(`  organisme de ${targets.forty.activities} activités : ${targets.forty.name} (DPD ${targets.forty.email})`);
	if (targets.trainer) console.log(`  formateur : ${targets.trainer.email}, session « ${targets.trainer.title} » (${targets.trainer.enrolled} communes inscrites)`);
	console.log(`  ${targets.pool.length} secrétaires distinctes, chacune avec une de ses communes${targets.pool.length < POOL ? ` (${POOL} demandées)` : ''}`);

	console.log(`\nDémarrage du serveur : node ${BUILD_DIR.startsWith(ROOT) ? BUILD_DIR.slice(ROOT.length + 1) : BUILD_DIR} sur ${BASE}`);
	startServer();
	await waitForServer();
	console.log(`  pid ${server!.pid}, RSS au démarrage ${mb(procStatus(server!.pid!).rss)}`);

	const emails = new Set<string>();
	for (const p of targets.pool) emails.add(p.email);
	if (ROUTES.includes('registre-40') && targets.forty) emails.add(targets.forty.email);
	if (ROUTES.includes('registre-800') && targets.large) emails.add(targets.large.email);
	if (ROUTES.includes('grille') && targets.trainer) emails.add(targets.trainer.email);
	const t0 = performance.now();
	await inParallel([...emails], 4, async (email) => cookies.set(email, await logIn(email)));
	console.log(`  ${cookies.size} utilisateurs connectés en ${((performance.now() - t0) / 1000).toFixed(1)} s`);

	const { routes, skipped } = buildRoutes(targets, cookies);
	for (const s of skipped) console.log(`  route sautée — ${s}`);
	for (const r of routes) await verify(r);
	console.log(`  chaque route vérifiée une fois par utilisateur (statut 200 et contenu attendu) : ${routes.map((r) => r.key).join(', ')}`);

	await startDriver();
	console.log(
		'\nLégende : req/s = réponses par seconde ; p50/p95/p99 = latences vues du client, toutes réponses comprises ; erreurs = réponses non 2xx\n' +
			'(une redirection vers la connexion en est une), erreurs de connexion, délais dépassés et enregistrements refusés ; en attente = requêtes sans\n' +
			'réponse à la fin de la mesure, comptées dans les latences avec l’attente déjà subie ; RSS max = pic de mémoire résidente du serveur pendant la\n' +
			'mesure ; CPU serv. = temps processeur du serveur (100 % = un processeur entier : Node sert les requêtes sur un seul fil).'
	);
	const all: Measure[] = [];
	for (const lvl of LEVELS) {
		const { connections, rate } = lvl;
		console.log(`\n${levelName(lvl)}`);
		const level: Measure[] = [];
		for (const route of routes) {
			const scenario: Scenario = { base: BASE, connections, rate, durationS: DURATION_S, maxRequests: MAX_REQUESTS, requests: route.requests, actionJson: route.actionJson };
			if (WARMUP_S > 0) {
				await drive({ ...scenario, durationS: WARMUP_S });
				await settle();
			}
			const { value: result, peakRss, cpu } = await measured(() => drive(scenario));
			const waited = await settle();
			const m: Measure = { route: route.key, label: route.label, kind: route.kind, connections, rate, result, peakRss, cpu };
			level.push(m);
			all.push(m);
			console.log(
				`  ${route.key.padEnd(15)} ${route.label} : ${result.requests} réponses en ${(result.durationMs / 1000).toFixed(1)} s` +
					(waited > 1 ? ` ; le serveur a mis ${waited.toFixed(1)} s de plus à servir les ${result.unfinished} requêtes restées en attente` : '')
			);
		}
		console.log('');
		table(level);
	}

	const hwm = procStatus(server!.pid!).hwm;
	console.log(`\nPic RSS du serveur sur toute la série (VmHWM) : ${mb(hwm)}`);
	// The targets are judged at saturation (no pacing): the strict reading; the paced levels are shown beside.
	const atTarget = all.filter((m) => m.connections === TARGET.connections && !m.rate && m.kind !== 'static');
	const paced = all.filter((m) => m.connections === TARGET.connections && m.rate && m.kind !== 'static');
	if (!atTarget.length) {
		console.log(`Objectif (${TARGET.label}) : non évalué — relancez avec --connections ${TARGET.connections}.`);
	} else {
		const missed = atTarget.filter((m) => m.result.latency.p95 > TARGET.p95 || errorsOf(m.result) > 0);
		console.log(`Objectif (${TARGET.label}) : ${missed.length ? `MANQUÉ pour ${missed.map((m) => `${m.route} (p95 ${ms(m.result.latency.p95)} ms, ${errorsOf(m.result)} erreur(s))`).join(', ')}` : 'atteint pour toutes les routes'}`);
		if (missed.length) process.exitCode = 1;
	}
	if (paced.length) {
		const missed = paced.filter((m) => m.result.latency.p95 > TARGET.p95 || errorsOf(m.result) > 0);
		const rates = [...new Set(paced.map((m) => m.rate))].join(', ');
		console.log(`Au rythme d’utilisateurs (${TARGET.connections} connexions à ${rates} requête(s)/s chacune, indicatif) : ${missed.length ? `MANQUÉ pour ${missed.map((m) => `${m.route} (p95 ${ms(m.result.latency.p95)} ms)`).join(', ')}` : `p95 ≤ ${TARGET.p95} ms et aucune erreur pour toutes les routes (p95 le plus haut : ${ms(Math.max(...paced.map((m) => m.result.latency.p95)))} ms)`}`);
	}
	const serverErrors = serverLog.filter((l) => /error|erreur/i.test(l));
	if (serverErrors.length) console.log(`\nLe serveur a écrit ${serverErrors.length} ligne(s) d’erreur ; les dernières :\n${serverErrors.slice(-5).join('\n')}`);
	console.log(`\nCharge moyenne de la machine à la fin : ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (le générateur de charge et le serveur partagent ses ${cpus().length} processeurs)`);

	if (args.json) {
		const out = {
			at: new Date().toISOString(),
			database: SERVER ? 'server' : 'embedded',
			node: process.version,
			cpus: cpus().length,
			target: TARGET,
			options: { durationS: DURATION_S, warmupS: WARMUP_S, maxRequests: MAX_REQUESTS, levels: LEVELS, pool: POOL, routes: ROUTES, step: `${RECIPE_ID}/${STEP_ID}` },
			targets: { large: targets.large && { id: targets.large.id, activities: targets.large.activities }, forty: targets.forty && { id: targets.forty.id, activities: targets.forty.activities }, trainer: targets.trainer && { sessionId: targets.trainer.sessionId, enrolled: targets.trainer.enrolled }, pool: targets.pool.length },
			serverPeakRss: hwm,
			results: all.map((m) => ({ route: m.route, label: m.label, connections: m.connections, rate: m.rate ?? null, peakRss: m.peakRss, cpu: m.cpu, ...m.result }))
		};
		writeFileSync(resolve(args.json), JSON.stringify(out, null, 2));
		console.log(`Résultats bruts : ${resolve(args.json)}`);
	}
}

process.on('SIGINT', () => {
	void cleanup().then(() => process.exit(130));
});
try {
	await main();
} catch (err) {
	console.error(`\nÉchec : ${err instanceof Error ? err.message : String(err)}`);
	process.exitCode = 1;
} finally {
	await cleanup();
}
