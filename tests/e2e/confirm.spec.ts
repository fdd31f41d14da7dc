// « Confirm, don't type » (issue 15): a proposed register entry reviewed on one page, each item
// with its source, then « Je confirme » → the next one → the register says it is confirmed; the
// DPIA screening confirmed from one table without JavaScript; the conformity grids pre-answered.
import { expect, test, type Page } from '@playwright/test';
import { createCommune, expectNoA11yViolations, newAccount, ready, signUp, stepPath } from './helpers';

async function addFromCatalogue(page: Page, communeId: string, ids: string[], javaScript: boolean) {
	await page.goto(stepPath(communeId, 'registre', 'catalogue'));
	await ready(page, javaScript);
	for (const id of ids) await page.locator(`#cat-${id}`).check();
	await page.getByRole('button', { name: 'Ajouter les activités cochées au registre' }).click();
	await expect(page.getByRole('status').filter({ hasText: `${ids.length} fiches ajoutées au registre` })).toBeVisible();
}

test.describe('confirm, don’t type (JavaScript)', () => {
	test('reviews a proposed entry on one page, confirms it, goes to the next, and the register says so', async ({ page }) => {
		test.setTimeout(180_000);
		await signUp(page, newAccount('confirme', 'Camille Confirme'));
		const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon' });
		const c = `/c/${commune.id}`;
		await addFromCatalogue(page, commune.id, ['cimetiere', 'paie'], true);

		await page.goto(`${c}/registre`);
		const banner = page.getByRole('region', { name: 'À confirmer' });
		await expect(banner).toContainText('2 entrées proposées par l’application attendent');
		const cemetery = page.getByRole('row').filter({ hasText: 'Cimetière et concessions funéraires' });
		await expect(cemetery.locator('.tag.proposed')).toBeVisible();
		await expectNoA11yViolations(page, 'registre avec des entrées à confirmer');

		await page.goto(`${c}/registre/a-confirmer`);
		await expect(page.getByRole('heading', { level: 1, name: 'Entrées du registre à confirmer' })).toBeVisible();
		await expectNoA11yViolations(page, 'liste à confirmer');
		await page.getByRole('link', { name: 'Relire et confirmer : Cimetière et concessions funéraires' }).click();

		await expect(page.getByRole('heading', { level: 1, name: 'Relire « Cimetière et concessions funéraires »' })).toBeVisible();
		// Every art. 30 item, each answer with its source, the cautions, an edit link per answer.
		for (const heading of ['Finalités (art. 30.1.b)', 'Personnes et données concernées (art. 30.1.c)', 'Durées de conservation (art. 30.1.f)']) {
			await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
		}
		await expect(page.getByRole('heading', { name: 'Points de vigilance du catalogue' })).toBeVisible();
		await expect(page.locator('p.source').filter({ hasText: /Source : Catalogue \(« Cimetière et concessions funéraires »\) : / }).first()).toBeVisible();
		await expect(page.locator('p.source').filter({ hasText: 'source à confirmer' }).first()).toBeVisible();
		const edit = page.getByRole('link', { name: 'Modifier : Base légale' });
		await expect(edit).toHaveAttribute('href', new RegExp(`/fiches/activity/[0-9a-f-]+\\?retour=.*#f-legalBasis$`));
		await expectNoA11yViolations(page, 'relecture d’une entrée proposée');

		await page.getByRole('button', { name: 'Je confirme : Cimetière et concessions funéraires' }).click();
		// The next proposed entry opens, saying the first one is confirmed.
		await expect(page.getByRole('heading', { level: 1, name: /^Relire « Paie/ })).toBeVisible();
		await expect(page.getByRole('status')).toContainText('« Cimetière et concessions funéraires » est confirmée');
		await page.getByRole('button', { name: /^Je confirme : Paie/ }).click();
		// None left: back to the register, with the message.
		await expect(page).toHaveURL(new RegExp(`${c}/registre\\?confirmees=1$`));
		await expect(page.getByRole('status')).toContainText('il ne reste aucune entrée proposée à confirmer');
		await expect(page.getByRole('region', { name: 'À confirmer' })).toHaveCount(0);
		await expect(page.getByRole('row').filter({ hasText: 'Cimetière et concessions funéraires' }).locator('.tag.proposed')).toHaveCount(0);

		// The fiche says who confirmed it.
		await page.getByRole('link', { name: 'Cimetière et concessions funéraires' }).click();
		await expect(page.getByText(/Proposée par l’application, confirmée par Camille Confirme.* le /)).toBeVisible();
	});
});

test.describe('confirm, don’t type (without JavaScript)', () => {
	test.use({ javaScriptEnabled: false });

	test('the DPIA table confirms every proposed verdict at once; the grids are pre-answered', async ({ page }) => {
		test.setTimeout(180_000);
		await signUp(page, newAccount('depistage', 'Dominique Dépistage'), { javaScript: false });
		const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon', javaScript: false });
		const c = `/c/${commune.id}`;
		await addFromCatalogue(page, commune.id, ['listes-electorales', 'videoprotection', 'registre-canicule'], false);

		// From the recipe's step.
		await page.goto(stepPath(commune.id, 'aipd', 'depistage'));
		await page.getByRole('link', { name: 'Confirmer les verdicts proposés, en un tableau' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Le dépistage des analyses d’impact, en un tableau' })).toBeVisible();
		const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
		await expect(row('Listes électorales')).toContainText('AIPD non nécessaire');
		await expect(row('Listes électorales')).toContainText('proposé');
		await expect(row('Vidéoprotection de la voie publique')).toContainText('AIPD nécessaire');
		// « Probable »: answered criterion by criterion.
		await expect(row('Registre canicule et grand froid (personnes vulnérables)').getByRole('link', { name: /Répondre critère par critère/ })).toBeVisible();
		await expectNoA11yViolations(page, 'tableau du dépistage', { javaScript: false });

		await page.getByRole('button', { name: 'Je confirme les 2 verdicts proposés' }).click();
		await expect(page.getByRole('status')).toContainText(/2 verdicts confirmés par Dominique Dépistage.*\. Une activité reste à examiner critère par critère\./);
		await expect(row('Listes électorales')).toContainText('Fait');
		await expect(row('Vidéoprotection de la voie publique')).toContainText('Fait');
		await expect(page.getByRole('button', { name: /Je confirme/ })).toHaveCount(0);

		// The screening created is the record the step needs: its page gives the verdict, confirmed.
		await row('Vidéoprotection de la voie publique').getByRole('link', { name: /voir/ }).click();
		await expect(page.getByRole('heading', { name: 'Verdict' })).toBeVisible();
		await expect(page.locator('p.tone')).toContainText('Analyse d’impact obligatoire : c’est un cas prévu par le RGPD lui-même');
		await expect(page.getByText(/confirmée par Dominique Dépistage.* le /)).toBeVisible();

		// The grids: pre-answered with their reasons, « proposé » until confirmed.
		await page.goto(`${c}/conformite`);
		const grid = page.getByRole('region', { name: 'Listes électorales' });
		await expect(grid.getByRole('row').filter({ hasText: 'Information des personnes' })).toContainText('Non conforme');
		await expect(grid.getByRole('row').filter({ hasText: 'Analyse d’impact' })).toContainText('Dépistage fait');
		await expect(grid.getByRole('row').filter({ hasText: 'Finalité' }).first()).toContainText('À répondre');
		await expectNoA11yViolations(page, 'grilles pré-remplies', { javaScript: false });
		await grid.getByRole('button', { name: 'Préparer la grille : Listes électorales' }).click();
		await expect(page.getByRole('status')).toContainText('Une grille préparée');
		await expect(page.getByRole('region', { name: 'Listes électorales' }).getByText('proposé, non confirmé')).toBeVisible();
		await page.getByRole('button', { name: 'Je confirme la grille : Listes électorales' }).click();
		await expect(page.getByRole('status')).toContainText(/Grille confirmée par Dominique Dépistage/);
		await expect(page.getByRole('region', { name: 'Listes électorales' })).toContainText('Grille faite');
	});
});
