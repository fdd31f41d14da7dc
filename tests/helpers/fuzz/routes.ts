// The application's routes as the fuzz test calls them, in process: every form action, every
// server load and every endpoint, found by globbing src/routes (a new route is fuzzed without
// being listed anywhere), called with a real Request and a RequestEvent like SvelteKit's, and
// their outcome mapped to the HTTP status SvelteKit would answer.
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { stringify } from 'devalue';

type Module = Record<string, unknown>;
type Handler = (event: unknown) => unknown;

const PAGE_SERVERS = import.meta.glob<Module>('/src/routes/**/+page.server.ts');
const LAYOUT_SERVERS = import.meta.glob<Module>('/src/routes/**/+layout.server.ts');
const ENDPOINTS = import.meta.glob<Module>('/src/routes/**/+server.ts');

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'] as const;

export interface Target {
	/** "POST /c/[communeId]/membres ?/invite", "GET /healthz", "LOAD /c/[communeId]/journal"… */
	id: string;
	routeId: string;
	file: string;
	kind: 'action' | 'load' | 'endpoint';
	/** The action's name, 'load', or the endpoint's method. */
	name: string;
	/** The route's parameters, in the order of the path. */
	params: string[];
	handler: Handler;
}

const PARAM = /\[\[?(?:\.\.\.)?(\w+)(?:=\w+)?\]\]?/g;

function routeIdOf(file: string): string {
	return file.replace(/^\/src\/routes/, '').replace(/\/\+(page\.server|layout\.server|server)\.ts$/, '') || '/';
}

function paramsOf(routeId: string): string[] {
	return [...routeId.matchAll(PARAM)].map((m) => m[1]!);
}

/** Every action, server load and endpoint handler of the application. */
export async function discoverTargets(): Promise<Target[]> {
	const targets: Target[] = [];
	const add = (file: string, kind: Target['kind'], name: string, handler: unknown) => {
		if (typeof handler !== 'function') throw new Error(`${file}: ${name} is not a function`);
		const routeId = routeIdOf(file);
		const verb = kind === 'action' ? 'POST' : kind === 'load' ? 'LOAD' : name;
		const id = `${verb} ${routeId}${kind === 'action' ? ` ?/${name}` : file.includes('+layout') ? ' (layout)' : ''}`;
		targets.push({ id, routeId, file, kind, name, params: paramsOf(routeId), handler: handler as Handler });
	};
	for (const [file, load] of Object.entries({ ...PAGE_SERVERS, ...LAYOUT_SERVERS })) {
		const mod = await load();
		if (mod.load) add(file, 'load', 'load', mod.load);
		for (const [name, action] of Object.entries((mod.actions as Record<string, unknown> | undefined) ?? {})) add(file, 'action', name, action);
	}
	for (const [file, load] of Object.entries(ENDPOINTS)) {
		const mod = await load();
		for (const method of METHODS) if (mod[method]) add(file, 'endpoint', method, mod[method]);
	}
	return targets.sort((a, b) => a.id.localeCompare(b.id));
}

// ---- requests -------------------------------------------------------------------------------

export const ORIGIN = 'http://fuzz.localhost';
export const CLIENT_ADDRESS = '203.0.113.7';

/** What SvelteKit's router hands a route: never a lone surrogate (the URL is UTF-8), never empty. */
export function routable(value: string): string {
	const s = value.toWellFormed();
	return s === '' ? '-' : s;
}

function percentEncode(s: string): string {
	let out = '';
	for (const b of new TextEncoder().encode(s)) {
		const c = String.fromCharCode(b);
		out += /[A-Za-z0-9\-._~!$&'()*+,;=:@]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

/** The URL of the route with these parameters and query. */
export function routeUrl(routeId: string, params: Record<string, string>, query: [string, string][]): URL {
	const path = routeId
		.split('/')
		.filter((seg) => !/^\(.*\)$/.test(seg))
		.map((seg) => seg.replace(PARAM, (_, name: string) => percentEncode(params[name] ?? '')))
		.join('/');
	const url = new URL((path || '/') + '', ORIGIN);
	for (const [k, v] of query) url.searchParams.append(k.toWellFormed(), v.toWellFormed());
	return url;
}

/** SvelteKit's cookies, strict as it is: `path` is required to set or delete a cookie. */
function cookieJar() {
	const jar = new Map<string, string>();
	return {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set(name: string, value: string, opts: { path?: string }) {
			if (!opts?.path) throw new Error(`cookies.set('${name}') without a path`);
			jar.set(name, value);
		},
		delete(name: string, opts: { path?: string }) {
			if (!opts?.path) throw new Error(`cookies.delete('${name}') without a path`);
			jar.delete(name);
		},
		serialize: (name: string, value: string) => `${name}=${value}`
	};
}

export interface EventInput {
	target: Target;
	url: URL;
	params: Record<string, string>;
	locals: App.Locals;
	request: Request;
}

export function requestEvent({ target, url, params, locals, request }: EventInput) {
	return {
		request,
		url,
		params,
		locals,
		route: { id: target.routeId },
		cookies: cookieJar(),
		fetch: () => Promise.reject(new Error('fetch is not available to the fuzzed routes')),
		getClientAddress: () => CLIENT_ADDRESS,
		platform: undefined,
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		// Server loads only.
		parent: async () => ({}),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn()
	};
}

// ---- outcomes ----------------------------------------------------------------------------------

export type Outcome =
	| { status: number; kind: 'data'; data: unknown }
	| { status: number; kind: 'failure'; data: unknown }
	| { status: number; kind: 'redirect'; location: string }
	| { status: number; kind: 'error'; message: unknown }
	| { status: number; kind: 'response'; body: string }
	/** Anything else thrown: SvelteKit answers 500. */
	| { status: 500; kind: 'crash'; error: unknown };

const serializable = (value: unknown): unknown => {
	try {
		stringify(value);
		return null;
	} catch (err) {
		return err;
	}
};

/** Calls the handler and answers what SvelteKit would: its status and what the page shows. */
export async function invoke(target: Target, event: unknown): Promise<Outcome> {
	let result: unknown;
	try {
		result = await target.handler(event);
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, kind: 'redirect', location: err.location };
		if (isHttpError(err)) return { status: err.status, kind: 'error', message: err.body?.message };
		return { status: 500, kind: 'crash', error: err };
	}
	if (target.kind === 'endpoint') {
		if (!(result instanceof Response)) return { status: 500, kind: 'crash', error: new Error('the endpoint did not return a Response') };
		// The whole body is read: a stream that fails half-way is a failure too, and any write made
		// while streaming is over before the next case.
		let body: Uint8Array;
		try {
			body = new Uint8Array(await result.arrayBuffer());
		} catch (err) {
			return { status: 500, kind: 'crash', error: err };
		}
		const text = result.status >= 400 ? new TextDecoder().decode(body) : `(${body.length} octets)`;
		return { status: result.status, kind: 'response', body: text };
	}
	if (isRedirect(result) || isHttpError(result)) {
		return { status: 500, kind: 'crash', error: new Error('a redirect or an error was returned instead of thrown') };
	}
	// Action data and load data go through devalue: what it cannot serialize is a 500.
	const payload = isActionFailure(result) ? result.data : result;
	const problem = serializable(payload);
	if (problem) return { status: 500, kind: 'crash', error: problem };
	if (isActionFailure(result)) return { status: result.status, kind: 'failure', data: result.data };
	return { status: 200, kind: 'data', data: result };
}
