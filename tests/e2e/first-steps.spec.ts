// First steps that explain themselves (issue 15): a brand-new commune says « Commencer ici »; the
// commune search picks no homonym for the user and tells them apart; creating a commune the user
// already manages asks first (with and without JavaScript); a finished recipe proposes the next
// one, and a fiche added afterwards reopens it with the reason, on the dashboard and the recipe page.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
	createCommune,
	createCommuneOverHttp,
	expectNoA11yViolations,
	FORM_HEADERS,
	logIn,
	newAccount,
	ready,
	signUp,
	signUpOverHttp,
	stepPath,
	uniqueSuffix,
	UUID_IN_PATH
} from './helpers';

/** Searches the official list on /communes/nouvelle, as the user does with or without JavaScript. */
async function search(page: Page, query: string, javaScript: boolean): Promise<void> {
	await page.goto('/communes/nouvelle');
	await ready(page, javaScript);
	await page.getByRole('radio', { name: 'Commune', exact: true }).check();
	await page.getByRole('searchbox', { name: /Nom de la commune/ }).fill(query);
	if (!javaScript) await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(query)}`));
	await expect(page.getByRole('heading', { name: '2. Choisir et compléter' })).toBeVisible();
	await ready(page, javaScript);
}

/** A record created over HTTP; its id. */
async function createRecord(ctx: APIRequestContext, communeId: string, kind: string, form: Record<string, string>): Promise<string> {
	const res = await ctx.post(`/c/${communeId}/fiches/${kind}/nouveau`, {
		headers: FORM_HEADERS,
		form: { _version: '0', _fields: Object.keys(form).filter((k) => !k.startsWith('_')).join(','), intent: 'back', ...form },
		maxRedirects: 0
	});
	expect(res.status(), `création : ${kind}`).toBe(303);
	const id = new RegExp(`/fiches/${kind}/([0-9a-f-]{36})`).exec(res.headers().location ?? '')?.[1];
	expect(id, res.headers().location).toBeTruthy();
	return id!;
}

for (const javaScript of [true, false]) {
	test.describe(javaScript ? 'avec JavaScript' : 'sans JavaScript', () => {
		test.use({ javaScriptEnabled: javaScript });

		test('« Commencer ici », aucun homonyme choisi d’avance, et une commune déjà gérée demande confirmation', async ({ page }) => {
			test.setTimeout(120_000);
			await signUp(page, newAccount(javaScript ? 'first-js' : 'first-nojs', 'Lou Débutante'), { javaScript });
			const glanon = await createCommune(page, { query: 'Glanon', pick: 'Glanon', javaScript });

			// A brand-new commune: « Commencer ici », not « Reprendre ici ».
			const next = page.getByRole('region', { name: 'Prochaine étape' });
			await expect(next.getByRole('link', { name: 'Commencer ici' })).toBeVisible();
			await expect(page.getByRole('link', { name: 'Reprendre ici' })).toHaveCount(0);
			await expect(next).toContainText('Rien n’est encore commencé pour Glanon');

			// Homonyms: nothing chosen until the user picks one; each says its département and code.
			await search(page, 'Saint-Martin', javaScript);
			const radios = page.getByRole('group', { name: 'Organisme', exact: true }).getByRole('radio');
			expect(await radios.count()).toBeGreaterThan(1);
			for (const radio of await radios.all()) await expect(radio).not.toBeChecked();
			const labels = await page.getByRole('group', { name: 'Organisme', exact: true }).locator('label.choice').allTextContents();
			for (const label of labels) expect(label.replace(/\s+/g, ' ')).toMatch(/— .+ \([0-9AB]{2,3}\), INSEE [0-9AB]{5}/);
			expect(new Set(labels.map((l) => /INSEE ([0-9AB]{5})/.exec(l)?.[1])).size).toBe(labels.length);
			await expect(page.getByText('Plusieurs organismes répondent')).toBeVisible();
			if (javaScript) await expectNoA11yViolations(page, 'ajout de commune (homonymes)');
			// Sent without a choice all the same (the browser asks first): the server says so, next to the list.
			const unchosen = await page.request.post('/communes/nouvelle?type=commune&q=Saint-Martin', {
				headers: FORM_HEADERS,
				form: { type: 'commune', address: '', mayorName: '', email: '', phone: '' },
				maxRedirects: 0
			});
			expect(unchosen.status()).toBe(400);
			expect(await unchosen.text()).toContain('Choisissez votre organisme dans la liste officielle.');

			// Glanon again: the app asks before making a second one.
			await search(page, 'Glanon', javaScript);
			await page.getByRole('group', { name: 'Organisme', exact: true }).getByRole('radio', { name: /^Glanon\s+—/ }).check();
			await page.getByLabel('Nom du maire').fill('Dominique Martin');
			await page.getByRole('button', { name: 'Créer', exact: true }).click();
			const question = page.getByRole('alert').filter({ hasText: 'Vous gérez déjà' });
			await expect(question).toHaveText(/Vous gérez déjà Glanon \(commune, 21301\)\. Ouvrir Glanon, ou en créer une autre quand même \?/);
			await expect(page).toHaveURL(/\/communes\/nouvelle/);
			await ready(page, javaScript);
			if (javaScript) await expect(question).toBeFocused();
			await expectNoA11yViolations(page, 'ajout de commune (déjà gérée)', { javaScript });
			// What was typed is still there, and the choice too.
			await expect(page.getByLabel('Nom du maire')).toHaveValue('Dominique Martin');
			await expect(page.getByRole('radio', { name: /^Glanon\s+—/ })).toBeChecked();
			await expect(question.getByRole('link', { name: 'Ouvrir Glanon' })).toHaveAttribute('href', `/c/${glanon.id}`);

			// « Créer quand même »: a second Glanon, on purpose.
			await question.getByRole('button', { name: 'Créer quand même' }).click();
			await expect(page).toHaveURL(UUID_IN_PATH);
			const second = UUID_IN_PATH.exec(new URL(page.url()).pathname)![1]!;
			expect(second).not.toBe(glanon.id);
			await expect(page.getByRole('heading', { level: 1, name: 'Glanon' })).toBeVisible();

			// The question's link opens the one she has.
			await search(page, 'Glanon', javaScript);
			await page.getByRole('radio', { name: /^Glanon\s+—/ }).check();
			await page.getByRole('button', { name: 'Créer', exact: true }).click();
			await page.getByRole('alert').getByRole('link', { name: 'Ouvrir Glanon' }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${glanon.id}$`));
		});
	});
}

test('une recette terminée propose la suivante ; une fiche ajoutée ensuite la rouvre et dit pourquoi', async ({ page }) => {
	test.setTimeout(120_000);
	const tag = uniqueSuffix().slice(-6);
	const account = newAccount('reopen', 'Noa Relance');
	const ctx = await signUpOverHttp(account);
	const id = await createCommuneOverHttp(ctx);
	// One fiche, its notice, and the recipe « Informer les personnes » finished.
	const cantine = await createRecord(ctx, id, 'activity', { name: `Cantine ${tag}` });
	await createRecord(ctx, id, 'notice', { _parent: cantine, source: 'personne', mandatory: 'non', channels: 'site' });
	const done = await ctx.post(`${stepPath(id, 'information', 'mentions')}?/save`, { headers: FORM_HEADERS, form: { _version: '0', intent: 'continue' }, maxRedirects: 0 });
	expect(done.status()).toBe(303);
	expect(done.headers().location).toBe(`/c/${id}/recettes/information?terminee=1`);

	await logIn(page, account);
	await page.goto(`/c/${id}/recettes/information?terminee=1`);
	await ready(page, true);
	await expect(page.getByRole('status').filter({ hasText: 'Recette terminée, bravo !' })).toBeVisible();
	// The next recipe: the commune profile comes first (priority 1, first of the cookbook).
	const following = page.getByRole('link', { name: 'Recette suivante : Le profil de la commune' });
	await expect(following).toHaveAttribute('href', stepPath(id, 'profil', 'questions'));
	await expectNoA11yViolations(page, 'recette terminée (recette suivante)');
	// Nothing reopened: nothing said.
	await page.goto(`/c/${id}`);
	await ready(page, true);
	await expect(page.getByRole('heading', { name: /Recettes? rouvertes?/ })).toHaveCount(0);
	await expect(page.getByText(/Rouverte/)).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Reprendre ici' })).toBeVisible();

	// A fiche added since: the recipe reopens, and says which fiche and what it needs.
	await createRecord(ctx, id, 'activity', { name: `Alerte SMS ${tag}` });
	await ctx.dispose();
	const sentence = new RegExp(`Rouverte : la fiche « Alerte SMS ${tag} », ajoutée le \\d{1,2}(er)? \\S+ \\d{4}, demande une mention d’information\\.`);
	await page.goto(`/c/${id}`);
	await ready(page, true);
	const next = page.getByRole('region', { name: 'Prochaine étape' });
	await expect(next.getByRole('heading', { name: 'Recette rouverte' })).toBeVisible();
	const item = next.getByRole('listitem').filter({ hasText: 'Informer les personnes' });
	await expect(item).toContainText(sentence);
	await expect(item.getByRole('link', { name: 'Informer les personnes' })).toHaveAttribute('href', stepPath(id, 'information', 'mentions'));
	await expect(page.getByRole('region', { name: 'Les recettes' }).getByRole('listitem').filter({ hasText: 'Informer les personnes' })).toContainText('Rouverte');
	await expectNoA11yViolations(page, 'tableau de bord (recette rouverte)');

	await page.goto(`/c/${id}/recettes/information`);
	await ready(page, true);
	await expect(page.getByRole('status').filter({ hasText: 'Rouverte' })).toContainText(sentence);
	await expect(page.getByRole('link', { name: 'Reprendre l’étape « Une mention par activité »' })).toHaveAttribute('href', stepPath(id, 'information', 'mentions'));
	await expect(page.getByRole('link', { name: /^Recette suivante/ })).toHaveCount(0);
	await expectNoA11yViolations(page, 'recette rouverte');
});
