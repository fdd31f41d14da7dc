// npm run bench:path — how long is the path from sign-up to a commune's first dossier?
//
// Plays, in Chromium (JavaScript on), the reference commune of issue 15 — 148 inhabitants, nine
// typical activities — from the sign-up form to the first compliance dossier's PDF, with the
// answers a secretary would give (the scenario, `bench-path-scenario.ts`: data only). The player is
// generic: on every form it fills the fields the scenario answers that the page shows and that do
// not already hold that answer, submits, and fills again when new follow-up questions appeared
// (older versions showed some only after a first save). It follows the app's « Prochaine étape »
// on the dashboard until every recipe the progress counts is finished, then produces the dossier
// and downloads its PDF.
//
// It prints: pages visited (main-frame navigations to a new address), form submissions (POSTs,
// enhanced ones included; the autosaves of JavaScript are counted apart), fields typed or changed
// (a field whose value the player changed from what the page showed; an answer accepted as
// pre-filled does not count; one ticked activity of the catalogue counts as one field), and the
// app's own time estimate (the « environ N min » read on the page of every step played), then
// compares them with the target (≤ 25 submissions, ≤ 80 fields, ≤ 3 h).
//
// It fails (exit code 1) when the dossier is not produced, when a page answers 4xx/5xx, shows the
// error page, a JavaScript error, a field's error message or an error alert after a submission, or
// when a step stays unfinished after three attempts. Missing the target is reported, not a failure.
//
// Options: --build <dir> (a built server, default ./build; its parent folder must hold the
// `migrations` it was built with), --keep (keep the throw-away data folder), --verbose.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Locator, type Page } from '@playwright/test';
import { SCENARIO, type Answer, type Answers, type Scenario } from './bench-path-scenario';

const { values: args } = parseArgs({
	options: {
		build: { type: 'string', default: 'build' },
		keep: { type: 'boolean', default: false },
		verbose: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false }
	}
});
if (args.help) {
	console.log('npm run bench:path -- [--build ./build] [--keep] [--verbose]');
	process.exit(0);
}

const BUILD_DIR = resolve(process.cwd(), args.build!);
const TARGET = { submissions: 25, fields: 80, minutes: 180 };
const MAX_ATTEMPTS = 3;

class BenchError extends Error {}

// ---- counters ----------------------------------------------------------------------------------

const stats = {
	navigations: 0,
	submissions: 0,
	autosaves: 0,
	fields: 0,
	minutes: new Map<string, number>(),
	errors: [] as string[],
	log: [] as string[],
	/** Where they go: per part of the path (a step, a page of the app), in the order played. */
	byPart: new Map<string, { pages: number; submissions: number; fields: number }>()
};
/** The part of the path being played: its pages, submissions and fields are counted under it. */
let part = 'inscription';
const partStats = () => {
	let p = stats.byPart.get(part);
	if (!p) stats.byPart.set(part, (p = { pages: 0, submissions: 0, fields: 0 }));
	return p;
};
const addFields = (n: number) => {
	stats.fields += n;
	partStats().fields += n;
};
const say = (line: string) => {
	stats.log.push(line);
	if (args.verbose) console.log(line);
};
const fail = (message: string): never => {
	throw new BenchError(message);
};

// ---- the server --------------------------------------------------------------------------------

async function freePort(): Promise<number> {
	return new Promise((ok, ko) => {
		const s = createServer();
		s.once('error', ko);
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => ok(port));
		});
	});
}

async function startServer(dataDir: string, port: number): Promise<{ server: ChildProcess; log: string[]; base: string }> {
	const base = `http://127.0.0.1:${port}`;
	const log: string[] = [];
	const server = spawn(process.execPath, [BUILD_DIR], {
		// The build reads ./migrations from its working folder: the build's own checkout.
		cwd: dirname(BUILD_DIR),
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			COOKIE_SECURE: 'false',
			NODE_ENV: 'production',
			DATABASE_URL: '',
			DATA_DIR: dataDir,
			// The GIP's administrator is someone else: the secretary signs up as a plain user.
			ADMIN_EMAIL: SCENARIO.adminEmail
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	for (const s of [server.stdout, server.stderr]) s?.on('data', (b: Buffer) => log.push(b.toString('utf8')));
	const until = Date.now() + 120_000;
	for (;;) {
		if (server.exitCode !== null) fail(`le serveur s’est arrêté :\n${log.join('')}`);
		const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
		if (ok) break;
		if (Date.now() > until) fail(`le serveur n’a pas répondu sur /healthz en 120 s :\n${log.join('')}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return { server, log, base };
}

// ---- reading and filling a form ----------------------------------------------------------------

interface FieldState {
	name: string;
	kind: 'text' | 'textarea' | 'select' | 'radio' | 'checkbox';
	visible: boolean;
	value: string | string[];
	options: { value: string; label: string }[];
}

const norm = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[’']/g, "'")
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();

const READ_FORM = new Function(
	'el',
	`const out = {};
	const shown = (e) => Boolean(e.offsetParent || e.getClientRects().length) && !e.closest('[hidden]');
	for (const input of el.querySelectorAll('input, textarea, select')) {
		const name = input.name;
		if (!name || name.startsWith('_') || name === 'intent') continue;
		const type = input instanceof HTMLInputElement ? input.type : input instanceof HTMLTextAreaElement ? 'textarea' : 'select';
		if (type === 'hidden' || type === 'submit' || type === 'button' || input.disabled) continue;
		if (type === 'radio' || type === 'checkbox') {
			const label = ((input.closest('label') || (input.id && el.querySelector('label[for="' + input.id + '"]')) || {}).textContent || '').trim();
			const f = (out[name] ??= { name, kind: type, visible: false, value: type === 'radio' ? '' : [], options: [] });
			f.options.push({ value: input.value, label });
			f.visible ||= shown(input);
			if (input.checked) { if (type === 'radio') f.value = input.value; else f.value.push(input.value); }
		} else {
			const options = input instanceof HTMLSelectElement ? Array.from(input.options).map((o) => ({ value: o.value, label: (o.textContent || '').trim() })) : [];
			out[name] = { name, kind: type === 'textarea' ? 'textarea' : type === 'select' ? 'select' : 'text', visible: shown(input), value: input.value, options };
		}
	}
	return Object.values(out);`
);

/** Every named field of the form (hidden inputs and buttons aside), with what the page shows. */
async function readForm(form: Locator): Promise<Map<string, FieldState>> {
	// A string, not a function: tsx's transform would add helpers the page does not have.
	const list = (await form.evaluate(READ_FORM as unknown as (el: Element) => unknown)) as FieldState[];
	return new Map(list.map((f) => [f.name, f as FieldState]));
}

/** The option meant by an answer: its value, else the option whose label starts with (then contains) it. */
function option(f: FieldState, want: string): string | undefined {
	const exact = f.options.find((o) => o.value === want);
	if (exact) return exact.value;
	const w = norm(want);
	return (f.options.find((o) => norm(o.label).startsWith(w)) ?? f.options.find((o) => norm(o.label).includes(w)))?.value;
}

const today = new Date();
/** « +30j » / « -2j »: a date relative to the day the bench runs (YYYY-MM-DD). */
function resolveAnswer(a: Answer): string | string[] {
	if (Array.isArray(a)) return a;
	const m = /^([+-]\d+)j$/.exec(a);
	if (m) {
		const d = new Date(today.getTime() + Number(m[1]) * 86_400_000);
		return d.toISOString().slice(0, 10);
	}
	return a;
}

/**
 * Fills the fields the answers name that the page shows, when they differ; again while new ones
 * appear (follow-ups opened live). Returns how many fields it changed.
 */
async function fill(form: Locator, answers: Answers, where: string, emptyOnly: ReadonlySet<string> = new Set()): Promise<number> {
	let changed = 0;
	const done = new Set<string>();
	for (let round = 0; round < 5; round++) {
		const fields = await readForm(form);
		let progress = false;
		for (const [name, raw] of Object.entries(answers)) {
			if (done.has(name)) continue;
			const f = fields.get(name);
			if (!f || !f.visible) {
				if (round === 0) say(`      (${name} : ${f ? 'caché' : 'absent'})`);
				continue;
			}
			done.add(name);
			// Proposed or pre-filled by the app: accepted as it is, only an empty field is answered.
			if (emptyOnly.has(name) && (Array.isArray(f.value) ? f.value.length > 0 : f.value !== '')) continue;
			const want = resolveAnswer(raw);
			if (f.kind === 'checkbox') {
				const targets = (Array.isArray(want) ? want : [want]).map((w) => option(f, w) ?? fail(`${where} : « ${w} » n’est pas une case de « ${name} » (${f.options.map((o) => o.label).join(' | ')})`));
				const now = f.value as string[];
				if (targets.length === now.length && targets.every((t) => now.includes(t))) continue;
				for (const o of f.options) {
					const box = form.locator(`input[type="checkbox"][name="${name}"][value="${o.value.replace(/"/g, '\\"')}"]`);
					if (targets.includes(o.value) !== now.includes(o.value)) await box.setChecked(targets.includes(o.value));
				}
			} else if (f.kind === 'radio') {
				const v = option(f, want as string) ?? fail(`${where} : « ${want} » n’est pas un choix de « ${name} » (${f.options.map((o) => o.label).join(' | ')})`);
				if (f.value === v) continue;
				await form.locator(`input[type="radio"][name="${name}"][value="${v.replace(/"/g, '\\"')}"]`).check();
			} else if (f.kind === 'select') {
				const v = option(f, want as string) ?? fail(`${where} : « ${want} » n’est pas un choix de « ${name} »`);
				if (f.value === v) continue;
				await form.locator(`select[name="${name}"]`).selectOption(v);
			} else {
				if (f.value === want) continue;
				await form.locator(`[name="${name}"]`).fill(want as string);
			}
			changed++;
			progress = true;
			say(`      · ${name}`);
		}
		if (!progress) break;
	}
	return changed;
}

// ---- the page: errors, waits, submissions -------------------------------------------------------

let autosaveInFlight = 0;
let inFlight = 0;

/**
 * Waits until the page is quiet: loaded, and no request under way for half a second (the page's
 * JavaScript started, an enhanced form's answer and the navigation it asks for are done).
 * Playwright's own « networkidle » does not wait again after a navigation made by the page's script.
 */
async function settle(page: Page) {
	await page.waitForLoadState('load');
	const until = Date.now() + 60_000;
	let quietSince = Date.now();
	while (Date.now() < until) {
		await page.waitForTimeout(50);
		if (inFlight > 0 || autosaveInFlight > 0) quietSince = Date.now();
		else if (Date.now() - quietSince >= 500) return;
	}
}

/** The error page, a field's message, an error alert: the bench stops there. */
async function checkPage(page: Page, where: string) {
	if (stats.errors.length) fail(`${where} : ${stats.errors.join(' ; ')}`);
	const h1 = (await page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => ''))?.trim() ?? '';
	if (['Oups', 'Page introuvable', 'Accès en lecture seule', 'Erreur'].includes(h1)) fail(`${where} : page d’erreur « ${h1} » (${page.url()})`);
	const messages = await page
		.locator('p.error:visible, .alert.error:visible, [role="alert"].warn:visible')
		.evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean));
	if (messages.length) fail(`${where} : ${messages.join(' | ')} (${page.url()})`);
}

/** Clicks a submit button and waits for the answer (a new page, or the enhanced form's result). */
async function submit(page: Page, button: Locator, where: string) {
	await settle(page);
	const before = stats.submissions;
	const response = page.waitForResponse((r) => r.request().method() === 'POST' && !isAutosave(r.request().postData()), { timeout: 120_000 });
	await button.click();
	await response;
	await settle(page);
	if (stats.submissions === before) fail(`${where} : l’envoi n’a pas eu lieu`);
	await checkPage(page, where);
}

const isAutosave = (body: string | null) => Boolean(body && (/(^|&)intent=autosave(&|$)/.test(body) || /name="intent"\r\n\r\nautosave/.test(body)));

async function go(page: Page, url: string, where: string) {
	const res = await page.goto(url);
	if (!res || res.status() >= 400) fail(`${where} : ${url} a répondu ${res?.status()}`);
	await settle(page);
	await checkPage(page, where);
}

/** A form, then new follow-ups: fill, submit, and again while the page shows new questions to answer. */
async function fillAndSubmit(page: Page, formSel: string, buttonName: RegExp | string, answers: Answers, where: string, opts: { skipUnchanged?: boolean; emptyOnly?: ReadonlySet<string> } = {}): Promise<void> {
	for (let pass = 0; pass < 3; pass++) {
		const form = page.locator(formSel).first();
		const n = await fill(form, answers, where, opts.emptyOnly);
		addFields(n);
		// Nothing to change on a record already saved: she reads it and leaves without saving.
		if (n === 0 && (pass > 0 || (opts.skipUnchanged && !/\/nouveau/.test(page.url())))) return;
		const url = page.url();
		await submit(page, form.getByRole('button', { name: buttonName }).first(), where);
		// Moved on: done. Still here: new questions may have appeared after the save.
		if (page.url() !== url) return;
		if (!(await page.locator(formSel).count())) return;
	}
}

// ---- the path ----------------------------------------------------------------------------------

function stepAnswers(s: Scenario, key: string): Answers {
	return s.steps[key] ?? {};
}

/**
 * The answers for a record: the kind's defaults, then those of its parent or its own name; with
 * the names of the default answers (not her own corrections for this record): on a record the app
 * proposed or prepared, those only fill what is still empty.
 */
function recordAnswers(s: Scenario, kind: string, title: string): { answers: Answers; emptyOnly: Set<string> } {
	const r = s.records[kind];
	if (!r) return { answers: {}, emptyOnly: new Set() };
	const n = norm(title);
	const own = Object.entries(r.byTitle ?? {}).find(([t]) => n.startsWith(norm(t)))?.[1] ?? {};
	return { answers: { ...(r.default ?? {}), ...own }, emptyOnly: new Set(Object.keys(r.default ?? {}).filter((k) => !(k in own))) };
}

const isProposedPage = async (page: Page) => (await page.locator('#proposal-title').count()) > 0;

/** The commune's id, from the current address. */
const communeOf = (page: Page) => /\/c\/([^/?#]+)/.exec(page.url())?.[1] ?? fail(`pas de commune dans ${page.url()}`);

/**
 * The proposed register entries, on the one-page review: she deletes those the commune does not
 * keep (`discard`), completes through « Modifier » what the entry still lacks (only the empty
 * answers), then « Je confirme », which leads to the next one.
 */
async function reviewEntries(page: Page, s: Scenario, base: string, where: string) {
	const listUrl = `${base}/c/${communeOf(page)}/registre/a-confirmer`;
	for (let round = 0; round < 60; round++) {
		if (!/\/registre\/a-confirmer\/[^/?#]+/.test(page.url())) {
			await go(page, listUrl, where);
			const first = page.locator('a.button:text-matches("^Relire la première")');
			if (!(await first.count())) return;
			await first.click();
			await settle(page);
			await checkPage(page, where);
		}
		const reviewUrl = page.url().split('?')[0]!;
		const id = /\/a-confirmer\/([^/?#]+)/.exec(reviewUrl)?.[1] ?? fail(`${where} : ${reviewUrl}`);
		const name = /^Relire « (.*) »$/.exec(((await page.locator('h1').first().textContent()) ?? '').trim())?.[1] ?? '';
		const w = `${where}, relecture « ${name} »`;
		say(`    relecture « ${name} »`);
		if ((s.discard ?? []).some((d) => norm(name).startsWith(norm(d)))) {
			await go(page, `${base}/c/${communeOf(page)}/fiches/activity/${id}?retour=${encodeURIComponent(listUrl.replace(base, ''))}`, w);
			say(`      supprimée (la commune ne la tient pas)`);
			await submit(page, page.locator('form[action^="?/archive"] button'), w);
			continue;
		}
		if (!(await page.getByRole('button', { name: /^Je confirme/ }).count())) fail(`${w} : pas de « Je confirme »`);
		const percent = Number(/Complétude : (\d+) %/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? NaN);
		if (!(percent >= 100)) {
			const edit = (await page.locator('a:text-matches("^Modifier")').first().getAttribute('href')) ?? fail(`${w} : pas de lien « Modifier »`);
			await go(page, new URL(edit.split('#')[0]!, base).toString(), w);
			const { answers, emptyOnly } = recordAnswers(s, 'activity', name);
			await fillAndSubmit(page, 'form:has([data-field])', /^Enregistrer/, answers, w, { skipUnchanged: true, emptyOnly });
			if (page.url().split('?')[0] !== reviewUrl) await go(page, reviewUrl, w);
		}
		await submit(page, page.getByRole('button', { name: /^Je confirme/ }).first(), w);
	}
	fail(`${where} : la relecture des entrées proposées ne finit pas`);
}

/** The DPIA screening in one table: she confirms every verdict proposed (one button, or one per row). */
async function screeningTable(page: Page, url: string, where: string) {
	await go(page, url, where);
	const all = page.getByRole('button', { name: /^Je confirme les \d+ verdicts/ });
	if (await all.count()) return submit(page, all.first(), `${where}, tous les verdicts`);
	for (let i = 0; i < 40; i++) {
		const one = page.locator('button[name="fiche"]');
		if (!(await one.count())) return;
		await submit(page, one.first(), `${where}, un verdict`);
	}
}

/**
 * The conformity grids, pre-answered: « Préparer » (all at once when the page offers it), then per
 * grid: the principles left to her answered on the grid (only the empty ones), « Je confirme la grille ».
 */
async function gridTable(page: Page, s: Scenario, base: string, url: string, where: string) {
	await go(page, url, where);
	const all = page.getByRole('button', { name: /^Préparer les \d+ grilles/ });
	if (await all.count()) await submit(page, all.first(), `${where}, préparer les grilles`);
	for (let i = 0; i < 40; i++) {
		const one = page.locator('button[name="fiche"]:text-matches("^Préparer la grille")');
		if (!(await one.count())) break;
		await submit(page, one.first(), `${where}, préparer une grille`);
	}
	for (let i = 0; i < 40; i++) {
		const confirm = page.locator('button[name="grille"]').first();
		if (!(await confirm.count())) return;
		const gridId = (await confirm.getAttribute('value'))!;
		const section = page.locator('section', { has: page.locator(`button[name="grille"][value="${gridId}"]`) });
		const title = ((await section.locator('h2').first().textContent()) ?? '').trim();
		const w = `${where}, grille « ${title} »`;
		say(`    grille « ${title} »`);
		const rest = await section.locator('a:text-matches("^Répondre au reste")').getAttribute('href').catch(() => null);
		if (rest) {
			await go(page, new URL(rest, base).toString(), w);
			const { answers, emptyOnly } = recordAnswers(s, 'conformity', title);
			await fillAndSubmit(page, 'form:has([data-field])', /^Enregistrer/, answers, w, { skipUnchanged: true, emptyOnly });
			if (page.url().split('?')[0] !== url) await go(page, url, w);
		}
		await submit(page, page.locator(`button[name="grille"][value="${gridId}"]`), w);
	}
	fail(`${where} : les grilles ne finissent pas d’être confirmées`);
}

/** The action plan in one table: owners and due dates as proposed, saved once. */
async function planTable(page: Page, url: string, where: string) {
	await go(page, url, where);
	const save = page.getByRole('button', { name: /^Enregistrer le plan/ });
	if (await save.count()) await submit(page, save.first(), where);
}

async function playStep(page: Page, s: Scenario, base: string, key: string) {
	const where = `étape ${key}`;
	const countText = (await page.locator('.step-count').first().textContent().catch(() => '')) ?? '';
	const minutes = Number(/environ (\d+) min/.exec(countText)?.[1] ?? NaN);
	if (!Number.isFinite(minutes)) fail(`${where} : durée estimée introuvable (« ${countText} »)`);
	stats.minutes.set(key, minutes);
	say(`  ${key} (${minutes} min)`);
	const stepUrl = page.url().split('?')[0]!;

	const formStep = page.locator('form[action="?/save"]:has([data-field])');
	if (await formStep.count()) {
		await fillAndSubmit(page, 'form[action="?/save"]:has([data-field])', /Enregistrer et continuer/, stepAnswers(s, key), where);
		return;
	}

	// A collection step. Its page in one table, where the app has one: played there first.
	const shortcut = async (sel: string) => (await page.locator(sel).first().getAttribute('href', { timeout: 2000 }).catch(() => null)) ?? null;
	const screening = await shortcut('main a.button[href$="/depistage"]');
	const grids = await shortcut('main a.button[href$="/conformite"]');
	const plan = await shortcut('main section a[href$="/plan"]');
	if (screening) await screeningTable(page, new URL(screening, base).toString(), `${where}, tableau du dépistage`);
	if (grids) await gridTable(page, s, base, new URL(grids, base).toString(), `${where}, grilles pré-remplies`);
	if (plan) await planTable(page, new URL(plan, base).toString(), `${where}, plan en un tableau`);
	if (screening || grids || plan) await go(page, stepUrl, where);

	const catalogue = page.locator('form[action="?/catalogue"]');
	if (await catalogue.count()) {
		let ticked = 0;
		for (const id of s.catalogue) {
			const box = catalogue.locator(`input[type="checkbox"][value="${id}"]`);
			if (!(await box.count())) fail(`${where} : l’activité « ${id} » n’est pas au catalogue`);
			if ((await box.isDisabled()) || (await box.isChecked())) continue;
			await box.check();
			ticked++;
		}
		addFields(ticked);
		if (ticked) await submit(page, catalogue.getByRole('button', { name: /Ajouter les activités/ }), where);
	}

	const kindOf = (href: string) => /\/fiches\/([^/?]+)\//.exec(href)?.[1] ?? '';
	/** A batch « Je confirme » on the step's page (for the proposed items of the list), where there is one. */
	const batchConfirm = () => page.locator('main form button:text-matches("^Je confirme")');
	const openRecord = async (href: string, title: string, confirm = false) => {
		const kind = kindOf(href);
		const w = `${where}, ${kind} « ${title} »`;
		const url = new URL(href, base).toString();
		await go(page, url, w);
		say(`    ${kind} « ${title} »`);
		const proposed = await isProposedPage(page);
		const { answers, emptyOnly } = recordAnswers(s, kind, title);
		await fillAndSubmit(page, 'form:has([data-field])', /^Enregistrer/, answers, w, { skipUnchanged: true, emptyOnly: proposed ? emptyOnly : new Set() });
		if (proposed && confirm) {
			if (page.url() !== url) await go(page, url, w);
			await submit(page, page.locator('form[action^="?/confirm"] button:text-matches("^Je confirme")').first(), `${w}, je confirme`);
		}
		if (!page.url().startsWith(stepUrl)) await go(page, stepUrl, where);
	};

	const perParent = page.locator('table:has(th:text-is("Activité")) tbody tr');
	if (await page.locator('h2#items-title:text-matches("Les activités du registre")').count()) {
		const rows = await perParent.evaluateAll((trs) =>
			trs.map((tr) => {
				const cells = Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim());
				const a = tr.querySelector('a');
				return { title: cells[0] ?? '', cells, href: a?.getAttribute('href') ?? '' };
			})
		);
		for (const r of rows) {
			const optional = r.cells.includes('Facultative');
			const complete = r.cells.includes('100 %');
			if (optional || complete || !r.href) continue;
			await openRecord(r.href, r.title);
		}
	} else {
		// Records of the list: the scenario's new ones, then the incomplete ones it has answers for.
		const kindHref = (await page.locator('a.button:text-matches("^Ajouter")').first().getAttribute('href').catch(() => null)) ?? '';
		const kind = kindOf(kindHref.replace('/nouveau', '/x'));
		const filter = /[?&]category=([^&]+)/.exec(kindHref)?.[1];
		const existing = async () =>
			page.locator('section:has(h2#items-title) table tbody tr').evaluateAll((trs) =>
				trs.map((tr) => {
					const a = tr.querySelector('a');
					const cells = Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim());
					return { title: (a?.textContent ?? '').trim(), href: a?.getAttribute('href') ?? '', complete: cells.at(-1) === 'Complet', proposed: Boolean(tr.querySelector('.tag.proposed')) };
				})
			);
		const wanted = (s.records[kind]?.create ?? []).filter((r) => !filter || r.category === filter);
		for (const r of wanted) {
			const titleField = s.records[kind]!.titleField;
			const title = String(r[titleField]);
			if ((await existing()).some((e) => norm(e.title) === norm(title))) continue;
			const href = await page.locator('a.button:text-matches("^Ajouter")').first().getAttribute('href');
			await go(page, new URL(href!, base).toString(), `${where}, nouveau ${kind}`);
			say(`    nouveau ${kind} « ${title} »`);
			await fillAndSubmit(page, 'form:has([data-field])', /^Enregistrer/, { ...(s.records[kind]?.default ?? {}), ...r }, `${where}, nouveau ${kind} « ${title} »`);
			if (!page.url().startsWith(stepUrl)) await go(page, stepUrl, where);
		}
		// What the app proposed: register entries on their one-page review; other records (supports,
		// processors) completed where empty and confirmed, in one batch where the step's page has one.
		const proposed = (await existing()).filter((e) => e.proposed);
		if (proposed.length && kind === 'activity') {
			await reviewEntries(page, s, base, where);
			await go(page, stepUrl, where);
		} else if (proposed.length) {
			const batch = (await batchConfirm().count()) > 0;
			for (const e of proposed) await openRecord(e.href, e.title, !batch);
			if (batch && (await batchConfirm().count())) await submit(page, batchConfirm().first(), `${where}, je confirme (lot)`);
		}
		for (const e of await existing()) {
			if (e.complete || e.proposed) continue;
			await openRecord(e.href, e.title);
		}
	}

	const end = page.locator('form[action="?/save"]:has(button[value="continue"])').last();
	const none = end.locator('input[type="checkbox"][name="none"]');
	const items = await page.locator('section:has(h2#items-title) table tbody tr').count();
	if (s.none.includes(key) && items === 0 && (await none.count()) && !(await none.isChecked())) {
		await none.check();
		addFields(1);
	}
	await submit(page, end.locator('button[value="continue"]'), where);
}

async function run(page: Page, base: string, s: Scenario) {
	// Sign-up.
	await go(page, `${base}/`, 'accueil');
	const signUp = page.locator('a[href^="/inscription"]').first();
	if (await signUp.count()) {
		await signUp.click();
		await settle(page);
	} else await go(page, `${base}/inscription`, 'inscription');
	await fillAndSubmit(page, 'form:has(input[name="passwordConfirm"])', /Créer|inscri/i, s.account, 'inscription');
	say(`inscription → ${page.url()}`);

	// The commune.
	part = 'commune';
	const add = page.locator('a[href="/communes/nouvelle"]').first();
	if (await add.count()) {
		await add.click();
		await settle(page);
	} else await go(page, `${base}/communes/nouvelle`, 'ajout de la commune');
	await page.locator('input#q').fill(s.commune.search);
	addFields(1);
	// With JavaScript the results follow the typing; the button does the same without.
	await page.waitForSelector(`input[name="officialCode"][value="${s.commune.insee}"]`, { timeout: 10_000 }).catch(async () => {
		await page.locator('input#q').fill(s.commune.search);
		await page.locator('form:has(input#q)').getByRole('button', { name: 'Rechercher' }).click();
		await page.waitForSelector(`input[name="officialCode"][value="${s.commune.insee}"]`, { timeout: 30_000 });
	});
	await settle(page);
	await fillAndSubmit(page, 'form:has(input[name="officialCode"])', /^Créer$/, { officialCode: s.commune.insee, ...s.commune.identity }, 'ajout de la commune');
	const communeId = /\/c\/([^/?#]+)/.exec(page.url())?.[1] ?? fail(`la commune n’a pas été créée (${page.url()}) : ${((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 1500)}`);
	say(`commune → ${page.url()}`);

	// The commune profile, where the app has one (issue 15): answered first.
	const profileLink = page.locator(`a[href="/c/${communeId}/profil"]`).first();
	if (!page.url().includes('/profil') && (await profileLink.count())) {
		await profileLink.click();
		await settle(page);
	}
	part = 'profil';
	if (page.url().includes(`/c/${communeId}/profil`)) {
		stats.minutes.set('profil', Number(/environ (\d+) min/.exec((await page.locator('body').textContent()) ?? '')?.[1] ?? 0));
		await fillAndSubmit(page, 'form:has([data-field]), form:has(input[type="radio"])', /Enregistrer|Je confirme|Continuer/, s.profile ?? {}, 'profil de la commune');
	}

	// The recipes, in the order the dashboard proposes them.
	const attempts = new Map<string, number>();
	for (;;) {
		const m = /\/c\/[^/]+\/recettes\/([^/?#]+)\/([^/?#]+)/.exec(page.url());
		let key = m ? `${m[1]}/${m[2]}` : '';
		if (!key || (attempts.get(key) ?? 0) > 0) {
			// Back to the dashboard, to its « Prochaine étape ».
			part = 'tableau de bord';
			if (!page.url().endsWith(`/c/${communeId}`)) await go(page, `${base}/c/${communeId}`, 'tableau de bord');
			const next = page.locator('section:has(#next-title) a.button').first();
			if (!(await next.count())) {
				const text = (await page.locator('section:has(#next-title)').textContent()) ?? '';
				if (/Toutes les recettes sont terminées/.test(text)) break;
				fail(`tableau de bord : pas de prochaine étape (« ${text.replace(/\s+/g, ' ').trim()} »)`);
			}
			await next.click();
			await settle(page);
			await checkPage(page, 'prochaine étape');
			if (page.url().includes(`/c/${communeId}/profil`)) {
				// The profile still unfinished: answered again (counted like a step).
				const tries = (attempts.get('profil') ?? 0) + 1;
				attempts.set('profil', tries);
				if (tries > MAX_ATTEMPTS) fail('le profil de la commune reste inachevé');
				part = 'profil';
				await fillAndSubmit(page, 'form:has([data-field]), form:has(input[type="radio"])', /Enregistrer|Je confirme|Continuer/, s.profile ?? {}, 'profil de la commune');
				continue;
			}
			const n = /\/recettes\/([^/?#]+)\/([^/?#]+)/.exec(page.url());
			key = n ? `${n[1]}/${n[2]}` : fail(`« Prochaine étape » mène à ${page.url()}`);
		}
		const tries = (attempts.get(key) ?? 0) + 1;
		attempts.set(key, tries);
		if (tries > MAX_ATTEMPTS) {
			const why = (await page.locator('.alert.info, p.small.muted:text-matches("Pour terminer"), section:has(#items-title) tbody tr').allTextContents()).join(' ; ').replace(/\s+/g, ' ');
			fail(`étape ${key} : toujours pas terminée après ${MAX_ATTEMPTS} passages. ${why}`);
		}
		part = key;
		await playStep(page, s, base, key);
		// Played: the step it leads to is played next if not played yet, otherwise the dashboard says.
	}

	// The dossier.
	part = 'dossier';
	const dossierLink = page.locator(`a[href="/c/${communeId}/dossier"]`).first();
	if (await dossierLink.count()) {
		await dossierLink.click();
		await settle(page);
	} else await go(page, `${base}/c/${communeId}/dossier`, 'dossier');
	await submit(page, page.getByRole('button', { name: /Produire le dossier/ }), 'dossier');
	const pdfLink = page.locator('.alert a[href$=".pdf"]').first();
	if (!(await pdfLink.count())) fail('le dossier n’a pas été produit (pas de lien « Télécharger le PDF »)');
	const href = (await pdfLink.getAttribute('href'))!;
	const pdf = await page.request.get(new URL(href, base).toString());
	const body = await pdf.body();
	if (pdf.status() !== 200 || !body.subarray(0, 5).toString('latin1').startsWith('%PDF')) fail(`le PDF du dossier n’a pas été téléchargé (${pdf.status()}, ${pdf.headers()['content-type']})`);
	const stillProposed = await checkDossier(page, base, communeId, body);
	return { pdfBytes: body.length, href, stillProposed };
}

/**
 * What is still « proposé, non confirmé » must be in the dossier's « Points d'attention »: the row
 * « Éléments proposés par l’application, non confirmés » must not say « Rien à signaler » while the
 * commune still holds a proposed record (read from the lists of the app: the entries to confirm,
 * then every step's list of records tagged « proposé, non confirmé »). Returns what is still proposed.
 */
async function checkDossier(page: Page, base: string, communeId: string, pdf: Buffer): Promise<number> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-path-pdf-'));
	let text = '';
	try {
		writeFileSync(join(dir, 'dossier.pdf'), pdf);
		text = execFileSync('pdftotext', [join(dir, 'dossier.pdf'), '-'], { encoding: 'utf8' });
	} catch (err) {
		fail(`le texte du dossier n’a pas pu être lu avec pdftotext : ${(err as Error).message}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const flat = text.replace(/\s+/g, ' ');
	const at = flat.search(/Points d.attention/i);
	if (at < 0) fail('le dossier n’a pas de partie « Points d’attention »');
	// The table's cells wrap: the label is found on its first words, its state in what follows.
	const rowAt = flat.slice(at).search(/Éléments proposés par l.application/) + at;
	if (rowAt < at) fail('les « Points d’attention » du dossier n’ont pas de ligne « Éléments proposés par l’application, non confirmés »');
	const row = flat.slice(rowAt, rowAt + 400);
	// Still proposed, as the app lists it: the entries to confirm, and every record tagged so in the lists.
	let proposed = 0;
	await go(page, `${base}/c/${communeId}/registre/a-confirmer`, 'vérification du dossier');
	proposed += await page.locator('main table tbody tr').count();
	await go(page, `${base}/c/${communeId}/registre`, 'vérification du dossier');
	proposed = Math.max(proposed, await page.locator('main .tag.proposed').count());
	say(`dossier : ligne « ${row.slice(0, 200)} » ; encore proposé d’après l’app : ${proposed}`);
	const state = /À traiter|Rien à signaler|Non vérifiable/.exec(row)?.[0];
	if (!state) fail(`la ligne « Éléments proposés par l’application, non confirmés » du dossier n’a pas d’état lisible (« ${row.slice(0, 200)} »)`);
	if (proposed > 0 && state !== 'À traiter') fail(`le dossier dit « Rien à signaler » pour les éléments proposés alors que ${proposed} restent « proposé, non confirmé »`);
	return proposed;
}

async function main() {
	const dataDir = mkdtempSync(join(tmpdir(), 'bench-path-'));
	let server: ChildProcess | null = null;
	let serverLog: string[] = [];
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
	let code = 0;
	try {
		const port = await freePort();
		const started = await startServer(dataDir, port);
		server = started.server;
		serverLog = started.log;
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
		const page = await context.newPage();
		page.setDefaultTimeout(60_000);
		let lastUrl = '';
		page.on('framenavigated', (frame) => {
			if (frame !== page.mainFrame()) return;
			const url = frame.url().split('#')[0]!;
			if (url === lastUrl || url === 'about:blank') return;
			lastUrl = url;
			stats.navigations++;
			partStats().pages++;
			say(`  → ${url.replace(started.base, '')}`);
		});
		page.on('request', (r) => {
			inFlight++;
			if (r.method() !== 'POST') return;
			if (isAutosave(r.postData())) autosaveInFlight++, stats.autosaves++;
			else stats.submissions++, partStats().submissions++;
		});
		const done = (r: import('@playwright/test').Request) => {
			inFlight--;
			if (r.method() === 'POST' && isAutosave(r.postData())) autosaveInFlight--;
		};
		page.on('requestfinished', done);
		page.on('requestfailed', done);
		page.on('pageerror', (e) => stats.errors.push(`erreur JavaScript de la page : ${e.message}`));
		page.on('console', (m) => {
			if (m.type() === 'error') say(`    [console : ${m.text()}]`);
		});
		page.on('response', (r) => {
			if (args.verbose && r.request().method() === 'POST') void r.text().then((t) => say(`    [réponse ${t.slice(0, 300)}]`), () => undefined);
			if (args.verbose && r.request().resourceType() !== 'image' && !/\/_app\//.test(r.url())) say(`    [${r.request().method()} ${r.url().replace(started.base, '')} ${r.status()}]`);
			if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) stats.errors.push(`${r.request().method()} ${r.url().replace(started.base, '')} → ${r.status()}`);
		});
		const t0 = performance.now();
		const { pdfBytes, href, stillProposed } = await run(page, started.base, SCENARIO);
		const seconds = (performance.now() - t0) / 1000;
		await checkPage(page, 'fin');

		const minutes = [...stats.minutes.values()].reduce((a, b) => a + b, 0);
		const verdict = (ok: boolean) => (ok ? 'atteint' : 'MANQUÉ');
		const h = (m: number) => `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;
		console.log(`bench:path — ${SCENARIO.commune.search} (${SCENARIO.commune.insee}), ${SCENARIO.catalogue.length} activités, serveur ${BUILD_DIR}`);
		console.log(`Dossier produit : ${href} (${Math.round(pdfBytes / 1024)} Ko), parcours joué en ${seconds.toFixed(0)} s.`);
		console.log(`Pages visitées        : ${stats.navigations}`);
		console.log(`Envois de formulaire  : ${stats.submissions} (cible ≤ ${TARGET.submissions}) — ${verdict(stats.submissions <= TARGET.submissions)}   [+ ${stats.autosaves} enregistrements automatiques]`);
		console.log(`Champs saisis/changés : ${stats.fields} (cible ≤ ${TARGET.fields}) — ${verdict(stats.fields <= TARGET.fields)}`);
		console.log(`Temps estimé par l’app: ${h(minutes)} (${minutes} min, « environ N min » lu sur les ${stats.minutes.size} étapes parcourues ; cible ≤ ${h(TARGET.minutes)}) — ${verdict(minutes <= TARGET.minutes)}`);
		console.log(`Dossier : « Points d’attention » vérifiés (${stillProposed} élément${stillProposed > 1 ? 's' : ''} encore « proposé, non confirmé » d’après les listes de l’app).`);
		console.log('\nOù vont les envois et les champs (dans l’ordre du parcours) :');
		console.log(`  ${'partie'.padEnd(28)} ${'pages'.padStart(5)} ${'envois'.padStart(6)} ${'champs'.padStart(6)} ${'min'.padStart(4)}`);
		for (const [k, v] of stats.byPart) console.log(`  ${k.padEnd(28)} ${String(v.pages).padStart(5)} ${String(v.submissions).padStart(6)} ${String(v.fields).padStart(6)} ${String(stats.minutes.get(k) ?? '').padStart(4)}`);
		if (args.verbose) console.log([...stats.minutes].map(([k, v]) => `  ${k} : ${v} min`).join('\n'));
	} catch (err) {
		code = 1;
		if (!args.verbose) console.error(stats.log.slice(-25).join('\n'));
		console.error(`\nbench:path ÉCHEC : ${err instanceof BenchError ? err.message : (err as Error).stack}`);
		if (serverLog.length) console.error(`\n(fin du journal du serveur)\n${serverLog.join('').split('\n').slice(-15).join('\n')}`);
	} finally {
		await browser.close();
		if (server && server.exitCode === null) {
			server.kill('SIGTERM');
			await new Promise((r) => server!.once('exit', r));
		}
		if (args.keep) console.log(`données gardées dans ${dataDir}`);
		else rmSync(dataDir, { recursive: true, force: true });
	}
	process.exit(code);
}

await main();
