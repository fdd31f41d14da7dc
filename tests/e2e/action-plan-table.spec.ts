// The action plan in one table (issue 15): every open action with an owner and a due date proposed
// (the DPD, a date from the priority), marked « proposé »; one submission saves them all; a refused
// date comes back next to its row's field with the other values kept. With and without
// JavaScript, axe clean, no wider than a 390 px phone.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { today } from '../../src/lib/french';
import { proposedDueDate } from '../../src/lib/recipes/plan';
import { MEASURES } from '../../src/lib/recipes/securite';
import { FORM_HEADERS, createCommuneOverHttp, expectNoA11yViolations, newAccount, ready, signUp } from './helpers';

const PHONE = MEASURES.find((m) => m.id === 'code_telephones')!;
const USB = MEASURES.find((m) => m.id === 'usb_chiffrees')!;

/** A commune whose DPD is named and whose security step plans two measures: two open actions. */
async function communeWithTwoActions(request: APIRequestContext): Promise<string> {
	const id = await createCommuneOverHttp(request);
	const save = async (path: string, form: Record<string, string>) => {
		const res = await request.post(`/c/${id}/recettes/${path}?/save`, { headers: FORM_HEADERS, form: { ...form, _fields: Object.keys(form).join(','), intent: 'save' }, maxRedirects: 0 });
		expect(res.status(), path).toBeLessThan(400);
	};
	await save('dpd/identite', { firstName: 'Martine', lastName: 'Durand' });
	await save('securite/mobiles', { m_code_telephones: 'prevu', m_usb_chiffrees: 'prevu' });
	return id;
}

const row = (page: Page, title: string) => page.locator('table.plan-table tbody tr').filter({ has: page.getByRole('rowheader', { name: title }) });
const owner = (page: Page, title: string) => row(page, title).locator('input[name^="owner__"]');
const due = (page: Page, title: string) => row(page, title).locator('input[name^="dueDate__"]');

for (const javaScript of [true, false]) {
	test.describe(javaScript ? 'avec JavaScript' : 'sans JavaScript', () => {
		test.use({ javaScriptEnabled: javaScript });

		test('propose, refuse une date à côté de sa ligne en gardant les valeurs, puis enregistre tout d’un coup', async ({ page }) => {
			test.setTimeout(120_000);
			await signUp(page, newAccount(javaScript ? 'plan-js' : 'plan-nojs', 'Camille Plan'), { javaScript });
			const communeId = await communeWithTwoActions(page.request);
			const phone = `Sécurité : ${PHONE.label}`;
			const usb = `Sécurité : ${USB.label}`;
			// Proposed from the clock of this run (priority 2: three months), the same module as the server's.
			const proposedDate = proposedDueDate('2', today());

			// The plan's step leads to the table.
			await page.goto(`/c/${communeId}/recettes/plan/actions`);
			await page.getByRole('link', { name: 'Ouvrir le plan d’action en un tableau' }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${communeId}/plan$`));
			await ready(page, javaScript);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le plan d’action en un tableau');

			// Every row pre-filled, every value marked « proposé ».
			await expect(page.locator('table.plan-table tbody tr')).toHaveCount(2);
			for (const t of [phone, usb]) {
				await expect(owner(page, t)).toHaveValue('Martine Durand');
				await expect(due(page, t)).toHaveValue(proposedDate);
				await expect(row(page, t).locator('.tag.proposed')).toHaveCount(2);
				await expect(row(page, t)).toContainText('Sécuriser le quotidien — Téléphones et clés USB');
			}
			await expect(owner(page, phone)).toHaveAccessibleDescription('Valeur proposée, à accepter ou changer');
			await expectNoA11yViolations(page, 'plan d’action en un tableau', { javaScript });

			// She changes one owner (with JavaScript its « proposé » goes at once) and types a date out of range.
			await owner(page, usb).fill('Paul Adjoint');
			if (javaScript) await expect(row(page, usb).locator('.tag.proposed')).toHaveCount(1);
			await due(page, phone).fill('2101-01-01');
			// Removing the marks re-renders the rows: what she typed stays.
			await expect(owner(page, usb)).toHaveValue('Paul Adjoint');
			await expect(due(page, phone)).toHaveValue('2101-01-01');
			await page.getByRole('button', { name: 'Enregistrer le plan (2 actions)' }).click();

			// Refused: the French message next to that row's date, her values kept, nothing saved.
			const message = `Échéance : une date entre 1900 et 2100. (action « ${phone} »)`;
			await expect(row(page, phone).locator('.error')).toHaveText(message);
			await expect(due(page, phone)).toHaveAttribute('aria-invalid', 'true');
			await expect(due(page, phone)).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
			await expect(page.getByRole('alert')).toContainText('rien n’est enregistré');
			await expect(due(page, phone)).toHaveValue('2101-01-01');
			await expect(owner(page, usb)).toHaveValue('Paul Adjoint');
			await expect(owner(page, phone)).toHaveValue('Martine Durand');
			await expect(due(page, usb)).toHaveValue(proposedDate);
			await expect(row(page, usb).locator('.error')).toHaveCount(0);
			await expectNoA11yViolations(page, 'plan d’action refusé', { javaScript });

			// Corrected and sent: every row saved, nothing proposed left.
			await due(page, phone).fill('2027-03-15');
			await page.getByRole('button', { name: 'Enregistrer le plan (2 actions)' }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${communeId}/plan\\?enregistre=2$`));
			await expect(page.getByRole('status')).toContainText('Plan d’action enregistré : 2 actions mises à jour.');
			await expect(page.locator('table.plan-table .tag.proposed')).toHaveCount(0);
			await expect(due(page, phone)).toHaveValue('2027-03-15');
			await expect(owner(page, phone)).toHaveValue('Martine Durand');
			await expect(owner(page, usb)).toHaveValue('Paul Adjoint');
			await expect(due(page, usb)).toHaveValue(proposedDate);

			// The accepted proposal is in the action's history, under her name.
			await row(page, phone).getByRole('link', { name: phone }).click();
			await expect(page.locator('#f-owner-meta')).toContainText(/^Réponse de Camille Plan .*\(proposition acceptée\), le /);
			// The date she typed is hers, without « proposition acceptée ».
			await expect(page.locator('#f-dueDate-meta')).toHaveText(/^Réponse de Camille Plan [^()]*, le /);
		});
	});
}

test('le tableau tient sur un téléphone de 390 px', async ({ page }) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page, newAccount('plan-phone', 'Camille Téléphone'));
	const communeId = await communeWithTwoActions(page.request);
	await page.goto(`/c/${communeId}/plan`);
	await ready(page, true);
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
	// Each action is a card whose fields say what they are.
	await expect(page.locator('table.plan-table tbody tr').first().getByText('Qui s’en charge ?')).toBeVisible();
	await expectNoA11yViolations(page, 'plan d’action sur téléphone');
});
