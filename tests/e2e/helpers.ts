// Shared steps of the end-to-end tests: accounts, communes, hydration, accessibility, HTTP.
import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/** A password that satisfies the CNIL rule (12+ characters, four kinds). */
export const PASSWORD = 'Recette-Glanon-2026!';
export const OTHER_PASSWORD = 'Recette-Beaune-2027?';

/** The base URL of the app under test, as configured in playwright.config.ts. */
export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

export const UUID_IN_PATH = /\/c\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

let counter = 0;
/** Unique per call, per worker and per run: repeated runs never collide on an e-mail address. */
export function uniqueSuffix(): string {
	counter += 1;
	return `${Date.now().toString(36)}-${process.pid.toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function uniqueEmail(tag = 'user'): string {
	return `e2e-${tag}-${uniqueSuffix()}@example.test`;
}

export interface Account {
	name: string;
	email: string;
	password: string;
}

export function newAccount(tag = 'user', name = 'Camille Dupont'): Account {
	return { name: `${name} ${uniqueSuffix().slice(-6)}`, email: uniqueEmail(tag), password: PASSWORD };
}

/** SvelteKit has hydrated the page (the root layout sets html[data-hydrated] in an $effect). */
export async function waitForHydration(page: Page): Promise<void> {
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
}

/** Waits for hydration when the browser runs JavaScript; without it, there is nothing to wait for. */
export async function ready(page: Page, javaScript: boolean): Promise<void> {
	if (javaScript) await waitForHydration(page);
}

/**
 * Creates the account on /inscription (opened first unless `navigate: false`, when the page is
 * already there, e.g. after an invitation link) and waits until the header shows the account.
 */
export async function signUp(page: Page, account: Account, opts: { javaScript?: boolean; navigate?: boolean } = {}): Promise<void> {
	const javaScript = opts.javaScript ?? true;
	if (opts.navigate ?? true) await page.goto('/inscription');
	await expect(page.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible();
	await ready(page, javaScript);
	await page.getByLabel('Nom et prénom').fill(account.name);
	await page.getByLabel('Adresse e-mail').fill(account.email);
	// The labels end with an aria-hidden " *": match their start.
	await page.getByLabel(/^Mot de passe/).fill(account.password);
	await page.getByLabel(/^Confirmez le mot de passe/).fill(account.password);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: account.name })).toBeVisible();
}

/** Logs in through /connexion. */
export async function logIn(page: Page, account: Pick<Account, 'email' | 'password'>, opts: { javaScript?: boolean } = {}): Promise<void> {
	const javaScript = opts.javaScript ?? true;
	await page.goto('/connexion');
	await ready(page, javaScript);
	await page.getByLabel('Adresse e-mail').fill(account.email);
	await page.getByLabel(/^Mot de passe/).fill(account.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** Logs out with the header button; lands on /connexion. */
export async function logOut(page: Page, opts: { javaScript?: boolean } = {}): Promise<void> {
	await ready(page, opts.javaScript ?? true);
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/connexion$/);
	await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
}

export interface CreatedCommune {
	id: string;
	name: string;
}

/**
 * Creates a commune from the official list: searches `query` (with the "Rechercher" button, which
 * works with and without JavaScript), picks the result named `pick` (the first one by default),
 * fills the details and lands on its dashboard.
 */
export async function createCommune(
	page: Page,
	opts: { query?: string; pick?: string; javaScript?: boolean; axe?: boolean } = {}
): Promise<CreatedCommune> {
	const javaScript = opts.javaScript ?? true;
	const query = opts.query ?? 'Glanon';
	await page.goto('/communes/nouvelle');
	await ready(page, javaScript);
	if (opts.axe) await expectNoA11yViolations(page, 'ajout de commune (recherche)', { javaScript });
	await page.getByRole('radio', { name: 'Commune', exact: true }).check();
	await page.getByRole('searchbox', { name: /Nom de la commune/ }).fill(query);
	// With JavaScript the results follow the typing (one debounced navigation); without it, the
	// "Rechercher" button submits the GET form.
	if (!javaScript) await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(query)}`));
	await expect(page.getByRole('heading', { name: '2. Choisir et compléter' })).toBeVisible();
	await ready(page, javaScript);
	const group = page.getByRole('group', { name: 'Organisme' });
	const choice = opts.pick ? group.getByRole('radio', { name: new RegExp(`^${opts.pick}\\s+—`) }) : group.getByRole('radio').first();
	await choice.check();
	const label = (await choice.locator('xpath=..').locator('strong').textContent())?.trim() ?? '';
	if (opts.axe) await expectNoA11yViolations(page, 'ajout de commune (résultats)', { javaScript });
	await page.getByLabel('Adresse postale de la mairie ou du siège').fill(`1 place de la Mairie, ${label}`);
	await page.getByLabel('Nom du maire').fill('Dominique Martin');
	await page.getByLabel('E-mail de la mairie').fill(`mairie-${uniqueSuffix()}@example.test`);
	await page.getByLabel('Téléphone de la mairie').fill('03 80 12 34 56');
	await page.getByRole('button', { name: 'Créer', exact: true }).click();
	await expect(page).toHaveURL(UUID_IN_PATH);
	await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
	const id = UUID_IN_PATH.exec(new URL(page.url()).pathname)![1]!;
	return { id, name: label };
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the current page and fails with a readable list.
 * axe needs the page's JavaScript (timers): for a page opened with JavaScript disabled, pass
 * `javaScript: false` and axe runs on a copy of its HTML (scripts removed, same URL and styles)
 * in a JavaScript-enabled page.
 */
export async function expectNoA11yViolations(page: Page, where?: string, opts: { javaScript?: boolean } = {}): Promise<void> {
	if (opts.javaScript === false) {
		const html = (await page.content())
			.replace(/<script\b[\s\S]*?<\/script>/gi, '')
			.replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '');
		const url = page.url();
		// Explicit: contexts opened in a test inherit its `use` options (javaScriptEnabled: false).
		const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
		try {
			const copy = await context.newPage();
			await copy.route(
				(u) => u.href === url,
				(route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
			);
			await copy.goto(url);
			await expectNoA11yViolations(copy, `${where ?? url} (HTML sans JavaScript)`);
		} finally {
			await context.close();
		}
		return;
	}
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const report = results.violations
		.map((v) => {
			const nodes = v.nodes
				.slice(0, 5)
				.map((n) => `      - ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`)
				.join('\n');
			return `  [${v.impact ?? '?'}] ${v.id}: ${v.help} (${v.nodes.length} élément(s))\n    ${v.helpUrl}\n${nodes}`;
		})
		.join('\n');
	expect(results.violations, `Violations d’accessibilité sur ${where ?? page.url()} :\n${report}`).toEqual([]);
}

/** Headers of a same-origin form POST (SvelteKit refuses a form POST without Origin). */
export const FORM_HEADERS = { origin: BASE_URL, accept: 'text/html' } as const;

/**
 * An HTTP client signed in as `account`: logs in by posting /connexion (with an Origin header) and
 * keeps the session cookie. Dispose it at the end of the test.
 */
export async function signedInRequest(account: Pick<Account, 'email' | 'password'>): Promise<APIRequestContext> {
	const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL });
	const res = await ctx.post('/connexion', {
		headers: FORM_HEADERS,
		form: { email: account.email, password: account.password },
		maxRedirects: 0
	});
	expect(res.status(), `connexion de ${account.email}`).toBe(303);
	const cookies = await ctx.storageState();
	expect(cookies.cookies.some((c) => c.name && c.httpOnly)).toBe(true);
	return ctx;
}

/** Creates an account over HTTP (faster than the UI, for tests about something else). */
export async function signUpOverHttp(account: Account): Promise<APIRequestContext> {
	const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL });
	const res = await ctx.post('/inscription', {
		headers: FORM_HEADERS,
		form: { name: account.name, email: account.email, password: account.password, passwordConfirm: account.password },
		maxRedirects: 0
	});
	expect(res.status(), `inscription de ${account.email}`).toBe(303);
	return ctx;
}

/** Creates a commune over HTTP for a signed-in client; returns its id. */
export async function createCommuneOverHttp(ctx: APIRequestContext, officialCode = '21301'): Promise<string> {
	const res = await ctx.post('/communes/nouvelle', {
		headers: FORM_HEADERS,
		form: { type: 'commune', officialCode, address: '1 place de la Mairie', mayorName: 'Dominique Martin', email: '', phone: '' },
		maxRedirects: 0
	});
	expect(res.status(), `création de la commune ${officialCode}`).toBe(303);
	const location = res.headers()['location'] ?? '';
	const match = UUID_IN_PATH.exec(location);
	expect(match, `redirection vers la commune : ${location}`).not.toBeNull();
	return match![1]!;
}

/** Invites someone with `role` over HTTP; returns the invitation link. */
export async function inviteOverHttp(ctx: APIRequestContext, communeId: string, role: 'dpd' | 'elu' | 'formateur'): Promise<string> {
	const res = await ctx.post(`/c/${communeId}/membres?/invite`, {
		headers: FORM_HEADERS,
		form: { role, label: 'E2E' }
	});
	expect(res.status()).toBe(200);
	const html = await res.text();
	const link = /id="invitation-link">([^<]+)</.exec(html)?.[1];
	expect(link, 'lien d’invitation affiché').toBeTruthy();
	return link!;
}

// ---- recipe pages ---------------------------------------------------------------------------------

export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const stepPath = (communeId: string, recipeId: string, stepId: string) => `/c/${communeId}/recettes/${recipeId}/${stepId}`;
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A radio or checkbox of a recipe or record field, by name and value. */
export const choice = (page: Page, name: string, value: string): Locator => page.locator(`input[name="${name}"][value="${value}"]`);
export const field = (page: Page, name: string): Locator => page.locator(`#f-${name}`);
export const intent = (page: Page, value: 'continue' | 'save' | 'later' | 'back'): Locator => page.locator(`button[name="intent"][value="${value}"]`);

/** Opens a page (with JavaScript), waits for hydration and runs axe once per distinct label. */
export async function visit(page: Page, url: string, where: string, seen: Set<string>): Promise<void> {
	await page.goto(url);
	await waitForHydration(page);
	await axeOnce(page, where, seen);
}

export async function axeOnce(page: Page, where: string, seen: Set<string>, opts: { javaScript?: boolean } = {}): Promise<void> {
	if (seen.has(where)) return;
	seen.add(where);
	await expectNoA11yViolations(page, where, opts);
}

/** At the page's width (a phone's, 390 px), the page does not scroll sideways; names what sticks out. */
export async function expectNoSidewaysScroll(page: Page, path: string) {
	await page.goto(path);
	await waitForHydration(page);
	const { scrollWidth, clientWidth, offenders } = await page.evaluate(() => {
		const root = document.documentElement;
		const width = root.clientWidth;
		// The widest elements that stick out, to say what to fix.
		const out = [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.scroll, [role="region"]') && getComputedStyle(el).position !== 'fixed')
			.filter((el, _, all) => !all.some((other) => other !== el && other.contains(el)))
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}`);
		return { scrollWidth: root.scrollWidth, clientWidth: width, offenders: out };
	});
	expect(scrollWidth, `${path} : ${scrollWidth} px de large pour un écran de ${clientWidth} px (${offenders.join(', ')})`).toBeLessThanOrEqual(clientWidth);
}
