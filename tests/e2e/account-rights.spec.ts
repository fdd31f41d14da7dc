// The app's own GDPR compliance, in a browser without JavaScript (issue 14): the privacy page from
// the footer, « mot de passe oublié » leads somewhere, a user corrects their name, downloads their
// data and deletes their account.
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations, newAccount, signUp, signUpOverHttp } from './helpers';

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
});
