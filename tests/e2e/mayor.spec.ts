// The mayor's view (role « élu »): a DPD signs up, creates the commune, invites the mayor and
// produces the mission letter; the mayor's dashboard shows first what awaits him — « À signer »
// with that letter, then, once the DPD has produced the dossier, a link that downloads it. The
// journal he reads speaks words (no ids) and its dates stay on one line. axe on each page.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
	createCommuneOverHttp,
	expectNoA11yViolations,
	inviteOverHttp,
	newAccount,
	signUp,
	UUID,
	waitForHydration
} from './helpers';

/** The produced letter's link (its title may be edited before production: only its start is fixed). */
const LETTER_LINK = /^Lettre de mission.* \(PDF\)$/;

test('le maire voit d’abord ce qui l’attend : le document à signer, puis le dossier à télécharger', async ({ page, browser }, info) => {
	const dpd = newAccount('dpd-maire', 'Sophie Secrétaire');
	const mayor = newAccount('maire', 'Dominique Martin');

	// --- The DPD: account, commune, invitation, the mission letter ------------------------------
	await signUp(page, dpd);
	// The official list's 21301 is Glanon.
	const commune = { id: await createCommuneOverHttp(page.request, '21301'), name: 'Glanon' };
	// The page's request context shares the DPD's session cookie.
	const link = await inviteOverHttp(page.request, commune.id, 'elu');

	await page.goto(`/c/${commune.id}/documents/lettre_mission`);
	await waitForHydration(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Lettre de mission/);
	await page.getByRole('button', { name: 'Produire le PDF' }).click();
	await expect(page).toHaveURL(new RegExp(`/c/${commune.id}/documents/lettre_mission\\?produit=${UUID}$`));
	const produced = new URL(page.url()).searchParams.get('produit')!;

	// --- The mayor accepts the invitation and lands on the dashboard -----------------------------
	const mayorContext = await browser.newContext();
	const mayorPage = await mayorContext.newPage();
	try {
		await mayorPage.goto(new URL(link).pathname);
		await waitForHydration(mayorPage);
		await mayorPage.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
		await expect(mayorPage).toHaveURL(/\/inscription\?suite=/);
		await signUp(mayorPage, mayor, { navigate: false });
		await expect(mayorPage).toHaveURL(new URL(link).pathname);
		await waitForHydration(mayorPage);
		await mayorPage.getByRole('button', { name: 'Accepter l’invitation' }).click();
		await expect(mayorPage).toHaveURL(`/c/${commune.id}`);
		await waitForHydration(mayorPage);

		// First on the page: what awaits him.
		await expect(mayorPage.locator('main h2').first()).toHaveText('Ce qui vous attend');
		const awaits = mayorPage.getByRole('region', { name: 'Ce qui vous attend' });
		await expect(awaits.getByRole('heading', { level: 3, name: 'À signer' })).toBeVisible();
		const toSign = awaits.getByRole('list', { name: 'À signer' }).getByRole('link', { name: LETTER_LINK });
		await expect(toSign).toHaveAttribute('href', `/c/${commune.id}/documents/fichier/${produced}`);
		await expect(awaits).toContainText('Aucune décision ne vous attend.');
		await expect(awaits).toContainText('Le délégué n’a pas encore produit de dossier de conformité.');
		await expect(awaits.getByRole('link', { name: /^Télécharger le dossier/ })).toHaveCount(0);
		await expectNoA11yViolations(mayorPage, 'tableau de bord du maire (à signer)');

		// The letter downloads.
		const [letter] = await Promise.all([mayorPage.waitForEvent('download'), toSign.click()]);
		const letterFile = info.outputPath('lettre.pdf');
		await letter.saveAs(letterFile);
		expect(readFileSync(letterFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');

		// --- The DPD produces the dossier; the mayor downloads it from his dashboard --------------
		await page.goto(`/c/${commune.id}/dossier`);
		await waitForHydration(page);
		await page.getByRole('button', { name: 'Produire le dossier à jour' }).click();
		await expect(page.getByText('Version 1 créée.')).toBeVisible();

		await mayorPage.goto(`/c/${commune.id}`);
		await waitForHydration(mayorPage);
		const download = awaits.getByRole('link', { name: /^Télécharger le dossier \(version 1, PDF/ });
		await expect(download).toHaveAttribute('href', `/c/${commune.id}/dossier/v1.pdf`);
		await expect(awaits.getByRole('list', { name: 'À signer' }).getByRole('link', { name: LETTER_LINK })).toBeVisible();
		await expectNoA11yViolations(mayorPage, 'tableau de bord du maire (dossier produit)');
		const [dossier] = await Promise.all([mayorPage.waitForEvent('download'), download.click()]);
		expect(dossier.suggestedFilename()).toMatch(/^dossier-rgpd-.*-v1-\d{4}-\d{2}-\d{2}\.pdf$/);
		const dossierFile = info.outputPath('dossier.pdf');
		await dossier.saveAs(dossierFile);
		expect(readFileSync(dossierFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');

		// --- The journal he reads: words and names, dates on one line ------------------------------
		await mayorPage.goto(`/c/${commune.id}/journal`);
		await waitForHydration(mayorPage);
		const table = mayorPage.getByRole('table', { name: `Journal des modifications de ${commune.name}` });
		await expect(table.getByRole('cell', { name: /^document : production : Lettre de mission/ })).toBeVisible();
		await expect(table.getByRole('cell', { name: dpd.name, exact: true }).first()).toBeVisible();
		const text = await table.innerText();
		expect(text).not.toMatch(new RegExp(UUID, 'i'));
		expect(text).not.toMatch(/\b(dpd|elu|inseeCode|sha256)\b/);
		const firstDate = table.locator('tbody td time').first();
		await expect(firstDate).toHaveText(/^\d{2}\/\d{2}\/\d{4}\u00a0\d{2}:\d{2}$/);
		expect(await firstDate.evaluate((el) => getComputedStyle(el.parentElement!).whiteSpace)).toBe('nowrap');
		await expectNoA11yViolations(mayorPage, 'journal (maire)');
	} finally {
		await mayorContext.close();
	}
});
