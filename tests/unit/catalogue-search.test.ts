import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { matchesQuery } from '../../src/lib/catalogue/search';

describe('searching the catalogue', () => {
	it('ignores case and accents, and needs every word', () => {
		const found = (q: string) => CATALOGUE.filter((e) => matchesQuery(e, q)).map((e) => e.id);
		expect(found('')).toHaveLength(CATALOGUE.length);
		expect(found('ETAT civil')).toContain('etat-civil');
		expect(found('électorales')).toEqual(found('electorales'));
		expect(found('cantine')).toContain('cantine-periscolaire');
		expect(found('cantine électorales')).toEqual([]);
		// The theme is searched too.
		expect(found('personnel').length).toBeGreaterThanOrEqual(CATALOGUE.filter((e) => e.domain === 'Personnel').length);
	});
});
