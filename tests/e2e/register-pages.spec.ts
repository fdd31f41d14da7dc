// The register of a large body is shown 50 fiches a page: plain links (no JavaScript needed), in a
// navigation named for screen readers, the current page marked, the filters kept from page to page.
import { expect, test } from '@playwright/test';
import { createCommuneOverHttp, expectNoA11yViolations, FORM_HEADERS, newAccount, signUp } from './helpers';

test.describe('registre en pages, sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('55 fiches : deux pages, la page courante marquée, les filtres gardés', async ({ page }) => {
		test.setTimeout(180_000);
		await signUp(page, newAccount('registre-pages', 'Paule Pagination'), { javaScript: false });
		// The page's own HTTP client shares its cookies: the fiches are made over HTTP, faster than the form.
		const id = await createCommuneOverHttp(page.request);
		for (let i = 1; i <= 55; i++) {
			const res = await page.request.post(`/c/${id}/fiches/activity/nouveau`, {
				headers: FORM_HEADERS,
				form: { name: `Activité ${String(i).padStart(2, '0')}`, _fields: 'name' },
				maxRedirects: 0
			});
			expect(res.status(), `fiche ${i}`).toBe(303);
		}

		await page.goto(`/c/${id}/registre`);
		const table = page.getByRole('table');
		await expect(table.locator('caption')).toHaveText('55 fiches — page 1 sur 2 : fiches 1 à 50');
		await expect(table.locator('tbody tr')).toHaveCount(50);
		await expect(table.getByRole('link', { name: 'Activité 01', exact: true })).toBeVisible();
		await expect(table.getByRole('link', { name: 'Activité 51', exact: true })).toHaveCount(0);
		const pager = page.getByRole('navigation', { name: 'Pages du registre' });
		await expect(pager.locator('a[aria-current="page"]')).toHaveText('Page 1');
		await expect(pager.getByRole('link', { name: '← Page précédente' })).toHaveCount(0);
		await expectNoA11yViolations(page, 'registre en pages (sans JS)', { javaScript: false });

		await pager.getByRole('link', { name: 'Page suivante →' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/registre\\?page=2$`));
		await expect(table.locator('caption')).toHaveText('55 fiches — page 2 sur 2 : fiches 51 à 55');
		await expect(table.locator('tbody tr')).toHaveCount(5);
		await expect(table.getByRole('link', { name: 'Activité 55', exact: true })).toBeVisible();
		await expect(pager.locator('a[aria-current="page"]')).toHaveText('Page 2');
		await expect(pager.getByRole('link', { name: 'Page suivante →' })).toHaveCount(0);
		// The counts above the table still cover every fiche.
		await expect(page.getByText('0 fiche complète sur 55.')).toBeVisible();

		// A filter: its pages keep it, and the first page drops the number.
		await page.getByLabel('Complétude').selectOption('incomplete');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/\?q=&base=&etat=incomplete$/);
		await expect(table.locator('caption')).toHaveText('55 fiches — page 1 sur 2 : fiches 1 à 50');
		await expect(pager.getByRole('link', { name: 'Page 2' })).toHaveAttribute('href', '?etat=incomplete&page=2');
		await pager.getByRole('link', { name: 'Page 2' }).click();
		await expect(table.locator('tbody tr')).toHaveCount(5);
		await expect(pager.getByRole('link', { name: 'Page 1' })).toHaveAttribute('href', '?etat=incomplete');

		// A narrower filter fits on one page: no page links at all.
		await page.getByLabel('Nom contient').fill('activite 5');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(table.locator('caption')).toHaveText('6 fiches (sur 55)');
		await expect(pager).toHaveCount(0);

		// A page past the end shows the last one.
		await page.goto(`/c/${id}/registre?page=40`);
		await expect(table.locator('caption')).toHaveText('55 fiches — page 2 sur 2 : fiches 51 à 55');
	});
});
