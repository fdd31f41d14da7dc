// The follow-up recipes, end to end: DPIA screening and the CNIL-method risk assessment (map, table,
// the alert when a residual risk stays high), the breach register and its 72-hour countdown (and a
// time skipped by the clock change refused), the security basics with the plan and the poster, a
// conformity grid whose non-conformity is closed by the action plan, a late rights request with its
// model letter — with JavaScript, then the core forms without it. axe runs on every distinct page.
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
	logIn,
	newAccount,
	signUp,
	signUpOverHttp,
	stepPath,
	uniqueSuffix,
	visit,
	waitForHydration
} from './helpers';


const heading = (page: Page) => page.getByRole('heading', { level: 1 });
/** The summary of a record, shown under its title. */
const summary = (page: Page) => page.locator('main .tone').first();
/** Text of a PDF, whitespace collapsed (pdftotext may wrap lines). */
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

// ---- Dates as the commune sees them (Europe/Paris) ----------------------------------------------
const PARIS = 'Europe/Paris';
/** An instant as Paris wall-clock "YYYY-MM-DDTHH:MM" (what a datetime-local input holds). */
function parisLocal(d: Date): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: PARIS,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(d);
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
const parisDay = (d: Date) => parisLocal(d).slice(0, 10);
const frenchDateTime = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS }).format(d);
const frenchDate = (iso: string) =>
	new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)).replace(/^1 /, '1er ');
/** "YYYY-MM-DD" + one month, on the last day of the month when the date does not exist. */
function plusOneMonth(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
	const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	const next = new Date(Date.UTC(y, m, Math.min(d, last)));
	return next.toISOString().slice(0, 10);
}


/** A signed-in secretary with a commune (created over HTTP), optionally with an activity of the catalogue. */
async function setUp(page: Page, tag: string, opts: { activity?: string; javaScript?: boolean } = {}): Promise<{ id: string; name: string }> {
	const account = newAccount(tag, 'Dominique Suivi');
	const ctx = await signUpOverHttp(account);
	const id = await createCommuneOverHttp(ctx);
	if (opts.activity) {
		const res = await ctx.post(`${stepPath(id, 'registre', 'catalogue')}?/catalogue`, { headers: FORM_HEADERS, form: { entries: opts.activity } });
		expect(res.status(), 'activité du catalogue').toBe(200);
		expect(await res.text()).toContain('1 fiche ajoutée au registre');
	}
	await ctx.dispose();
	await logIn(page, account, { javaScript: opts.javaScript ?? true });
	await page.goto(`/c/${id}`);
	const name = (await heading(page).textContent())?.trim() ?? '';
	expect(name).not.toBe('');
	return { id, name };
}

/** The row of a step's table for an activity. */
const rowOf = (page: Page, activity: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: activity, exact: true }) });

/** Fills a breach's "what happened" section (everything but the discovery time). */
async function fillBreach(page: Page, title: string): Promise<void> {
	await field(page, 'title').fill(title);
	await choice(page, 'nature', 'confidentialite').check();
	await field(page, 'description').fill('La liste des inscrits à la cantine a été envoyée à tous les parents au lieu du seul service scolaire.');
	await field(page, 'dataConcerned').fill('Noms des enfants, classes, régimes alimentaires');
	await field(page, 'peopleConcerned').fill('Les enfants inscrits à la cantine et leurs parents');
	await field(page, 'peopleCount').fill('48');
	await field(page, 'consequences').fill('Révélation de régimes alimentaires liés à la santé ou à la religion');
	await field(page, 'measures').fill('Rappel du courriel, demande de suppression aux destinataires, double vérification des listes de diffusion');
	await choice(page, 'risk', 'risque').check();
}

test.describe('avec JavaScript', () => {
	test('dépistage AIPD du CCAS, puis analyse des risques : carte, tableau, alerte de consultation de la CNIL', async ({ page }) => {
		test.setTimeout(300_000);
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const secretary = newAccount('aipd', 'Morgane Secrétaire');
		await signUp(page, secretary);
		const { id } = await createCommune(page, { query: 'Glanon', pick: 'Glanon' });
		const activity = 'Aide sociale du CCAS';

		// --- The CCAS activity, from the catalogue -----------------------------------------------------
		await visit(page, stepPath(id, 'registre', 'catalogue'), 'étape registre/catalogue', seen);
		await page.locator('#cat-ccas-aide-sociale').check();
		await page.getByRole('button', { name: 'Ajouter les activités cochées au registre' }).click();
		await expect(page.getByRole('status').filter({ hasText: '1 fiche ajoutée au registre' })).toBeVisible();
		await expect(page.locator('#cat-ccas-aide-sociale')).toBeDisabled();

		// --- DPIA screening ------------------------------------------------------------------------------
		const screeningStep = stepPath(id, 'aipd', 'depistage');
		await visit(page, screeningStep, 'étape aipd/depistage', seen);
		await expect(heading(page)).toHaveText('Dépister les activités à risque');
		await expect(rowOf(page, activity)).toContainText('Pas commencée');
		await rowOf(page, activity).getByRole('link', { name: `Commencer : ${activity}` }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/dpia/nouveau\\?parent=${UUID}&retour=`));
		await expect(heading(page)).toHaveText(`Nouveau : un dépistage — ${activity}`);
		await waitForHydration(page);
		await axeOnce(page, 'nouveau dépistage', seen);
		// First the GDPR's own cases (art. 35(3)), then the CNIL's lists.
		await choice(page, 'art35Case', 'aucun').check();
		await field(page, 'onRequiredList').selectOption('accompagnement-social');
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/dpia/${UUID}\\?enregistre=1`));
		await expect(page.getByRole('status').filter({ hasText: 'Enregistré.' })).toBeVisible();
		const verdict = page.getByRole('region', { name: 'Verdict' });
		await expect(verdict).toContainText(
			'Analyse d’impact obligatoire : l’activité figure sur la liste de la CNIL des traitements qui l’exigent (délibération 2018-327) — « Accompagnement social ou médico-social des personnes (CCAS, aide sociale) ».'
		);
		await expect(summary(page)).toHaveText('AIPD nécessaire');
		await expect(page.getByText('Complétude : 100 %')).toBeVisible();
		await expect(field(page, 'onRequiredList')).toHaveValue('accompagnement-social');
		await waitForHydration(page);
		await axeOnce(page, 'dépistage (verdict)', seen);
		await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: '← Retour' }).click();
		await expect(page).toHaveURL(screeningStep);
		await expect(rowOf(page, activity).getByRole('cell', { name: 'AIPD nécessaire' })).toBeVisible();
		await expect(rowOf(page, activity)).toContainText('100 %');

		// --- Risk assessment ------------------------------------------------------------------------------
		const riskStep = stepPath(id, 'aipd', 'risques');
		await visit(page, riskStep, 'étape aipd/risques', seen);
		await expect(heading(page)).toHaveText('Analyser les risques');
		const cells = rowOf(page, activity).getByRole('cell');
		await expect(cells.nth(1)).toHaveText('AIPD nécessaire');
		await expect(cells.nth(2)).toHaveText('Pas commencée');
		await rowOf(page, activity).getByRole('link', { name: `Commencer : ${activity}` }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/risk/nouveau\\?parent=${UUID}&retour=`));
		await waitForHydration(page);
		await axeOnce(page, 'nouvelle analyse des risques', seen);

		// Before the plan: access 3/3 (high); after: access stays high at first.
		const estimates = {
			acces: { g: '3', v: '3', gr: '3', vr: '3' },
			modification: { g: '2', v: '2', gr: '1', vr: '2' },
			disparition: { g: '3', v: '2', gr: '2', vr: '1' }
		};
		for (const [event, e] of Object.entries(estimates)) {
			await field(page, `${event}_impacts`).fill(`Impacts (${event}) : atteinte à la vie privée des bénéficiaires ${tag}`);
			await field(page, `${event}_threats`).fill(`Menaces (${event}) : vol d’ordinateur, erreur de saisie, rançongiciel`);
			await field(page, `${event}_sources`).fill(`Sources (${event}) : pirate, agent non habilité, accident`);
			await field(page, `${event}_measures`).fill(`Mesures (${event}) : mots de passe personnels, armoire fermée à clé, sauvegarde débranchée`);
			await choice(page, `${event}_gravite`, e.g).check();
			await choice(page, `${event}_vraisemblance`, e.v).check();
			await field(page, `${event}_justification`).fill(`Estimation (${event}) faite avec l’agent du CCAS`);
			await choice(page, `${event}_gravite_residuelle`, e.gr).check();
			await choice(page, `${event}_vraisemblance_residuelle`, e.vr).check();
		}
		await field(page, 'dpdOpinion').fill('Analyse complète ; le chiffrement du poste du CCAS est indispensable.');
		await field(page, 'dpdOpinionDate').fill('2026-04-02');
		await choice(page, 'mayorDecision', 'validee').check();
		await field(page, 'mayorDecisionDate').fill('2026-04-09');
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/risk/${UUID}\\?enregistre=1`));
		await expect(page.getByRole('status').filter({ hasText: 'Enregistré.' })).toBeVisible();
		await expect(page.getByText('Complétude : 100 %')).toBeVisible();
		await expect(summary(page)).toHaveText('Risque résiduel élevé : consulter la CNIL');

		const map = page.getByRole('region', { name: 'La carte des risques' });
		const svg = map.locator('svg[role="img"]');
		await expect(svg).toBeVisible();
		await expect(map.getByRole('img', { name: 'Carte des risques : gravité et vraisemblance, avant et après le plan d’action' })).toBeVisible();
		await expect(svg.locator('circle')).toHaveCount(6);
		const table = page.getByRole('table', { name: 'Les risques avant et après le plan d’action' });
		const riskRow = (label: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).getByRole('cell');
		await expect(riskRow('Accès illégitime aux données')).toHaveText(['3 — Importante', '3 — Importante', '3 — Importante', '3 — Importante']);
		await expect(riskRow('Modification non désirée des données')).toHaveText(['2 — Limitée', '2 — Limitée', '1 — Négligeable', '2 — Limitée']);
		await expect(riskRow('Disparition des données')).toHaveText(['3 — Importante', '2 — Limitée', '2 — Limitée', '1 — Négligeable']);
		const cnilAlert = map.getByText(/^Risque résiduel élevé \(Accès illégitime aux données\) : .*la CNIL doit être consultée avant la mise en œuvre/);
		await expect(cnilAlert).toBeVisible();
		// The question of the consultation is asked; the high initial risk calls for an action.
		await expect(page.getByRole('group', { name: 'La CNIL a été consultée (article 36)' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'À corriger' })).toContainText('Réduire le risque : accès illégitime aux données');
		await waitForHydration(page);
		await axeOnce(page, 'analyse des risques (carte, risque résiduel élevé)', seen);

		// Re-estimated once the plan is carried out: low, the alert goes.
		await choice(page, 'acces_gravite_residuelle', '2').check();
		await choice(page, 'acces_vraisemblance_residuelle', '1').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' })).toBeVisible();
		await expect(riskRow('Accès illégitime aux données')).toHaveText(['3 — Importante', '3 — Importante', '2 — Limitée', '1 — Négligeable']);
		await expect(cnilAlert).toHaveCount(0);
		await expect(map.getByText(/la CNIL doit être consultée/)).toHaveCount(0);
		await expect(summary(page)).toHaveText('Validée par le maire');
		await expect(svg.locator('circle')).toHaveCount(6);
		await axeOnce(page, 'analyse des risques (risque réduit)', seen);
		await page.reload();
		await expect(riskRow('Accès illégitime aux données')).toHaveText(['3 — Importante', '3 — Importante', '2 — Limitée', '1 — Négligeable']);
		await expect(page.getByText(/la CNIL doit être consultée avant la mise en œuvre/)).toHaveCount(0);

		await page.goto(riskStep);
		await expect(rowOf(page, activity).getByRole('cell').nth(2)).toHaveText('Validée par le maire');
		await expect(rowOf(page, activity).getByRole('link', { name: `Ouvrir : ${activity}` })).toBeVisible();
	});

	test('violation de données : compte à rebours des 72 heures, heure inexistante refusée, tableau de bord', async ({ page }) => {
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const { id } = await setUp(page, 'violation');
		const title = `Liste de la cantine envoyée à tous les parents ${tag}`;
		// Discovered about two hours ago (to the minute, as the form holds it).
		const discovered = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000);
		const due = frenchDateTime(new Date(discovered.getTime() + 72 * 3_600_000));
		const countdown = `Notifier la CNIL avant le ${due} — il reste 2 jours`;

		const registerStep = stepPath(id, 'violations', 'registre');
		await visit(page, registerStep, 'étape violations/registre', seen);
		await expect(heading(page)).toHaveText('Le registre des violations');
		await page.getByRole('link', { name: 'Ajouter une violation' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/breach/nouveau\\?retour=`));
		await waitForHydration(page);
		await axeOnce(page, 'nouvelle violation', seen);
		await fillBreach(page, title);
		// A time skipped when the clocks go forward does not exist: refused next to the field.
		await field(page, 'discoveredAt').fill('2026-03-29T02:30');
		await intent(page, 'back').click();
		const dstError = page.locator('#f-discoveredAt-error');
		await expect(dstError).toHaveText('Découverte le : cette date ou cette heure n’existe pas (attention au changement d’heure).');
		await expect(field(page, 'discoveredAt')).toHaveAttribute('aria-invalid', 'true');
		await expect(field(page, 'discoveredAt')).toHaveAttribute('aria-describedby', /f-discoveredAt-error/);
		await expect(page.getByRole('alert').filter({ hasText: 'Enregistré, sauf les réponses à corriger' })).toBeVisible();
		await expect(field(page, 'title')).toHaveValue(title);
		await expect(choice(page, 'risk', 'risque')).toBeChecked();
		await axeOnce(page, 'nouvelle violation (heure inexistante)', seen);
		// Corrected: the same breach is completed, not a second one created.
		await field(page, 'discoveredAt').fill(parisLocal(discovered));
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/breach/${UUID}\\?enregistre=1`));
		await expect(heading(page)).toHaveText(title);
		await expect(summary(page)).toHaveText(countdown);
		await expect(field(page, 'discoveredAt')).toHaveValue(parisLocal(discovered));
		await waitForHydration(page);
		// Not notified yet: the question is asked since a risk is declared.
		await choice(page, 'cnilNotified', 'non').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' })).toBeVisible();
		await expect(summary(page)).toHaveText(countdown);
		await axeOnce(page, 'violation (compte à rebours)', seen);

		// On the breach's page too; the time first given is kept.
		await field(page, 'discoveredAt').fill('2026-03-29T02:30');
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.locator('#f-discoveredAt-error')).toHaveText('Découverte le : cette date ou cette heure n’existe pas (attention au changement d’heure).');
		await expect(field(page, 'discoveredAt')).toHaveAttribute('aria-invalid', 'true');
		await expect(field(page, 'discoveredAt')).toHaveAttribute('aria-describedby', /f-discoveredAt-error/);
		await expect(field(page, 'discoveredAt')).toHaveValue('2026-03-29T02:30');
		await expect(page.getByRole('alert').filter({ hasText: 'sauf celles à corriger' })).toBeVisible();
		await axeOnce(page, 'violation (heure inexistante)', seen);
		await page.reload();
		await expect(field(page, 'discoveredAt')).toHaveValue(parisLocal(discovered));
		await expect(summary(page)).toHaveText(countdown);

		await page.goto(registerStep);
		await expect(page.getByRole('row').filter({ hasText: title })).toHaveCount(1);
		await expect(page.getByRole('row').filter({ hasText: title })).toContainText(countdown);

		// The dashboard lists it with the countdown.
		await visit(page, `/c/${id}`, 'tableau de bord (violation à notifier)', seen);
		const watch = page.getByRole('region', { name: 'À surveiller' });
		await expect(watch.getByRole('heading', { name: 'Violations de données' })).toBeVisible();
		const item = watch.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
		await expect(item).toHaveText(`${title} — ${countdown}`);
		await item.getByRole('link', { name: title }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/breach/${UUID}$`));
		await expect(heading(page)).toHaveText(title);
	});

	test('sécurité : cinq mesures faites, une prévue (au plan d’action), le score et l’affiche PDF', async ({ page }, testInfo) => {
		const seen = new Set<string>();
		const { id, name } = await setUp(page, 'securite');

		await visit(page, stepPath(id, 'securite', 'mots-de-passe'), 'étape securite/mots-de-passe', seen);
		await expect(heading(page)).toHaveText('Les mots de passe');
		await choice(page, 'm_mdp_personnels', 'fait').check();
		await choice(page, 'm_mdp_regle', 'fait').check();
		await choice(page, 'm_mdp_defaut', 'fait').check();
		await choice(page, 'm_mdp_gestionnaire', 'prevu').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Réponses enregistrées.' })).toBeVisible();
		await expect(choice(page, 'm_mdp_gestionnaire', 'prevu')).toBeChecked();

		await visit(page, stepPath(id, 'securite', 'postes'), 'étape securite/postes', seen);
		await expect(heading(page)).toHaveText('Les ordinateurs');
		await choice(page, 'm_verrouillage', 'fait').check();
		await choice(page, 'm_mises_a_jour', 'fait').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Réponses enregistrées.' })).toBeVisible();

		// The planned measure is an action of the plan.
		await visit(page, stepPath(id, 'plan', 'actions'), 'étape plan/actions', seen);
		await expect(heading(page)).toHaveText('Les actions');
		const planned = 'Sécurité : Un gestionnaire de mots de passe est utilisé (par exemple KeePass)';
		await expect(page.getByRole('table').getByRole('link', { name: planned, exact: true })).toBeVisible();
		await expect(page.getByRole('table').getByRole('link')).toHaveCount(1);

		// The last step shows the score, theme by theme.
		await visit(page, stepPath(id, 'securite', 'incidents'), 'étape securite/incidents', seen);
		await expect(heading(page)).toHaveText('En cas d’incident');
		const scores = page.getByRole('table', { name: 'Mesures faites par thème' });
		const scoreRow = (theme: string) => scores.getByRole('row').filter({ has: page.getByRole('link', { name: theme, exact: true }) }).getByRole('cell');
		await expect(scoreRow('Les mots de passe')).toHaveText(['Les mots de passe', '3 sur 4', '1', '75 %']);
		await expect(scoreRow('Les ordinateurs')).toHaveText(['Les ordinateurs', '2 sur 4', '0', '50 %']);
		await expect(scoreRow('Les sauvegardes')).toHaveText(['Les sauvegardes', '0 sur 3', '0', '—']);

		// The poster.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Imprimer l’affiche des cinq premiers réflexes (PDF)' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^affiche-securite-.+\.pdf$/);
		const file = testInfo.outputPath('affiche.pdf');
		await download.saveAs(file);
		expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = pdfText(file);
		expect(text).toContain('Les cinq réflexes');
		expect(text).toContain(name);
		expect(text).toContain('Je verrouille mon écran');
		// qpdf exits non-zero (and execFileSync throws) when the file is damaged.
		expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors found/);
	});

	test('grille de conformité : une non-conformité devient une action ; l’action faite rend le principe conforme', async ({ page }) => {
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const { id } = await setUp(page, 'conformite', { activity: 'etat-civil' });
		const activity = 'État civil';
		const gridStep = stepPath(id, 'conformite', 'grille');

		await visit(page, gridStep, 'étape conformite/grille', seen);
		await rowOf(page, activity).getByRole('link', { name: `Commencer : ${activity}` }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/conformity/nouveau\\?parent=${UUID}&retour=`));
		await waitForHydration(page);
		await axeOnce(page, 'nouvelle grille de conformité', seen);
		const principles = ['finalite', 'base_legale', 'minimisation', 'exactitude', 'conservation', 'information', 'droits', 'sous_traitants', 'transferts', 'securite', 'aipd'];
		for (const p of principles) await choice(page, `p_${p}`, p === 'minimisation' ? 'non_conforme' : 'conforme').check();
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/conformity/${UUID}\\?enregistre=1`));
		const gridUrl = new URL(page.url()).pathname;
		await expect(summary(page)).toHaveText('Non-conformité majeure — action à planifier');
		await expect(page.getByText('Non conforme : Minimisation')).toBeVisible();
		await waitForHydration(page);
		// The justification, asked once the principle is answered (it could have been given before the first save).
		await field(page, 'p_minimisation_why').fill(`Le formulaire demande la profession des parents ${tag}, inutile.`);
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée.' })).toBeVisible();
		await axeOnce(page, 'grille de conformité (non-conformité)', seen);

		const todo = page.getByRole('region', { name: 'À corriger' });
		await todo.getByRole('button', { name: 'Ajouter au plan d’action : Mettre en conformité : minimisation' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Action ajoutée au plan d’action' })).toBeVisible();
		// An action without owner nor due date is not a plan: the non-conformity stays major.
		await expect(summary(page)).toHaveText('Non-conformité majeure — action à planifier');
		await expect(todo.getByRole('listitem')).toHaveText('Mettre en conformité : minimisation — action à planifier');
		await expect(todo.getByRole('button')).toHaveCount(0);
		await todo.getByRole('link', { name: 'action à planifier' }).click();

		const actionTitle = `Mettre en conformité : minimisation — ${activity}`;
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/action/${UUID}$`));
		await expect(heading(page)).toHaveText(actionTitle);
		await expect(field(page, 'details')).toHaveValue(`Le formulaire demande la profession des parents ${tag}, inutile.`);
		await waitForHydration(page);
		await axeOnce(page, 'action du plan', seen);
		const today = parisDay(new Date());
		await field(page, 'owner').fill('La secrétaire de mairie');
		await field(page, 'dueDate').fill(today);
		await choice(page, 'status', 'fait').check();
		// "Faite le" appears as soon as « Faite » is chosen.
		await expect(field(page, 'doneOn')).toBeVisible();
		await field(page, 'doneOn').fill(today);
		await intent(page, 'back').click();
		// Back to where actions are listed: the plan.
		await expect(page).toHaveURL(stepPath(id, 'plan', 'actions'));
		await expect(page.getByRole('row').filter({ hasText: actionTitle })).toContainText(`Faite le ${frenchDate(today)}`);

		await page.goto(gridUrl);
		await expect(summary(page)).toHaveText('Conforme');
		await expect(page.getByText('Non conforme : Minimisation')).toHaveCount(0);
		await expect(choice(page, 'p_minimisation', 'conforme')).toBeChecked();
		await expect(field(page, 'p_minimisation_why')).toHaveValue(new RegExp(`Action « ${escapeRegExp(actionTitle)} » réalisée le \\d{2}/\\d{2}/\\d{4}\\.$`));
		await expect(page.getByRole('region', { name: 'À corriger' })).toHaveCount(0);
		await expect(page.getByRole('region', { name: 'Actions du plan liées' })).toContainText(`${actionTitle} — faite`);
		await waitForHydration(page);
		await axeOnce(page, 'grille de conformité (conforme)', seen);
		await page.goto(gridStep);
		await expect(rowOf(page, activity).getByRole('cell').nth(1)).toHaveText('Conforme');
	});

	test('demande d’accès reçue il y a 40 jours, sans réponse : en retard au tableau de bord, lettre type', async ({ page }) => {
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const { id, name } = await setUp(page, 'demande');
		const requester = `Claude Habitant ${tag}`;
		const received = parisDay(new Date(Date.now() - 40 * 86_400_000));
		const due = plusOneMonth(received);

		await visit(page, stepPath(id, 'droits', 'demandes'), 'étape droits/demandes', seen);
		await page.getByRole('link', { name: 'Ajouter une demande' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/request/nouveau\\?retour=`));
		await waitForHydration(page);
		await axeOnce(page, 'nouvelle demande', seen);
		await field(page, 'requesterName').fill(requester);
		await field(page, 'requesterContact').fill(`claude-${tag}@example.test`);
		await field(page, 'right').selectOption('acces');
		await field(page, 'receivedOn').fill(received);
		await field(page, 'details').fill('Copie des données me concernant dans le fichier des associations.');
		await choice(page, 'identityChecked', 'oui').check();
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/request/${UUID}\\?enregistre=1`));
		await expect(heading(page)).toHaveText(requester);
		await expect(summary(page)).toHaveText(`En retard : échéance dépassée (${frenchDate(due)})`);
		const letter = page.getByRole('region', { name: 'Modèle de réponse' });
		await expect(letter).toContainText(`Objet : votre demande d’accès du ${frenchDate(received)}`);
		// No civility given: « Madame, Monsieur, » alone — never both it and the name.
		await expect(letter).toContainText(/Madame, Monsieur,\s+Nous avons bien reçu/);
		await expect(letter).not.toContainText(requester);
		await expect(letter).toContainText(`la commune de ${name}`);
		await expect(letter).toContainText(`(Réponse à envoyer au plus tard le ${frenchDate(due)}.)`);
		await waitForHydration(page);
		await axeOnce(page, 'demande (en retard, lettre type)', seen);

		await visit(page, `/c/${id}`, 'tableau de bord (demande en retard)', seen);
		const watch = page.getByRole('region', { name: 'À surveiller' });
		const late = watch.getByRole('heading', { name: 'Demandes en retard' });
		await expect(late).toBeVisible();
		await expect(watch.getByRole('heading', { name: 'Demandes à traiter' })).toHaveCount(0);
		const item = watch.locator('h3:has-text("Demandes en retard") + ul > li');
		await expect(item).toHaveText(`${requester} — En retard : échéance dépassée (${frenchDate(due)})`);
		await item.getByRole('link', { name: requester }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/request/${UUID}$`));
		await expect(page.getByRole('region', { name: 'Modèle de réponse' })).toBeVisible();
	});
});

test.describe('sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('dépistage AIPD, violation avec une erreur de saisie, étape de sécurité', async ({ page }) => {
		test.setTimeout(240_000);
		const seen = new Set<string>();
		const tag = uniqueSuffix().slice(-6);
		const { id } = await setUp(page, 'nojs-suivi', { activity: 'ccas-aide-sociale', javaScript: false });
		await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
		const activity = 'Aide sociale du CCAS';
		const nojs = { javaScript: false };

		// --- DPIA screening ------------------------------------------------------------------------------
		const screeningStep = stepPath(id, 'aipd', 'depistage');
		await page.goto(screeningStep);
		await axeOnce(page, 'étape aipd/depistage (sans JS)', seen, nojs);
		await rowOf(page, activity).getByRole('link', { name: `Commencer : ${activity}` }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/dpia/nouveau\\?parent=${UUID}&retour=`));
		await axeOnce(page, 'nouveau dépistage (sans JS)', seen, nojs);
		// First the GDPR's own cases (art. 35(3)), then the CNIL's lists.
		await choice(page, 'art35Case', 'aucun').check();
		await field(page, 'onRequiredList').selectOption('accompagnement-social');
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/dpia/${UUID}\\?enregistre=1`));
		await expect(page.getByRole('region', { name: 'Verdict' })).toContainText('Analyse d’impact obligatoire');
		await expect(page.getByRole('region', { name: 'Verdict' })).toContainText('« Accompagnement social ou médico-social des personnes (CCAS, aide sociale) »');
		await expect(summary(page)).toHaveText('AIPD nécessaire');
		await axeOnce(page, 'dépistage (verdict, sans JS)', seen, nojs);
		await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: '← Retour' }).click();
		await expect(page).toHaveURL(screeningStep);
		await expect(rowOf(page, activity).getByRole('cell', { name: 'AIPD nécessaire' })).toBeVisible();

		// --- A breach, with a time that does not exist -------------------------------------------------------
		const title = `Ordinateur du secrétariat volé ${tag}`;
		const registerStep = stepPath(id, 'violations', 'registre');
		await page.goto(registerStep);
		await axeOnce(page, 'étape violations/registre (sans JS)', seen, nojs);
		await page.getByRole('link', { name: 'Ajouter une violation' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/breach/nouveau\\?retour=`));
		await axeOnce(page, 'nouvelle violation (sans JS)', seen, nojs);
		await fillBreach(page, title);
		await field(page, 'discoveredAt').fill('2026-03-29T02:30');
		await intent(page, 'back').click();
		const error = page.locator('#f-discoveredAt-error');
		await expect(error).toHaveText('Découverte le : cette date ou cette heure n’existe pas (attention au changement d’heure).');
		await expect(field(page, 'discoveredAt')).toHaveAttribute('aria-invalid', 'true');
		await expect(field(page, 'discoveredAt')).toHaveValue('2026-03-29T02:30');
		await expect(page.getByRole('alert').filter({ hasText: 'Enregistré, sauf les réponses à corriger' })).toBeVisible();
		// The other answers are kept.
		await expect(field(page, 'title')).toHaveValue(title);
		await expect(choice(page, 'nature', 'confidentialite')).toBeChecked();
		await expect(field(page, 'description')).toHaveValue(/^La liste des inscrits à la cantine/);
		await expect(field(page, 'peopleCount')).toHaveValue('48');
		await expect(choice(page, 'risk', 'risque')).toBeChecked();
		await axeOnce(page, 'nouvelle violation, erreur (sans JS)', seen, nojs);
		// Corrected and saved again: one breach, not two.
		const discovered = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000);
		await field(page, 'discoveredAt').fill(parisLocal(discovered));
		await intent(page, 'back').click();
		await expect(page).toHaveURL(new RegExp(`/c/${id}/fiches/breach/${UUID}\\?enregistre=1`));
		await expect(heading(page)).toHaveText(title);
		await expect(field(page, 'discoveredAt')).toHaveValue(parisLocal(discovered));
		await expect(field(page, 'description')).toHaveValue(/^La liste des inscrits à la cantine/);
		await page.goto(registerStep);
		const rows = page.getByRole('row').filter({ hasText: title });
		await expect(rows).toHaveCount(1);
		await expect(rows).toContainText(`Notifier la CNIL avant le ${frenchDateTime(new Date(discovered.getTime() + 72 * 3_600_000))}`);
		await axeOnce(page, 'étape violations/registre, une violation (sans JS)', seen, nojs);

		// --- A security step --------------------------------------------------------------------------------
		const backupStep = stepPath(id, 'securite', 'sauvegardes');
		await page.goto(backupStep);
		await expect(heading(page)).toHaveText('Les sauvegardes');
		await axeOnce(page, 'étape securite/sauvegardes (sans JS)', seen, nojs);
		await choice(page, 'm_sauvegarde_reguliere', 'fait').check();
		await choice(page, 'm_sauvegarde_debranchee', 'prevu').check();
		await choice(page, 'm_sauvegarde_testee', 'na').check();
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`${escapeRegExp(backupStep)}\\?/save$`));
		await expect(page.getByRole('status').filter({ hasText: 'Réponses enregistrées.' })).toBeVisible();
		await expect(choice(page, 'm_sauvegarde_reguliere', 'fait')).toBeChecked();
		await expect(choice(page, 'm_sauvegarde_debranchee', 'prevu')).toBeChecked();
		await expect(choice(page, 'm_sauvegarde_testee', 'na')).toBeChecked();
		// The notes appear for the answered measures.
		await expect(field(page, 'm_sauvegarde_reguliere_note')).toBeVisible();
		await axeOnce(page, 'étape securite/sauvegardes, enregistrée (sans JS)', seen, nojs);
		await page.goto(backupStep);
		await expect(choice(page, 'm_sauvegarde_debranchee', 'prevu')).toBeChecked();
		await page.goto(stepPath(id, 'plan', 'actions'));
		await expect(
			page.getByRole('table').getByRole('link', { name: 'Sécurité : Le disque est débranché après chaque sauvegarde et gardé hors du bureau', exact: true })
		).toBeVisible();
	});
});
