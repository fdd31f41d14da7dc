import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/redirects';

describe('safeNext', () => {
	it('keeps a same-site path with its query', () => {
		expect(safeNext('/compte')).toBe('/compte');
		expect(safeNext('/c/3f2a/identite?onglet=2#x')).toBe('/c/3f2a/identite?onglet=2#x');
		expect(safeNext('/')).toBe('/');
	});

	it('refuses other sites, protocol-relative and backslash tricks', () => {
		for (const value of [
			'https://evil.example',
			'http:/evil.example',
			'//evil.example',
			'//evil.example/c/1',
			'/\\evil.example',
			'\\\\evil.example',
			'javascript:alert(1)',
			'evil.example',
			' /compte',
			''
		]) {
			expect(safeNext(value), value).toBe('/');
		}
	});

	it('refuses control characters and overly long values', () => {
		expect(safeNext('/a\nb')).toBe('/');
		expect(safeNext('/\t/evil.example')).toBe('/');
		expect(safeNext('/a\u0000')).toBe('/');
		expect(safeNext('/' + 'a'.repeat(499))).toBe('/' + 'a'.repeat(499));
		expect(safeNext('/' + 'a'.repeat(500))).toBe('/');
	});

	it('refuses anything that is not a string', () => {
		for (const value of [null, undefined, 42, ['/compte'], { toString: () => '/compte' }]) {
			expect(safeNext(value)).toBe('/');
		}
	});
});

describe('safeNext gives a value a Location header accepts', () => {
	it('percent-encodes characters a header refuses, and keeps the path', () => {
		for (const value of ['/c/1/fiches?q=écoles', '/compte?x=\u2028y', '/a\u{1F600}', '/a b', '/\u0100', '/x?y=\u00ff']) {
			const next = safeNext(value);
			// What the redirect does with it: a header value made of these characters must not throw.
			expect(() => new Headers({ location: next }), value).not.toThrow();
			expect(next, value).toMatch(/^\/[\x21-\x7e]*$/);
		}
		expect(safeNext('/c/1/fiches?q=écoles')).toBe('/c/1/fiches?q=%C3%A9coles');
	});

	it('refuses a path that becomes another site once normalised', () => {
		expect(safeNext('/./evil.example')).toBe('/evil.example');
		expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
		expect(safeNext('/.//evil.example')).toBe('/');
	});
});
