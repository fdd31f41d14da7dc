import { building, dev } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { announceSetup } from '$lib/server/auth/setup';
import { closeDatabaseOnShutdown, getDatabase, getDb } from '$lib/server/db';
import { clearSessionCookie, sessionCookieOptions } from '$lib/server/cookies';
import { TOO_LARGE_MESSAGE } from '$lib/server/forms';
import { config, ConfigError } from '$lib/server/config';
import { crossSiteRefusal, isCrossSiteFormPost } from '$lib/server/csrf';
import { describeError } from '$lib/server/log';
import { scheduleRetention } from '$lib/server/retention';

export const init: ServerInit = async () => {
	if (building) return;
	try {
		config();
	} catch (err) {
		// A bad value stops the start: COOKIE_SECURE=False must not quietly mean « secure ».
		if (err instanceof ConfigError) {
			console.error(`[super-chef-rgpd] ${err.message}`);
			process.exit(1);
		}
		throw err;
	}
	const started = performance.now();
	const database = await getDatabase();
	console.log(
		`[super-chef-rgpd] base ${database.kind === 'embedded' ? 'embarquée' : 'serveur'} prête (${database.location}) en ${Math.round(performance.now() - started)} ms`
	);
	closeDatabaseOnShutdown();
	await announceSetup(await getDb());
	scheduleRetention(database.db);
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin'
};

export const handle: Handle = async ({ event, resolve }) => {
	if (isCrossSiteFormPost(event.request, event.url)) return crossSiteRefusal(event.request);
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token && !event.url.pathname.startsWith('/healthz')) {
		const db = await getDb();
		const result = await validateSessionToken(db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(result.session.expiresAt));
		} else {
			clearSessionCookie(event.cookies);
		}
	}
	const response = await resolve(event);
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(k)) response.headers.set(k, v);
	}
	// HTTPS only (ORIGIN https://…, or adapter-node's PROTOCOL_HEADER): over plain HTTP the header is ignored.
	const { hstsMaxAge } = config();
	if (event.url.protocol === 'https:' && hstsMaxAge > 0) {
		response.headers.set('strict-transport-security', `max-age=${hstsMaxAge}`);
	}
	if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
	return response;
};

// SvelteKit's own refusals (unknown route or action, wrong method or content type, body too
// large) come with English texts: the pages show these French ones instead.
const CLIENT_ERROR_MESSAGES: Record<number, string> = {
	400: 'La demande envoyée n’a pas pu être lue. Rechargez la page et réessayez.',
	404: 'Page introuvable',
	405: 'Cette adresse n’accepte pas ce type de demande.',
	413: TOO_LARGE_MESSAGE,
	415: 'Cette page attend un formulaire : le format des données envoyées n’est pas accepté.'
};

export const handleError: HandleServerError = ({ error, status, message }) => {
	// Never the error object itself: a failed query's error carries its parameters (personal data).
	if (status >= 500 || dev) console.error(`[super-chef-rgpd] ${describeError(error)}`);
	return {
		message:
			status >= 500
				? 'Une erreur inattendue est survenue. Vos réponses déjà enregistrées sont conservées.'
				: (CLIENT_ERROR_MESSAGES[status] ?? message)
	};
};
