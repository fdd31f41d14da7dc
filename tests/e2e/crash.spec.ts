// The real server (`node build`) when it is killed or stopped in the middle of saves, on its own
// database (embedded PGlite, or PostgreSQL with E2E_DATABASE_URL). No browser: plain HTTP, as the
// forms post (an Origin header for SvelteKit's CSRF check, the session cookie).
//
// - SIGKILL while two DPDs save a step, create and edit records: after a restart on the same data
//   (the dead process's PGlite lock is taken over), every save that was answered before the kill is
//   there with its journal entry, and nothing is half-written (each record's version matches its
//   field_meta and its journal, each step's version its journal). Twice in a row.
// - SIGTERM with saves in flight (the server has their headers, not yet their bodies): they all
//   complete and are answered, then the process ends by itself (code 0), the PGlite lock removed,
//   and the saves are in the database.
// - Two DPDs sending dozens of saves of the same answer from the same version over HTTP: one is
//   saved, the others are refused (409), nothing is overwritten.
//
// The database is checked directly (openDatabase) once the server has ended, never while it runs.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { and, asc, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { auditLog, records, stepAnswers } from '../../src/lib/server/db/schema';
import { OwnServer } from './own-server';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Crash-Glanon-2026!';
const STEP = { recipe: 'dpd', step: 'identite', key: 'dpd/identite' };
/** The journal's key of each step field saved here: its label. */
const STEP_LABELS: Record<string, string> = { lastName: 'Nom', firstName: 'Prénom', postalAddress: 'Adresse postale' };
const SUPPORT_LABELS: Record<string, string> = { location: 'Où se trouve-t-il ?', users: 'Qui l’utilise ?' };

// ---- HTTP ------------------------------------------------------------------------------------------

interface HttpResult {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

/**
 * One request on its own connection (no keep-alive: a killed server leaves no dead socket behind).
 * With `hold`, the headers go first with « Expect: 100-continue »: `onContinue` is called once the
 * server has the request (its « 100 Continue »), and the body is sent only when `hold` resolves.
 */
function send(
	url: string,
	opts: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; hold?: Promise<void>; onContinue?: () => void } = {}
): Promise<HttpResult> {
	return new Promise((resolve, reject) => {
		const body = opts.form ? new URLSearchParams(opts.form).toString() : '';
		const headers: Record<string, string> = { connection: 'close', ...opts.headers };
		if (opts.form) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			headers['content-length'] = String(Buffer.byteLength(body));
		}
		if (opts.hold) headers.expect = '100-continue';
		const req = httpRequest(url, { method: opts.method ?? (opts.form ? 'POST' : 'GET'), headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		if (opts.hold) {
			req.on('continue', () => {
				opts.onContinue?.();
				opts.hold!.then(() => req.end(body), reject);
			});
			req.flushHeaders();
		} else {
			req.end(body);
		}
	});
}

/** A form action's JSON answer, as SvelteKit's enhanced forms get it. */
interface ActionAnswer {
	type: 'success' | 'failure' | 'redirect' | 'error';
	status: number;
	location?: string;
	data: Record<string, unknown>;
}

/** The top level of a devalue-encoded action result (flat values only: all these tests need). */
function decodeData(data: unknown): Record<string, unknown> {
	if (typeof data !== 'string') return {};
	const table = JSON.parse(data) as unknown[];
	const root = table[0];
	if (!root || typeof root !== 'object') return {};
	return Object.fromEntries(Object.entries(root as Record<string, number>).map(([k, i]) => [k, i >= 0 ? table[i] : undefined]));
}

class Client {
	constructor(
		private server: OwnServer,
		public name: string,
		private cookie = ''
	) {}

	/** Posts a form; keeps the session cookie it sets. */
	async post(path: string, form: Record<string, string>, opts: { json?: boolean; hold?: Promise<void>; onContinue?: () => void } = {}): Promise<HttpResult> {
		const headers: Record<string, string> = { origin: this.server.url, accept: opts.json ? 'application/json' : 'text/html' };
		if (opts.json) headers['x-sveltekit-action'] = 'true';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await send(this.server.url + path, { form, headers, hold: opts.hold, onContinue: opts.onContinue });
		const session = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('session='));
		if (session) this.cookie = session.split(';')[0]!;
		return res;
	}

	/** Posts to a form action and reads its JSON answer. */
	async action(path: string, form: Record<string, string>, opts: { hold?: Promise<void>; onContinue?: () => void } = {}): Promise<ActionAnswer> {
		const res = await this.post(path, form, { ...opts, json: true });
		let parsed: { type?: ActionAnswer['type']; status?: number; location?: string; data?: unknown };
		try {
			parsed = JSON.parse(res.body);
		} catch {
			throw new Error(`${path} : réponse ${res.status} illisible : ${res.body.slice(0, 300)}`);
		}
		return { type: parsed.type ?? 'error', status: parsed.status ?? res.status, location: parsed.location, data: decodeData(parsed.data) };
	}

	async signUp(email: string): Promise<void> {
		const res = await this.post('/inscription', { name: this.name, email, password: PASSWORD, passwordConfirm: PASSWORD });
		expect(res.status, `inscription de ${this.name} : ${res.body.slice(0, 300)}`).toBe(303);
		expect(this.cookie).toMatch(/^session=./);
	}
}

interface World {
	communeId: string;
	a: Client;
	b: Client;
	/** A support both DPDs edit. */
	supportId: string;
}

/** The first account (DPD of Glanon) and a second DPD invited by the first. */
async function setUp(server: OwnServer, tag: string): Promise<World> {
	const stamp = `${tag}-${Date.now().toString(36)}`;
	const a = new Client(server, 'Claire DPD');
	await a.signUp(`claire-${stamp}@example.test`);
	const created = await a.post('/communes/nouvelle', { type: 'commune', officialCode: '21301', address: '1 place de la Mairie', mayorName: 'Dominique Martin', email: '', phone: '' });
	expect(created.status, created.body.slice(0, 300)).toBe(303);
	const communeId = /\/c\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1]!;
	const invitation = await a.action(`/c/${communeId}/membres?/invite`, { role: 'dpd', label: 'Second DPD' });
	expect(invitation.type).toBe('success');
	const token = /\/invitation\/([^/?#]+)/.exec(String(invitation.data.link))![1]!;
	const b = new Client(server, 'Bob Second DPD');
	await b.signUp(`bob-${stamp}@example.test`);
	const accepted = await b.action(`/invitation/${token}?/accepter`, {});
	expect(accepted, 'invitation acceptée').toMatchObject({ type: 'redirect', location: `/c/${communeId}` });
	const support = await createSupport(a, communeId, 'Support partagé');
	expect(support).not.toBeNull();
	return { communeId, a, b, supportId: support! };
}

const stepPath = (communeId: string) => `/c/${communeId}/recettes/${STEP.recipe}/${STEP.step}?/save`;

/** Creates a support (the « nouveau » form); its id, or null when the server did not say it was created. */
async function createSupport(client: Client, communeId: string, name: string, opts: { hold?: Promise<void>; onContinue?: () => void } = {}): Promise<string | null> {
	const answer = await client.action(
		`/c/${communeId}/fiches/support/nouveau`,
		{ _fields: 'category,name,location,users', category: 'papier', name, location: 'Armoire du secrétariat', users: 'La secrétaire' },
		opts
	);
	if (answer.type !== 'redirect') return null;
	return /\/fiches\/support\/([0-9a-f-]{36})/.exec(answer.location ?? '')?.[1] ?? null;
}

// ---- load ------------------------------------------------------------------------------------------

/** A save the server answered as done, with what it saved. */
interface Done {
	what: 'step' | 'create' | 'edit';
	field: string;
	value: string;
	/** The version it produced (a step, an edited record), or the created record's id. */
	version?: number;
	id?: string;
}

interface Load {
	done: Done[];
	started: number;
	answered: number;
	/** Refusals and unexpected answers while the server was up (must be none). */
	problems: string[];
	stop(): void;
	finished: Promise<void>;
}

/**
 * Seven clients saving as fast as they can, each on its own: three step fields, two creators of
 * supports, two editors of the shared support (one field each, so that none conflicts). Each
 * sends the version it last got back, as the page does (none for its first save).
 */
function startLoad(world: World, round: string): Load {
	const { communeId, a, b, supportId } = world;
	let stopped = false;
	const load: Load = { done: [], started: 0, answered: 0, problems: [], stop: () => (stopped = true), finished: Promise.resolve() };
	const loop = async (body: (i: number) => Promise<void>) => {
		for (let i = 0; !stopped; i++) {
			load.started += 1;
			try {
				await body(i);
				load.answered += 1;
			} catch (err) {
				// Connection cut by the kill: the outcome of this save is unknown.
				if (!stopped) load.problems.push(String(err));
				return;
			}
		}
	};
	const stepLoop = (client: Client, field: string, value: (i: number) => string) => {
		let version = 0;
		return loop(async (i) => {
			const v = value(i);
			const form: Record<string, string> = { _fields: field, [field]: v, intent: 'autosave' };
			if (version) form._version = String(version);
			const answer = await client.action(stepPath(communeId), form);
			if (answer.type === 'success') {
				version = Number(answer.data.version);
				load.done.push({ what: 'step', field, value: v, version });
			} else if (!stopped) load.problems.push(`étape ${field}=${v} : ${JSON.stringify(answer)}`);
		});
	};
	const createLoop = (client: Client, tag: string) =>
		loop(async (i) => {
			const name = `Classeur ${round}-${tag}-${i}`;
			const id = await createSupport(client, communeId, name);
			if (id) load.done.push({ what: 'create', field: 'name', value: name, id });
			else if (!stopped) load.problems.push(`création ${name} refusée`);
		});
	const editLoop = (client: Client, field: string) => {
		let version = 0;
		return loop(async (i) => {
			const v = `${field} ${round}-${i}`;
			const form: Record<string, string> = { _fields: field, [field]: v, intent: 'autosave' };
			if (version) form._version = String(version);
			const answer = await client.action(`/c/${communeId}/fiches/support/${supportId}?/save`, form);
			if (answer.type === 'success') {
				version = Number(answer.data.version);
				load.done.push({ what: 'edit', field, value: v, version, id: supportId });
			} else if (!stopped) load.problems.push(`fiche ${field}=${v} : ${JSON.stringify(answer)}`);
		});
	};
	load.finished = Promise.all([
		stepLoop(a, 'lastName', (i) => `Martinot ${round}-${i}`),
		stepLoop(b, 'firstName', (i) => `Sophie ${round}-${i}`),
		stepLoop(a, 'postalAddress', (i) => `Mairie, ${i} rue de l’Église, 21250 Glanon (${round})`),
		createLoop(a, 'a'),
		createLoop(b, 'b'),
		editLoop(a, 'location'),
		editLoop(b, 'users')
	]).then(() => {});
	return load;
}

async function waitFor(condition: () => boolean, what: string, timeout = 120_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`attente trop longue : ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

// ---- the database, checked directly ------------------------------------------------------------------

async function withDatabase<T>(server: OwnServer, fn: (db: Db) => Promise<T>): Promise<T> {
	const database = await openDatabase({ ...server.databaseOptions(), migrate: false });
	try {
		return await fn(database.db);
	} finally {
		await database.close();
	}
}

type Change = { avant: unknown; apres: unknown };
const changeOf = (changes: Record<string, unknown>, label: string) => changes[label] as Change | undefined;

/**
 * Nothing half-written in the commune: every record has one creation entry, one modification entry
 * per version after the first, and field_meta at its version; the step's version counts its
 * journal entries; no journal entry names a record that is not there. Then every answered save
 * is there. Returns the step's row and the commune's records, for more checks.
 */
async function checkDatabase(db: Db, world: World, done: Done[]) {
	const { communeId } = world;
	const audit = await db.select().from(auditLog).where(eq(auditLog.communeId, communeId)).orderBy(asc(auditLog.id));
	const all = await db.select().from(records).where(eq(records.communeId, communeId));
	const byId = new Map(all.map((r) => [r.id, r]));
	for (const r of all) {
		const entries = audit.filter((e) => e.entityId === r.id);
		expect(entries.filter((e) => e.action === 'création'), `création de ${r.id} journalisée une fois`).toHaveLength(1);
		expect(entries.filter((e) => e.action === 'modification'), `une entrée par version de ${r.id}`).toHaveLength(r.version - 1);
		const metaVersions = Object.values(r.fieldMeta).map((m) => m.version);
		expect(Math.max(...metaVersions), `field_meta de ${r.id} à sa version`).toBe(r.version);
		for (const name of Object.keys(r.fieldMeta)) expect(name in r.data, `${name} de ${r.id} a sa réponse`).toBe(true);
	}
	for (const e of audit.filter((x) => x.entity === 'support')) expect(byId.has(e.entityId), `l’entrée ${e.id} du journal a son support`).toBe(true);

	const [step] = await db
		.select()
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, STEP.recipe), eq(stepAnswers.stepId, STEP.step)));
	const stepJournal = audit.filter((e) => e.entityId === STEP.key);
	expect(step?.version ?? 0, 'une entrée du journal par version de l’étape').toBe(stepJournal.length);
	if (step) {
		expect(Math.max(...Object.values(step.fieldMeta).map((m) => m.version))).toBe(step.version);
		// Each field's answer is the last one the journal gives it.
		for (const [field, label] of Object.entries(STEP_LABELS)) {
			const last = stepJournal.filter((e) => changeOf(e.changes, label)).at(-1);
			if (last) expect(step.answers[field], `${field} : sa dernière valeur journalisée`).toBe(changeOf(last.changes, label)!.apres);
		}
	}

	// Every save answered as done is there: the n-th version of the step or of the record is it.
	for (const d of done) {
		if (d.what === 'step') {
			const entry = stepJournal[d.version! - 1];
			expect(entry && changeOf(entry.changes, STEP_LABELS[d.field]!)?.apres, `étape, ${d.field} = ${d.value} (version ${d.version})`).toBe(d.value);
		} else if (d.what === 'create') {
			expect(byId.get(d.id!)?.data.name, `support ${d.value} créé`).toBe(d.value);
		} else {
			const entries = audit.filter((e) => e.entityId === d.id);
			const entry = entries[d.version! - 1];
			expect(entry && changeOf(entry.changes, SUPPORT_LABELS[d.field]!)?.apres, `fiche, ${d.field} = ${d.value} (version ${d.version})`).toBe(d.value);
		}
	}
	return { step, records: all };
}

function lockOwner(server: OwnServer): number | null {
	const dir = server.pgliteDir;
	if (!dir || !existsSync(`${dir}.lock`)) return null;
	return Number(readFileSync(`${dir}.lock`, 'utf8'));
}

/** The server has closed its listening socket: a new connection is refused. */
async function refusesConnections(server: OwnServer): Promise<void> {
	const port = Number(new URL(server.url).port);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const refused = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(false);
			});
			socket.once('error', () => resolve(true));
		});
		if (refused) return;
		if (Date.now() > deadline) throw new Error('le serveur accepte encore des connexions 60 s après SIGTERM');
		await new Promise((r) => setTimeout(r, 20));
	}
}

// ---- the tests ---------------------------------------------------------------------------------------

test('SIGKILL in the middle of saves: after a restart every answered save is there, none half-written', async () => {
	test.setTimeout(480_000);
	const server = new OwnServer('crash-kill');
	await server.start();
	try {
		const world = await setUp(server, 'kill');
		const done: Done[] = [];
		for (const round of ['r1', 'r2']) {
			const load = startLoad(world, round);
			// Until every kind of save has been answered a few times, and at least 60 in all.
			await waitFor(
				() =>
					load.problems.length > 0 ||
					(load.done.length >= 60 && (['step', 'create', 'edit'] as const).every((w) => load.done.filter((d) => d.what === w).length >= 5)),
				'des enregistrements'
			);
			expect(load.problems, 'no save refused while the server runs').toEqual([]);
			const pid = server.pid;
			const inFlight = load.started - load.answered;
			const exit = await server.signal('SIGKILL');
			load.stop();
			await load.finished;
			expect(exit.signal).toBe('SIGKILL');
			done.push(...load.done);
			console.log(`[crash] ${round} : ${load.done.length} enregistrements confirmés, ${inFlight} en cours au moment du SIGKILL`);
			expect(inFlight, 'saves were in flight when the server was killed').toBeGreaterThan(0);
			// The dead server's lock is left behind; the restart takes it over.
			if (server.pgliteDir) expect(lockOwner(server)).toBe(pid);
			await server.restart();
			if (server.pgliteDir) expect(lockOwner(server)).toBe(server.pid);
			// The restarted server works: a save from the version on the page now.
			const now = await world.b.action(stepPath(world.communeId), { _fields: 'firstName', firstName: `Sophie après ${round}`, intent: 'autosave' });
			expect(now.type, JSON.stringify(now)).toBe('success');
			done.push({ what: 'step', field: 'firstName', value: `Sophie après ${round}`, version: Number(now.data.version) });
		}
		const exit = await server.signal('SIGTERM');
		expect(exit, server.output()).toEqual({ code: 0, signal: null, timedOut: false });
		expect(lockOwner(server), 'lock removed').toBeNull();
		await withDatabase(server, async (db) => {
			const { step, records: all } = await checkDatabase(db, world, done);
			expect(step!.answers.firstName).toBe('Sophie après r2');
			expect(all.length).toBeGreaterThan(done.filter((d) => d.what === 'create').length);
		});
	} finally {
		await server.stop();
	}
});

test('SIGTERM with saves in flight: they complete and are answered, then the server ends by itself', async () => {
	test.setTimeout(300_000);
	const server = new OwnServer('crash-term');
	await server.start();
	try {
		const world = await setUp(server, 'term');
		const { communeId, a, b, supportId } = world;
		// The server receives each request's headers, not its body, until SIGTERM has been handled.
		let release!: () => void;
		const hold = new Promise<void>((r) => (release = r));
		let received = 0;
		const onContinue = () => (received += 1);
		const opts = { hold, onContinue };
		const saves: Promise<Done | null>[] = [];
		for (let i = 0; i < 4; i++) {
			const client = i % 2 ? b : a;
			const field = i % 2 ? 'firstName' : 'lastName';
			const value = `${field} en vol ${i}`;
			saves.push(
				client.action(stepPath(communeId), { _fields: field, [field]: value, intent: 'autosave' }, opts).then((r) => {
					expect(r.type, JSON.stringify(r)).toBe('success');
					return { what: 'step', field, value, version: Number(r.data.version) };
				})
			);
			const name = `Classeur en vol ${i}`;
			saves.push(createSupport(client, communeId, name, opts).then((id) => (expect(id, name).not.toBeNull(), { what: 'create', field: 'name', value: name, id: id! })));
		}
		saves.push(
			a.action(`/c/${communeId}/fiches/support/${supportId}?/save`, { _fields: 'location', location: 'Salle des archives', intent: 'autosave' }, opts).then((r) => {
				expect(r.type, JSON.stringify(r)).toBe('success');
				return { what: 'edit', field: 'location', value: 'Salle des archives', version: Number(r.data.version), id: supportId };
			})
		);
		await waitFor(() => received === saves.length, 'toutes les requêtes reçues par le serveur');
		const pid = server.pid;
		const exited = server.waitForExit(undefined, 120_000);
		process.kill(pid, 'SIGTERM');
		await refusesConnections(server);
		// The server no longer accepts connections; the requests it has go on.
		release();
		const done = (await Promise.all(saves)).filter((d): d is Done => d !== null);
		expect(done).toHaveLength(saves.length);
		const exit = await exited;
		expect(exit, server.output()).toEqual({ code: 0, signal: null, timedOut: false });
		expect(lockOwner(server), 'lock removed').toBeNull();
		await withDatabase(server, (db) => checkDatabase(db, world, done));
		// And it starts again cleanly.
		await server.restart();
		const again = await b.action(stepPath(communeId), { _fields: 'firstName', firstName: 'Sophie', intent: 'autosave' });
		expect(again.type).toBe('success');
	} finally {
		await server.stop();
	}
});

test('dozens of saves of the same answer from the same version over HTTP: one is saved, the others are refused', async () => {
	test.setTimeout(300_000);
	const server = new OwnServer('crash-race');
	await server.start();
	try {
		const world = await setUp(server, 'race');
		const { communeId, a, b, supportId } = world;
		const first = await a.action(stepPath(communeId), { _fields: 'lastName', lastName: 'Initial', intent: 'autosave' });
		const base = String(first.data.version);
		const steps = await Promise.all(
			Array.from({ length: 24 }, (_, i) => {
				const value = `Martinot ${i}`;
				return (i % 2 ? b : a).action(stepPath(communeId), { _fields: 'lastName', lastName: value, _version: base, intent: 'autosave' }).then((r) => ({ value, r }));
			})
		);
		const editBase = '1';
		const edits = await Promise.all(
			Array.from({ length: 24 }, (_, i) => {
				const value = `Armoire ${i}`;
				return (i % 2 ? b : a).action(`/c/${communeId}/fiches/support/${supportId}?/save`, { _fields: 'location', location: value, _version: editBase, intent: 'autosave' }).then((r) => ({ value, r }));
			})
		);
		const done: Done[] = [];
		for (const [what, list] of [['step', steps], ['edit', edits]] as const) {
			const accepted = list.filter((x) => x.r.type === 'success');
			const refused = list.filter((x) => x.r.type === 'failure');
			expect(accepted, `${what} : une seule acceptée`).toHaveLength(1);
			expect(refused, `${what} : les autres refusées`).toHaveLength(list.length - 1);
			for (const x of refused) expect(x.r.status, `${what} : ${x.value} refusée comme conflit`).toBe(409);
			const [winner] = accepted;
			done.push({ what, field: what === 'step' ? 'lastName' : 'location', value: winner!.value, version: Number(winner!.r.data.version), id: what === 'edit' ? supportId : undefined });
		}
		const exit = await server.signal('SIGTERM');
		expect(exit, server.output()).toEqual({ code: 0, signal: null, timedOut: false });
		await withDatabase(server, async (db) => {
			const { step, records: all } = await checkDatabase(db, world, done);
			expect(step!.version).toBe(Number(base) + 1);
			expect(step!.answers.lastName).toBe(done[0]!.value);
			const support = all.find((r) => r.id === supportId)!;
			expect(support.version).toBe(2);
			expect(support.data.location).toBe(done[1]!.value);
		});
	} finally {
		await server.stop();
	}
});
