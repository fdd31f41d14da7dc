// The trainer's grid fits the room (issue 15): a session of six communes — five enrolled, one
// practice commune — seen by the trainer at 1366×768 shows every commune and every recipe without
// scrolling, where each commune works and when it last moved, flags the one that has not moved for
// 15 minutes, marks the practice commune with a badge, and never shows « 0/n » as progress. At
// 390 px neither the grid page nor a risk assessment's risk map is wider than the screen, and the
// map keeps readable cells (it scrolls in its own region).
//
// The six communes are seeded directly in the database of a server of this spec's own (stopped
// meanwhile; tests/e2e/own-server.ts), with the domain's own functions. One commune's latest
// journal entry is dated 20 minutes before the real clock — the server judges « idle » at its
// real `now` — and every other commune has just moved (the test runs well within 15 minutes).
import { expect, test } from '@playwright/test';
import { appendAudit } from '../../src/lib/server/audit';
import { hashPassword } from '../../src/lib/server/auth/password';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { users } from '../../src/lib/server/db/schema';
import { createCommune } from '../../src/lib/server/domain/communes';
import { createPracticeCommune } from '../../src/lib/server/domain/practice';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { listRecords } from '../../src/lib/server/domain/records';
import { createSession, enrol } from '../../src/lib/server/domain/training';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { today } from '../../src/lib/french';
import { RECIPES } from '../../src/lib/recipes';
import { accessOf } from '../helpers/fixtures';
import { DPD_ANSWERS } from '../helpers/answers';
import { expectNoA11yViolations, expectNoSidewaysScroll, logIn, uniqueSuffix, waitForHydration } from './helpers';
import { OwnServer } from './own-server';

const server = new OwnServer('grille');
const PASSWORD = 'Grille-Formation-2026!';
const CODES = ['21301', '21634', '21183', '21017', '21033'];

interface Seeded {
	trainerEmail: string;
	participantEmail: string;
	sessionId: string;
	idleCommune: string;
	practiceId: string;
	practiceName: string;
	riskId: string;
}
let seeded: Seeded;

async function person(db: Db, name: string, email: string, opts: { trainer?: boolean; password?: boolean } = {}): Promise<SessionUser> {
	const [u] = await db
		.insert(users)
		.values({ name, email, passwordHash: opts.password ? await hashPassword(PASSWORD) : 'not-an-argon2-hash', isTrainer: opts.trainer ?? false })
		.returning();
	return { id: u!.id, email: u!.email, name: u!.name, isGipAdmin: false, isTrainer: u!.isTrainer };
}

test.beforeAll(async () => {
	test.setTimeout(240_000);
	await server.start();
	// Migrated: stop it, seed its database, start it again.
	await server.signal('SIGTERM');
	const database = await openDatabase({ ...server.databaseOptions(), migrate: false });
	try {
		const db = database.db;
		const tag = uniqueSuffix().slice(-6);
		const trainer = await person(db, 'Claire Formatrice', `formatrice-${tag}@example.test`, { trainer: true, password: true });
		const session = await createSession(db, trainer, { title: `Premiers pas ${tag}`, date: today(), place: 'Salle du GIP, Dijon', capacity: '6' });
		const names = ['Anne', 'Bruno', 'Chloé', 'David', 'Emma'];
		const enrolled: { id: string; name: string; user: SessionUser }[] = [];
		let first: { user: SessionUser; communeId: string } | null = null;
		for (const [i, code] of CODES.entries()) {
			const user = await person(db, `${names[i]} Secrétaire`, `secretaire-${i}-${tag}@example.test`, { password: i === 0 });
			const commune = await createCommune(db, user, { type: 'commune', officialCode: code });
			enrolled.push({ id: commune.id, name: commune.name, user });
			await enrol(db, user, { code: session.code, communes: [commune.id] });
			if (i === 0) first = { user, communeId: commune.id };
		}
		// Anne has finished the first step of « Désigner le délégué ».
		await saveStep(db, await accessOf(db, first!.user, first!.communeId), 'dpd', 'type', { ...DPD_ANSWERS.type!, _fields: Object.keys(DPD_ANSWERS.type!).join(',') }, 'continue');
		const practice = await createPracticeCommune(db, first!.user, session.id);
		const [risk] = await listRecords(db, practice.id, 'risk');
		// Chloé's commune: its latest entry is 20 minutes old.
		const idle = enrolled[2]!;
		await appendAudit(db, idle.user, { communeId: idle.id, entity: 'organisme', entityId: idle.id, action: 'modification', at: new Date(Date.now() - 20 * 60_000) });
		seeded = { trainerEmail: trainer.email, participantEmail: first!.user.email, sessionId: session.id, idleCommune: idle.name, practiceId: practice.id, practiceName: practice.name, riskId: risk!.id };
	} finally {
		await database.close();
	}
	await server.restart();
});

test.afterAll(async () => {
	await server.stop();
});

test('the trainer’s grid: six communes and every recipe on a 1366×768 screen, idle and practice communes told apart', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const page = await server.newPage(browser);
	await page.setViewportSize({ width: 1366, height: 768 });
	await logIn(page, { email: seeded.trainerEmail, password: PASSWORD });
	await page.goto(`/formations/${seeded.sessionId}`);
	await waitForHydration(page);
	await expect(page.getByText('5 communes inscrites sur 6 places · 1 commune d’exercice')).toBeVisible();

	const table = page.getByRole('table', { name: /Avancement de chaque commune/ });
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(6);
	await expect(table.locator('thead th')).toHaveCount(RECIPES.length + 1);

	// The whole grid is on the screen, with no scrolling: not the page's, not its own region's.
	const box = (await table.boundingBox())!;
	expect(box.x, 'bord gauche').toBeGreaterThanOrEqual(0);
	expect(box.y, 'bord haut').toBeGreaterThanOrEqual(0);
	expect(box.x + box.width, `largeur de la grille (${box.width} px)`).toBeLessThanOrEqual(1366);
	expect(box.y + box.height, `bas de la grille (${box.y + box.height} px)`).toBeLessThanOrEqual(768);
	const scroll = await page.evaluate(() => {
		const root = document.documentElement;
		const region = document.querySelector('.trainer-grid .scroll')!;
		return { pageWide: root.scrollWidth - root.clientWidth, pageTop: window.scrollY, regionWide: region.scrollWidth - region.clientWidth };
	});
	expect(scroll).toEqual({ pageWide: 0, pageTop: 0, regionWide: 0 });
	for (const r of RECIPES) await expect(table.getByRole('columnheader', { name: r.title })).toBeInViewport({ ratio: 1 });

	// Progress in words: never « 0/n ».
	expect(await table.innerText()).not.toMatch(/(^|\D)0\//);
	await expect(table.getByText('Pas commencée').first()).toBeVisible();

	const rowOf = (name: string) => rows.filter({ has: page.getByRole('rowheader').filter({ hasText: name }) });
	// Where each one works, and when.
	const anne = rowOf('Glanon').first();
	await expect(anne.getByRole('rowheader')).toContainText('Dernière activité :');
	await expect(anne.getByRole('rowheader')).toContainText('Qui sera le délégué ?');
	await expect(anne.locator('td.here')).toHaveCount(1);
	// The idle commune is flagged; the others are not.
	await expect(rowOf(seeded.idleCommune).getByText(/Immobile/)).toBeVisible();
	await expect(table.getByText(/Immobile/)).toHaveCount(1);
	// The practice commune wears a badge (text, not only a colour); the real ones do not.
	const practiceRow = rows.filter({ has: page.locator('.practice-tag') });
	await expect(practiceRow).toHaveCount(1);
	await expect(practiceRow.getByRole('rowheader')).toContainText('Exercice');
	await expect(practiceRow.getByRole('rowheader')).toContainText('Anne Secrétaire');
	// Its journal says where she works: the practice commune was filled with the demo's answers.
	await expect(practiceRow.getByRole('rowheader')).not.toContainText('Rien fait encore');

	await expectNoA11yViolations(page, 'grille de la session');
	await page.screenshot({ path: testInfo.outputPath('grille-1366.png') });

	// On a phone: the page is no wider than the screen (the grid scrolls in its own region).
	await page.setViewportSize({ width: 390, height: 844 });
	await expectNoSidewaysScroll(page, `/formations/${seeded.sessionId}`);
	await page.screenshot({ path: testInfo.outputPath('grille-390.png'), fullPage: true });
});

test('the risk map on a phone: the page fits, the map keeps readable cells in its own region', async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	const page = await server.newPage(browser);
	await page.setViewportSize({ width: 390, height: 844 });
	await logIn(page, { email: seeded.participantEmail, password: PASSWORD });
	const path = `/c/${seeded.practiceId}/fiches/risk/${seeded.riskId}`;
	await expectNoSidewaysScroll(page, path);
	const region = page.getByRole('region', { name: 'Carte des risques', exact: true });
	await expect(region).toBeVisible();
	const map = region.getByRole('img', { name: /Carte des risques/ });
	// The map is drawn at its own size (cells of 80 px), never squeezed to the phone's width.
	const svg = (await map.boundingBox())!;
	expect(svg.width).toBeGreaterThanOrEqual(440);
	const cell = (await map.locator('rect').first().boundingBox())!;
	expect(cell.width).toBeGreaterThanOrEqual(70);
	// Its table scrolls in a region of its own, named by its caption.
	await expect(page.getByRole('region', { name: 'Les risques avant et après le plan d’action' })).toBeVisible();
	await expectNoA11yViolations(page, 'carte des risques (téléphone)');
	await page.screenshot({ path: testInfo.outputPath('carte-des-risques-390.png'), fullPage: true });
	// The catalogue of a commune with activities already added (their tags on the line) fits too.
	await expectNoSidewaysScroll(page, `/c/${seeded.practiceId}/recettes/registre/catalogue`);
	await expect(page.getByText('déjà au registre').first()).toBeVisible();
	// Its search filters as she types; the heading counts follow.
	await waitForHydration(page);
	await page.getByRole('searchbox', { name: 'Chercher une activité' }).fill('CANTINE');
	await expect(page.locator('#cat-cantine-periscolaire')).toBeVisible();
	await expect(page.locator('#cat-etat-civil')).toBeHidden();
	await expect(page.getByRole('status').filter({ hasText: '1 activité correspond' })).toBeVisible();
	// Without JavaScript, the same box is a GET form the server answers with the filtered list.
	const noJs = await server.newPage(browser, { javaScript: false });
	await logIn(noJs, { email: seeded.participantEmail, password: PASSWORD }, { javaScript: false });
	await noJs.goto(`/c/${seeded.practiceId}/recettes/registre/catalogue`);
	await noJs.getByRole('searchbox', { name: 'Chercher une activité' }).fill('élections');
	await noJs.getByRole('button', { name: 'Filtrer' }).click();
	await expect(noJs).toHaveURL(/[?&]q=%C3%A9lections/);
	await expect(noJs.locator('#cat-cantine-periscolaire')).toBeHidden();
	await expect(noJs.getByRole('group', { name: /Élections/ })).toBeVisible();
	await page.setViewportSize({ width: 1366, height: 768 });
	await page.goto(path);
	await page.screenshot({ path: testInfo.outputPath('carte-des-risques-1366.png'), fullPage: true });
});
