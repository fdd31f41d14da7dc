// Double submission (issue 14): a double click on « Enregistrer » of a new breach, with and
// without JavaScript, and the same form sent again, create one breach. Every creating form carries
// a token drawn when it was rendered (src/lib/server/idempotency.ts); the second submission gets
// the first record back.
import { expect, test, type Page } from '@playwright/test';
import { FORM_HEADERS, UUID, field, newAccount, ready, signUp, stepPath, uniqueSuffix, createCommuneOverHttp } from './helpers';

/** A commune of this page's account, created over HTTP with its cookies; its id. */
const communeOf = (page: Page) => createCommuneOverHttp(page.request);

/** Opens a new breach's form and fills what it needs. */
async function newBreach(page: Page, communeId: string, title: string, javaScript: boolean): Promise<void> {
	await page.goto(`/c/${communeId}/fiches/breach/nouveau`);
	await ready(page, javaScript);
	await field(page, 'title').fill(title);
	await field(page, 'discoveredAt').fill('2026-11-02T09:30');
}

/** How many breaches of this title the register lists. */
async function breachesNamed(page: Page, communeId: string, title: string): Promise<number> {
	await page.goto(stepPath(communeId, 'violations', 'registre'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le registre des violations');
	return page.getByRole('link', { name: title, exact: true }).count();
}

for (const javaScript of [true, false]) {
	test.describe(javaScript ? 'avec JavaScript' : 'sans JavaScript', () => {
		test.use({ javaScriptEnabled: javaScript });

		test('un double clic sur « Enregistrer » et le même formulaire renvoyé créent une seule violation', async ({ page }) => {
			const account = newAccount(javaScript ? 'double-js' : 'double-nojs', 'Camille Double');
			await signUp(page, account, { javaScript });
			const communeId = await communeOf(page);
			const title = `Courriel mal adressé ${uniqueSuffix().slice(-6)}`;

			await newBreach(page, communeId, title, javaScript);
			// What the browser sends, to send it again afterwards (the token drawn for this form included).
			const token = await page.locator('input[name="_jeton"]').inputValue();
			expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
			await page.getByRole('button', { name: 'Enregistrer', exact: true }).dblclick();
			await expect(page).toHaveURL(new RegExp(`/c/${communeId}/fiches/breach/(${UUID})\\?enregistre=1`));
			const created = new RegExp(`/fiches/breach/(${UUID})`).exec(page.url())![1]!;
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

			// The same form sent once more (a resubmission): it leads to the breach already created.
			const again = await page.request.post(`/c/${communeId}/fiches/breach/nouveau`, {
				headers: FORM_HEADERS,
				form: { _version: '0', _fields: 'title,discoveredAt', title, discoveredAt: '2026-11-02T09:30', intent: 'back', _jeton: token },
				maxRedirects: 0
			});
			expect(again.status()).toBe(303);
			expect(again.headers().location).toContain(`/c/${communeId}/fiches/breach/${created}?enregistre=1`);

			expect(await breachesNamed(page, communeId, title)).toBe(1);

			// A new form (a new token) is a new breach.
			await newBreach(page, communeId, title, javaScript);
			expect(await page.locator('input[name="_jeton"]').inputValue()).not.toBe(token);
			await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${communeId}/fiches/breach/${UUID}\\?enregistre=1`));
			expect(page.url()).not.toContain(created);
			expect(await breachesNamed(page, communeId, title)).toBe(2);
		});
	});
}
