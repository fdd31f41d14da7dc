const BASE = 'http://app.invalid';

/**
 * A same-site path to go to after logging in; anything else falls back to the home page. The
 * result is percent-encoded ASCII: it goes into a `Location` header, which refuses characters
 * outside Latin-1 (a crafted « ?suite=/é… » used to end in a 500 after a successful login).
 */
export function safeNext(value: unknown): string {
	if (typeof value !== 'string' || value.length > 500) return '/';
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
	let url: URL;
	try {
		url = new URL(value, BASE);
	} catch {
		return '/';
	}
	if (url.origin !== BASE) return '/';
	const path = url.pathname + url.search + url.hash;
	return /^\/[\x21-\x7e]*$/.test(path) && !path.startsWith('//') ? path : '/';
}
