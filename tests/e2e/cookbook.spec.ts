// The cookbook, end to end: the DPD recipe (six steps, the two documents as PDFs), the map of
// supports, the register from the catalogue, a fiche completed to 100 %, the CSV export, and the
// dashboard's "next step" after logging back in — with JavaScript, then the core path without it.
// Also: autosave and resume, two tabs on the same step, and the read-only view of an elected
// official. axe (WCAG 2.1 A and AA) runs on every distinct page visited.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	FORM_HEADERS,
	UUID,
	axeOnce,
	choice,
	createCommune,
	createCommuneOverHttp,
	escapeRegExp,
	expectNoA11yViolations,
	field,
	intent,
	inviteOverHttp,
	logIn,
	logOut,
	newAccount,
	signUp,
	signUpOverHttp,
	stepPath,
	uniqueSuffix,
	visit,
	waitForHydration
} from './helpers';


const stepHeading = (page: Page, title: string) => expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
/** Text of a PDF, whitespace collapsed (pdftotext may wrap lines). */
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

/** Resolves when the next autosave request of the page has been answered (successfully). */
function nextAutosave(page: Page): Promise<unknown> {
	return page
		.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('?/save') && (r.request().postData() ?? '').includes('autosave'))
		.then((r) => expect(r.status(), 'enregistrement automatique').toBe(200));
}


/** Adds a support from a map step (link "Ajouter un support"), then comes back to the step. */
async function addSupport(
	page: Page,
	step: { communeId: string; category: string; title: string },
	support: { name: string; location: string; users: string },
	opts: { javaScript: boolean; seen: Set<string> }
): Promise<void> {
	const stepUrl = stepPath(step.communeId, 'cartographie', step.category);
	await page.getByRole('link', { name: 'Ajouter un support' }).click();
	await expect(page).toHaveURL(new RegExp(`/c/${step.communeId}/fiches/support/nouveau\\?category=${step.category}&`));
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	if (opts.javaScript) await waitForHydration(page);
	// The category comes from the link.
	await expect(choice(page, 'category', step.category)).toBeChecked();
	await axeOnce(page, 'nouveau support', opts.seen, { javaScript: opts.javaScript });
	await field(page, 'name').fill(support.name);
	await field(page, 'location').fill(support.location);
	await field(page, 'users').fill(support.users);
	await intent(page, 'back').click();
	await expect(page).toHaveURL(new RegExp(`/c/${step.communeId}/fiches/support/${UUID}\\?enregistre=1`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(support.name);
	await expect(page.getByRole('status').filter({ hasText: 'Enregistré.' })).toBeVisible();
	await expect(page.getByText('Complétude : 100 %')).toBeVisible();
	if (opts.javaScript) await waitForHydration(page);
	await axeOnce(page, 'fiche d’un support', opts.seen, { javaScript: opts.javaScript });
	await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: '← Retour' }).click();
	await expect(page).toHaveURL(stepUrl);
	await stepHeading(page, step.title);
	await expect(page.getByRole('table').getByRole('link', { name: support.name })).toBeVisible();
	if (opts.javaScript) await waitForHydration(page);
}

test.describe('avec JavaScript', () => {
	test('parcours complet : désignation du DPD, documents PDF, cartographie, registre, export CSV, reprise après reconnexion', async ({ page }, testInfo) => {
		test.setTimeout(360_000);
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const dpd = newAccount('chef', 'Camille Secrétaire');
		const firstName = 'Camille';
		const lastName = `Lemaître-${tag}`;

		// --- Account and commune ---------------------------------------------------------------------
		await signUp(page, dpd);
		const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon' });
		const id = commune.id;
		await waitForHydration(page);
		await expect(page.getByRole('heading', { name: 'Prochaine étape' })).toBeVisible();
		// The commune profile comes first (tests/e2e/profile.spec.ts); this journey goes on with the DPD.
		await expect(page.locator('.next')).toContainText('Le profil de la commune — Ce que fait la commune');
		// Nothing done yet: « Commencer », not « Reprendre ».
		await expect(page.getByRole('link', { name: 'Reprendre ici' })).toHaveCount(0);
		await axeOnce(page, 'tableau de bord (nouvelle commune)', seen);

		// --- Recipe « Désigner le délégué » -------------------------------------------------------------
		await expect(page.getByRole('link', { name: 'Commencer ici' })).toHaveAttribute('href', stepPath(id, 'profil', 'questions'));
		await page.goto(stepPath(id, 'dpd', 'type'));
		await waitForHydration(page);
		await stepHeading(page, 'Qui sera le délégué ?');
		await waitForHydration(page);
		await axeOnce(page, 'étape dpd/type', seen);

		// The mayor is refused.
		await choice(page, 'dpdKind', 'interne').check();
		await choice(page, 'position', 'maire').check();
		await intent(page, 'continue').click();
		await expect(page.getByRole('alert').filter({ hasText: 'Le maire ne peut pas être DPD' })).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: 'Il reste des points avant de terminer cette étape' })).toBeVisible();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'type'));
		await expect(choice(page, 'position', 'maire')).toBeChecked();
		await axeOnce(page, 'étape dpd/type (maire refusé)', seen);
		// A councillor is only warned.
		await choice(page, 'position', 'adjoint').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByText('Attention : La CNIL déconseille de désigner un élu')).toBeVisible();
		await expect(page.getByText('Le maire ne peut pas être DPD')).toHaveCount(0);
		// The secretary herself.
		await choice(page, 'position', 'secretaire').check();
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'identite'));
		await stepHeading(page, 'Identité et coordonnées du délégué');
		await axeOnce(page, 'étape dpd/identite', seen);

		await field(page, 'lastName').fill(lastName);
		await field(page, 'firstName').fill(firstName);
		await field(page, 'email').fill(`rgpd-${tag}@mairie-glanon.test`);
		await field(page, 'phone').fill('03 80 12 34 56');
		await field(page, 'postalAddress').fill('Mairie, 2 rue de l’Église, 21250 Glanon');
		await field(page, 'hoursPerWeek').fill('2');
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'independance'));
		await stepHeading(page, 'Indépendance et moyens : les trois vérifications de la CNIL');
		await axeOnce(page, 'étape dpd/independance', seen);

		await choice(page, 'checkCompetence', 'oui').check();
		await choice(page, 'checkMeans', 'oui').check();
		await choice(page, 'checkIndependence', 'oui').check();
		// Asked because the DPD is the secretary.
		await field(page, 'independenceMeasures').fill('Deux heures par semaine réservées ; le DPD rend compte au maire seul.');
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'lettre'));
		await stepHeading(page, 'La lettre de mission et l’arrêté de désignation');
		await axeOnce(page, 'étape dpd/lettre', seen);

		// Proposed texts, written from the answers.
		await expect(field(page, 'missions')).toHaveValue(/Tenir à jour le registre des activités de traitement/);
		await expect(field(page, 'means')).toHaveValue(/consacre 2 heure\(s\) par semaine/);
		await field(page, 'meetingFrequency').fill('Une fois par trimestre');
		await field(page, 'channels').fill(`Par e-mail à rgpd-${tag}@mairie-glanon.test ; un bilan annuel au conseil municipal`);
		await field(page, 'designationDate').fill('2026-03-01');
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Réponses enregistrées.' })).toBeVisible();

		// --- The two documents -------------------------------------------------------------------------
		const documents = [
			{ kind: 'lettre_mission', title: 'Lettre de mission du délégué à la protection des données' },
			{ kind: 'arrete_designation', title: 'Arrêté de désignation du délégué à la protection des données' }
		];
		for (const doc of documents) {
			await page.goto(stepPath(id, 'dpd', 'lettre'));
			await waitForHydration(page);
			await page.getByRole('region', { name: 'Les documents' }).getByRole('link', { name: doc.title }).click();
			await expect(page).toHaveURL(`/c/${id}/documents/${doc.kind}`);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(doc.title);
			await waitForHydration(page);
			await axeOnce(page, `document ${doc.kind}`, seen);
			await page.getByRole('button', { name: 'Produire le PDF' }).click();
			await expect(page).toHaveURL(new RegExp(`/c/${id}/documents/${doc.kind}\\?produit=${UUID}$`));
			const link = page.getByRole('link', { name: 'Télécharger le PDF' });
			await expect(link).toHaveAttribute('href', new RegExp(`^/c/${id}/documents/fichier/${UUID}$`));
			await expect(page.getByRole('region', { name: 'Versions produites' }).getByRole('listitem')).toHaveCount(1);
			await axeOnce(page, `document ${doc.kind} (produit)`, seen);
			const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
			expect(download.suggestedFilename()).toMatch(new RegExp(`^${doc.kind}-Glanon-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
			const file = testInfo.outputPath(`${doc.kind}.pdf`);
			await download.saveAs(file);
			expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
			const text = pdfText(file);
			expect(text, `${doc.kind} : nom de la commune`).toContain(commune.name);
			expect(text, `${doc.kind} : nom du délégué`).toMatch(new RegExp(`${firstName}\\s+${escapeRegExp(lastName)}|${escapeRegExp(lastName)}\\s+${firstName}`, 'i'));
		}

		// Both documents are listed on the step; the step goes on.
		await page.goto(stepPath(id, 'dpd', 'lettre'));
		await waitForHydration(page);
		await expect(page.getByRole('heading', { name: 'Déjà produits' })).toBeVisible();
		await expect(page.locator('h3:has-text("Déjà produits") + ul > li')).toHaveCount(2);
		await axeOnce(page, 'étape dpd/lettre (documents produits)', seen);
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'cnil'));
		await stepHeading(page, 'Déclarer le délégué à la CNIL');
		// The CNIL form panel shows the DPD's details, ready to copy.
		await expect(page.getByRole('table').getByRole('cell', { name: lastName, exact: true })).toBeVisible();
		await axeOnce(page, 'étape dpd/cnil', seen);
		await choice(page, 'declared', 'oui').check();
		// The follow-up questions appear as soon as « Oui » is chosen (the answer is saved too).
		await expect(field(page, 'declarationDate')).toBeVisible();
		await expect(page.locator('.save-status')).toHaveText(/Enregistré à \d{2}:\d{2}/);
		await field(page, 'declarationDate').fill('2026-03-05');
		await field(page, 'receiptNumber').fill(`DPO-${tag}`);
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'publication'));
		await stepHeading(page, 'Publier les coordonnées du délégué');
		await axeOnce(page, 'étape dpd/publication', seen);
		for (const name of ['onWebsite', 'onForms', 'atMairie', 'councilInformed']) await choice(page, name, 'oui').check();
		await choice(page, 'staffInformed', 'non').check();
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(`/c/${id}/recettes/dpd?terminee=1`);
		await expect(page.getByRole('status')).toContainText('Recette terminée, bravo !');
		await expect(page.locator('.steps li[data-status="terminee"]')).toHaveCount(6);
		await axeOnce(page, 'recette dpd (terminée)', seen);

		// --- Recipe « Cartographier » : three supports, the paper register among them --------------------
		// The finished recipe proposes the next one: the commune profile, first of the cookbook, still to
		// do (tests/e2e/profile.spec.ts plays it); this journey types its supports by hand.
		await expect(page.getByRole('link', { name: 'Recette suivante : Le profil de la commune' })).toHaveAttribute('href', /\/profil/);
		await page.goto(stepPath(id, 'cartographie', 'bureautique'));
		await stepHeading(page, 'Les fichiers bureautiques');
		await waitForHydration(page);
		await axeOnce(page, 'étape cartographie (collection)', seen);
		await addSupport(
			page,
			{ communeId: id, category: 'bureautique', title: 'Les fichiers bureautiques' },
			{ name: `Tableur colis de Noël ${tag}`, location: 'Ordinateur du secrétariat', users: 'La secrétaire' },
			{ javaScript: true, seen }
		);
		await page.getByRole('button', { name: 'Terminer l’étape et continuer' }).click();
		await expect(page).toHaveURL(stepPath(id, 'cartographie', 'logiciel'));
		await stepHeading(page, 'Les logiciels métier');
		await waitForHydration(page);
		await addSupport(
			page,
			{ communeId: id, category: 'logiciel', title: 'Les logiciels métier' },
			{ name: `Logiciel d’état civil ${tag}`, location: 'Ordinateur du secrétariat', users: 'La secrétaire et le maire' },
			{ javaScript: true, seen }
		);
		await page.getByRole('button', { name: 'Terminer l’étape et continuer' }).click();
		await expect(page).toHaveURL(stepPath(id, 'cartographie', 'materiel'));
		// Material and online services are left for later: straight to paper.
		await page.goto(stepPath(id, 'cartographie', 'papier'));
		await stepHeading(page, 'Le papier');
		await waitForHydration(page);
		await expect(page.getByText('Le registre de l’urbanisme ?')).toBeVisible();
		await addSupport(
			page,
			{ communeId: id, category: 'papier', title: 'Le papier' },
			{ name: 'Registre de l’urbanisme', location: 'Armoire du secrétariat, fermée à clé', users: 'La secrétaire et l’adjoint à l’urbanisme' },
			{ javaScript: true, seen }
		);
		await page.getByRole('button', { name: 'Terminer l’étape et continuer' }).click();
		// The last step is done, but not the recipe: two steps remain.
		await expect(page).toHaveURL(new RegExp(`/c/${id}/recettes/cartographie(\\?terminee=1)?$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cartographier les données');
		await expect(page.getByText('Recette terminée, bravo !')).toHaveCount(0);
		await expect(page.getByRole('link', { name: /^Recette suivante/ })).toHaveCount(0);
		await expect(page.locator('.steps li[data-status="terminee"]')).toHaveCount(3);
		await expect(page.locator('.steps li[data-status="a_faire"]')).toHaveCount(2);
		await waitForHydration(page);
		await axeOnce(page, 'recette cartographie (en cours)', seen);

		// --- Recipe « Tenir le registre » : four activities from the catalogue ------------------------------
		const entries = [
			{ id: 'etat-civil', name: 'État civil' },
			{ id: 'listes-electorales', name: 'Listes électorales' },
			{ id: 'cantine-periscolaire', name: 'Cantine scolaire et accueil périscolaire' },
			{ id: 'ccas-aide-sociale', name: 'Aide sociale du CCAS' }
		];
		await visit(page, stepPath(id, 'registre', 'catalogue'), 'étape registre/catalogue', seen);
		await stepHeading(page, 'Choisir les activités de la commune');
		for (const e of entries) await page.locator(`#cat-${e.id}`).check();
		await page.getByRole('button', { name: 'Ajouter les activités cochées au registre' }).click();
		await expect(page.getByRole('status').filter({ hasText: '4 fiches ajoutées au registre' })).toBeVisible();
		for (const e of entries) {
			await expect(page.locator(`#cat-${e.id}`)).toBeChecked();
			await expect(page.locator(`#cat-${e.id}`)).toBeDisabled();
		}
		await expect(page.getByRole('heading', { name: '4 éléments' })).toBeVisible();
		await axeOnce(page, 'étape registre/catalogue (activités ajoutées)', seen);

		// --- One fiche completed to 100 % -----------------------------------------------------------------
		await visit(page, stepPath(id, 'registre', 'fiches'), 'étape registre/fiches', seen);
		await stepHeading(page, 'Compléter chaque fiche');
		await page.getByRole('table').getByRole('link', { name: 'État civil', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/activity/${UUID}\\?retour=`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('État civil');
		await waitForHydration(page);
		await axeOnce(page, 'fiche du registre (incomplète)', seen);
		const summary = page.locator('p', { hasText: 'Complétude :' });
		const before = (await summary.textContent())!.replace(/\s+/g, ' ');
		const m = /Complétude : (\d+) %\s*— il manque : ([^.]+)\./.exec(before);
		expect(m, `résumé de complétude : ${before}`).not.toBeNull();
		expect(Number(m![1])).toBeLessThan(100);
		const missing = m![2]!.split(', ');
		expect(missing.length).toBeGreaterThan(0);
		// Fill exactly what the page says is missing.
		const fillers: Record<string, () => Promise<void>> = {
			'Transferts hors UE': () => choice(page, 'transfers', 'non').check(),
			'Au moins une mesure de sécurité': () => field(page, 'securityAccess').fill('Registres dans une armoire fermée à clé ; logiciel protégé par un mot de passe personnel'),
			'Données sensibles': () => choice(page, 'hasSensitive', 'non').check(),
			'Sort final à la fin de la conservation': () => choice(page, 'finalFate', 'versement').check(),
			'Destinataires internes': () => field(page, 'recipientsInternal').fill('Secrétariat de mairie'),
			'Durées de conservation': () => field(page, 'retention').fill('Conservation définitive')
		};
		// Pre-filled from the catalogue: « proposé » until she confirms it (issue 15).
		const CONFIRMATION = 'À confirmer (proposé par l’application)';
		expect(missing).toContain(CONFIRMATION);
		for (const label of missing.filter((l) => l !== CONFIRMATION)) {
			expect(Object.keys(fillers), `champ manquant inattendu : ${label}`).toContain(label);
			await fillers[label]!();
		}
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' })).toBeVisible();
		// Every answer is there, and still the entry is not complete until a named person confirms it.
		await expect(summary).toContainText(`il manque : ${CONFIRMATION}`);
		await page.getByRole('button', { name: /^Je confirme/ }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Confirmé par' })).toBeVisible();
		await expect(summary).toContainText('Complétude : 100 %.');
		await expect(summary).not.toContainText('il manque');
		await axeOnce(page, 'fiche du registre (complète)', seen);

		// --- The register ---------------------------------------------------------------------------------
		await visit(page, `/c/${id}/registre`, 'registre', seen);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registre des activités de traitement');
		await expect(page.getByText('1 fiche complète sur 4.')).toBeVisible();
		const table = page.getByRole('table', { name: '4 fiches' });
		await expect(table.getByRole('row')).toHaveCount(5);
		for (const e of entries) await expect(table.getByRole('link', { name: e.name, exact: true })).toBeVisible();
		const complete = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'État civil', exact: true }) });
		await expect(complete).toContainText('100 %');
		await expect(complete.getByRole('cell', { name: 'Complète', exact: true })).toBeVisible();
		// The completeness filter.
		await page.getByLabel('Complétude').selectOption('complete');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/[?&]etat=complete/);
		await expect(page.getByRole('table', { name: '1 fiche (sur 4)' }).getByRole('link', { name: 'État civil', exact: true })).toBeVisible();
		await axeOnce(page, 'registre (filtré)', seen);

		// CSV export: UTF-8 with a BOM, one line per fiche.
		const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter en CSV (tableur)' }).click()]);
		expect(csvDownload.suggestedFilename()).toMatch(/^registre-Glanon-\d{4}-\d{2}-\d{2}\.csv$/);
		const csvFile = testInfo.outputPath('registre.csv');
		await csvDownload.saveAs(csvFile);
		const bytes = readFileSync(csvFile);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = bytes.subarray(3).toString('utf8');
		expect(csv).toContain('Nom du traitement');
		for (const e of entries) expect(csv).toContain(`"${e.name}"`);

		// --- Log out, log back in: the dashboard resumes at the next unfinished step ------------------------
		await logOut(page);
		await axeOnce(page, 'connexion (après déconnexion)', seen);
		await logIn(page, dpd);
		await visit(page, `/c/${id}`, 'tableau de bord (en cours)', seen);
		const next = page.getByRole('region', { name: 'Prochaine étape' });
		// The profile, first of the cookbook, is still to do: it is the next step proposed.
		await expect(next).toContainText('Le profil de la commune — Ce que fait la commune');
		const recipes = page.getByRole('region', { name: 'Les recettes' });
		await expect(recipes.getByRole('listitem').filter({ hasText: 'Désigner le délégué' })).toContainText('Terminée');
		await expect(recipes.getByRole('listitem').filter({ hasText: 'Cartographier les données' })).toContainText('3/5 étapes');
		const obligations = page.getByRole('region', { name: 'Obligations' });
		await expect(obligations).toContainText(/\d+ couvertes sur \d+\./);
		await expect(obligations.getByRole('heading', { name: 'Les trois suivantes' })).toBeVisible();
		await expect(obligations.locator('h3 + ol > li')).toHaveCount(3);
		await expect(next.getByRole('link', { name: 'Reprendre ici' })).toHaveAttribute('href', stepPath(id, 'profil', 'questions'));
		// The map's recipe resumes at its first step not done.
		await recipes.getByRole('link', { name: 'Cartographier les données' }).click();
		await expect(page).toHaveURL(`/c/${id}/recettes/cartographie`);
		await page.getByRole('link', { name: 'Continuer : Le matériel' }).click();
		await expect(page).toHaveURL(stepPath(id, 'cartographie', 'materiel'));
		await stepHeading(page, 'Le matériel');
	});

	test('enregistrement automatique et reprise ; « Je reviendrai plus tard »', async ({ page }) => {
		const account = newAccount('auto', 'Sacha Autosave');
		const ctx = await signUpOverHttp(account);
		const id = await createCommuneOverHttp(ctx);
		await ctx.dispose();
		await logIn(page, account);
		const tag = uniqueSuffix().slice(-6);

		await page.goto(stepPath(id, 'dpd', 'type'));
		await waitForHydration(page);
		let saved = nextAutosave(page);
		await choice(page, 'dpdKind', 'mutualise').check();
		await saved;
		await expect(page.locator('.save-status')).toHaveText(/Enregistré à \d{2}:\d{2}/);
		// The question that depends on the answer appears (at once, from its declared condition).
		await expect(field(page, 'sharedWith')).toBeVisible();
		saved = nextAutosave(page);
		await field(page, 'sharedWith').fill(`Communauté de communes ${tag}`);
		await field(page, 'sharedWith').blur();
		await saved;
		await expect(page.locator('.save-status')).toHaveText(/Enregistré à \d{2}:\d{2}/);
		await page.reload();
		await waitForHydration(page);
		await expect(choice(page, 'dpdKind', 'mutualise')).toBeChecked();
		await expect(field(page, 'sharedWith')).toHaveValue(`Communauté de communes ${tag}`);

		await page.goto(stepPath(id, 'dpd', 'identite'));
		await waitForHydration(page);
		const status = page.locator('.save-status');
		await expect(status).toHaveText('');
		saved = nextAutosave(page);
		await field(page, 'lastName').fill(`Autosave-${tag}`);
		await field(page, 'lastName').press('Tab');
		await expect(status).toHaveText(/^(Enregistrement…|✓ Enregistré à \d{2}:\d{2})$/);
		await saved;
		await expect(status).toHaveText(/^✓ Enregistré à \d{2}:\d{2}$/);
		await expect(status).toHaveAttribute('role', 'status');
		await page.reload();
		await waitForHydration(page);
		await expect(field(page, 'lastName')).toHaveValue(`Autosave-${tag}`);
		await expect(page.getByText(/^Réponse de Sacha Autosave \w+, le /)).toBeVisible();

		await page.getByRole('button', { name: 'Je reviendrai plus tard' }).click();
		await expect(page).toHaveURL(`/c/${id}/recettes/dpd?plus_tard=identite`);
		await expect(page.getByRole('status')).toContainText('Vos réponses à l’étape « Identité et coordonnées du délégué » sont enregistrées');
		const item = page.locator('.steps li').filter({ has: page.getByRole('link', { name: 'Identité et coordonnées du délégué' }) });
		await expect(item).toHaveAttribute('data-status', 'plus_tard');
		await expect(item.locator('.tag')).toHaveText('Je reviendrai plus tard');
		await waitForHydration(page);
		await expectNoA11yViolations(page, 'recette dpd (étape remise à plus tard)');
		// Still saved.
		await item.getByRole('link').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'identite'));
		await expect(field(page, 'lastName')).toHaveValue(`Autosave-${tag}`);
		await expect(page.getByText(/Étape 2 sur 6 · environ 5 min · Je reviendrai plus tard/)).toBeVisible();
	});

	test('une réponse refusée par l’enregistrement automatique reste affichée avec son message, jusqu’à correction', async ({ page }) => {
		const account = newAccount('refus', 'Romane Refus');
		const ctx = await signUpOverHttp(account);
		const id = await createCommuneOverHttp(ctx);
		await ctx.dispose();
		await logIn(page, account);

		await page.goto(stepPath(id, 'dpd', 'identite'));
		await waitForHydration(page);
		const email = field(page, 'email');
		const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('?/save') && (r.request().postData() ?? '').includes('autosave'));
		await email.fill('pas-une-adresse');
		await email.press('Tab');
		// An enhanced action answers 200 with the failure in its body.
		expect(JSON.parse(await (await refused).text())).toMatchObject({ type: 'failure', status: 400 });
		await expect(page.locator('.save-status')).toContainText('Une réponse est à corriger');
		await expect(page.locator('#f-email-error')).toBeVisible();
		// The person's text is still there, next to its message (it was erased).
		await expect(email).toHaveValue('pas-une-adresse');
		await expect(email).toHaveAttribute('aria-invalid', 'true');

		// « Enregistrer » sends it again: still refused, still shown, never « Réponses enregistrées. » alone.
		const submitted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('?/save') && !(r.request().postData() ?? '').includes('autosave'));
		await intent(page, 'save').click();
		await submitted;
		await expect(page.getByRole('alert').filter({ hasText: 'sauf celles à corriger' })).toBeVisible();
		await expect(page.locator('#f-email-error')).toBeVisible();
		await expect(email).toHaveValue('pas-une-adresse');
		await expect(page.getByText('Réponses enregistrées.', { exact: true })).toHaveCount(0);

		// Corrected, it is saved and the message goes.
		const saved = nextAutosave(page);
		await email.fill('rgpd@mairie-exemple.fr');
		await email.press('Tab');
		await saved;
		await expect(page.locator('#f-email-error')).toHaveCount(0);
		await page.reload();
		await expect(field(page, 'email')).toHaveValue('rgpd@mairie-exemple.fr');
	});

	test('le maire choisi comme DPD : le refus s’affiche aussitôt, suit la réponse, et bloque la lettre et l’arrêté', async ({ page }) => {
		const account = newAccount('maire', 'Marin Refuse');
		const ctx = await signUpOverHttp(account);
		const id = await createCommuneOverHttp(ctx);
		await ctx.dispose();
		await logIn(page, account);

		await page.goto(stepPath(id, 'dpd', 'type'));
		await waitForHydration(page);
		let saved = nextAutosave(page);
		await choice(page, 'dpdKind', 'interne').check();
		await saved;
		saved = nextAutosave(page);
		await choice(page, 'position', 'maire').check();
		await saved;
		// The refusal shows without a reload, from the answer just saved.
		const refusal = page.getByRole('alert').filter({ hasText: 'Le maire ne peut pas être DPD' });
		await expect(refusal).toBeVisible();
		await expect(refusal).toContainText('Impossible :');

		// The documents cannot be produced: the step says so, the editor has no « Produire ».
		await page.goto(stepPath(id, 'dpd', 'lettre'));
		await expect(page.getByRole('alert').filter({ hasText: 'Les documents ne peuvent pas être produits' })).toContainText('Le maire ne peut pas être DPD');
		await expect(page.getByRole('link', { name: 'Arrêté de désignation du délégué à la protection des données' })).toHaveCount(0);
		await page.goto(`/c/${id}/documents/arrete_designation`);
		await expect(page.getByRole('alert')).toContainText('Ce document ne peut pas être produit tant que la recette contient un choix refusé');
		await expect(page.getByRole('button', { name: 'Produire le PDF' })).toHaveCount(0);

		// Another answer: the refusal goes at once, the secretary's own advice comes.
		await page.goto(stepPath(id, 'dpd', 'type'));
		await waitForHydration(page);
		await expect(refusal).toBeVisible();
		saved = nextAutosave(page);
		await choice(page, 'position', 'secretaire').check();
		await saved;
		await expect(refusal).toHaveCount(0);
		await expect(page.getByText('À savoir : La CNIL met en garde')).toBeVisible();
		await page.goto(`/c/${id}/documents/arrete_designation`);
		await expect(page.getByRole('button', { name: 'Produire le PDF' })).toBeVisible();
	});

	test('deux onglets sur la même étape : la seconde modification est signalée, la première est gardée', async ({ page, context }) => {
		const account = newAccount('onglets', 'Dominique Deuxonglets');
		const ctx = await signUpOverHttp(account);
		const id = await createCommuneOverHttp(ctx);
		await ctx.dispose();
		await logIn(page, account);
		const tag = uniqueSuffix().slice(-6);
		const url = stepPath(id, 'dpd', 'identite');

		const tabA = page;
		const tabB = await context.newPage();
		await tabA.goto(url);
		await waitForHydration(tabA);
		await tabB.goto(url);
		await waitForHydration(tabB);

		await field(tabA, 'lastName').fill(`Alpha-${tag}`);
		await tabA.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(tabA.getByRole('status').filter({ hasText: 'Réponses enregistrées.' })).toBeVisible();

		await field(tabB, 'lastName').fill(`Bravo-${tag}`);
		await field(tabB, 'firstName').fill('Prénom gardé');
		await tabB.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		const conflict = tabB.getByRole('alert').filter({ hasText: 'Modifications simultanées' });
		await expect(conflict).toBeVisible();
		await expect(conflict).toContainText(`« Nom » a été modifié par ${account.name}`);
		await expect(conflict).toContainText(`la vôtre était : « Bravo-${tag} »`);
		await expect(field(tabB, 'lastName')).toHaveValue(`Alpha-${tag}`);
		// The answer that did not collide is saved.
		await expect(field(tabB, 'firstName')).toHaveValue('Prénom gardé');
		await expectNoA11yViolations(tabB, 'étape (modifications simultanées)');

		await tabA.reload();
		await waitForHydration(tabA);
		await expect(field(tabA, 'lastName')).toHaveValue(`Alpha-${tag}`);
		await expect(field(tabA, 'firstName')).toHaveValue('Prénom gardé');
		await tabB.close();
	});

	test('un élu invité voit les étapes en lecture seule et ne peut rien enregistrer', async ({ page }) => {
		const owner = newAccount('proprio', 'Claude Secrétaire');
		const elu = newAccount('elu', 'Dominique Conseiller');
		const tag = uniqueSuffix().slice(-6);
		const ownerCtx = await signUpOverHttp(owner);
		const id = await createCommuneOverHttp(ownerCtx);
		// The DPD has answered a few questions.
		const saved = await ownerCtx.post(`${stepPath(id, 'dpd', 'identite')}?/save`, {
			headers: FORM_HEADERS,
			form: { _version: '0', _fields: 'lastName,firstName', lastName: `Lecture-${tag}`, firstName: 'Claude', intent: 'save' }
		});
		expect(saved.status()).toBe(200);
		const link = await inviteOverHttp(ownerCtx, id, 'elu');
		await ownerCtx.dispose();

		await signUp(page, elu);
		await page.goto(new URL(link).pathname);
		await waitForHydration(page);
		await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
		await expect(page).toHaveURL(`/c/${id}`);
		await waitForHydration(page);
		// No "Reprendre ici" for a reader.
		await expect(page.getByRole('region', { name: 'Prochaine étape' })).toContainText('Le profil de la commune');
		await expect(page.getByRole('link', { name: 'Reprendre ici' })).toHaveCount(0);

		// Form steps: answers shown, nothing editable, no buttons.
		await page.goto(stepPath(id, 'dpd', 'identite'));
		await waitForHydration(page);
		await stepHeading(page, 'Identité et coordonnées du délégué');
		await expect(field(page, 'lastName')).toHaveValue(`Lecture-${tag}`);
		for (const name of ['lastName', 'firstName', 'email', 'phone', 'postalAddress', 'hoursPerWeek']) await expect(field(page, name)).not.toBeEditable();
		await expect(page.locator('button[name="intent"]')).toHaveCount(0);
		await expect(page.getByRole('button', { name: /Enregistrer/ })).toHaveCount(0);
		await expect(page.locator('.save-status')).toHaveCount(0);
		await expectNoA11yViolations(page, 'étape dpd/identite (élu)');

		await page.goto(stepPath(id, 'dpd', 'type'));
		await waitForHydration(page);
		await expect(choice(page, 'dpdKind', 'interne')).toBeDisabled();
		await expect(choice(page, 'position', 'secretaire')).toBeDisabled();
		await expect(page.locator('button[name="intent"]')).toHaveCount(0);

		// Collection steps: no adding, no finishing; the catalogue is not editable.
		await page.goto(stepPath(id, 'cartographie', 'papier'));
		await waitForHydration(page);
		await expect(page.getByRole('link', { name: 'Ajouter un support' })).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Terminer l’étape et continuer' })).toHaveCount(0);
		await expect(page.locator('button[name="intent"]')).toHaveCount(0);
		await expectNoA11yViolations(page, 'étape cartographie/papier (élu)');
		await page.goto(stepPath(id, 'registre', 'catalogue'));
		await waitForHydration(page);
		await expect(page.locator('#cat-etat-civil')).toBeDisabled();
		await expect(page.getByRole('button', { name: 'Ajouter les activités cochées au registre' })).toHaveCount(0);
		await expectNoA11yViolations(page, 'étape registre/catalogue (élu)');

		// Saving anyway is refused with 403, whatever the way.
		const html = await page.request.post(`${stepPath(id, 'dpd', 'identite')}?/save`, {
			headers: FORM_HEADERS,
			form: { _version: '1', _fields: 'lastName', lastName: 'Pirate', intent: 'save' },
			maxRedirects: 0
		});
		expect(html.status()).toBe(403);
		const json = await page.request.post(`${stepPath(id, 'dpd', 'identite')}?/save`, {
			headers: { origin: FORM_HEADERS.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
			form: { _version: '1', _fields: 'lastName', lastName: 'Pirate', intent: 'autosave' },
			maxRedirects: 0
		});
		expect(json.status()).toBe(403);
		const catalogue = await page.request.post(`${stepPath(id, 'registre', 'catalogue')}?/catalogue`, {
			headers: FORM_HEADERS,
			form: { entries: 'etat-civil' },
			maxRedirects: 0
		});
		expect(catalogue.status()).toBe(403);
		const newSupport = await page.request.get(`/c/${id}/fiches/support/nouveau?category=papier`, { maxRedirects: 0 });
		expect(newSupport.status()).toBe(403);
		// Nothing changed.
		await page.goto(stepPath(id, 'dpd', 'identite'));
		await expect(field(page, 'lastName')).toHaveValue(`Lecture-${tag}`);
		await page.goto(`/c/${id}/registre`);
		await expect(page.getByText('Le registre est vide')).toBeVisible();
	});
});

test.describe('sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('désignation du DPD, erreur de saisie, support papier, activités du catalogue et registre', async ({ page }) => {
		test.setTimeout(240_000);
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const dpd = newAccount('nojs-chef', 'Alex Sansjs');
		await signUp(page, dpd, { javaScript: false });
		const commune = await createCommune(page, { query: 'Glanon', pick: 'Glanon', javaScript: false });
		const id = commune.id;
		await expect(page.locator('html[data-hydrated]')).toHaveCount(0);

		await expect(page.getByRole('link', { name: 'Commencer ici' })).toHaveAttribute('href', stepPath(id, 'profil', 'questions'));
		await page.goto(stepPath(id, 'dpd', 'type'));
		await stepHeading(page, 'Qui sera le délégué ?');
		await axeOnce(page, 'étape dpd/type (sans JS)', seen, { javaScript: false });
		await choice(page, 'dpdKind', 'interne').check();
		await choice(page, 'position', 'secretaire').check();
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'identite'));
		await stepHeading(page, 'Identité et coordonnées du délégué');
		await axeOnce(page, 'étape dpd/identite (sans JS)', seen, { javaScript: false });

		// A wrong e-mail: the message next to the field, the other answers kept.
		await field(page, 'lastName').fill(`Sansjs-${tag}`);
		await field(page, 'firstName').fill('Alex');
		await field(page, 'email').fill('pas-un-email');
		await field(page, 'phone').fill('03 80 12 34 56');
		await field(page, 'postalAddress').fill('Mairie, 2 rue de l’Église, 21250 Glanon');
		await field(page, 'hoursPerWeek').fill('1.5');
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(new RegExp(`${stepPath(id, 'dpd', 'identite')}\\?/save$`));
		await expect(page.locator('#f-email-error')).toHaveText('E-mail du délégué : l’adresse n’a pas la forme nom@domaine.fr.');
		await expect(field(page, 'email')).toHaveAttribute('aria-invalid', 'true');
		await expect(field(page, 'email')).toHaveAttribute('aria-describedby', /f-email-error/);
		await expect(field(page, 'email')).toHaveValue('pas-un-email');
		await expect(page.getByRole('alert').filter({ hasText: 'sauf celles à corriger' })).toBeVisible();
		await expect(field(page, 'lastName')).toHaveValue(`Sansjs-${tag}`);
		await expect(field(page, 'firstName')).toHaveValue('Alex');
		await expect(field(page, 'phone')).toHaveValue('03 80 12 34 56');
		await expect(field(page, 'postalAddress')).toHaveValue('Mairie, 2 rue de l’Église, 21250 Glanon');
		await expect(field(page, 'hoursPerWeek')).toHaveValue('1.5');
		await axeOnce(page, 'étape dpd/identite, erreur (sans JS)', seen, { javaScript: false });
		await field(page, 'email').fill(`rgpd-${tag}@mairie-glanon.test`);
		await intent(page, 'continue').click();
		await expect(page).toHaveURL(stepPath(id, 'dpd', 'independance'));
		await stepHeading(page, 'Indépendance et moyens : les trois vérifications de la CNIL');
		await axeOnce(page, 'étape dpd/independance (sans JS)', seen, { javaScript: false });

		// A paper support.
		await page.goto(stepPath(id, 'cartographie', 'papier'));
		await stepHeading(page, 'Le papier');
		await axeOnce(page, 'étape cartographie/papier (sans JS)', seen, { javaScript: false });
		await addSupport(
			page,
			{ communeId: id, category: 'papier', title: 'Le papier' },
			{ name: `Registre de l’urbanisme ${tag}`, location: 'Armoire du secrétariat', users: 'La secrétaire' },
			{ javaScript: false, seen }
		);
		await expect(page.getByRole('heading', { name: '1 élément' })).toBeVisible();

		// Two activities from the catalogue.
		await page.goto(stepPath(id, 'registre', 'catalogue'));
		await stepHeading(page, 'Choisir les activités de la commune');
		await axeOnce(page, 'étape registre/catalogue (sans JS)', seen, { javaScript: false });
		await page.locator('#cat-etat-civil').check();
		await page.locator('#cat-cimetiere').check();
		await page.getByRole('button', { name: 'Ajouter les activités cochées au registre' }).click();
		await expect(page.getByRole('status').filter({ hasText: '2 fiches ajoutées au registre' })).toBeVisible();
		await expect(page.locator('#cat-etat-civil')).toBeDisabled();
		await expect(page.locator('#cat-cimetiere')).toBeDisabled();
		await axeOnce(page, 'étape registre/catalogue, activités ajoutées (sans JS)', seen, { javaScript: false });

		await page.goto(`/c/${id}/registre`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registre des activités de traitement');
		const table = page.getByRole('table', { name: '2 fiches' });
		await expect(table.getByRole('link', { name: 'État civil', exact: true })).toBeVisible();
		await expect(table.getByRole('link', { name: 'Cimetière et concessions funéraires', exact: true })).toBeVisible();
		await expect(page.getByText('0 fiche complète sur 2.')).toBeVisible();
		await axeOnce(page, 'registre (sans JS)', seen, { javaScript: false });

		// The dashboard knows where things stand.
		await page.goto(`/c/${id}`);
		// The commune profile, first of the cookbook, is still to do.
		await expect(page.getByRole('region', { name: 'Prochaine étape' })).toContainText('Le profil de la commune — Ce que fait la commune');
	});
});
