// The commune profile (issue 15): a new commune is led to it first; its yes/no questions are
// answered with and without JavaScript; the page then shows what the app proposes and why, each
// « proposé, non confirmé », linking to the record where she confirms it; a flipped answer lists
// what no longer applies, for her to remove. axe clean; no sideways scroll at 390 px.
import { expect, test, type Page } from '@playwright/test';
import { choice, createCommune, expectNoA11yViolations, newAccount, ready, signUp } from './helpers';

const YES = ['cantine', 'aines', 'newsletter', 'sms', 'cimetiere', 'police'];
const NO = ['ecole', 'periscolaire', 'video', 'site', 'salle', 'eau'];

async function expectFitsPhone(page: Page) {
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
	expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

for (const javaScript of [true, false]) {
	test.describe(javaScript ? 'avec JavaScript' : 'sans JavaScript', () => {
		test.use({ javaScriptEnabled: javaScript });

		test('the profile proposes, with its reasons, what she then confirms or removes', async ({ page }) => {
			test.setTimeout(180_000);
			await signUp(page, newAccount(javaScript ? 'profil' : 'profil-nojs', 'Sophie Martin'), { javaScript });
			const commune = await createCommune(page, { javaScript, query: 'Glanon', pick: 'Glanon' });

			// A new commune starts with its profile.
			await ready(page, javaScript);
			await page.getByRole('link', { name: 'Commencer ici' }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${commune.id}/profil$`));
			await expect(page.getByRole('heading', { level: 1, name: `Le profil de ${commune.name}` })).toBeVisible();
			await ready(page, javaScript);
			// Glanon has fewer than 1,500 inhabitants: the CCAS is optional, and social aid goes on without it.
			await expect(page.getByText('Le CCAS est facultatif pour votre commune')).toBeVisible();
			const note = page.locator('.ccas-note');
			await expect(note).toContainText('la commune l’exerce alors elle-même, ou la confie');
			await expect(note).toContainText('au centre intercommunal d’action sociale (CIAS) de son intercommunalité');
			// Before any answer: what every commune keeps, already with its reason.
			await expect(page.getByText('Pourquoi : car toute commune tient les registres de l’état civil.')).toBeVisible();
			await expectNoA11yViolations(page, 'profil (vide)', { javaScript });

			// The body-camera question follows « police municipale »: hidden until then with JavaScript, shown with its condition without.
			const cameras = page.locator('[data-field="cameras"]');
			if (javaScript) await expect(cameras).toBeHidden();
			else await expect(cameras).toContainText('vous avez répondu « Oui »');
			for (const name of YES) await choice(page, name, 'oui').check();
			for (const name of NO) await choice(page, name, 'non').check();
			await expect(cameras).toBeVisible();
			await choice(page, 'cameras', 'non').check();
			await choice(page, 'ccas', 'commune').check();
			await choice(page, 'agents', '1-2').check();
			await choice(page, 'vendors', 'jvs').check();
			await choice(page, 'vendors', 'autre').check();
			await page.locator('#f-vendorOther').fill('Éditeur Régional');
			await page.getByRole('button', { name: 'Enregistrer le profil et voir les propositions' }).click();

			await expect(page.getByText(/Profil enregistré : \d+ éléments proposés/)).toBeVisible();
			await ready(page, javaScript);
			const proposals = page.locator('#propositions');
			const cantine = proposals.getByRole('listitem').filter({ hasText: 'Cantine scolaire et accueil périscolaire' });
			await expect(cantine).toContainText('proposé, non confirmé');
			await expect(cantine).toContainText('Pourquoi : parce que vous avez une cantine.');
			await expect(proposals.getByRole('listitem').filter({ hasText: 'Aide sociale du CCAS' })).toContainText('parce que la commune exerce elle-même l’aide sociale');
			await expect(proposals.getByRole('listitem').filter({ hasText: 'Paie des agents' })).toContainText('parce que la commune emploie des agents');
			const group = (name: string) => proposals.getByRole('list', { name });
			await expect(group('Supports de la cartographie').getByRole('listitem').filter({ hasText: 'Téléphone du maire' })).toContainText('parce que vous prévenez les habitants par SMS ou par appel');
			await expect(group('Sous-traitants').getByRole('listitem').filter({ hasText: 'JVS-Mairistem' })).toContainText('parce que la mairie utilise les logiciels de JVS-Mairistem');
			await expect(group('Sous-traitants').getByRole('link', { name: 'Éditeur Régional', exact: true })).toBeVisible();
			await expect(group('Supports de la cartographie').getByRole('link', { name: 'Logiciels de gestion JVS-Mairistem' })).toBeVisible();
			await expect(group('Points de sécurité').getByRole('listitem').filter({ hasText: 'Chaque téléphone utilisé pour la mairie a un code' })).toContainText('parce que vous prévenez les habitants');
			await expect(proposals.getByRole('link', { name: 'Caméras-piétons' })).toHaveCount(0);
			for (const h of ['Activités du registre', 'Supports de la cartographie', 'Sous-traitants', 'Points de sécurité']) await expect(proposals.getByRole('heading', { level: 3, name: h })).toBeVisible();
			await expectNoA11yViolations(page, 'profil (propositions)', { javaScript });
			await page.setViewportSize({ width: 390, height: 844 });
			await expectFitsPhone(page);
			await page.setViewportSize({ width: 1280, height: 800 });

			// She confirms the cantine on its record page.
			await cantine.getByRole('link').click();
			await expect(page.getByRole('heading', { name: 'Proposé, non confirmé' })).toBeVisible();
			await expect(page.getByText('Proposé par l’application, parce que vous avez une cantine.')).toBeVisible();
			await ready(page, javaScript);
			await page.getByRole('button', { name: /^Je confirme/ }).click();
			await expect(page.getByText(/^Confirmé par Sophie Martin/)).toBeVisible();
			await page.goto(`/c/${commune.id}/profil`);
			await ready(page, javaScript);
			await expect(page.locator('#propositions').getByRole('listitem').filter({ hasText: 'Cantine scolaire et accueil périscolaire' })).toContainText('confirmé');

			// The cantine closes: nothing is removed behind her back; she is told, and removes it herself.
			await choice(page, 'cantine', 'non').check();
			await page.getByRole('button', { name: 'Enregistrer le profil et voir les propositions' }).click();
			await expect(page.getByText('Rien de nouveau à proposer')).toBeVisible();
			const stale = page.getByRole('region', { name: 'Ce qui ne s’applique plus' });
			await expect(stale.getByRole('listitem').filter({ hasText: 'Cantine scolaire et accueil périscolaire' })).toContainText('parce que vous avez une cantine : votre réponse a changé');
			await expectNoA11yViolations(page, 'profil (ce qui ne s’applique plus)', { javaScript });
			await ready(page, javaScript);
			await stale.getByRole('button', { name: 'Retirer « Cantine scolaire et accueil périscolaire »' }).click();
			await expect(page.getByText('« Cantine scolaire et accueil périscolaire » est retiré.')).toBeVisible();
			// The family portal, proposed for the cantine too, stays listed until she decides.
			await expect(stale.getByRole('listitem')).toHaveText([/Logiciel ou portail famille/]);
		});
	});
}
