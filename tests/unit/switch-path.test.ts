// The commune switcher sends to the same page in the other commune, or to the nearest page above it
// that exists: never to a path without a page (/c/<id>/recettes, /c/<id>/fiches were 404s).
import { describe, expect, it } from 'vitest';
import { pagePatterns, switchPath } from '../../src/lib/switch-path';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const FICHE = '33333333-3333-4333-8333-333333333333';

describe('the commune switcher', () => {
	it('reads the pages from the routes', () => {
		const sources = pagePatterns().map((p) => p.source);
		expect(sources).toContain('^\\/registre$');
		expect(sources).toContain('^\\/recettes\\/[^/]+\\/[^/]+$');
		expect(sources).not.toContain('^\\/recettes$');
	});

	it.each([
		[`/c/${A}`, `/c/${B}`],
		[`/c/${A}/membres`, `/c/${B}/membres`],
		[`/c/${A}/registre`, `/c/${B}/registre`],
		[`/c/${A}/registre/importer`, `/c/${B}/registre/importer`],
		// A step, a recipe: the same recipe step in the other commune (recipes are the same for all).
		[`/c/${A}/recettes/dpd/designation`, `/c/${B}/recettes/dpd/designation`],
		[`/c/${A}/recettes/dpd`, `/c/${B}/recettes/dpd`],
		// A record belongs to its commune: the nearest page above it (there is no /fiches list).
		[`/c/${A}/fiches/activity/${FICHE}`, `/c/${B}`],
		[`/c/${A}/fiches/risk/${FICHE}`, `/c/${B}`],
		[`/c/${A}/fiches/activity/nouveau`, `/c/${B}/fiches/activity/nouveau`],
		[`/c/${A}/documents/lettre-mission`, `/c/${B}/documents/lettre-mission`],
		[`/c/${A}/dossier`, `/c/${B}/dossier`],
		[`/c/${A}/dossier/3.pdf`, `/c/${B}/dossier`],
		[`/c/${A}/mentions/${FICHE}.pdf`, `/c/${B}`],
		// Outside a commune: its home page.
		['/compte', `/c/${B}`]
	])('%s → %s', (from, to) => {
		const current = from.startsWith(`/c/${A}`) ? A : undefined;
		expect(switchPath(from, current, B)).toBe(to);
	});

	it('never leads to a path that is not a page', () => {
		for (const path of [`/c/${A}/recettes/securite/mots-de-passe`, `/c/${A}/obligations`, `/c/${A}/journal`, `/c/${A}/fiches/support/${FICHE}`]) {
			const rest = switchPath(path, A, B).slice(`/c/${B}`.length);
			expect(rest === '' || pagePatterns().some((p) => p.test(rest))).toBe(true);
		}
	});
});
