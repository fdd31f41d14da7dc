// « Questions des formations », end to end: a GIP trainer adds a question on the step
// "Désigner le délégué › Qui sera le délégué ?", edits it and restores its first version; a
// secretary sees it on that step of her wizard, finds it with the header's search box (with and
// without JavaScript), and sees a catalogue tip under its activity. axe runs on every page.
//
// Who is the trainer? Only a GIP administrator can name one, so this spec starts its own server
// (tests/e2e/own-server.ts: the same build, an empty database, a free port) whose ADMIN_EMAIL names
// the administrator, who names the trainer on /admin.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createCommune, expectNoA11yViolations, newAccount, signUp, uniqueSuffix, waitForHydration } from './helpers';
import { OwnServer } from './own-server';

const server = new OwnServer('advice');
const extraContexts: BrowserContext[] = [];

test.beforeAll(async () => {
	test.setTimeout(120_000);
	await server.start();
});

test.afterAll(async () => {
	for (const c of extraContexts.splice(0)) await c.close().catch(() => {});
	await server.stop();
});

/** A page on our server without JavaScript, signed in as the user of `from`. */
async function noJavaScriptPage(browser: Browser, from: BrowserContext): Promise<Page> {
	const context = await browser.newContext({
		baseURL: server.url,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		javaScriptEnabled: false,
		storageState: await from.storageState()
	});
	extraContexts.push(context);
	return context.newPage();
}

test('un formateur publie une question ; la secrétaire la voit à l’étape et la retrouve par la recherche', async ({ browser }) => {
	test.setTimeout(240_000);
	const suffix = uniqueSuffix().slice(-6);
	const title = `Un adjoint au maire peut-il être délégué ? (${suffix})`;
	const tipTitle = `Liste électorale : la copie se note au registre (${suffix})`;

	// --- The GIP administrator (ADMIN_EMAIL) names the trainer -------------
	const adminPage = await server.newPage(browser);
	const admin = { ...newAccount('admin', 'Luc Administrateur'), email: server.adminEmail };
	await signUp(adminPage, admin);
	const adminNav = adminPage.getByRole('navigation', { name: 'Compte' });
	await expect(adminNav.getByRole('link', { name: 'Administration' })).toBeVisible();

	const trainerPage = await server.newPage(browser);
	const trainer = newAccount('formatrice', 'Claire Formatrice');
	await signUp(trainerPage, trainer);
	await expect(trainerPage.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Administration' })).toHaveCount(0);
	// Not yet a trainer: the list offers no "Ajouter", and the form is refused.
	await trainerPage.goto('/conseils');
	await expect(trainerPage.getByRole('heading', { level: 1, name: 'Questions des formations' })).toBeVisible();
	await expect(trainerPage.getByRole('link', { name: 'Ajouter une question ou une astuce' })).toHaveCount(0);

	// The administrator finds the account with the search (a GIP has some 2,000 of them): accents and
	// case ignored; the search stays in the address after naming.
	await adminPage.goto('/admin');
	const accountSearch = adminPage.getByRole('search', { name: 'Comptes (recherche)' });
	await accountSearch.getByLabel('Chercher un compte (nom ou e-mail)').fill('CLAIRE formatrice');
	await accountSearch.getByRole('button', { name: 'Chercher' }).click();
	await expect(adminPage).toHaveURL(/\/admin\?q=CLAIRE\+formatrice$/);
	await expect(adminPage.getByRole('table')).toContainText(trainer.email);
	await expect(adminPage.getByRole('table').getByRole('row')).toHaveCount(2);
	await expectNoA11yViolations(adminPage, 'administration, recherche');
	await waitForHydration(adminPage);
	await adminPage.getByRole('button', { name: `Nommer formateur : ${trainer.name}` }).click();
	await expect(adminPage.getByRole('status')).toHaveText('Rôle de formateur accordé.');
	await expect(adminPage).toHaveURL(/\/admin\?q=CLAIRE\+formatrice/);
	await expect(adminPage.getByRole('table').getByRole('row').nth(1)).toContainText('oui');

	// --- The trainer adds a question on the step dpd/type ---------------------------------------
	await trainerPage.goto('/conseils');
	await waitForHydration(trainerPage);
	await expectNoA11yViolations(trainerPage, 'questions des formations (formatrice)');
	await trainerPage.getByRole('link', { name: 'Ajouter une question ou une astuce' }).click();
	await expect(trainerPage).toHaveURL(/\/conseils\/nouveau$/);
	await expect(trainerPage.getByRole('heading', { level: 1, name: 'Ajouter une question ou une astuce' })).toBeVisible();
	await waitForHydration(trainerPage);
	await expectNoA11yViolations(trainerPage, 'nouvelle question');
	// A source that is not https: refused next to the field, the rest kept.
	await trainerPage.getByRole('radio', { name: 'Question (et sa réponse)' }).check();
	await trainerPage.getByLabel(/^Où la montrer/).selectOption('step:dpd/type');
	await trainerPage.getByLabel(/^Titre/).fill(title);
	await trainerPage
		.getByLabel(/^Réponse ou astuce/)
		.fill(
			'**Oui**, mais la CNIL déconseille un élu.\n\n- il décide des traitements qu’il contrôlerait ;\n- voir [la page de la CNIL](https://www.cnil.fr/fr/designer-un-delegue-la-protection-des-donnees-dans-une-collectivite)\n\n<script>window.__pwned = 1</script> [piège](javascript:alert(1))'
		);
	await trainerPage.getByLabel(/^Sources/).fill('javascript:alert(1)');
	await trainerPage.getByRole('button', { name: 'Publier' }).click();
	await expect(trainerPage.locator('#f-sources-error')).toContainText('n’est pas une adresse web commençant par https://');
	await expect(trainerPage.getByLabel(/^Titre/)).toHaveValue(title);
	await expectNoA11yViolations(trainerPage, 'nouvelle question (erreur)');
	await trainerPage.getByLabel(/^Sources/).fill('https://eur-lex.europa.eu/eli/reg/2016/679/oj');
	await trainerPage.getByRole('button', { name: 'Publier' }).click();
	await expect(trainerPage).toHaveURL(/\/conseils\/[0-9a-f-]{36}\?cree=1$/);
	await expect(trainerPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(trainerPage.getByText('Fiche publiée.')).toBeVisible();
	await waitForHydration(trainerPage);
	await expectNoA11yViolations(trainerPage, 'question publiée');

	// Edit it, then restore the first version from the history.
	await trainerPage.getByLabel(/^Titre/).fill(`${title} — brouillon`);
	await trainerPage.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(trainerPage.getByRole('status')).toHaveText('Modifications enregistrées (version 2).');
	await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText(`${title} — brouillon`);
	await trainerPage.getByRole('button', { name: 'Restaurer cette version (version 1)' }).click();
	await expect(trainerPage.getByRole('status')).toHaveText('Version 1 restaurée : c’est maintenant la version 3.');
	await expect(trainerPage.getByRole('heading', { level: 1 })).toHaveText(title);
	const history = trainerPage.getByRole('region', { name: 'Historique' });
	await expect(history.getByText(/^Version 3 — restauration de la version 1/)).toBeVisible();
	await expect(history.getByText(/^Version 2 — modification/)).toBeVisible();
	await expectNoA11yViolations(trainerPage, 'question restaurée (historique)');

	// A tip under a catalogue activity, posted as a plain form (no JavaScript needed).
	const tip = await trainerPage.request.post('/conseils/nouveau', {
		headers: server.formHeaders(),
		form: { kind: 'astuce', target: 'catalogue:listes-electorales', title: tipTitle, body: 'Notez **qui** a demandé une copie, et pour quel usage.', sources: '' },
		maxRedirects: 0
	});
	expect(tip.status()).toBe(303);

	// --- A secretary sees it on her wizard step -------------------------------------------------
	const page = await server.newPage(browser);
	await signUp(page, newAccount('secretaire', 'Sophie Secrétaire'));
	await expect(page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Administration' })).toHaveCount(0);
	const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon' });
	await page.goto(`/c/${commune.id}/recettes/dpd/type`);
	await waitForHydration(page);
	const card = page.getByRole('region', { name: 'Questions des formations' });
	await expect(card.getByRole('heading', { level: 3, name: new RegExp(`Question ${escapeRegExp(title)}`) })).toBeVisible();
	await expect(card.locator('strong', { hasText: 'Oui' })).toBeVisible();
	await expect(card.getByRole('link', { name: 'la page de la CNIL' })).toHaveAttribute('rel', 'noopener noreferrer');
	// Markup typed in the text is shown as text, and a javascript: link is no link.
	await expect(card.getByText('<script>window.__pwned = 1</script>', { exact: false })).toBeVisible();
	await expect(card.getByRole('link', { name: 'piège' })).toHaveCount(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	// Readers get no link to add or edit.
	await expect(card.getByRole('link', { name: /Ajouter une question/ })).toHaveCount(0);
	await expectNoA11yViolations(page, 'étape « Qui sera le délégué ? » avec les questions des formations');

	// The catalogue tip, under its activity on the register's catalogue step.
	await page.goto(`/c/${commune.id}/recettes/registre/catalogue`);
	await waitForHydration(page);
	const summary = page.getByText(`Astuce des formations : ${tipTitle}`);
	await summary.click();
	await expect(page.locator('details', { has: summary }).locator('strong', { hasText: 'qui' })).toBeVisible();
	await expectNoA11yViolations(page, 'catalogue avec une astuce des formations');

	// --- She finds it with the header's search box (case and accents ignored) ------------------
	const search = page.getByRole('search', { name: 'Questions des formations (recherche)' });
	await search.getByRole('searchbox', { name: 'Une question ?' }).fill(`ADJOINT etre delegue ${suffix}`);
	await search.getByRole('button', { name: 'Chercher' }).click();
	await expect(page).toHaveURL(/\/conseils\?q=ADJOINT/);
	await expect(page.getByRole('status')).toHaveText('1 fiche pour cette recherche.');
	await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Ajouter une question ou une astuce' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /^Modifier/ })).toHaveCount(0);
	await waitForHydration(page);
	await expectNoA11yViolations(page, 'recherche dans les questions (secrétaire)');
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Historique' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Retirer|Restaurer/ })).toHaveCount(0);
	await expectNoA11yViolations(page, 'question (lecture)');
	// Writing is refused to her, on the page and on the action.
	const refused = await page.request.post(`/conseils/nouveau`, {
		headers: server.formHeaders(),
		form: { kind: 'question', target: 'general', title: 'Par la secrétaire', body: 'Non.', sources: '' },
		maxRedirects: 0
	});
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain('Réservé aux formateurs et aux administrateurs du GIP.');

	// --- The same search without JavaScript -----------------------------------------------------
	const noJs = await noJavaScriptPage(browser, page.context());
	await noJs.goto('/');
	await noJs.getByRole('searchbox', { name: 'Une question ?' }).fill('électorale registre');
	await noJs.getByRole('button', { name: 'Chercher' }).click();
	await expect(noJs).toHaveURL(/\/conseils\?q=/);
	await expect(noJs.getByRole('heading', { level: 2, name: tipTitle })).toBeVisible();
	await expectNoA11yViolations(noJs, 'recherche sans JavaScript', { javaScript: false });

	// --- The trainer retires the question: it leaves the step page ----------------------------
	await trainerPage.getByRole('button', { name: 'Retirer cette fiche' }).click();
	await expect(trainerPage.getByRole('status')).toContainText('Fiche retirée');
	await page.goto(`/c/${commune.id}/recettes/dpd/type`);
	await expect(page.getByRole('heading', { level: 1, name: 'Qui sera le délégué ?' })).toBeVisible();
	await expect(page.getByText(title)).toHaveCount(0);
});

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
