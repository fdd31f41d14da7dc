// GIP training sessions, end to end: the administrator names a trainer, who opens a session; two
// secretaries enrol their communes with its code; the trainer follows their progress in the grid
// (refreshed by its 15-second poll), reads a commune without being able to change it (every view
// is in the commune's journal), marks attendance and downloads the attendance list; a secretary
// leaves the session (the trainer's access ends) and another practises on a practice commune,
// whose poster says EXERCICE. axe runs on the formations pages.
//
// The trainer: only a GIP administrator can name one. This spec therefore starts its own server on
// an empty database (tests/e2e/own-server.ts), whose ADMIN_EMAIL names the administrator.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createCommune, expectNoA11yViolations, newAccount, signUp, uniqueSuffix, waitForHydration } from './helpers';
import { OwnServer } from './own-server';
import { today } from '../../src/lib/french';

// Today (Paris): an enrolment code enrols only until the day after its session.
const SESSION_DAY = today();

const server = new OwnServer('training');

test.beforeAll(async () => {
	test.setTimeout(120_000);
	await server.start();
});

test.afterAll(async () => {
	await server.stop();
});

/** Text of a PDF in content-stream order (keeps a rotated watermark's letters together). */
function pdfText(file: string): string {
	return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** The grid's row of a commune (its header cell starts with the commune's name). */
const gridRow = (page: Page, commune: string) => page.getByRole('table').locator('tbody tr').filter({ has: page.getByRole('rowheader').filter({ hasText: commune }) });
/** The cell of « Désigner le délégué » (six steps), after the commune profile's. */
const dpdCell = (page: Page, commune: string) => gridRow(page, commune).getByRole('cell').nth(1);

test('une formatrice suit une session ; les secrétaires s’inscrivent, avancent, la quittent, s’exercent', async ({ browser }, testInfo) => {
	test.setTimeout(300_000);
	const tag = uniqueSuffix().slice(-6);

	// --- The GIP administrator (ADMIN_EMAIL) names the trainer ---------------
	const adminPage = await server.newPage(browser);
	await signUp(adminPage, { ...newAccount('admin', 'Luc Administrateur'), email: server.adminEmail });
	await expect(adminPage.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Administration' })).toBeVisible();

	const trainerPage = await server.newPage(browser);
	const trainer = newAccount('formatrice', 'Claire Formatrice');
	await signUp(trainerPage, trainer);
	// Not yet a trainer: no session to open, and the form is refused.
	await trainerPage.goto('/formations');
	await expect(trainerPage.getByRole('heading', { level: 1, name: 'Formations' })).toBeVisible();
	await expect(trainerPage.getByRole('heading', { name: 'Ouvrir une session' })).toHaveCount(0);
	const refused = await trainerPage.request.post('/formations?/create', {
		headers: server.formHeaders(),
		form: { title: 'Session pirate', date: SESSION_DAY, place: '', capacity: '6' },
		maxRedirects: 0
	});
	expect(refused.status()).toBe(403);

	await adminPage.goto('/admin');
	await waitForHydration(adminPage);
	await adminPage.getByRole('button', { name: `Nommer formateur : ${trainer.name}` }).click();
	await expect(adminPage.getByRole('status')).toHaveText('Rôle de formateur accordé.');

	// --- The trainer opens a session ---------------------------------------------------------------
	const title = `Super Chef RGPD — premiers pas ${tag}`;
	await trainerPage.goto('/formations');
	await waitForHydration(trainerPage);
	await expect(trainerPage.getByRole('heading', { name: 'Ouvrir une session' })).toBeVisible();
	await expect(trainerPage.getByText('Aucune session pour l’instant.')).toBeVisible();
	await expectNoA11yViolations(trainerPage, 'formations (formatrice, aucune session)');
	await trainerPage.getByLabel(/^Titre/).fill(title);
	// Today's session: the trainer reads the enrolled communes until TRAINER_ACCESS_DAYS after its date.
	await trainerPage.getByLabel(/^Date/).fill(today());
	await trainerPage.getByLabel(/^Lieu/).fill('Salle du GIP, Dijon');
	await trainerPage.getByLabel(/^Nombre de places/).fill('4');
	await trainerPage.getByRole('button', { name: 'Ouvrir la session' }).click();
	await expect(trainerPage).toHaveURL(/\/formations\/[0-9a-f-]{36}$/);
	const sessionUrl = new URL(trainerPage.url()).pathname;
	await expect(trainerPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(trainerPage.getByText('Aucune commune inscrite pour l’instant.')).toBeVisible();
	const code = (await trainerPage.locator('.code code').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
	await waitForHydration(trainerPage);
	await expectNoA11yViolations(trainerPage, 'session (vide)');

	// --- Two secretaries enrol their communes with the code ------------------------------------------
	const secretaryA = newAccount('secretaire-a', 'Anne Secrétaire');
	const pageA = await server.newPage(browser);
	await signUp(pageA, secretaryA);
	const glanon = await createCommune(pageA, { query: 'Glanon', pick: 'Glanon' });
	const secretaryB = newAccount('secretaire-b', 'Bruno Secrétaire');
	const pageB = await server.newPage(browser);
	await signUp(pageB, secretaryB);
	const thorey = await createCommune(pageB, { query: 'Thorey-sur-Ouche', pick: 'Thorey-sur-Ouche' });

	for (const [page, commune, typed] of [
		[pageA, glanon, code.toLowerCase()],
		[pageB, thorey, `${code.slice(0, 3)} ${code.slice(3)}`]
	] as const) {
		await page.goto('/formations');
		await waitForHydration(page);
		await expectNoA11yViolations(page, 'formations (secrétaire, inscription)');
		await page.getByLabel('Code de la session').fill(typed);
		await expect(page.getByRole('checkbox', { name: commune.name })).toBeChecked();
		await page.getByRole('button', { name: 'M’inscrire' }).click();
		await expect(page.getByRole('status')).toContainText(`Inscription à « ${title} » enregistrée.`);
		await expect(page.getByRole('heading', { level: 3, name: new RegExp(`^${title}`) })).toBeVisible();
		await expect(page.getByText(`Formateur : ${trainer.name}`)).toBeVisible();
		await expectNoA11yViolations(page, 'formations (secrétaire inscrite)');
	}
	// A wrong code is refused with a message.
	await pageA.getByLabel('Code de la session').fill('ZZZZZ2' === code ? 'ZZZZZ3' : 'ZZZZZ2');
	await pageA.getByRole('checkbox', { name: glanon.name }).check();
	await pageA.getByRole('button', { name: 'M’inscrire' }).click();
	await expect(pageA.getByRole('alert')).toContainText('Ce code ne correspond à aucune session.');

	// --- The grid shows both communes; it follows Glanon's progress through its poll ---------------
	await trainerPage.goto(sessionUrl);
	await waitForHydration(trainerPage);
	await expect(trainerPage.getByText('2 communes inscrites sur 4 places')).toBeVisible();
	await expect(gridRow(trainerPage, 'Glanon')).toContainText(secretaryA.name);
	await expect(gridRow(trainerPage, 'Thorey-sur-Ouche')).toContainText(secretaryB.name);
	// Progress in words: never « 0/6 ».
	await expect(dpdCell(trainerPage, 'Glanon')).toContainText('Pas commencée');
	await expect(dpdCell(trainerPage, 'Glanon')).not.toContainText('0/');
	await expectNoA11yViolations(trainerPage, 'session (grille et présences)');

	// Glanon's secretary completes the first step of « Désigner le délégué ».
	await pageA.goto(`/c/${glanon.id}/recettes/dpd/type`);
	await waitForHydration(pageA);
	await pageA.locator('input[name="dpdKind"][value="interne"]').check();
	await pageA.locator('input[name="position"][value="secretaire"]').check();
	await pageA.locator('button[name="intent"][value="continue"]').click();
	await expect(pageA).toHaveURL(`/c/${glanon.id}/recettes/dpd/identite`);

	// Without reloading: the page's next poll of grille.json (every 15 s) brings the change.
	const poll = trainerPage.waitForResponse((r) => r.url().endsWith(`${sessionUrl}/grille.json`) && r.status() === 200, { timeout: 30_000 });
	await poll;
	await expect(dpdCell(trainerPage, 'Glanon')).toContainText('En cours', { timeout: 20_000 });
	await expect(dpdCell(trainerPage, 'Glanon')).toContainText('1/6');
	await expect(dpdCell(trainerPage, 'Thorey-sur-Ouche')).toContainText('Pas commencée');

	// --- The trainer reads Glanon, and cannot change it ------------------------------------------------
	await trainerPage.goto(`/c/${glanon.id}`);
	await expect(trainerPage.getByRole('heading', { level: 1, name: 'Glanon' })).toBeVisible();
	await expect(trainerPage.getByText('vous êtes formateur du gip')).toBeVisible();
	await expect(trainerPage.getByText('Vous consultez les données de Glanon en lecture seule.')).toBeVisible();
	await trainerPage.goto(`/c/${glanon.id}/recettes/dpd/type`);
	await waitForHydration(trainerPage);
	await expect(trainerPage.locator('input[name="position"][value="secretaire"]')).toBeChecked();
	await expect(trainerPage.locator('input[name="position"][value="secretaire"]')).toBeDisabled();
	await expect(trainerPage.locator('button[name="intent"]')).toHaveCount(0);
	await expect(trainerPage.getByRole('button', { name: /Enregistrer/ })).toHaveCount(0);
	await trainerPage.goto(`/c/${glanon.id}/identite`);
	await expect(trainerPage.getByRole('button', { name: /Enregistrer/ })).toHaveCount(0);
	// One view of the register, to find it in the journal.
	await trainerPage.goto(`/c/${glanon.id}/registre`);
	await expect(trainerPage.getByRole('heading', { level: 1 })).toBeVisible();

	// Posting the save actions anyway: 403, and nothing changes.
	const save = await trainerPage.request.post(`/c/${glanon.id}/recettes/dpd/type?/save`, {
		headers: server.formHeaders(),
		form: { dpdKind: 'externe', position: '', _fields: 'dpdKind,position', intent: 'save' },
		maxRedirects: 0
	});
	expect(save.status()).toBe(403);
	const identity = await trainerPage.request.post(`/c/${glanon.id}/identite`, {
		headers: server.formHeaders('application/json'),
		form: { address: 'Adresse du formateur', mayorName: 'Formateur', siren: '', email: '', phone: '' },
		maxRedirects: 0
	});
	expect(identity.status()).toBe(403);
	await pageA.goto(`/c/${glanon.id}/recettes/dpd/type`);
	await expect(pageA.locator('input[name="dpdKind"][value="interne"]')).toBeChecked();
	await pageA.goto(`/c/${glanon.id}/identite`);
	await expect(pageA.getByLabel('Nom du maire')).toHaveValue('Dominique Martin');

	// Glanon's journal shows the trainer's views: one entry per page viewed.
	await pageA.goto(`/c/${glanon.id}/journal`);
	const journal = pageA.getByRole('table', { name: 'Journal des modifications de Glanon' });
	const consultations = journal.locator('tbody tr').filter({ hasText: 'consultation : consultation' });
	await expect(consultations.filter({ hasText: trainer.name }).first()).toBeVisible();
	// The pages in words (the journal shows no path nor id).
	await expect(consultations.filter({ hasText: 'Page consultée : registre des traitements' })).toHaveCount(1);
	await expect(consultations.filter({ hasText: 'Page consultée : recette « Désigner le délégué », étape « Qui sera le délégué ? »' }).first()).toBeVisible();
	await expect(journal).not.toContainText(`/c/${glanon.id}`);
	// The secretary's own views are not journaled.
	await expect(consultations.filter({ hasText: secretaryA.name })).toHaveCount(0);

	// --- Attendance, and the attendance list --------------------------------------------------------
	await trainerPage.goto(sessionUrl);
	await waitForHydration(trainerPage);
	const present = trainerPage.getByRole('group', { name: 'Communes présentes' });
	await present.getByRole('checkbox', { name: new RegExp(`^Glanon`) }).check();
	await present.getByRole('checkbox', { name: new RegExp(`^Thorey-sur-Ouche`) }).check();
	await trainerPage.getByRole('button', { name: 'Enregistrer les présences' }).click();
	await expect(trainerPage.getByRole('status')).toHaveText('Présences enregistrées : 2 attestations de formation ajoutées aux dossiers des communes.');
	const downloading = trainerPage.waitForEvent('download');
	await trainerPage.getByRole('link', { name: 'Liste d’émargement (PDF)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^emargement-.*\.pdf$/);
	const listFile = testInfo.outputPath('emargement.pdf');
	await download.saveAs(listFile);
	const list = pdfText(listFile);
	for (const text of ['Glanon', 'Thorey-sur-Ouche', secretaryA.name, secretaryB.name]) expect(list).toContain(text);
	// The training record is in the commune's journal (and its dossier's evidence).
	await pageB.goto(`/c/${thorey.id}/journal`);
	// The journal names the record: « attestation de formation « … » : création ».
	await expect(pageB.getByRole('table').locator('tbody tr').filter({ hasText: /attestation de formation .*: création/ })).toHaveCount(1);

	// --- Glanon's secretary leaves: the trainer's access ends ----------------------------------------
	await pageA.goto('/formations');
	await waitForHydration(pageA);
	await pageA.getByRole('button', { name: 'Quitter la session pour Glanon' }).click();
	await expect(pageA.getByRole('status')).toHaveText('Vous avez quitté la session : le formateur n’a plus accès à cette commune.');
	for (const path of [`/c/${glanon.id}`, `/c/${glanon.id}/registre`]) {
		const res = await trainerPage.goto(path);
		expect(res?.status(), path).toBe(404);
	}
	expect((await trainerPage.request.get(`/c/${glanon.id}/affiche.pdf`)).status()).toBe(404);
	await trainerPage.goto(sessionUrl);
	await expect(trainerPage.getByText('1 commune inscrite sur 4 places')).toBeVisible();
	await expect(gridRow(trainerPage, 'Glanon')).toHaveCount(0);
	// Thorey is still enrolled: still readable.
	expect((await trainerPage.goto(`/c/${thorey.id}`))?.status()).toBe(200);

	// --- Thorey's secretary practises on a practice commune -------------------------------------------
	await pageB.goto('/formations');
	await waitForHydration(pageB);
	await pageB.getByRole('button', { name: 'Créer une commune d’exercice' }).click();
	await expect(pageB).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
	const practiceId = /\/c\/([0-9a-f-]{36})$/.exec(new URL(pageB.url()).pathname)![1]!;
	expect(practiceId).not.toBe(thorey.id);
	await expect(pageB.locator('.alert.warn')).toContainText('Commune d’exercice');
	await expect(pageB.getByRole('heading', { level: 1 })).toContainText('Exercice');
	await waitForHydration(pageB);
	await expectNoA11yViolations(pageB, 'commune d’exercice');
	const poster = await pageB.request.get(`/c/${practiceId}/affiche.pdf`);
	expect(poster.status()).toBe(200);
	expect(poster.headers()['content-type']).toBe('application/pdf');
	const posterFile = testInfo.outputPath('affiche-exercice.pdf');
	writeFileSync(posterFile, await poster.body());
	expect(pdfText(posterFile)).toContain('EXERCICE');
	// The real commune's poster has no such mark.
	const realPoster = await pageB.request.get(`/c/${thorey.id}/affiche.pdf`);
	const realFile = testInfo.outputPath('affiche.pdf');
	writeFileSync(realFile, await realPoster.body());
	expect(pdfText(realFile)).not.toContain('EXERCICE');
	// She deletes a demo fiche, then resets the practice commune: the fiche is back.
	await pageB.goto(`/c/${practiceId}/registre`);
	await waitForHydration(pageB);
	const fiches = await pageB.locator('table tbody tr').count();
	expect(fiches).toBeGreaterThan(1);
	await pageB.locator('table tbody a').first().click();
	await waitForHydration(pageB);
	await pageB.getByRole('button', { name: /^Supprimer/ }).click();
	await expect(pageB).toHaveURL(new RegExp(`/c/${practiceId}/registre`));
	await expect(pageB.locator('table tbody tr')).toHaveCount(fiches - 1);
	await pageB.goto(`/c/${practiceId}`);
	await waitForHydration(pageB);
	await pageB.getByRole('button', { name: 'Remettre à zéro' }).click();
	await expect(pageB.getByText('La commune d’exercice a retrouvé son état de départ.')).toBeVisible();
	await pageB.goto(`/c/${practiceId}/registre`);
	await expect(pageB.locator('table tbody tr')).toHaveCount(fiches);
	// It is listed on the formations page.
	await pageB.goto('/formations');
	await waitForHydration(pageB);
	await expect(pageB.getByRole('region', { name: 'Mes communes d’exercice' }).getByRole('link', { name: /Exercice/ })).toBeVisible();
	await expectNoA11yViolations(pageB, 'formations (secrétaire, commune d’exercice)');
});
