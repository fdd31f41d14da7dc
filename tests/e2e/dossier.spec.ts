// The compliance dossier from the app: produce it, download the PDF, see it in the versions page;
// produce it again without change (same version), then after a change (a new version saying what
// changed). With JavaScript, then without. axe on the dossier page.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { createCommune, expectNoA11yViolations, newAccount, ready, signUp } from './helpers';

const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

async function downloadVersion(page: Page, version: number, file: string) {
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: new RegExp(`^Version ${version} \\(PDF`) }).click();
	await (await download).saveAs(file);
	return pdfText(file);
}

for (const javaScript of [true, false]) {
	test.describe(javaScript ? 'avec JavaScript' : 'sans JavaScript', () => {
		test.use({ javaScriptEnabled: javaScript });

		test('produces the dossier, lists its versions, and re-uses a version while nothing changed', async ({ page }, info) => {
			const account = newAccount(javaScript ? 'dossier' : 'dossier-nojs', 'Sophie Martin');
			await signUp(page, account, { javaScript });
			const commune = await createCommune(page, { javaScript, query: '21360', pick: 'Thorey-sur-Ouche' });

			await page.goto(`/c/${commune.id}/dossier`);
			await ready(page, javaScript);
			await expect(page.getByText('Aucun dossier produit pour l’instant.')).toBeVisible();
			await expectNoA11yViolations(page, 'dossier (vide)', { javaScript });

			await page.getByRole('button', { name: 'Produire le dossier à jour' }).click();
			await expect(page.getByText('Version 1 créée.')).toBeVisible();
			await ready(page, javaScript);
			const first = await downloadVersion(page, 1, info.outputPath('v1.pdf'));
			expect(first).toContain('Dossier de conformité au RGPD');
			expect(first).toContain(`Commune de ${commune.name}`);
			for (const heading of ['Sommaire', 'Synthèse', 'Points d’attention', 'Le registre des activités de traitement', 'Le plan d’action', 'Signatures']) {
				expect(first).toContain(heading);
			}
			const fingerprint = (await page.locator('td.fp code').first().textContent())!.trim();
			expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
			expect(first.replace(/ /g, '')).toContain(fingerprint);

			// Nothing changed: the same version, the same fingerprint.
			await page.getByRole('button', { name: 'Produire le dossier à jour' }).click();
			await expect(page.getByText('Rien n’a changé depuis la version 1')).toBeVisible();
			await expect(page.getByRole('link', { name: /^Version \d/ })).toHaveCount(1);

			// A change of the commune's identity makes a version 2 that says what changed.
			await page.goto(`/c/${commune.id}/identite`);
			await ready(page, javaScript);
			await page.getByLabel('Téléphone').fill('03 80 99 88 77');
			await page.getByRole('button', { name: 'Enregistrer' }).click();
			await expect(page.getByText('Identité enregistrée.')).toBeVisible();
			await page.goto(`/c/${commune.id}/dossier`);
			await ready(page, javaScript);
			await page.getByRole('button', { name: 'Produire le dossier à jour' }).click();
			await expect(page.getByText('Version 2 créée.')).toBeVisible();
			await ready(page, javaScript);
			const row = page.getByRole('row', { name: /Version 2/ });
			await expect(row).toContainText('identité de la commune');
			const second = (await row.locator('td.fp code').textContent())!.trim();
			expect(second).not.toBe(fingerprint);
			await expectNoA11yViolations(page, 'dossier (deux versions)', { javaScript });

			// Version 1 is still downloadable, exactly as it was.
			const again = await downloadVersion(page, 1, info.outputPath('v1-again.pdf'));
			expect(again).toBe(first);
		});
	});
}
