// Retention (issue 14, outputs.md §8): expired sessions, old failed sign-ins and old page views are
// purged; a record past its retention is deleted for good and the journal's values about it replaced.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, dossiers, loginAttempts, records, sessions } from '../../src/lib/server/db/schema';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { archiveRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { purgeExpired, RETENTION, scheduleRetention, stopRetention } from '../../src/lib/server/retention';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, failureText, makeCommune, makeUser } from '../helpers/fixtures';

const DAY = 24 * 3600 * 1000;

describe.each(engines())('retention on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('deletes expired sessions and old failed sign-ins, keeps fresh ones', async () => {
		const now = new Date('2031-03-10T12:00:00Z');
		const user = await makeUser(db());
		await db().insert(sessions).values([
			{ id: `expired-${user.id}`, userId: user.id, expiresAt: new Date(now.getTime() - 1000) },
			{ id: `fresh-${user.id}`, userId: user.id, expiresAt: new Date(now.getTime() + DAY) }
		]);
		const old = `email:old-${user.id}`;
		const recent = `email:recent-${user.id}`;
		const locked = `ip:locked-${user.id}`;
		await db().insert(loginAttempts).values([
			{ key: old, failures: 3, windowStart: new Date(now.getTime() - 2 * DAY) },
			{ key: recent, failures: 3, windowStart: new Date(now.getTime() - 3600 * 1000) },
			// An old window still locked: kept until the lock ends.
			{ key: locked, failures: 40, windowStart: new Date(now.getTime() - 2 * DAY), lockedUntil: new Date(now.getTime() + 600_000) }
		]);
		const result = await purgeExpired(db(), now);
		expect(result.sessions).toBeGreaterThanOrEqual(1);
		const left = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
		expect(left.map((s) => s.id)).toEqual([`fresh-${user.id}`]);
		const keys = (await db().select({ key: loginAttempts.key }).from(loginAttempts).where(inArray(loginAttempts.key, [old, recent, locked]))).map((r) => r.key).sort();
		expect(keys).toEqual([locked, recent].sort());
		expect(RETENTION.sessionDays).toBe(30);
	});

	it('deletes trainers’ page views older than a year, and only them', async () => {
		const now = new Date('2031-03-10T12:00:00Z');
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		await db().insert(auditLog).values([
			{ communeId: commune.id, entity: 'consultation', entityId: commune.id, action: 'consultation', userName: 'Formatrice', changes: { page: '/old' }, at: new Date(now.getTime() - 400 * DAY) },
			{ communeId: commune.id, entity: 'consultation', entityId: commune.id, action: 'consultation', userName: 'Formatrice', changes: { page: '/recent' }, at: new Date(now.getTime() - 30 * DAY) },
			{ communeId: commune.id, entity: 'test', entityId: commune.id, action: 'modification', userName: 'DPD', changes: { a: 1 }, at: new Date(now.getTime() - 400 * DAY) }
		]);
		await purgeExpired(db(), now);
		const rows = await db().select().from(auditLog).where(and(eq(auditLog.communeId, commune.id), inArray(auditLog.entity, ['consultation', 'test'])));
		expect(rows.map((r) => (r.changes as { page?: string }).page ?? r.action).sort()).toEqual(['/recent', 'modification']);
		// Outside the purge, the journal stays append-only.
		expect(await failureText(db().delete(auditLog).where(eq(auditLog.communeId, commune.id)))).toContain('append-only');
	});

	it('deletes a removed record past its retention, replaces its values in the journal and the dossiers, keeps recent ones', async () => {
		const user = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		const name = 'Gaspard Trouvetout';
		const saved = await saveRecord(db(), access, 'request', null, { requesterName: name, requesterContact: '3 rue des Lilas, Glanon', right: 'acces', receivedOn: '2026-11-02' });
		const kept = await saveRecord(db(), access, 'request', null, { requesterName: 'Personne Gardée', requesterContact: 'x', right: 'acces', receivedOn: '2026-11-02' });
		await generateDossier(db(), access);
		await archiveRecord(db(), access, 'request', saved.id);
		await archiveRecord(db(), access, 'request', kept.id);
		// Fixed removal dates: one more than a year before `now`, one less.
		await db().update(records).set({ archivedAt: new Date('2029-05-31T10:00:00Z') }).where(eq(records.id, saved.id));
		await db().update(records).set({ archivedAt: new Date('2029-06-02T10:00:00Z') }).where(eq(records.id, kept.id));

		const now = new Date('2030-06-01T12:00:00Z');
		const result = await purgeExpired(db(), now);
		expect(result.records).toBeGreaterThanOrEqual(1);
		expect(await db().select().from(records).where(eq(records.id, saved.id))).toEqual([]);
		expect(await db().select().from(records).where(eq(records.id, kept.id))).toHaveLength(1);

		const journal = await db().select().from(auditLog).where(eq(auditLog.entityId, saved.id)).orderBy(auditLog.id);
		// Who, when and which field stay; the values go.
		expect(journal.map((e) => e.action)).toEqual(['création', 'suppression', 'suppression définitive']);
		expect(journal[0]!.userName).toBe('Claire DPD');
		expect(Object.keys(journal[0]!.changes)).toContain('Nom de la personne');
		const text = JSON.stringify(journal);
		expect(text).not.toContain(name);
		expect(text).not.toContain('rue des Lilas');
		expect(text).toMatch(/\[effacé le \d{1,2}(er)? \S+ \d{4}\]/);
		const snap = await db().select({ s: dossiers.snapshot }).from(dossiers).where(eq(dossiers.communeId, commune.id));
		expect(JSON.stringify(snap)).not.toContain(name);
		expect(JSON.stringify(snap)).toContain('Personne Gardée');
		// The kept one's journal is untouched.
		const other = await db().select().from(auditLog).where(eq(auditLog.entityId, kept.id));
		expect(JSON.stringify(other)).toContain('Personne Gardée');
	});

	it('deletes an answered rights request three years after its answer, not before', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		const r = await saveRecord(db(), access, 'request', null, {
			requesterName: 'Hortense Répondue',
			requesterContact: 'h@example.fr',
			right: 'acces',
			receivedOn: '2026-01-05',
			answeredOn: '2026-01-20',
			answerSummary: 'Copie envoyée à Hortense Répondue'
		});
		const pending = await saveRecord(db(), access, 'request', null, { requesterName: 'Sans Réponse', requesterContact: 'x', right: 'acces', receivedOn: '2020-01-05' });
		await purgeExpired(db(), new Date('2029-01-15T12:00:00Z'));
		expect(await db().select().from(records).where(eq(records.id, r.id))).toHaveLength(1);
		await purgeExpired(db(), new Date('2029-01-22T12:00:00Z'));
		expect(await db().select().from(records).where(eq(records.id, r.id))).toEqual([]);
		// A request never answered is still being handled: kept.
		expect(await db().select().from(records).where(eq(records.id, pending.id))).toHaveLength(1);
		const [n] = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(eq(auditLog.entityId, r.id), sql`${auditLog.changes}::text like '%Hortense%'`));
		expect(n!.n).toBe(0);
	});

	it('runs at start (what the init hook calls), then on a timer that does not keep the process alive', async () => {
		const user = await makeUser(db());
		await db().insert(sessions).values({ id: `at-start-${user.id}`, userId: user.id, expiresAt: new Date('2001-01-01T00:00:00Z') });
		scheduleRetention(db());
		try {
			await expect.poll(async () => (await db().select().from(sessions).where(eq(sessions.userId, user.id))).length, { timeout: 20_000 }).toBe(0);
		} finally {
			stopRetention();
		}
	});
});
