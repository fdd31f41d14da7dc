// Property-based fuzzing of every form action, server load and endpoint, in process, as signed-in
// users (the DPD of a commune full of data, its mayor, a GIP trainer, a GIP administrator, a
// stranger). Thousands of generated submissions — wrong types, missing and extra fields, huge
// strings, control characters, broken UTF-8, other communes' ids, negative and enormous numbers,
// dates that do not exist, files where text is expected — and for each one:
//   - never a 5xx (nor anything SvelteKit would turn into one: a throw that is not error() or
//     redirect(), data devalue cannot serialize, a failing response stream);
//   - every refusal is a 4xx with a French message (and French messages by field);
//   - a redirect stays on the site;
//   - a refused submission leaves the database as it was (see Snapshotter), with three explicit
//     exceptions: a refused login, sign-up, enrolment code or password check is counted
//     (login_attempts: the rate limiter), a trainer's view of a commune is journaled even when
//     what follows is refused, and a form saved with some
//     answers refused (the wizard and the records keep the valid answers) must not store the
//     refused ones;
//   - a page load writes nothing (but the trainer's journaled view).
// Default budget: FUZZ_RUNS (2 000) cases per engine; `npm run test:fuzz` runs 20 000. A failure
// prints fast-check's seed and path and the shrunk case: FUZZ_SEED=<seed> replays the whole run
// (the cases before the failure too: the database is their result), FUZZ_PATH=<path> with it goes
// straight to the shrunk case. FUZZ_REPORT=1 prints the statuses and time of every target;
// FUZZ_SURVEY=1 goes on after a failure and lists every kind of failure found.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, getDatabase, type Db } from '../../src/lib/server/db';
import { findRecipe } from '../../src/lib/recipes';
import { PROFILE_STEP_ID, profilRecipe } from '../../src/lib/recipes/profile';
import { isUuid } from '../../src/lib/server/forms';
import { createServerDatabase, engines, type Engine } from '../helpers/db';
import { caseArb, firstCases, formKey, FORMS, KNOWN_PARAMS, type Case } from '../helpers/fuzz/cases';
import { discoverTargets, invoke, requestEvent, routable, routeUrl, type Outcome, type Target } from '../helpers/fuzz/routes';
import { rowsOf, Snapshotter, type Fingerprint, type TableChange } from '../helpers/fuzz/snapshot';
import { encodeBody, textOf, type FormValue } from '../helpers/fuzz/values';
import { buildWorld, signedIn, type World } from '../helpers/fuzz/world';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = process.env.FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : Number(process.env.FUZZ_SEED);
/** With FUZZ_SEED, the `path` fast-check printed: replays the shrunk case right away (the cases before it are skipped). */
const PATH = process.env.FUZZ_PATH;
const REPORT = process.env.FUZZ_REPORT === '1';
/** FUZZ_SURVEY=1: do not stop at the first failure, list every kind of failure found (to fix many at once). */
const SURVEY = process.env.FUZZ_SURVEY === '1';

const targets = await discoverTargets();
const byId = new Map(targets.map((t) => [t.id, t]));

describe('the fuzz test covers every route', () => {
	it('finds every server file of src/routes', () => {
		const found = new Set(targets.map((t) => t.file));
		const walk = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
		const files = walk('src/routes')
			.filter((f) => /\/\+(page\.server|layout\.server|server)\.[jt]s$/.test(f))
			.map((f) => '/' + relative('.', f).split('\\').join('/'));
		const notLoaded = files.filter((f) => f.endsWith('.ts') && !found.has(f));
		expect(notLoaded, 'route files the glob missed').toEqual([]);
		expect(files.filter((f) => f.endsWith('.js')), 'route files in JavaScript: extend the globs of tests/helpers/fuzz/routes.ts').toEqual([]);
		expect(targets.filter((t) => t.kind === 'action').length).toBeGreaterThanOrEqual(Object.keys(FORMS).length);
	});

	it('knows the fields of every form action and a generator for every route parameter', () => {
		const actions = targets.filter((t) => t.kind === 'action').map(formKey);
		expect(actions.filter((k) => !FORMS[k]), 'actions without their fields in FORMS (tests/helpers/fuzz/cases.ts)').toEqual([]);
		// SvelteKit answers 500 to any POST on a page whose actions mix `default` with named ones (the direct calls here would not see it).
		const routes = new Map<string, string[]>();
		for (const t of targets.filter((x) => x.kind === 'action')) routes.set(t.routeId, [...(routes.get(t.routeId) ?? []), t.name]);
		expect([...routes].filter(([, names]) => names.includes('default') && names.length > 1).map(([id]) => id), 'pages mixing a default action with named ones').toEqual([]);
		expect(Object.keys(FORMS).filter((k) => !actions.includes(k)), 'FORMS entries of actions that no longer exist').toEqual([]);
		const params = [...new Set(targets.flatMap((t) => t.params))];
		expect(params.filter((p) => !KNOWN_PARAMS.includes(p)), 'route parameters without a generator in tests/helpers/fuzz/cases.ts').toEqual([]);
	});
});

// ---- the properties --------------------------------------------------------------------------

/** Words of SvelteKit's or zod's default (English) messages: the UI speaks French. */
const ENGLISH = /\b(invalid|expected|received|required|too (?:big|small)|unrecognized|must|should|not found|internal error|bad request|forbidden|unauthorized|undefined|object Object|error)\b/i;

/** Why a refusal's message would not do, or null. Text the user sent is quoted « … » and not judged. */
function messageProblem(message: unknown): string | null {
	if (typeof message !== 'string' || !message.trim()) return `no message (${JSON.stringify(message)})`;
	const own = message.replace(/«[^»]*»/g, '« … »');
	if (!/\p{L}{2}/u.test(own)) return `not a sentence: ${JSON.stringify(message)}`;
	const english = ENGLISH.exec(own);
	if (english) return `not French (« ${english[0]} »): ${JSON.stringify(message.slice(0, 300))}`;
	return null;
}

function refusalProblems(outcome: Outcome): string[] {
	const problems: string[] = [];
	if (outcome.kind === 'failure') {
		const data = outcome.data as { message?: unknown; errors?: Record<string, unknown> } | undefined;
		const p = messageProblem(data?.message);
		if (p) problems.push(`fail(${outcome.status}) message: ${p}`);
		for (const [field, m] of Object.entries(data?.errors ?? {})) {
			const q = messageProblem(m);
			if (q) problems.push(`fail(${outcome.status}) errors.${field}: ${q}`);
		}
	} else if (outcome.kind === 'error') {
		const p = messageProblem(outcome.message);
		if (p) problems.push(`error(${outcome.status}): ${p}`);
	} else if (outcome.kind === 'response') {
		if (!outcome.body.trim()) problems.push(`response ${outcome.status} without a body`);
	}
	return problems;
}

/** Forms that save the valid answers even when others are refused (fail with `conflicts`). */
const PARTIAL_SAVES = new Set([
	'/c/[communeId]/fiches/[kind]/[recordId] save',
	'/c/[communeId]/fiches/[kind]/nouveau default',
	'/c/[communeId]/recettes/[recipeId]/[stepId] save',
	// The commune profile is a recipe's one step, saved as any step (its route has no step in the URL).
	'/c/[communeId]/profil save'
]);
/** A partial save of a recipe's step: a step page, or the commune profile's own page. */
const isStepSave = (target: Target) => formKey(target).includes('/recettes/') || formKey(target).startsWith('/c/[communeId]/profil ');
const stepParams = (target: Target, params: Record<string, string>) =>
	formKey(target).startsWith('/c/[communeId]/profil ') ? { ...params, recipeId: profilRecipe.id, stepId: PROFILE_STEP_ID } : params;
/** Tables a partial save may write: its record or step, the actions it puts on the plan, the journal, the form's token (a creation). */
const PARTIAL_TABLES = new Set(['records', 'step_answers', 'audit_log', 'form_tokens']);

function isPartialSave(target: Target, outcome: Outcome): boolean {
	return PARTIAL_SAVES.has(formKey(target)) && outcome.kind === 'failure' && Array.isArray((outcome.data as { conflicts?: unknown })?.conflicts);
}

/** Forms whose refused submissions the rate limiter counts (src/lib/server/auth/rate-limit.ts). */
const RATE_LIMITED = new Set(['/connexion default', '/inscription default', '/formations enrol', '/compte password']);

/** The changes a refused (or read-only) request may make; the rest must be none. */
function unexplained(changes: TableChange[], target: Target, userId: string): TableChange[] {
	return changes.filter((c) => {
		// A refused login, sign-up, enrolment code or password check is counted by the rate limiter
		// (table login_attempts): that is its purpose.
		if (c.table === 'login_attempts' && RATE_LIMITED.has(formKey(target))) return false;
		// A GIP trainer's view of a commune is journaled before the request goes on (and may be refused).
		if (c.table === 'audit_log' && c.after > c.before && c.written.length === c.after - c.before) {
			return !c.written.every((r) => r.entity === 'consultation' && r.action === 'consultation' && r.user_id === userId);
		}
		return true;
	});
}

// ---- running a case ---------------------------------------------------------------------------

const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n)}… (${s.length} car.)` : s);
const show = (v: FormValue) => (v.t === 'text' ? JSON.stringify(clip(v.v)) : v.t === 'huge' ? `<${v.v} 100k>` : v.t === 'bytes' ? `<octets ${v.v.slice(0, 12).join(',')}>` : `<fichier ${JSON.stringify(v.name)} ${JSON.stringify(v.content).slice(0, 120)}>`);

function describeCase(c: Case): string {
	const params = Object.entries(c.params).map(([k, v]) => `${k}=${show(v)}`);
	const entries = c.entries.map((e) => `${JSON.stringify(clip(e.name, 40))}: ${show(e.value)}`);
	return [`${c.target} as ${c.actor} (${c.encoding})`, `  params: ${params.join(', ') || '—'}`, `  query: ${c.query.map(([k, v]) => `${k}=${show(v)}`).join('&') || '—'}`, `  fields: ${entries.join(', ') || '—'}`].join('\n');
}

function describeOutcome(o: Outcome): string {
	switch (o.kind) {
		case 'crash':
			return `500 — ${o.error instanceof Error ? (o.error.stack ?? o.error.message) : String(o.error)}`;
		case 'redirect':
			return `${o.status} → ${o.location}`;
		case 'error':
			return `${o.status} error: ${JSON.stringify(o.message)}`;
		case 'response':
			return `${o.status} response: ${clip(o.body, 300)}`;
		default:
			return `${o.status} ${o.kind}: ${clip(JSON.stringify(o.data) ?? 'undefined', 600)}`;
	}
}

const describeChanges = (changes: TableChange[]) =>
	changes.map((c) => `  ${c.table}: ${c.before} → ${c.after} rows; written: ${clip(JSON.stringify(c.written), 800)}`).join('\n');

interface Stats {
	cases: number;
	byTarget: Map<string, Map<number, number>>;
	/** Milliseconds in the routes and in taking fingerprints, and the slowest target's. */
	ms: { routes: number; fingerprints: number; byTarget: Map<string, number> };
}

class Runner {
	private current: Fingerprint | null = null;
	readonly stats: Stats = { cases: 0, byTarget: new Map(), ms: { routes: 0, fingerprints: 0, byTarget: new Map() } };

	private async fingerprint(): Promise<Fingerprint> {
		const t = performance.now();
		try {
			return await this.snapshots.take();
		} finally {
			this.stats.ms.fingerprints += performance.now() - t;
		}
	}

	constructor(
		private world: World,
		private snapshots: Snapshotter
	) {}

	private get db(): Db {
		return this.world.db;
	}

	private async stepAnswers(params: Record<string, string>): Promise<Record<string, unknown>> {
		const recipe = findRecipe(params.recipeId ?? '');
		if (!recipe || !isUuid(params.communeId) || !recipe.steps.some((s) => s.id === params.stepId)) return {};
		const [row] = rowsOf<{ answers: Record<string, unknown> }>(
			await this.db.execute(sql`select answers from step_answers where commune_id = ${params.communeId} and recipe_id = ${params.recipeId} and step_id = ${params.stepId}`)
		);
		return row?.answers ?? {};
	}

	/** The data a partial save may touch, before the case: the record or step row. */
	private async partialBefore(target: Target, c: Case, params: Record<string, string>): Promise<Map<string, Record<string, unknown>>> {
		const rows = new Map<string, Record<string, unknown>>();
		if (isStepSave(target)) {
			rows.set('step', await this.stepAnswers(stepParams(target, params)));
			return rows;
		}
		const ids = [params.recordId, ...c.entries.filter((e) => e.name === '_created').map((e) => textOf(e.value))].filter((id): id is string => isUuid(id));
		for (const id of ids) {
			const [row] = rowsOf<{ data: Record<string, unknown> }>(await this.db.execute(sql`select data from records where id = ${id}`));
			if (row) rows.set(id, row.data);
		}
		return rows;
	}

	/** The refused answers of a partial save were not stored; the conflicting ones kept the newer value. */
	private async partialProblems(target: Target, params: Record<string, string>, outcome: Outcome, before: Map<string, Record<string, unknown>>): Promise<string[]> {
		if (outcome.kind !== 'failure') return [];
		const data = outcome.data as { errors: Record<string, string>; conflicts: { field: string }[]; createdId?: string };
		const refused = [...Object.keys(data.errors ?? {}), ...data.conflicts.map((c) => c.field)];
		let now: Record<string, unknown> | undefined;
		let was: Record<string, unknown>;
		if (isStepSave(target)) {
			now = await this.stepAnswers(stepParams(target, params));
			was = before.get('step') ?? {};
		} else {
			const id = data.createdId ?? params.recordId!;
			const [row] = rowsOf<{ data: Record<string, unknown> }>(await this.db.execute(sql`select data from records where id = ${id}`));
			now = row?.data;
			was = before.get(id) ?? {};
			if (!now) return [`the record ${id} of a partial save is not there`];
		}
		return refused.filter((f) => JSON.stringify(now![f]) !== JSON.stringify(was[f])).map((f) => `the refused answer "${f}" was stored: ${clip(JSON.stringify(was[f]) ?? 'undefined')} → ${clip(JSON.stringify(now![f]))}`);
	}

	async run(c: Case): Promise<void> {
		const target = byId.get(c.target)!;
		const actor = this.world.actors[c.actor];
		const signed = await signedIn(this.db, actor);
		const before = (!signed.renewed && this.current) || (await this.fingerprint());
		this.current = null;
		const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, routable(textOf(v))]));
		const query = c.query.map(([k, v]) => [k, textOf(v)] as [string, string]);
		const partial = PARTIAL_SAVES.has(formKey(target)) ? await this.partialBefore(target, c, params) : null;

		const url = routeUrl(target.routeId, params, query);
		let request: Request;
		if (target.kind === 'action') {
			const body = encodeBody(c.entries, c.encoding, { files: this.world.files, json: this.world.exportDoc }, c.cut);
			const actionUrl = new URL(url);
			actionUrl.search = (url.search ? url.search + '&' : '?') + `/${target.name}`;
			request = new Request(actionUrl, { method: 'POST', body: body.bytes, headers: { 'content-type': body.contentType, origin: url.origin, accept: 'text/html' } });
		} else {
			request = new Request(url, { method: target.kind === 'endpoint' ? target.name : 'GET', headers: { accept: '*/*' } });
		}
		const locals: App.Locals = { user: signed.user, session: signed.session };
		const started = performance.now();
		const outcome = await invoke(target, requestEvent({ target, url, params, locals, request }));
		const ms = performance.now() - started;
		this.stats.ms.routes += ms;
		this.stats.ms.byTarget.set(target.id, (this.stats.ms.byTarget.get(target.id) ?? 0) + ms);
		this.count(target, outcome.status);

		const fail = (why: string, changes: TableChange[] = []) => {
			throw new Error(`${why}\n${describeCase(c)}\n  → ${describeOutcome(outcome)}${changes.length ? `\n${describeChanges(changes)}` : ''}`);
		};
		if (outcome.status >= 500) fail('5xx');
		if (outcome.kind === 'redirect' && !/^\/(?![/\\])/.test(outcome.location)) fail('a redirect leaves the site');

		const refused = outcome.status >= 400;
		if (refused) {
			const problems = refusalProblems(outcome);
			if (problems.length) fail(problems.join('\n'));
		}
		if (!refused && target.kind !== 'load') {
			// Accepted: the data may change; the next case takes a new fingerprint, once writes made
			// after the response are over.
			await this.settle(target, params);
			return;
		}

		const after = await this.fingerprint();
		const changes = await this.snapshots.changes(before, after);
		if (refused && partial && isPartialSave(target, outcome)) {
			const elsewhere = changes.filter((ch) => !PARTIAL_TABLES.has(ch.table));
			if (elsewhere.length) fail('a partial save wrote outside its record or step', elsewhere);
			const problems = await this.partialProblems(target, params, outcome, partial);
			if (problems.length) fail(problems.join('\n'), changes);
			return;
		}
		const bad = unexplained(changes, target, signed.user.id);
		if (bad.length) fail(refused ? 'a refused request changed the database' : 'a page load changed the database', bad);
		this.current = changes.length ? null : after;
	}

	/**
	 * A dossier's download records its page count once the last byte is sent (the first time a
	 * version is downloaded): wait for that write, so that it is not taken for the next case's.
	 */
	private async settle(target: Target, params: Record<string, string>) {
		if (target.id !== 'GET /c/[communeId]/dossier/[version].pdf') return;
		const version = /^v(\d{1,6})$/.exec(params.version ?? '')?.[1];
		for (let i = 0; i < 500; i++) {
			const [row] = rowsOf<{ pages: number | null }>(
				await this.db.execute(sql`select page_count as pages from dossiers where commune_id = ${params.communeId} and version = ${Number(version)}`)
			);
			if (!row || row.pages !== null) return;
			await new Promise((r) => setTimeout(r, 10));
		}
		throw new Error('the dossier download never recorded its page count');
	}

	private count(target: Target, status: number) {
		this.stats.cases += 1;
		const m = this.stats.byTarget.get(target.id) ?? new Map<number, number>();
		m.set(status, (m.get(status) ?? 0) + 1);
		this.stats.byTarget.set(target.id, m);
	}

	summary(engine: string, ms: number): string {
		const classes = new Map<string, number>();
		for (const m of this.stats.byTarget.values()) for (const [s, n] of m) classes.set(`${Math.floor(s / 100)}xx`, (classes.get(`${Math.floor(s / 100)}xx`) ?? 0) + n);
		const lines = [
			`fuzz (${engine}): ${this.stats.cases} cases in ${(ms / 1000).toFixed(1)} s (${Math.round(this.stats.cases / (ms / 1000))}/s) — ${[...classes].sort().map(([k, n]) => `${k}: ${n}`).join(', ')} — FUZZ_SEED=${SEED}`
		];
		if (REPORT) {
			lines.push(`  time in the routes: ${(this.stats.ms.routes / 1000).toFixed(1)} s, taking fingerprints: ${(this.stats.ms.fingerprints / 1000).toFixed(1)} s`);
			for (const t of targets) {
				const m = this.stats.byTarget.get(t.id) ?? new Map();
				const ms = this.stats.ms.byTarget.get(t.id) ?? 0;
				lines.push(`  ${t.id.padEnd(62)} ${`${(ms / 1000).toFixed(1)} s`.padStart(7)}  ${[...m].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
			}
		}
		return lines.join('\n');
	}
}

// ---- per engine ---------------------------------------------------------------------------------

/** Makes the application's own database (getDb(), as the routes call it) a fresh one of this engine. */
function useAppDatabase(engine: Engine): () => Db {
	let db: Db | undefined;
	let drop: (() => Promise<void>) | undefined;
	const saved = { url: process.env.DATABASE_URL, dir: process.env.DATA_DIR };
	beforeAll(async () => {
		await closeDatabase();
		if (engine.name === 'embedded') {
			delete process.env.DATABASE_URL;
			process.env.DATA_DIR = 'memory://';
		} else {
			const created = await createServerDatabase(process.env.TEST_DATABASE_URL!);
			drop = created.drop;
			process.env.DATABASE_URL = created.url;
		}
		const database = await getDatabase();
		expect(database.kind).toBe(engine.name);
		db = database.db;
	});
	afterAll(async () => {
		await closeDatabase();
		await drop?.();
		for (const [k, v] of [['DATABASE_URL', saved.url], ['DATA_DIR', saved.dir]] as const) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	});
	return () => {
		if (!db) throw new Error(`the ${engine.name} database is not open`);
		return db;
	};
}

describe.each(engines())('fuzzing every action, load and endpoint on the $name database', (engine) => {
	const db = useAppDatabase(engine);
	let world: World;

	beforeAll(async () => {
		world = await buildWorld(db());
	}, 120_000);

	it(
		`survives ${RUNS} generated requests`,
		async () => {
			const runner = new Runner(world, await Snapshotter.open(db()));
			const started = performance.now();
			const survey = new Map<string, { n: number; example: string }>();
			const property = SURVEY
				? (c: Case) =>
						runner.run(c).catch((err: Error) => {
							const key = `${c.target} — ${err.message.split('\n')[0]!.replace(/"[^"]*"/g, '"…"').slice(0, 160)}`;
							const seen = survey.get(key);
							if (seen) seen.n += 1;
							else survey.set(key, { n: 1, example: err.message });
						})
				: (c: Case) => runner.run(c);
			try {
				await fc.assert(
					fc.asyncProperty(caseArb(targets, world), property),
					{ numRuns: RUNS, seed: SEED, path: PATH, examples: firstCases(targets, world).map((c) => [c] as [Case]), timeout: 60_000 }
				);
			} finally {
				console.log(runner.summary(engine.name, performance.now() - started));
				for (const [key, { n, example }] of survey) console.log(`\n[${n}×] ${key}\n${example}`);
			}
			expect([...survey.keys()], 'failures found by the survey').toEqual([]);
			// Every target was called (the first cases make sure of it), with its declared fields.
			expect(targets.filter((t) => !runner.stats.byTarget.has(t.id)).map((t) => t.id)).toEqual([]);
		},
		Math.max(300_000, RUNS * 200)
	);
});
