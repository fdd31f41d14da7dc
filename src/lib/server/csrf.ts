// Cross-site form posts are refused here, in French, rather than by SvelteKit (whose refusal is an
// English sentence): svelte.config.js trusts every origin (`csrf.trustedOrigins: ['*']`) so that
// SvelteKit leaves the check to this function, which `handle` calls first for every request.
// The rule is SvelteKit's own: a form-type body sent with POST, PUT, PATCH or DELETE must come with
// an Origin header equal to the app's origin (ORIGIN, or the request's own host).

// SvelteKit's list, its binary form encoding included.
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CROSS_SITE_MESSAGE =
	'Ce formulaire a été envoyé depuis un autre site que Super Chef RGPD : par sécurité, il est refusé. Revenez sur l’application et envoyez-le depuis sa page.';

function isFormContentType(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

export function isCrossSiteFormPost(request: Request, url: URL): boolean {
	return UNSAFE.has(request.method) && isFormContentType(request) && request.headers.get('origin') !== url.origin;
}

function escapeHtml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The refusal: JSON for `fetch` callers, else a small French page. */
export function crossSiteRefusal(request: Request): Response {
	if (request.headers.get('accept') === 'application/json') {
		return new Response(JSON.stringify({ message: CROSS_SITE_MESSAGE }), {
			status: 403,
			headers: { 'content-type': 'application/json; charset=utf-8' }
		});
	}
	const body = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Envoi refusé — Super Chef RGPD</title></head><body><main><h1>Envoi refusé</h1><p>${escapeHtml(CROSS_SITE_MESSAGE)}</p><p><a href="/">Retour à l’accueil</a></p></main></body></html>`;
	return new Response(body, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
