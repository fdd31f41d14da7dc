// The GIP-sized population of `npm run seed:scale`, at a small size: its bodies are whole (each
// with its DPD, its records valid and journaled), a secretary serves one to three bodies, the
// sessions enrol communes, a second run adds nothing, and the app's own views read the data.
import { and, count, eq, isNull, like, sql } from 'drizzle-orm';
import { today } from '../../src/lib/french';
import { describe, expect, it } from 'vitest';
import { auditLog, communes, memberships, records, sessionEnrolments, trainingSessions, users } from '../../src/lib/server/db/schema';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { findAccess } from '../../src/lib/server/tenancy';
import { progressGrid } from '../../src/lib/server/domain/training';
import { loadCompleteness } from '../../src/lib/server/completeness';
import { RECORD_KINDS } from '../../src/lib/recipes/records';
import { SCALE_DOMAIN, SCALE_PASSWORD, seedScale } from '../../src/lib/server/seed/scale';
import { engines, useDatabase } from '../helpers/db';
import { rowsOf } from '../helpers/fuzz/snapshot';

const OPTS = { bodies: 80, sessions: 5, largest: 120, now: new Date('2026-11-29T10:00:00Z') };

describe.each(engines())('seed:scale on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('creates whole bodies, their people and sessions, and a second run adds nothing', async () => {
		const first = await seedScale(db(), OPTS);
		expect(first.bodies).toEqual({ total: 80, created: 80 });
		expect(first.sessions).toEqual({ total: 5, created: 5 });
		expect(first.users.created).toBe(first.users.total);
		expect(first.records).toBeGreaterThan(80 * 10);

		// Every body has exactly one DPD, at least ten register entries, and the largest has `largest`.
		const perBody = await db()
			.select({
				id: communes.id,
				type: communes.type,
				dpds: sql<number>`(select count(*) from memberships m where m.commune_id = communes.id and m.role = 'dpd')`.mapWith(Number),
				activities: sql<number>`(select count(*) from records r where r.commune_id = communes.id and r.kind = 'activity' and r.archived_at is null)`.mapWith(Number)
			})
			.from(communes)
			.where(like(communes.email, `%@${SCALE_DOMAIN}`));
		expect(perBody).toHaveLength(80);
		expect(perBody.every((b) => b.dpds === 1)).toBe(true);
		expect(Math.min(...perBody.map((b) => b.activities))).toBeGreaterThanOrEqual(10);
		expect(Math.max(...perBody.map((b) => b.activities))).toBe(120);
		expect(perBody.filter((b) => b.type === 'commune' && b.activities <= 40).length).toBeGreaterThan(60);
		expect(perBody.some((b) => b.activities === 40)).toBe(true);

		// A secretary is the DPD of one to three bodies.
		const served = await db()
			.select({ n: count() })
			.from(memberships)
			.where(eq(memberships.role, 'dpd'))
			.groupBy(memberships.userId);
		expect(Math.min(...served.map((s) => s.n))).toBeGreaterThanOrEqual(1);
		expect(Math.max(...served.map((s) => s.n))).toBeLessThanOrEqual(3);

		// Every record has its creation in the journal, in the past, and passes the forms' completeness.
		const [unjournaled] = await db()
			.select({ n: count() })
			.from(records)
			.where(sql`not exists (select 1 from audit_log a where a.entity_id = records.id::text)`);
		expect(unjournaled!.n).toBe(0);
		const [future] = await db().select({ n: count() }).from(auditLog).where(sql`${auditLog.at} > ${OPTS.now.toISOString()}::timestamptz`);
		expect(future!.n).toBe(0);
		// Nor anywhere else: every instant of every table comes from the `now` the seed was given
		// (a training session still to come has a future *date*, which is a plan, not an instant).
		const rows = rowsOf<{ table_name: string; column_name: string }>(
			await db().execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'timestamp with time zone'`)
		);
		expect(rows.length).toBeGreaterThan(10);
		const ahead: string[] = [];
		for (const c of rows) {
			const [res] = rowsOf<{ n: number }>(await db().execute(sql.raw(`select count(*)::int as n from "${c.table_name}" where "${c.column_name}" > '${OPTS.now.toISOString()}'::timestamptz`)));
			if (Number(res!.n)) ahead.push(`${c.table_name}.${c.column_name}: ${res!.n}`);
		}
		expect(ahead).toEqual([]);
		const sample = await db().select().from(records).where(and(eq(records.kind, 'activity'), isNull(records.archivedAt))).limit(50);
		for (const r of sample) expect((await loadCompleteness(db(), r.communeId)).of(RECORD_KINDS.activity!, r).missing).toEqual([]);

		// The shared password works; the trainers follow their sessions' communes through the app.
		const [secretary] = await db().select().from(users).where(eq(users.email, `secretaire-0001@${SCALE_DOMAIN}`));
		expect(await verifyPassword(secretary!.passwordHash, SCALE_PASSWORD)).toBe(true);
		// A session still open (the past ones are closed: their trainers no longer read the communes).
		const [session] = await db().select().from(trainingSessions).where(isNull(trainingSessions.closedAt)).orderBy(trainingSessions.date).limit(1);
		const [trainer] = await db().select().from(users).where(eq(users.id, session!.trainerId));
		expect(trainer!.isTrainer).toBe(true);
		const enrolled = await db().select().from(sessionEnrolments).where(eq(sessionEnrolments.sessionId, session!.id));
		expect(enrolled).toHaveLength(6);
		const grid = await progressGrid(db(), session!, OPTS.now);
		expect(grid.rows).toHaveLength(6);
		const access = await findAccess(db(), { id: trainer!.id, email: trainer!.email, name: trainer!.name, isTrainer: true, isGipAdmin: false }, enrolled[0]!.communeId, today(OPTS.now));
		expect(access).toMatchObject({ role: 'formateur', canEdit: false });

		const again = await seedScale(db(), OPTS);
		expect(again.bodies).toEqual({ total: 80, created: 0 });
		expect(again.users.created).toBe(0);
		expect(again.sessions.created).toBe(0);
		expect(again.advice).toBe(0);
		expect(again.records).toBe(first.records);
		expect(again.auditRows).toBe(first.auditRows);
	}, 120_000);
});
