// Tenancy walk: every route under src/routes/c/[communeId]/, discovered from the filesystem when
// the tests start, is requested by a user who is not a member of the commune in the URL. Each page
// (GET) and each of its form actions (POST) must answer 404 — never the data, never a 403 that
// would confirm the commune exists. A non-UUID id answers 404 too, and an anonymous visitor is
// sent to /connexion.
//
// How routes become URLs:
//   - `[communeId]` is the commune under test (another user's commune, a non-UUID, …);
//   - other parameters take the value given in PARAM_VALUES below, looked up first as
//     "<previous segment>/[param]" (the same name can mean different things: documents/[kind] is
//     a document template, fiches/[kind] a kind of record), then as "[param]"; add one when a new
//     parameter appears. An unknown parameter gets a random UUID;
//   - when every parameter of a route names something that exists in any commune (a recipe, a
//     step, a kind — listed in EXISTING), the route must first answer 200 for the user's own
//     commune, so that the 404 for another commune really comes from the tenancy check; routes
//     with row ids (a record, a document: random UUIDs here) skip that check;
//   - route groups `(name)` vanish from the URL; optional `[[x]]` and rest `[...x]` params are
//     filled like the others;
//   - for a +page.server.ts, the named actions are read from `export const actions = { … }`:
//     `default` posts to the page URL, a named one to `?/name`; a page without a server file is
//     only requested with GET;
//   - for a +server.ts, every exported HTTP method (GET, POST, PUT, PATCH, DELETE) is requested.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
	BASE_URL,
	createCommuneOverHttp,
	FORM_HEADERS,
	inviteOverHttp,
	newAccount,
	signUpOverHttp,
	type Account
} from './helpers';

/** Plausible values for the parameters other than [communeId] (documented above). */
const PARAM_VALUES: Record<string, string> = {
	'recettes/[recipeId]': 'dpd',
	'[stepId]': 'type', // a step of the "dpd" recipe
	'documents/[kind]': 'lettre_mission',
	'fiches/[kind]': 'activity',
	'[recordId]': '3f2b8c1e-7d4a-4c55-9a61-0b9e2f6d1c47',
	'[docId]': '6a1d2e3f-4b5c-4d6e-8f70-8192a3b4c5d6'
};
/** The values above that exist in every commune (not row ids). */
const EXISTING = new Set(['recettes/[recipeId]', '[stepId]', 'documents/[kind]', 'fiches/[kind]']);

const ROUTES_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'routes', 'c', '[communeId]');
const PAGE_FILES = new Set(['+page.svelte', '+page.ts', '+page.js', '+page.server.ts', '+page.server.js']);
const ENDPOINT_FILES = new Set(['+server.ts', '+server.js']);
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof HTTP_METHODS)[number];

interface DiscoveredRoute {
	/** The route as in the filesystem, e.g. /c/[communeId]/membres. */
	id: string;
	kind: 'page' | 'endpoint';
	/** Builds the URL for a commune id. */
	url: (communeId: string) => string;
	/** Whether every parameter other than [communeId] names something that exists (see EXISTING). */
	resolvable: boolean;
	/** Pages: the form actions ('default' or names). Endpoints: the HTTP methods. */
	actions: string[];
	methods: Method[];
}

/** The top-level keys of the object literal that follows `export const actions`. */
function parseActionNames(source: string): string[] {
	const start = /export\s+const\s+actions\s*(?::[^=]+)?=\s*\{/.exec(source);
	if (!start) return [];
	let i = start.index + start[0].length;
	let depth = 1;
	let top = '';
	let quote: string | null = null;
	for (; i < source.length && depth > 0; i++) {
		const ch = source[i]!;
		if (quote) {
			if (ch === '\\') i++;
			else if (ch === quote) quote = null;
			// A quoted key at the top level ("remove": …) keeps its name.
			else if (depth === 1) top += ch;
			continue;
		}
		if (ch === '"' || ch === "'" || ch === '`') {
			quote = ch;
			continue;
		}
		if (ch === '/' && source[i + 1] === '/') {
			i = source.indexOf('\n', i);
			if (i < 0) break;
			continue;
		}
		if (ch === '/' && source[i + 1] === '*') {
			i = source.indexOf('*/', i) + 1;
			continue;
		}
		if ('{(['.includes(ch)) depth++;
		else if ('})]'.includes(ch)) depth--;
		else if (depth === 1) top += ch;
	}
	const names: string[] = [];
	for (const segment of top.split(',')) {
		// `name: async (event) => …`, `name: handler`, `name(event) { … }`, `async name() {…}`, `name` (shorthand)
		const m = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|$)/.exec(segment);
		if (m?.[1] && m[1] !== 'async') names.push(m[1]);
	}
	return [...new Set(names)];
}

/** The HTTP methods exported by a +server.ts. */
function parseMethods(source: string): Method[] {
	return HTTP_METHODS.filter((m) =>
		new RegExp(`export\\s+(?:async\\s+)?(?:function\\s+${m}\\b|const\\s+${m}\\b)|export\\s*\\{[^}]*\\b${m}\\b`).test(source)
	);
}

function discoverRoutes(): DiscoveredRoute[] {
	const files = (readdirSync(ROUTES_ROOT, { recursive: true }) as string[]).map((f) => f.split(sep).join('/'));
	const byDir = new Map<string, string[]>();
	for (const f of files) {
		const name = f.split('/').pop()!;
		if (!PAGE_FILES.has(name) && !ENDPOINT_FILES.has(name)) continue;
		const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
		byDir.set(dir, [...(byDir.get(dir) ?? []), name]);
	}
	const routes: DiscoveredRoute[] = [];
	for (const [dir, names] of [...byDir.entries()].sort(([a], [b]) => a.localeCompare(b))) {
		const segments = dir ? dir.split('/').filter((s) => !/^\(.*\)$/.test(s)) : [];
		let resolvable = true;
		const path = segments
			.map((s, i) =>
				s.replace(/\[\[?(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]?\]/g, (_all, param: string) => {
					const key = [`${segments[i - 1] ?? ''}/[${param}]`, `[${param}]`].find((k) => k in PARAM_VALUES);
					if (!key || !EXISTING.has(key)) resolvable = false;
					return key ? PARAM_VALUES[key]! : randomUUID();
				})
			)
			.join('/');
		const id = ['/c/[communeId]', dir].filter(Boolean).join('/');
		const url = (communeId: string) => `/c/${encodeURIComponent(communeId)}${path ? `/${path}` : ''}`;
		const read = (file: string) => readFileSync(join(ROUTES_ROOT, dir, file), 'utf8');
		if (names.some((n) => PAGE_FILES.has(n))) {
			const server = names.find((n) => n.startsWith('+page.server.'));
			routes.push({ id, kind: 'page', url, resolvable, actions: server ? parseActionNames(read(server)) : [], methods: ['GET'] });
		}
		const endpoint = names.find((n) => ENDPOINT_FILES.has(n));
		if (endpoint) {
			routes.push({ id, kind: 'endpoint', url, resolvable, actions: [], methods: parseMethods(read(endpoint)) });
		}
	}
	return routes;
}

const ROUTES = discoverRoutes();

/** The requests that exercise a route: GET the page, POST each action; or each endpoint method. */
function requestsOf(route: DiscoveredRoute, communeId: string): { label: string; method: Method; url: string }[] {
	const base = route.url(communeId);
	if (route.kind === 'endpoint') return route.methods.map((method) => ({ label: method, method, url: base }));
	return [
		{ label: 'GET', method: 'GET', url: base },
		...route.actions.map((a) => ({
			label: `POST ${a === 'default' ? '(default)' : `?/${a}`}`,
			method: 'POST' as const,
			url: a === 'default' ? base : `${base}?/${a}`
		}))
	];
}

/** A plausible form for any action: ids, a role, text fields. */
const ANY_FORM = {
	id: '5d7c8b9a-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
	role: 'dpd',
	label: 'Intrus',
	name: 'Intrus',
	address: 'Adresse pirate',
	mayorName: 'Pirate',
	email: 'pirate@example.test',
	phone: '0300000000',
	siren: ''
};

async function send(ctx: APIRequestContext, method: Method, url: string, accept = 'text/html'): Promise<APIResponse> {
	return ctx.fetch(url, {
		method,
		headers: { ...FORM_HEADERS, accept },
		form: method === 'GET' ? undefined : ANY_FORM,
		maxRedirects: 0
	});
}

/** Number of entries in a commune's journal, as its DPD sees it. */
async function journalSize(ctx: APIRequestContext, communeId: string): Promise<number> {
	const res = await ctx.get(`/c/${communeId}/journal`, { headers: { accept: 'text/html' } });
	expect(res.status()).toBe(200);
	return ((await res.text()).match(/<tr>/g) ?? []).length;
}

let userA: Account;
let userB: Account;
let ctxA: APIRequestContext;
let ctxB: APIRequestContext;
let communeA: string;
let communeB: string;
const COMMUNE_B_NAME = 'Pagny-la-Ville';

test.beforeAll(async () => {
	userA = newAccount('tenant-a', 'Ariane Alpha');
	userB = newAccount('tenant-b', 'Bruno Bravo');
	ctxA = await signUpOverHttp(userA);
	ctxB = await signUpOverHttp(userB);
	communeA = await createCommuneOverHttp(ctxA, '21301'); // Glanon
	communeB = await createCommuneOverHttp(ctxB, '21474'); // Pagny-la-Ville
});

test.afterAll(async () => {
	await ctxA?.dispose();
	await ctxB?.dispose();
});

test('la découverte trouve les pages d’une commune et leurs actions', () => {
	const ids = ROUTES.map((r) => r.id);
	for (const expected of ['/c/[communeId]', '/c/[communeId]/identite', '/c/[communeId]/membres', '/c/[communeId]/journal']) {
		expect(ids).toContain(expected);
	}
	expect(ROUTES.find((r) => r.id === '/c/[communeId]/membres')?.actions).toEqual(expect.arrayContaining(['invite', 'remove', 'revoke']));
	expect(ROUTES.find((r) => r.id === '/c/[communeId]/identite')?.actions).toEqual(['default']);
	// The action parser itself, on the forms it must understand.
	expect(parseActionNames('export const actions = { default: async (event) => { const x = { a: 1 }; } };')).toEqual(['default']);
	expect(parseActionNames('export const actions: Actions = {\n\tsave: async ({ request }) => {},\n\t"remove": handler,\n\tshort\n} satisfies Actions;')).toEqual(['save', 'remove', 'short']);
	expect(parseActionNames('export async function load() {}')).toEqual([]);
});

for (const route of ROUTES) {
	test.describe(`${route.kind === 'page' ? 'page' : 'point d’accès'} ${route.id}`, () => {
		test('un membre d’une autre commune reçoit 404, et rien ne change', async () => {
			const before = await journalSize(ctxB, communeB);
			if (route.resolvable && route.methods.includes('GET')) {
				// Sanity: the same route answers for the user's own commune.
				const own = await send(ctxA, 'GET', route.url(communeA));
				expect(own.status(), `${route.url(communeA)} pour sa propre commune`).toBe(200);
			}
			for (const r of requestsOf(route, communeB)) {
				for (const accept of ['text/html', 'application/json']) {
					const res = await send(ctxA, r.method, r.url, accept);
					expect(res.status(), `${r.label} ${r.url} (Accept: ${accept})`).toBe(404);
					const body = await res.text();
					expect(body, `${r.label} ${r.url} ne révèle pas la commune`).not.toContain(COMMUNE_B_NAME);
				}
			}
			expect(await journalSize(ctxB, communeB), 'le journal de la commune B est inchangé').toBe(before);
		});

		test('un identifiant qui n’est pas un UUID reçoit 404', async () => {
			for (const bad of ['pas-un-uuid', '123', `${communeA}x`, "1' OR '1'='1"]) {
				for (const r of requestsOf(route, bad)) {
					const res = await send(ctxA, r.method, r.url);
					expect(res.status(), `${r.label} ${r.url}`).toBe(404);
				}
			}
		});

		test('un visiteur anonyme est envoyé vers /connexion', async ({ playwright }) => {
			const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
			try {
				for (const r of requestsOf(route, communeB)) {
					const res = await send(anonymous, r.method, r.url);
					expect(res.status(), `${r.label} ${r.url}`).toBe(303);
					const location = res.headers()['location'] ?? '';
					expect(location, `${r.label} ${r.url}`).toMatch(/^\/connexion\?suite=/);
					expect(decodeURIComponent(location.slice('/connexion?suite='.length))).toContain(`/c/${communeB}`);
					expect(await res.text()).not.toContain(COMMUNE_B_NAME);
				}
			} finally {
				await anonymous.dispose();
			}
		});
	});
}

test('un élu ne peut pas modifier l’identité ni inviter : 403, et rien ne change', async () => {
	const elu = newAccount('tenant-elu', 'Élodie Élue');
	const link = await inviteOverHttp(ctxA, communeA, 'elu');
	const ctxElu = await signUpOverHttp(elu);
	try {
		const token = new URL(link).pathname;
		const accepted = await ctxElu.post(`${token}?/accepter`, { headers: FORM_HEADERS, form: {}, maxRedirects: 0 });
		expect(accepted.status()).toBe(303);
		expect(accepted.headers()['location']).toBe(`/c/${communeA}`);

		const identity = async () => (await (await ctxA.get(`/c/${communeA}/identite`, { headers: { accept: 'text/html' } })).text()).match(/<input[^>]+name="mayorName"[^>]*>/)?.[0];
		const before = await identity();
		expect(before).toContain('Dominique Martin');
		const journalBefore = await journalSize(ctxA, communeA);

		// The elu reads the commune…
		const read = await ctxElu.get(`/c/${communeA}/identite`, { headers: { accept: 'text/html' } });
		expect(read.status()).toBe(200);
		expect(await read.text()).toContain('en lecture seule');

		// …but may not change it, with or without JavaScript.
		for (const accept of ['text/html', 'application/json']) {
			const res = await ctxElu.post(`/c/${communeA}/identite`, {
				headers: { ...FORM_HEADERS, accept },
				form: { address: 'Adresse pirate', mayorName: 'Pirate', siren: '', email: '', phone: '' },
				maxRedirects: 0
			});
			expect(res.status(), `identité (Accept: ${accept})`).toBe(403);
			expect(await res.text()).toContain('Votre rôle dans cette commune permet de consulter, pas de modifier.');
			const invite = await ctxElu.post(`/c/${communeA}/membres?/invite`, {
				headers: { ...FORM_HEADERS, accept },
				form: { role: 'dpd', label: 'Moi-même' },
				maxRedirects: 0
			});
			expect(invite.status(), `invitation (Accept: ${accept})`).toBe(403);
			expect(await invite.text()).not.toContain('/invitation/');
		}
		expect(await identity()).toBe(before);
		expect(await identity()).not.toContain('Pirate');
		expect(await journalSize(ctxA, communeA)).toBe(journalBefore);
	} finally {
		await ctxElu.dispose();
	}
});

// The commune switcher (« Mes communes ») from every kind of page: each link leads to a page that
// exists in the other commune (the same page, or the nearest one above it), never to a 404.
test('les liens « Mes communes » mènent à une page qui existe, depuis chaque sorte de page', async ({ page }) => {
	const account = newAccount('switch', 'Lou Deuxcommunes');
	const ctx = await signUpOverHttp(account);
	const first = await createCommuneOverHttp(ctx);
	const second = await createCommuneOverHttp(ctx, '21425');
	const created = await ctx.post(`${BASE_URL}/c/${first}/fiches/support/nouveau`, {
		headers: FORM_HEADERS,
		form: { _fields: 'category,name,location,users', category: 'papier', name: 'Registre papier', location: 'Armoire', users: 'La secrétaire' },
		maxRedirects: 0
	});
	expect(created.status()).toBe(303);
	const record = /\/fiches\/support\/[0-9a-f-]{36}/.exec(created.headers().location ?? '')?.[0];
	expect(record).toBeTruthy();
	const cookies = (await ctx.storageState()).cookies;
	await ctx.dispose();
	await page.context().addCookies(cookies);

	const pages = ['', '/recettes/dpd', '/recettes/dpd/identite', record!, '/fiches/support/nouveau', '/registre', '/membres', '/dossier', '/obligations', '/journal', '/identite'];
	for (const rest of pages) {
		const response = await page.goto(`/c/${first}${rest}`);
		expect(response?.status(), rest).toBe(200);
		const hrefs = await page.locator('nav.switcher a:not(.add)').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		const toSecond = hrefs.filter((h) => h.startsWith(`/c/${second}`));
		expect(toSecond, `lien vers l’autre commune depuis ${rest || 'le tableau de bord'}`).toHaveLength(1);
		const answer = await page.request.get(toSecond[0]!, { maxRedirects: 0 });
		expect(answer.status(), `${rest} → ${toSecond[0]}`).toBe(200);
	}
});
