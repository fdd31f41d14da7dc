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
