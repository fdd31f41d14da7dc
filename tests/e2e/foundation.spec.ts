// The foundation, end to end: accounts, communes, identity, invitations, roles, the commune
// switcher, password change and logging out — with JavaScript, then the core path without it.
// axe (WCAG 2.1 A and AA) runs on every page visited.
import { expect, test, type Page } from '@playwright/test';
import {
	createCommune,
	expectNoA11yViolations,
	logIn,
	logOut,
	newAccount,
	OTHER_PASSWORD,
	PASSWORD,
	signUp,
	waitForHydration
} from './helpers';

const header = (page: Page) => page.getByRole('banner');
const switcher = (page: Page) => page.getByRole('navigation', { name: 'Mes communes' });

test.describe('avec JavaScript', () => {
	test('parcours complet : compte, commune, identité, invitation d’un élu, bascule entre communes, mot de passe, déconnexions', async ({
		page,
		browser
	}) => {
		const dpd = newAccount('dpd', 'Camille Secrétaire');
		const elu = newAccount('elu', 'Dominique Maire');

		// --- Home page and sign-up -------------------------------------------------------------
		await page.goto('/');
		await waitForHydration(page);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('La conformité RGPD de votre commune');
		await expectNoA11yViolations(page, 'accueil (anonyme)');

		await page.goto('/inscription');
		await waitForHydration(page);
		await expectNoA11yViolations(page, 'inscription');
		await signUp(page, dpd, { navigate: false });
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bonjour ${dpd.name}`);
		await expect(page.getByRole('heading', { name: 'Première étape : votre commune' })).toBeVisible();
		await expectNoA11yViolations(page, 'accueil (connecté, sans commune)');

		// --- A commune from the official list ---------------------------------------------------
		const glanon = await createCommune(page, { query: 'Glanon', pick: 'Glanon', axe: true });
		expect(glanon.name).toBe('Glanon');
		await waitForHydration(page);
		await expect(page.getByText('Code INSEE', { exact: true })).toBeVisible();
		await expect(page.locator('dd', { hasText: '21301' })).toBeVisible();
		await expect(switcher(page).getByRole('link', { name: 'Glanon' })).toHaveAttribute('aria-current', 'page');
		await expectNoA11yViolations(page, 'tableau de bord');

		// --- Identity ---------------------------------------------------------------------------
		await page.getByRole('navigation', { name: 'Rubriques de Glanon' }).getByRole('link', { name: 'Identité' }).click();
		await expect(page).toHaveURL(`/c/${glanon.id}/identite`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Identité de Glanon');
		await waitForHydration(page);
		await expectNoA11yViolations(page, 'identité');
		// A wrong SIREN first: the French message, the other answers kept.
		await page.getByLabel('SIREN').fill('123456789');
		await page.getByLabel('Nom du maire').fill('Dominique Maire');
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByRole('alert')).toContainText('SIREN : ce numéro n’est pas valide');
		await expect(page.getByLabel('SIREN')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Nom du maire')).toHaveValue('Dominique Maire');
		await expectNoA11yViolations(page, 'identité (erreurs)');
		await page.getByLabel('SIREN').fill('212103014');
		await page.getByLabel('Adresse postale').fill('2 rue de l’Église, 21250 Glanon');
		await page.getByLabel('Téléphone').fill('03 80 00 00 00');
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByRole('status')).toHaveText('Identité enregistrée.');
		await expectNoA11yViolations(page, 'identité (enregistrée)');
		await page.reload();
		await expect(page.getByLabel('SIREN')).toHaveValue('212103014');
		await expect(page.getByLabel('Adresse postale')).toHaveValue('2 rue de l’Église, 21250 Glanon');
		await expect(page.getByLabel('Nom du maire')).toHaveValue('Dominique Maire');

		// --- Invite an elected official ---------------------------------------------------------
		await page.goto(`/c/${glanon.id}/membres`);
		await waitForHydration(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Membres de Glanon');
		await expectNoA11yViolations(page, 'membres');
		await page.getByRole('radio', { name: 'Élu (maire ou conseiller)' }).check();
		await page.getByLabel('Pour qui (facultatif)').fill('M. le Maire');
		await page.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
		const linkBox = page.locator('p#invitation-link');
		await expect(linkBox).toBeVisible();
		const link = (await linkBox.textContent())!.trim();
		expect(link).toMatch(/^http:\/\/localhost:\d+\/invitation\/[a-z2-7]{32}$/);
		await expect(page.getByRole('heading', { name: 'Invitations en attente' })).toBeVisible();
		await expect(page.getByText(/M\. le Maire — Élu \(maire ou conseiller\)/)).toBeVisible();
		await expectNoA11yViolations(page, 'membres (lien d’invitation)');

		// --- The elected official signs up through the link and accepts --------------------------
		const eluContext = await browser.newContext();
		const eluPage = await eluContext.newPage();
		await eluPage.goto(new URL(link).pathname);
		await waitForHydration(eluPage);
		await expect(eluPage.getByRole('heading', { level: 1 })).toHaveText('Invitation à rejoindre Glanon');
		await expect(eluPage.getByText('Vous êtes invité comme Élu (maire ou conseiller)')).toBeVisible();
		await expectNoA11yViolations(eluPage, 'invitation (anonyme)');
		await eluPage.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
		await expect(eluPage).toHaveURL(/\/inscription\?suite=/);
		await signUp(eluPage, elu, { navigate: false });
		await expect(eluPage).toHaveURL(new URL(link).pathname);
		await waitForHydration(eluPage);
		await expectNoA11yViolations(eluPage, 'invitation (connecté)');
		await eluPage.getByRole('button', { name: 'Accepter l’invitation' }).click();
		await expect(eluPage).toHaveURL(`/c/${glanon.id}`);
		await expect(eluPage.getByText('Vous consultez les données de Glanon en lecture seule.')).toBeVisible();
		await expect(eluPage.getByText('vous êtes élu (maire ou conseiller)')).toBeVisible();
		await expect(eluPage.getByRole('link', { name: 'Compléter l’identité' })).toHaveCount(0);
		await expectNoA11yViolations(eluPage, 'tableau de bord (élu)');
		// Read only: the identity is shown, not editable; no invitation form.
		await eluPage.goto(`/c/${glanon.id}/identite`);
		await expect(eluPage.getByText('212103014')).toBeVisible();
		await expect(eluPage.getByRole('button', { name: 'Enregistrer' })).toHaveCount(0);
		await expect(eluPage.getByRole('textbox')).toHaveCount(0);
		await expectNoA11yViolations(eluPage, 'identité (élu)');
		await eluPage.goto(`/c/${glanon.id}/membres`);
		await expect(eluPage.getByRole('cell', { name: dpd.name, exact: true })).toBeVisible();
		await expect(eluPage.getByRole('cell', { name: elu.name, exact: true })).toBeVisible();
		await expect(eluPage.getByRole('button', { name: 'Créer le lien d’invitation' })).toHaveCount(0);
		await expect(eluPage.getByRole('button', { name: /Retirer/ })).toHaveCount(0);
		await expectNoA11yViolations(eluPage, 'membres (élu)');
		// The link works only once.
		await eluPage.goto(new URL(link).pathname);
		await expect(eluPage.getByText('Ce lien a déjà servi, a été annulé ou a expiré.')).toBeVisible();
		await eluContext.close();

		// The DPD sees the new member and the audit log.
		await page.goto(`/c/${glanon.id}/membres`);
		await expect(page.getByRole('cell', { name: elu.name, exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Invitations en attente' })).toHaveCount(0);
		await page.goto(`/c/${glanon.id}/journal`);
		await waitForHydration(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal des modifications');
		await expect(page.getByRole('cell', { name: 'invitation : création' })).toBeVisible();
		await expect(page.getByRole('cell', { name: 'organisme : modification' })).toBeVisible();
		await expectNoA11yViolations(page, 'journal');

		// --- A second commune, and the header switcher --------------------------------------------
		const beaune = await createCommune(page, { query: 'Beaune', pick: 'Beaune' });
		expect(beaune.id).not.toBe(glanon.id);
		await expect(switcher(page).getByRole('link')).toHaveText(['Beaune', 'Glanon', '+ Ajouter']);

		await page.goto(`/c/${glanon.id}/membres`);
		await waitForHydration(page);
		await expect(switcher(page).getByRole('link', { name: 'Glanon' })).toHaveAttribute('aria-current', 'page');
		await switcher(page).getByRole('link', { name: 'Beaune' }).click();
		await expect(page).toHaveURL(`/c/${beaune.id}/membres`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Membres de Beaune');
		await expect(switcher(page).getByRole('link', { name: 'Beaune' })).toHaveAttribute('aria-current', 'page');
		await expectNoA11yViolations(page, 'membres (après bascule)');

		await page.getByRole('navigation', { name: 'Rubriques de Beaune' }).getByRole('link', { name: 'Identité' }).click();
		await expect(page).toHaveURL(`/c/${beaune.id}/identite`);
		await waitForHydration(page);
		await switcher(page).getByRole('link', { name: 'Glanon' }).click();
		await expect(page).toHaveURL(`/c/${glanon.id}/identite`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Identité de Glanon');
		await expect(page.getByLabel('SIREN')).toHaveValue('212103014');

		await page.goto(`/c/${glanon.id}`);
		await waitForHydration(page);
		await switcher(page).getByRole('link', { name: 'Beaune' }).click();
		await expect(page).toHaveURL(`/c/${beaune.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beaune');

		// The home page lists both, with the role.
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 2, name: 'Mes communes' })).toBeVisible();
		await expect(page.getByRole('main').getByRole('link', { name: 'Glanon' })).toBeVisible();
		await expect(page.getByRole('main').getByRole('link', { name: 'Beaune' })).toBeVisible();
		await expectNoA11yViolations(page, 'accueil (mes communes)');

		// --- Change the password: the other devices are logged out ----------------------------------
		const otherDevice = await browser.newContext();
		const otherPage = await otherDevice.newPage();
		await logIn(otherPage, dpd);

		await page.goto('/compte');
		await waitForHydration(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
		await expectNoA11yViolations(page, 'compte');
		await page.locator('#f-currentPassword').fill(PASSWORD);
		await page.getByLabel(/^Nouveau mot de passe/).fill('trop-court');
		await page.getByLabel('Confirmez le nouveau mot de passe').fill('trop-court');
		await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
		await expect(page.getByRole('alert')).toContainText('Mot de passe trop faible');
		await expectNoA11yViolations(page, 'compte (erreurs)');
		await page.locator('#f-currentPassword').fill(PASSWORD);
		await page.getByLabel(/^Nouveau mot de passe/).fill(OTHER_PASSWORD);
		await page.getByLabel('Confirmez le nouveau mot de passe').fill(OTHER_PASSWORD);
		await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
		await expect(page.getByRole('status')).toHaveText('Mot de passe changé. Vos autres appareils ont été déconnectés.');
		// This device stays signed in; the other one is out.
		await page.goto(`/c/${glanon.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glanon');
		await otherPage.goto(`/c/${glanon.id}`);
		await expect(otherPage).toHaveURL(/\/connexion\?suite=/);
		// The new password works, the old one no longer does.
		await otherPage.getByLabel('Adresse e-mail').fill(dpd.email);
		await otherPage.getByLabel(/^Mot de passe/).fill(PASSWORD);
		await waitForHydration(otherPage);
		await otherPage.getByRole('button', { name: 'Se connecter' }).click();
		await expect(otherPage.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect.');
		await expectNoA11yViolations(otherPage, 'connexion (erreur)');
		await otherPage.getByLabel(/^Mot de passe/).fill(OTHER_PASSWORD);
		await otherPage.getByRole('button', { name: 'Se connecter' }).click();
		// Back where the login was asked for.
		await expect(otherPage).toHaveURL(`/c/${glanon.id}`);

		// --- Log out everywhere ---------------------------------------------------------------------
		await page.goto('/compte');
		await waitForHydration(page);
		await page.getByRole('button', { name: 'Me déconnecter de tous les appareils' }).click();
		await expect(page).toHaveURL(/\/connexion$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter');
		await expectNoA11yViolations(page, 'connexion');
		await otherPage.goto('/compte');
		await expect(otherPage).toHaveURL(/\/connexion\?suite=%2Fcompte$/);
		await otherDevice.close();

		// --- Log in again, then log out ---------------------------------------------------------------
		await logIn(page, { email: dpd.email, password: OTHER_PASSWORD });
		await expect(header(page).getByRole('link', { name: dpd.name })).toBeVisible();
		await logOut(page);
		await page.goto(`/c/${glanon.id}`);
		await expect(page).toHaveURL(/\/connexion\?suite=/);

		// An unknown page is a French 404, accessible too.
		const missing = await page.goto('/nulle-part');
		expect(missing?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
		await expectNoA11yViolations(page, 'page introuvable');
	});
});

test.describe('sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('inscription, création d’une commune, invitation et déconnexion fonctionnent sans JavaScript', async ({ page }) => {
		const dpd = newAccount('nojs', 'Alex Sansjs');

		await page.goto('/inscription');
		// Nothing hydrates without JavaScript: the attribute never appears.
		await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
		await expectNoA11yViolations(page, 'inscription (sans JS)', { javaScript: false });
		// A refused sign-up comes back as a page with the French messages.
		await page.getByLabel('Nom et prénom').fill(dpd.name);
		await page.getByLabel('Adresse e-mail').fill(dpd.email);
		await page.getByLabel(/^Mot de passe/).fill('motdepasse');
		await page.getByLabel(/^Confirmez le mot de passe/).fill('autre');
		await page.getByRole('button', { name: 'Créer mon compte' }).click();
		await expect(page.getByRole('alert')).toContainText('Mot de passe trop faible');
		await expect(page.getByLabel('Adresse e-mail')).toHaveValue(dpd.email);
		await expectNoA11yViolations(page, 'inscription refusée (sans JS)', { javaScript: false });

		await signUp(page, dpd, { javaScript: false, navigate: false });
		await expect(page).toHaveURL(/\/$/);

		const commune = await createCommune(page, { query: '21250', pick: 'Seurre', javaScript: false, axe: true });
		expect(commune.name).toBe('Seurre');
		await expectNoA11yViolations(page, 'tableau de bord (sans JS)', { javaScript: false });

		await page.goto(`/c/${commune.id}/identite`);
		await page.getByLabel('SIREN').fill('212106074');
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByRole('status')).toHaveText('Identité enregistrée.');

		await page.goto(`/c/${commune.id}/membres`);
		await page.getByRole('radio', { name: 'Délégué à la protection des données (DPD)' }).check();
		await page.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${commune.id}/membres\\?/invite$`));
		await expect(page.locator('p#invitation-link')).toHaveText(/\/invitation\/[a-z2-7]{32}$/);
		await expectNoA11yViolations(page, 'membres (sans JS)', { javaScript: false });

		await logOut(page, { javaScript: false });
		await page.goto(`/c/${commune.id}`);
		await expect(page).toHaveURL(/\/connexion\?suite=/);
	});
});

test.describe('HTTP', () => {
	test('les pages portent les en-têtes de sécurité', async ({ request }) => {
		const res = await request.get('/connexion');
		expect(res.status()).toBe(200);
		const h = res.headers();
		expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(h['content-security-policy']).toContain("default-src 'self'");
		expect(h['content-security-policy']).toContain("object-src 'none'");
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['referrer-policy']).toBe('same-origin');
		expect(h['x-frame-options']).toBe('DENY');
	});

	test('/healthz répond en JSON et la base est joignable', async ({ request }) => {
		const res = await request.get('/healthz');
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('application/json');
		expect(res.headers()['cache-control']).toBe('no-store');
		const body = await res.json();
		expect(body).toMatchObject({ status: 'ok', database: 'reachable' });
		expect(['embedded', 'server']).toContain(body.engine);
	});

	test('le cookie de session est HttpOnly, SameSite=Lax et Secure', async ({ page, context }) => {
		await signUp(page, newAccount('cookie'));
		const cookies = await context.cookies();
		const session = cookies.find((c) => c.httpOnly);
		expect(session, 'un cookie de session HttpOnly').toBeTruthy();
		expect(session!.sameSite).toBe('Lax');
		expect(session!.secure).toBe(true);
		expect(session!.path).toBe('/');
	});
});
