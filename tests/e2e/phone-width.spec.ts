// Phones (issue 15): no main page is wider than a 390 px screen. Tables scroll inside their own
// region; the page itself never scrolls sideways.
import { test } from '@playwright/test';
import { createCommune, expectNoSidewaysScroll, newAccount, signUp } from './helpers';

// The risk map (a risk assessment's page) and the trainer's grid need a trainer and a practice
// commune: tests/e2e/trainer-grid.spec.ts checks them at 390 px on its own server.

test.use({ viewport: { width: 390, height: 844 } });

test('every main page fits a 390 px phone screen', async ({ page }) => {
	test.setTimeout(240_000);
	const account = newAccount('telephone', 'Camille Téléphone');
	for (const path of ['/connexion', '/inscription', '/confidentialite', '/mot-de-passe-oublie']) await expectNoSidewaysScroll(page, path);
	await signUp(page, account);
	const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon' });
	const c = `/c/${commune.id}`;
	for (const path of [
		'/',
		'/communes/nouvelle',
		'/compte',
		'/formations',
		'/conseils',
		c,
		`${c}/registre`,
		`${c}/obligations`,
		`${c}/dossier`,
		`${c}/donnees`,
		`${c}/identite`,
		`${c}/membres`,
		`${c}/journal`,
		`${c}/recettes/registre`,
		`${c}/recettes/registre/catalogue`,
		`${c}/recettes/dpd/type`,
		`${c}/fiches/breach/nouveau`,
		`${c}/fiches/request/nouveau`,
		`${c}/fiches/activity/nouveau`
	]) {
		await expectNoSidewaysScroll(page, path);
	}
});
