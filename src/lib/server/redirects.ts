/** A same-site path to go to after logging in; anything else falls back to the home page. */
export function safeNext(value: unknown): string {
	if (typeof value !== 'string') return '/';
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	if (/[\u0000-\u001f]/.test(value) || value.length > 500) return '/';
	return value;
}
