import { describe, expect, it } from 'vitest';
import { findOfficial, normalize, searchOfficial } from '../../src/lib/server/official-list';

describe('normalize', () => {
	it('drops accents, case, hyphens and apostrophes, and spells out "St"', () => {
		expect(normalize('Saint-Étienne')).toBe('saint etienne');
		expect(normalize('  St-Étienne ')).toBe('saint etienne');
		expect(normalize('Ste-Marie')).toBe('sainte marie');
		expect(normalize('L’Haÿ-les-Roses')).toBe('l hay les roses');
		expect(normalize("L'Île-d'Yeu")).toBe('l ile d yeu');
	});
});

describe('official list search', () => {
	it('finds a commune by its name, with or without accents', () => {
		for (const q of ['Saint-Étienne', 'saint etienne', 'SAINT ETIENNE', 'St Etienne']) {
			const [first] = searchOfficial(q);
			expect(first?.code, q).toBe('42218');
			expect(first?.name).toBe('Saint-Étienne');
		}
		const [glanon] = searchOfficial('glanon');
		expect(glanon).toMatchObject({ kind: 'commune', code: '21301', name: 'Glanon', siren: '212103014' });
	});

	it('puts the exact name first, then names starting with the query, larger first', () => {
		const results = searchOfficial('dijon');
		expect(results[0]?.name).toBe('Dijon');
		const names = results.map((r) => r.name);
		expect(names.length).toBeGreaterThan(1);
		for (const n of names) expect(normalize(n)).toContain('dijon');
	});

	it('finds the communes of a postcode: 21250 includes Glanon (INSEE 21301)', () => {
		const results = searchOfficial('21250', 'commune', 50);
		expect(results.map((r) => r.code)).toContain('21301');
		const glanon = results.find((r) => r.code === '21301');
		expect(glanon).toMatchObject({
			name: 'Glanon',
			departement: '21',
			departementName: "Côte-d'Or",
			postalCodes: ['21250']
		});
		// Every result has the postcode, or starts with it as INSEE code (21250 is another commune).
		for (const r of results) expect(r.postalCodes.includes('21250') || r.code.startsWith('21250'), r.name).toBe(true);
		expect(results.filter((r) => !r.postalCodes.includes('21250')).map((r) => r.code)).toEqual(['21250']);
		// Sorted by name, in French order.
		const names = results.map((r) => r.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
		// The default limit is 20 results.
		expect(results.length).toBeGreaterThan(20);
		expect(searchOfficial('21250')).toHaveLength(20);
	});

	it('finds a commune by INSEE code, Corsica included', () => {
		expect(searchOfficial('21301').map((r) => r.name)).toContain('Glanon');
		expect(searchOfficial('2A004')[0]?.name).toBe('Ajaccio');
	});

	it('searches the EPCI separately from the communes', () => {
		const epci = searchOfficial('Dijon', 'epci');
		expect(epci[0]).toMatchObject({ kind: 'epci', code: '242100410', name: 'Dijon Métropole', siren: '242100410' });
		expect(epci.map((e) => e.name)).toContain('CC de la Plaine Dijonnaise');
		expect(epci.every((e) => e.kind === 'epci')).toBe(true);
		expect(searchOfficial('dijon metropole', 'epci')[0]?.name).toBe('Dijon Métropole');
		expect(searchOfficial('Dijon Métropole', 'commune')).toEqual([]);
	});

	it('returns nothing for a query of fewer than two characters', () => {
		expect(searchOfficial('')).toEqual([]);
		expect(searchOfficial('a')).toEqual([]);
		expect(searchOfficial(' - ')).toEqual([]);
	});

	it('finds a body by kind and code', () => {
		expect(findOfficial('commune', '21301')?.name).toBe('Glanon');
		expect(findOfficial('epci', '242100410')).toMatchObject({ name: 'Dijon Métropole', departement: '21' });
		expect(findOfficial('commune', '242100410')).toBeNull();
		expect(findOfficial('epci', '21301')).toBeNull();
		expect(findOfficial('commune', '99999')).toBeNull();
	});
});
