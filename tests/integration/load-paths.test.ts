// The request paths `npm run bench:load` measures, made lighter: they must give exactly what they
// gave before. The register page is paged (50 fiches a page, counts and filters over all of them);
// a training grid loads every commune's progress in three queries; the dashboard's watch list is
// made from one query; a recipe's answers are read from its own steps only; a page request looks
// up the user's access to the commune once; the register's lines and the communes' progress are
// kept per process and checked against the database on every request.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes';
import { recipeAnswers } from '../../src/lib/recipes/engine';
import { memberships, records } from '../../src/lib/server/db/schema';
import { confirmObligation, loadProgress, loadProgressOf, recipeAnswersOf, saveStep } from '../../src/lib/server/domain/recipes';
import { OBLIGATIONS } from '../../src/lib/recipes/obligations';
import { progressOf, progressOfCommune } from '../../src/lib/server/progress-cache';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { ficheFromCatalogue } from '../../src/lib/recipes/records';
import { describeRecords } from '../../src/lib/server/record-list';
import { pageNumber, registerFiches, registerFilters, registerPage, REGISTER_PAGE_SIZE } from '../../src/lib/server/register-list';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { communeEntry, requestMemberships, requireCommune } from '../../src/lib/server/tenancy';
import { userCommunes } from '../../src/lib/server/domain/members';
import { watchView } from '../../src/lib/server/watch-view';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

type TestDb = ReturnType<ReturnType<typeof useDatabase>>;

/** `count` activities named « Activité 001 »…, from the catalogue's fiches (every third one complete-ish). */
async function addActivities(db: TestDb, communeId: string, count: number) {
	const rows = Array.from({ length: count }, (_, i) => {
		const entry = CATALOGUE[i % CATALOGUE.length]!;
		return { id: randomUUID(), communeId, kind: 'activity', data: { ...ficheFromCatalogue(entry), name: `Activité ${String(i + 1).padStart(3, '0')}` }, version: 1, origin: { catalogue: entry.id } };
	});
	for (let i = 0; i < rows.length; i += 100) await db.insert(records).values(rows.slice(i, i + 100));
}

describe.each(engines())('request paths under load on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('pages the register by 50, the counts and the filters covering every fiche', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		await addActivities(db(), commune.id, 120);
		const none = registerFilters(new URLSearchParams());

		const first = await registerPage(db(), commune.id, none, null);
		expect(first).toMatchObject({ total: 120, matching: 120, page: 1, pages: 3, from: 1, to: 50 });
		expect(first.fiches).toHaveLength(REGISTER_PAGE_SIZE);
		expect(first.fiches[0]!.name).toBe('Activité 001');
		expect(first.fiches.at(-1)!.name).toBe('Activité 050');

		const last = await registerPage(db(), commune.id, none, '3');
		expect(last).toMatchObject({ page: 3, from: 101, to: 120 });
		expect(last.fiches.map((f) => f.name)).toEqual(Array.from({ length: 20 }, (_, i) => `Activité ${String(i + 101).padStart(3, '0')}`));
		// Every fiche once over the pages, in the register's order.
		const second = await registerPage(db(), commune.id, none, '2');
		const seen = [...first.fiches, ...second.fiches, ...last.fiches].map((f) => f.id);
		expect(new Set(seen).size).toBe(120);

		// Past the last page, or not a number: the nearest page there is.
		expect((await registerPage(db(), commune.id, none, '9')).page).toBe(3);
		expect((await registerPage(db(), commune.id, none, 'abc')).page).toBe(1);
		expect((await registerPage(db(), commune.id, none, '-2')).page).toBe(1);

		// A filter counts over all fiches, then pages what matches.
		const filtered = await registerPage(db(), commune.id, registerFilters(new URLSearchParams({ q: 'activite 1' })), null);
		expect(filtered).toMatchObject({ total: 120, matching: 21, pages: 1, from: 1, to: 21 });
		expect(filtered.fiches.every((f) => f.name.startsWith('Activité 1'))).toBe(true);
		expect(first.complete).toBe((await registerPage(db(), commune.id, registerFilters(new URLSearchParams({ etat: 'complete' })), null)).matching);

		// An archived fiche leaves the counts.
		await db().update(records).set({ archivedAt: new Date() }).where(eq(records.id, first.fiches[0]!.id));
		expect((await registerPage(db(), commune.id, none, null)).total).toBe(119);
	});

	it('keeps each fiche’s line until the fiche changes, as the database says on every view', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		await addActivities(db(), commune.id, 3);
		const names = async () => (await registerFiches(db(), commune.id)).map((f) => `${f.name} ${f.percent}`);
		const before = await names();
		expect(before).toHaveLength(3);
		expect(await registerFiches(db(), commune.id)).toEqual(await registerFiches(db(), commune.id));

		// Saved through the app (a new version): the new name, in its place in the order.
		const [first] = await registerFiches(db(), commune.id);
		await saveRecord(db(), access, 'activity', first!.id, { name: 'Zébulon', _fields: 'name' });
		expect((await names()).at(-1)).toMatch(/^Zébulon /);
		// Written by another process (here, directly): seen as well, since its version changed.
		await db().update(records).set({ data: { name: 'Aaa, par un autre processus' }, version: 9, updatedAt: new Date() }).where(eq(records.id, first!.id));
		expect((await names())[0]).toMatch(/^Aaa, par un autre processus \d+$/);
		// Archived: gone; a new fiche (the same as the first one was): there.
		await db().update(records).set({ archivedAt: new Date() }).where(eq(records.id, first!.id));
		expect(await names()).toEqual(before.slice(1));
		await addActivities(db(), commune.id, 1);
		expect(await names()).toEqual(before);
	});

	it('reads the page number leniently', () => {
		expect(pageNumber(null, 5)).toBe(1);
		expect(pageNumber('4', 5)).toBe(4);
		expect(pageNumber('6', 5)).toBe(5);
		expect(pageNumber('0', 5)).toBe(1);
		expect(pageNumber('1e3', 5)).toBe(1);
		expect(pageNumber('3', 0)).toBe(1);
	});

	it('gives the same progress, watch list and recipe answers as the one-commune, one-list paths', async () => {
		const { communeIds } = await seedDemo(db());
		const ids = Object.values(communeIds);
		const now = new Date('2026-12-01T10:00:00Z');

		// Three communes' progress in one call, equal to each one loaded alone.
		const many = await loadProgressOf(db(), ids);
		for (const id of ids) expect(many.get(id)).toEqual(await loadProgress(db(), id));
		expect((await loadProgressOf(db(), [])).size).toBe(0);

		// The watch list from one query, equal to the lists described one by one (Glanon has late
		// actions, a request past its month and a breach).
		const glanon = communeIds['21301']!;
		const watch = await watchView(db(), glanon, now);
		const describe = async (kind: string, filter: (d: Record<string, unknown>) => boolean) =>
			(await describeRecords(db(), glanon, kind, (await listRecords(db(), glanon, kind)).filter((r) => filter(r.data)), now)).map((r) => ({ id: r.id, title: r.title, summary: r.summary }));
		expect(watch.lateRequests.length + watch.pendingRequests.length).toBeGreaterThan(0);
		expect(watch.lateActions.length + watch.nextActions.length).toBeGreaterThan(0);
		const requests = [...watch.lateRequests, ...watch.pendingRequests].sort((a, b) => a.id.localeCompare(b.id));
		expect(requests).toEqual((await describe('request', (d) => !d.answeredOn)).sort((a, b) => a.id.localeCompare(b.id)));
		const actions = [...watch.lateActions, ...watch.nextActions];
		const all = await describe('action', (d) => d.status !== 'fait');
		for (const a of actions) expect(all).toContainEqual(a);

		// A recipe's answers from its own steps, equal to the merge of the full progress.
		for (const recipe of RECIPES) {
			expect(await recipeAnswersOf(db(), glanon, recipe.id)).toEqual(recipeAnswers(recipe, await loadProgress(db(), glanon)));
		}
		expect(await recipeAnswersOf(db(), glanon, 'no-such-recipe')).toEqual({});
	});

	it('keeps a commune’s progress while nothing it is made of changes, and sees every change', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		const check = async () => {
			const cached = await progressOfCommune(db(), commune.id);
			expect(cached).toEqual(await loadProgress(db(), commune.id));
			return cached;
		};
		const first = await check();
		// Nothing changed: the very same object.
		expect(await progressOfCommune(db(), commune.id)).toBe(first);

		await saveStep(db(), access, 'dpd', 'type', { dpdKind: 'interne', position: 'secretaire', _fields: 'dpdKind,position' }, 'continue');
		const afterStep = await check();
		expect(afterStep).not.toBe(first);
		expect(afterStep.steps.get('dpd/type')?.status).toBe('terminee');

		await addActivities(db(), commune.id, 2);
		const withRecords = await check();
		expect([...withRecords.collections.values()].some((c) => c.count === 2)).toBe(true);
		const [fiche] = await listRecords(db(), commune.id, 'activity');
		await saveRecord(db(), access, 'activity', fiche!.id, { name: 'Renommée', _fields: 'name', _version: String(fiche!.version) });
		expect(await check()).not.toBe(withRecords);
		// Written by another process (a version bump only the database knows of), then archived.
		const before = await progressOfCommune(db(), commune.id);
		await db().update(records).set({ data: {}, version: fiche!.version + 5 }).where(eq(records.id, fiche!.id));
		expect(await check()).not.toBe(before);
		await db().update(records).set({ archivedAt: new Date() }).where(eq(records.id, fiche!.id));
		expect([...(await check()).collections.values()].some((c) => c.count === 1)).toBe(true);

		const obligation = OBLIGATIONS[0]!.id;
		await confirmObligation(db(), access, { obligationId: obligation, confirmed: 'oui', note: '' });
		expect((await check()).confirmed.has(obligation)).toBe(true);
		await confirmObligation(db(), access, { obligationId: obligation, confirmed: 'non', note: '' });
		expect((await check()).confirmed.has(obligation)).toBe(false);

		// Several communes at once (the training grid): each one as if loaded alone.
		const other = await makeCommune(db(), user, '21634');
		const both = await progressOf(db(), [commune.id, other.id]);
		expect(both.get(commune.id)).toEqual(await loadProgress(db(), commune.id));
		expect(both.get(other.id)).toEqual(await loadProgress(db(), other.id));
	});

	it('looks up the access once per page request, and again for a form action', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		const url = new URL(`http://localhost/c/${commune.id}/registre`);
		const locals = { user, session: null };
		const get = { locals, url, params: { communeId: commune.id }, request: new Request(url) };

		const [layout, page, header] = await withAppDatabase(db(), () => Promise.all([requireCommune(get), requireCommune(get), requestMemberships(get, db(), user.id)]));
		expect(layout.commune).toBe(page.commune);
		expect(page).toMatchObject({ role: 'dpd', canEdit: true });
		// The root layout's list of the user's communes is the same lookup.
		expect(header.map(communeEntry)).toEqual(await userCommunes(db(), user.id));
		expect(header[0]!.commune).toBe(page.commune);

		// The membership goes: the same GET request keeps what it found, a new request is refused,
		// and so is a form action (whose loads run after it) even with the same `locals`.
		await db().delete(memberships).where(eq(memberships.communeId, commune.id));
		expect((await withAppDatabase(db(), () => requireCommune(get))).commune.id).toBe(commune.id);
		const status = async (event: Parameters<typeof requireCommune>[0]) => {
			try {
				await withAppDatabase(db(), () => requireCommune(event));
				return 200;
			} catch (err) {
				return (err as { status?: number }).status ?? -1;
			}
		};
		expect(await status({ ...get, locals: { user, session: null } })).toBe(404);
		expect(await status({ ...get, request: new Request(url, { method: 'POST' }) })).toBe(404);
		// Without a request (as in older callers): looked up every time.
		expect(await status({ locals, url, params: { communeId: commune.id } })).toBe(404);
	});
});
