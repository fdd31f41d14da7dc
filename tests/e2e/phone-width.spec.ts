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
		`${c}/profil`,
		`${c}/registre`,
		`${c}/obligations`,
		`${c}/plan`,
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
		`${c}/fiches/activity/nouveau`,
		`${c}/registre/a-confirmer`,
		`${c}/depistage`,
		`${c}/conformite`
	]) {
		await expectNoSidewaysScroll(page, path);
	}
	// The confirmation pages with content: an entry proposed from the catalogue, its review, the
	// DPIA table and the grids pre-answered.
	await page.goto(`${c}/recettes/registre/catalogue`);
	await waitForHydration(page);
	for (const id of ['cimetiere', 'videoprotection']) await page.locator(`#cat-${id}`).check();
	await page.getByRole('button', { name: 'Ajouter les activités cochées au registre' }).click();
	await expect(page.getByRole('status').filter({ hasText: '2 fiches ajoutées au registre' })).toBeVisible();
	await page.goto(`${c}/registre/a-confirmer`);
	const review = await page.getByRole('link', { name: /^Relire et confirmer : Cimetière/ }).getAttribute('href');
	for (const path of [`${c}/registre`, `${c}/registre/a-confirmer`, review!, `${c}/depistage`, `${c}/conformite`]) await expectNoSidewaysScroll(page, path);
});
