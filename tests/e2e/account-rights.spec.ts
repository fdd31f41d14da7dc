// The app's own GDPR compliance, in a browser without JavaScript (issue 14): the privacy page from
// the footer, « mot de passe oublié » leads somewhere, a user corrects their name, downloads their
// data and deletes their account.
import { expect, test } from '@playwright/test';
import { createCommune, expectNoA11yViolations, field, newAccount, signUp, signUpOverHttp } from './helpers';

test.describe('users’ rights, without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('privacy page, forgotten password, correct, download, delete', async ({ page }) => {
		await page.goto('/connexion');
		await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
		await expect(page.getByText('lien de réinitialisation')).toBeVisible();

		await page.getByRole('link', { name: 'Données personnelles et confidentialité' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Vos données personnelles dans Super Chef RGPD' })).toBeVisible();
		await expect(page.getByRole('row', { name: /Sessions de connexion/ })).toContainText('30 jours');
		await expectNoA11yViolations(page, '/confidentialite', { javaScript: false });
		const csv = await page.request.get('/confidentialite/registre.csv');
		expect(csv.status()).toBe(200);
		expect(await csv.text()).toContain('Mission d’intérêt public');

		// On an empty installation the first account is the GIP administrator, who may not leave
		// alone: someone else signs up first.
		await (await signUpOverHttp(newAccount('premier'))).dispose();
		const account = newAccount('droits', 'Agathe Rectifiée');
		await signUp(page, account, { javaScript: false });
		await page.goto('/compte');
		const corrected = `${account.name} Martin`;
		await page.getByLabel(/^Nom et prénom/).fill(corrected);
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(page.getByText('Vos informations sont corrigées.')).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: corrected })).toBeVisible();
		await expectNoA11yViolations(page, '/compte', { javaScript: false });

		const data = await page.request.get('/compte/mes-donnees.json');
		expect(data.status()).toBe(200);
		const doc = await data.json();
		expect(doc.account).toMatchObject({ name: corrected, email: account.email });
		expect(doc.sessions.some((s: { current: boolean }) => s.current)).toBe(true);

		// The password again, and the box: a plain form, no JavaScript.
		await page.locator('#f-password').fill(account.password);
		await page.getByLabel('Je confirme la suppression définitive de mon compte').check();
		await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
		await expect(page).toHaveURL(/\/connexion\?compte=supprime/);
		await expect(page.getByText('Votre compte est supprimé.')).toBeVisible();

		await page.getByLabel('Adresse e-mail').fill(account.email);
		await page.getByLabel(/^Mot de passe/).fill(account.password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.getByText('Adresse e-mail ou mot de passe incorrect.')).toBeVisible();
	});

	test('the DPD erases a resident from a rights request, and from the journal', async ({ page }) => {
		await (await signUpOverHttp(newAccount('premier'))).dispose();
		await signUp(page, newAccount('effacement', 'Diane Déléguée'), { javaScript: false });
		const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon', javaScript: false });
		const resident = `Théophile Zyxwvu ${Date.now().toString(36)}`;
		await page.goto(`/c/${commune.id}/fiches/request/nouveau`);
		await field(page, 'requesterName').fill(resident);
		await field(page, 'requesterContact').fill('12 rue des Lilas, Glanon');
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page).toHaveURL(/\/fiches\/request\/[0-9a-f-]{36}/);
		await expect(field(page, 'requesterName')).toHaveValue(resident);

		// The box unticked: refused with a French message (the browser's `required` aside).
		await page.locator('#f-confirm').evaluate((el) => el.removeAttribute('required'));
		await page.getByRole('button', { name: 'Effacer les données de cette personne' }).click();
		await expect(page.getByRole('alert')).toContainText('Cochez la case pour confirmer l’effacement');
		await expect(field(page, 'requesterName')).toHaveValue(resident);

		await page.getByLabel('Je confirme l’effacement définitif des données de cette personne').check();
		await page.getByRole('button', { name: 'Effacer les données de cette personne' }).click();
		await expect(page.getByText(/Données de la personne effacées/)).toBeVisible();
		await expect(field(page, 'requesterName')).toHaveValue(/^\[effacé le \d{1,2}(er)? \S+ \d{4}\]$/);
		await page.goto(`/c/${commune.id}/journal`);
		await expect(page.getByText(/effacement/).first()).toBeVisible();
		expect(await page.content()).not.toContain('Zyxwvu');
	});
});
