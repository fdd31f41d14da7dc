// Follow-up questions (issue 15): with JavaScript a follow-up appears as soon as the answer that
// opens it is chosen (a new breach, a recipe step), focus staying on that answer, and hides again
// when the answer changes; without JavaScript the first page of a new breach shows every
// follow-up with its condition, and one submission stores them all. axe on both.
import { expect, test, type Page } from '@playwright/test';
import { UUID, choice, expectNoA11yViolations, field, intent, newAccount, ready, signUp, stepPath, uniqueSuffix, createCommuneOverHttp } from './helpers';

/** A commune of this page's account, created over HTTP with its cookies; its id. */
const communeOf = (page: Page) => createCommuneOverHttp(page.request);

/** The block of a question (label, condition, input), by field name. */
const block = (page: Page, name: string) => page.locator(`[data-field="${name}"]`);
const NOTIFIED_AT = 'Si vous avez répondu « Oui » à « La CNIL a été notifiée »';

/** A new breach's first section, everything required. */
async function fillWhatHappened(page: Page, title: string): Promise<void> {
	await field(page, 'title').fill(title);
	await field(page, 'discoveredAt').fill('2026-11-02T09:30');
	await choice(page, 'nature', 'confidentialite').check();
	await field(page, 'description').fill('La liste des inscrits à la cantine a été envoyée à tous les parents.');
	await field(page, 'dataConcerned').fill('Noms des enfants, classes, régimes alimentaires');
	await field(page, 'peopleConcerned').fill('Les enfants inscrits à la cantine et leurs parents');
	await field(page, 'consequences').fill('Révélation de régimes alimentaires liés à la santé');
	await field(page, 'measures').fill('Rappel du courriel, demande de suppression aux destinataires');
}

test.describe('avec JavaScript', () => {
	test('choisir la réponse qui ouvre une question la montre aussitôt, sans déplacer le focus', async ({ page }) => {
		await signUp(page, newAccount('suivi-js', 'Camille Suivi'));
		const communeId = await communeOf(page);
		await page.goto(`/c/${communeId}/fiches/breach/nouveau`);
		await ready(page, true);

		// Nothing chosen: the follow-ups are hidden (out of the tab order, not announced).
		for (const name of ['notNotifiedReason', 'cnilNotified', 'cnilNotifiedAt', 'peopleInformed']) await expect(block(page, name)).toBeHidden();
		await fillWhatHappened(page, `Liste de la cantine ${uniqueSuffix()}`);

		await choice(page, 'risk', 'risque').check();
		await expect(block(page, 'cnilNotified')).toBeVisible();
		await expect(choice(page, 'risk', 'risque')).toBeFocused();
		await expect(block(page, 'notNotifiedReason')).toBeHidden();
		await expect(block(page, 'peopleInformed')).toBeHidden();
		await expect(block(page, 'cnilNotifiedAt')).toBeHidden();

		await choice(page, 'cnilNotified', 'oui').check();
		await expect(block(page, 'cnilNotifiedAt')).toBeVisible();
		await expect(block(page, 'cnilNotifiedAt').locator('.condition')).toHaveText(NOTIFIED_AT);
		await expect(field(page, 'cnilNotifiedAt')).toHaveAttribute('aria-describedby', /f-cnilNotifiedAt-condition/);
		await expect(choice(page, 'cnilNotified', 'oui')).toBeFocused();
		await expectNoA11yViolations(page, 'nouvelle violation, questions de suivi ouvertes');

		// « Non »: the date's question hides; « Pas de risque »: the notification's questions too.
		await choice(page, 'cnilNotified', 'non').check();
		await expect(block(page, 'cnilNotifiedAt')).toBeHidden();
		await choice(page, 'risk', 'aucun').check();
		await expect(block(page, 'cnilNotified')).toBeHidden();
		await expect(block(page, 'notNotifiedReason')).toBeVisible();

		// Back to « Oui », the date given, saved in one go: complete.
		await choice(page, 'risk', 'risque').check();
		await choice(page, 'cnilNotified', 'oui').check();
		await field(page, 'cnilNotifiedAt').fill('2026-11-03T10:00');
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${communeId}/fiches/breach/${UUID}\\?enregistre=1`));
		await expect(page.getByText('Complétude : 100 %')).toBeVisible();
		await ready(page, true);
		await expect(field(page, 'cnilNotifiedAt')).toHaveValue('2026-11-03T10:00');

		// A recipe step: the declaration's date appears with « Oui », before any save.
		await page.goto(stepPath(communeId, 'dpd', 'cnil'));
		await ready(page, true);
		await expect(block(page, 'declarationDate')).toBeHidden();
		await choice(page, 'declared', 'oui').check();
		await expect(block(page, 'declarationDate')).toBeVisible();
		await expect(block(page, 'receiptNumber')).toBeVisible();
		await expect(block(page, 'declarationDate').locator('.condition')).toHaveText(/^Si vous avez répondu « Oui » à « La déclaration a été faite sur le site de la CNIL »$/);
		await expect(choice(page, 'declared', 'oui')).toBeFocused();
	});
});

test.describe('sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('la première page d’une nouvelle violation montre toutes les questions avec leur condition ; un envoi les enregistre', async ({ page }) => {
		await signUp(page, newAccount('suivi-nojs', 'Dominique Suivi'), { javaScript: false });
		const communeId = await communeOf(page);
		await page.goto(`/c/${communeId}/fiches/breach/nouveau`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau : une violation');

		// Every follow-up is there, with its condition written next to it.
		for (const name of ['notNotifiedReason', 'cnilNotified', 'cnilNotifiedAt', 'cnilReference', 'lateReason', 'peopleInformed', 'peopleInformedOn', 'notInformedReason']) {
			await expect(block(page, name)).toBeVisible();
			await expect(block(page, name).locator('.condition')).toHaveText(/^Si vous avez répondu /);
		}
		await expect(block(page, 'cnilNotifiedAt').locator('.condition')).toHaveText(NOTIFIED_AT);
		await expect(block(page, 'cnilNotified').locator('.condition')).toHaveText(
			'Si vous avez répondu « Un risque pour les personnes » ou « Un risque élevé pour les personnes » à « Risque pour les personnes »'
		);
		await expectNoA11yViolations(page, 'nouvelle violation (sans JS)', { javaScript: false });

		// One submission with the follow-ups filled: stored, and the breach is complete.
		const title = `Ordinateur volé ${uniqueSuffix()}`;
		await fillWhatHappened(page, title);
		await choice(page, 'risk', 'risque').check();
		await choice(page, 'cnilNotified', 'oui').check();
		await field(page, 'cnilNotifiedAt').fill('2026-11-03T10:00');
		await field(page, 'cnilReference').fill('NOTIF-2026-0042');
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${communeId}/fiches/breach/${UUID}\\?enregistre=1`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(page.getByText('Complétude : 100 %')).toBeVisible();
		await expect(field(page, 'cnilNotifiedAt')).toHaveValue('2026-11-03T10:00');
		await expect(field(page, 'cnilReference')).toHaveValue('NOTIF-2026-0042');
		await expect(page.locator('main .tone').first()).toHaveText(/^Notifiée/);
	});
});
