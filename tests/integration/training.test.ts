// GIP training sessions: a trainer opens a session, secretaries enrol the communes whose DPD they
// are with its code, the trainer follows them read-only (every view journaled), marks attendance
// (one training record per present commune, evidence in its dossier), and participants practise on
// a practice commune that can be reset and whose PDFs say "EXERCICE" on every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../src/lib/server/audit';
import { ENROL_ACCOUNT_POLICY, ENROL_ADDRESS_POLICY } from '../../src/lib/server/auth/rate-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes';
import { communes, memberships, records, sessionEnrolments, stepAnswers, trainingSessions, type TrainingSession } from '../../src/lib/server/db/schema';
import { updateCommune } from '../../src/lib/server/domain/communes';
import { generateDossier, getDossier, writeDossier } from '../../src/lib/server/domain/dossiers';
import { createPracticeCommune, PRACTICE_WATERMARK, resetPracticeCommune, watermarkFor } from '../../src/lib/server/domain/practice';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { attendanceList, createSession, enrol, enrolmentsOf, ENROLMENT_DAYS_AFTER_SESSION, lastEnrolmentDay, newCode, leave, markAttendance, progressGrid, trainerFollows } from '../../src/lib/server/domain/training';
import { buildDossier } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { findAccess, READ_ONLY_MESSAGE, requireCommune } from '../../src/lib/server/tenancy';
import { formatDate, today } from '../../src/lib/french';
import { DPD_ANSWERS } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, auditCount, auditOfCommune, domainError, expectAuditDelta, makeCommune, makeUser, statusOf } from '../helpers/fixtures';

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

// Today's session (the trainer's access ends TRAINER_ACCESS_DAYS after its date).
const SESSION_DATE = today();
/** During the sessions of these tests (dated today): enrolment codes are valid. */
const DURING = { now: new Date() };
const sessionForm = (extra: Record<string, unknown> = {}) => ({ title: 'Super Chef RGPD — premiers pas', date: SESSION_DATE, place: 'Salle du GIP, Dijon', capacity: '6', ...extra });
const step = (answers: Record<string, unknown>) => ({ ...answers, _fields: Object.keys(answers).join(',') });

/** Everything a commune holds, to check that a refused write changed nothing. */
async function stateOf(db: ReturnType<ReturnType<typeof useDatabase>>, communeId: string) {
	const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
	const steps = await db.select().from(stepAnswers).where(eq(stepAnswers.communeId, communeId));
	const recs = await db.select().from(records).where(eq(records.communeId, communeId));
	return { commune, steps: steps.length, records: recs.map((r) => `${r.id}:${r.version}`).sort() };
}

function pageEvent(user: SessionUser, communeId: string, path = `/c/${communeId}`) {
	return { locals: { user, session: null }, url: new URL(`http://localhost${path}`), params: { communeId } };
}

/** The status of a SvelteKit `error()` thrown by `fn`. */
async function httpStatus(promise: Promise<unknown>): Promise<number> {
	try {
		await promise;
	} catch (err) {
		return (err as { status?: number }).status ?? -1;
	}
	return 200;
}

describe.each(engines())('training sessions on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function openSession(extra: Record<string, unknown> = {}) {
		const trainer = await makeUser(db(), { name: 'Claire Formatrice', isTrainer: true });
		const session = await createSession(db(), trainer, sessionForm(extra));
		return { trainer, session };
	}

	/** A secretary, DPD of a new commune, enrolled in the session. */
	async function participant(session: TrainingSession, officialCode = '21301', name = 'Sophie Secrétaire') {
		const user = await makeUser(db(), { name });
		const commune = await makeCommune(db(), user, officialCode);
		await enrol(db(), user, { code: session.code, communes: [commune.id] }, DURING);
		return { user, commune };
	}

	async function activeEnrolments(sessionId: string) {
		return db()
			.select()
			.from(sessionEnrolments)
			.where(and(eq(sessionEnrolments.sessionId, sessionId), isNull(sessionEnrolments.leftAt)));
	}

	describe('sessions', () => {
		it('refuses a plain user (403), accepts a trainer and a GIP administrator, with a 6-character code', async () => {
			const plain = await makeUser(db());
			await expectAuditDelta(db(), 0, () => domainError(createSession(db(), plain, sessionForm()), 403));
			expect(await db().select().from(trainingSessions).where(eq(trainingSessions.trainerId, plain.id))).toHaveLength(0);

			const trainer = await makeUser(db(), { isTrainer: true });
			const session = await expectAuditDelta(db(), 1, () => createSession(db(), trainer, sessionForm()));
			expect(session).toMatchObject({ trainerId: trainer.id, title: 'Super Chef RGPD — premiers pas', date: SESSION_DATE, place: 'Salle du GIP, Dijon', capacity: 6, closedAt: null });
			expect(session.code).toMatch(CODE);

			const admin = await makeUser(db(), { isGipAdmin: true });
			const other = await createSession(db(), admin, sessionForm());
			expect(other.code).toMatch(CODE);
			expect(other.code).not.toBe(session.code);
		});

		it('validates the form: a real date, 1 to 60 places', async () => {
			const trainer = await makeUser(db(), { isTrainer: true });
			const bad = await domainError(createSession(db(), trainer, sessionForm({ date: '2026-02-30', capacity: '0', title: '' })), 400);
			expect(Object.keys(bad.fieldErrors).sort()).toEqual(['capacity', 'date', 'title']);
			await domainError(createSession(db(), trainer, sessionForm({ capacity: '61' })), 400);
		});
	});

	describe('enrolment', () => {
		it('enrols the communes of their DPD with a lowercase, spaced code; idempotent; journaled in the commune', async () => {
			const { trainer, session } = await openSession();
			const user = await makeUser(db(), { name: 'Sophie Secrétaire' });
			const glanon = await makeCommune(db(), user, '21301');
			const thorey = await makeCommune(db(), user, '21634');
			const code = ` ${session.code.slice(0, 3).toLowerCase()}-${session.code.slice(3).toLowerCase()} `;
			const result = await expectAuditDelta(db(), 2, () => enrol(db(), user, { code, communes: [glanon.id, thorey.id] }, DURING));
			expect(result.enrolled).toBe(2);
			expect(result.session.id).toBe(session.id);
			expect((await activeEnrolments(session.id)).map((e) => e.communeId).sort()).toEqual([glanon.id, thorey.id].sort());
			const entry = (await auditOfCommune(db(), glanon.id)).at(-1)!;
			expect(entry).toMatchObject({ entity: 'formation', entityId: session.id, userId: user.id });
			expect(entry.action).toContain('inscription');

			// Again: nothing new, nothing journaled.
			const again = await expectAuditDelta(db(), 0, () => enrol(db(), user, { code: session.code, communes: [glanon.id] }, DURING));
			expect(again.enrolled).toBe(0);
			expect(await activeEnrolments(session.id)).toHaveLength(2);

			expect(await trainerFollows(db(), trainer.id, glanon.id)).toBe(true);
			const mine = await enrolmentsOf(db(), user);
			expect(mine.map((e) => e.communeName).sort()).toEqual(['Glanon', 'Thorey-sur-Ouche']);
			expect(mine[0]).toMatchObject({ sessionId: session.id, trainerName: 'Claire Formatrice' });
		});

		it('refuses a commune where the user is only an elected official (403), and writes nothing', async () => {
			const { session } = await openSession();
			const dpd = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const elu = await makeUser(db(), { name: 'Élodie Élue' });
			await db().insert(memberships).values({ userId: elu.id, communeId: commune.id, role: 'elu' });
			const err = await expectAuditDelta(db(), 0, () => domainError(enrol(db(), elu, { code: session.code, communes: [commune.id] }, DURING), 403));
			expect(err.fieldErrors.communes).toBeTruthy();
			// A commune of someone else entirely: refused the same way.
			const stranger = await makeUser(db());
			await domainError(enrol(db(), stranger, { code: session.code, communes: [commune.id] }, DURING), 403);
			// One of the list not hers: the whole enrolment is refused.
			const own = await makeCommune(db(), elu, '21634');
			await domainError(enrol(db(), elu, { code: session.code, communes: [own.id, commune.id] }, DURING), 403);
			expect(await activeEnrolments(session.id)).toHaveLength(0);
		});

		it('refuses a practice commune (403)', async () => {
			const { session } = await openSession();
			const { user } = await participant(session);
			const practice = await createPracticeCommune(db(), user, session.id);
			await expectAuditDelta(db(), 0, () => domainError(enrol(db(), user, { code: session.code, communes: [practice.id] }, DURING), 403));
			expect((await activeEnrolments(session.id)).map((e) => e.communeId)).not.toContain(practice.id);
		});

		it('refuses an unknown code, a malformed code and a closed session', async () => {
			const { session } = await openSession();
			const user = await makeUser(db());
			const commune = await makeCommune(db(), user);
			const unknown = session.code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
			const err = await domainError(enrol(db(), user, { code: unknown, communes: [commune.id] }, DURING), 400);
			expect(err.fieldErrors.code).toBeTruthy();
			const malformed = await domainError(enrol(db(), user, { code: 'ABC', communes: [commune.id] }, DURING), 400);
			expect(malformed.fieldErrors.code).toBeTruthy();
			const none = await domainError(enrol(db(), user, { code: session.code }, DURING), 400);
			expect(none.fieldErrors.communes).toBeTruthy();

			await db().update(trainingSessions).set({ closedAt: new Date() }).where(eq(trainingSessions.id, session.id));
			const closed = await expectAuditDelta(db(), 0, () => domainError(enrol(db(), user, { code: session.code, communes: [commune.id] }, DURING), 409));
			expect(closed.message).toContain('close');
			expect(await activeEnrolments(session.id)).toHaveLength(0);
		});

		it('lets a code enrol until the end of the day after the session (Paris time), never later', async () => {
			expect(ENROLMENT_DAYS_AFTER_SESSION).toBe(1);
			expect(lastEnrolmentDay('2026-11-05')).toBe('2026-11-06');
			expect(lastEnrolmentDay('2026-12-31')).toBe('2027-01-01');
			const { session } = await openSession({ date: '2026-11-05' });
			const user = await makeUser(db());
			const commune = await makeCommune(db(), user);
			const other = await makeCommune(db(), user, '21425');
			// Weeks before the session, and on the next day until 23:59 in Paris (22:59 UTC in November): valid.
			expect((await enrol(db(), user, { code: session.code, communes: [commune.id] }, { now: new Date('2026-10-01T08:00:00Z') })).enrolled).toBe(1);
			await leave(db(), user, session.id, commune.id);
			expect((await enrol(db(), user, { code: session.code, communes: [commune.id] }, { now: new Date('2026-11-06T22:59:00Z') })).enrolled).toBe(1);
			// Midnight in Paris on the 7th: the code no longer enrols.
			const expired = await expectAuditDelta(db(), 0, () =>
				domainError(enrol(db(), user, { code: session.code, communes: [other.id] }, { now: new Date('2026-11-06T23:00:00Z') }), 409)
			);
			expect(expired.message).toBe('Ce code a expiré : la session est passée.');
			expect(expired.fieldErrors.code).toBe('Code : la session du 5 novembre 2026 est passée, ce code n’inscrit plus.');
			expect((await activeEnrolments(session.id)).map((e) => e.communeId)).toEqual([commune.id]);
		});

		it('slows down the guessing of codes, per account and per address, without holding back others', async () => {
			const { session } = await openSession();
			const guesser = await makeUser(db());
			const commune = await makeCommune(db(), guesser);
			const wrong = () => {
				let c = newCode();
				while (c === session.code) c = newCode();
				return c;
			};
			const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
			const t0 = new Date('2026-11-05T09:00:00Z');
			const answers: number[] = [];
			for (let i = 0; i < ENROL_ACCOUNT_POLICY.free + 2; i++) {
				answers.push(await statusOf(enrol(db(), guesser, { code: wrong(), communes: [commune.id] }, { ip, now: t0 })));
			}
			// 5 wrong codes answered plainly, the 6th sets a delay of 5 s, and the 7th is refused unchecked.
			expect(answers).toEqual([400, 400, 400, 400, 400, 429, 429]);
			const waiting = await domainError(enrol(db(), guesser, { code: session.code, communes: [commune.id] }, { ip, now: t0 }), 429);
			expect(waiting.message).toBe('Trop de tentatives. Par sécurité, réessayez dans 5 secondes.');
			expect(waiting.fieldErrors.code).toBe('Code : trop de codes erronés, réessayez dans 5 secondes.');
			// Someone else, from another address, enrols at once; after the delay, so does the guesser.
			const { commune: theirs } = await participant(session, '21425', 'Anne Autre');
			expect(theirs).toBeTruthy();
			expect((await enrol(db(), guesser, { code: session.code, communes: [commune.id] }, { ip, now: new Date(t0.getTime() + 5000) })).enrolled).toBe(1);
			// The address has its own budget across accounts: 20 wrong codes from fresh accounts, then slowed.
			const roomIp = `198.51.101.${Math.floor(Math.random() * 250)}`;
			const statuses: number[] = [];
			for (let i = 0; i < ENROL_ADDRESS_POLICY.free + 1; i++) {
				const u = await makeUser(db());
				statuses.push(await statusOf(enrol(db(), u, { code: wrong(), communes: [commune.id] }, { ip: roomIp, now: t0 })));
			}
			expect(statuses.filter((s) => s === 429)).toHaveLength(1);
			const fresh = await makeUser(db());
			const freshCommune = await makeCommune(db(), fresh, '21301');
			expect((await domainError(enrol(db(), fresh, { code: session.code, communes: [freshCommune.id] }, { ip: roomIp, now: t0 }), 429)).fieldErrors.code).toMatch(/^Code : trop de codes erronés/);
		});

		it('refuses to go over capacity (409) and writes nothing; the places freed by leaving are available again', async () => {
			const { session } = await openSession({ capacity: '2' });
			const first = await participant(session, '21301');
			const user = await makeUser(db());
			const a = await makeCommune(db(), user, '21634');
			const b = await makeCommune(db(), user, '21183');
			const before = await auditCount(db());
			const err = await domainError(enrol(db(), user, { code: session.code, communes: [a.id, b.id] }, DURING), 409);
			expect(err.message).toContain('complète');
			expect(err.fieldErrors.communes).toContain('1 place');
			expect(await auditCount(db())).toBe(before);
			expect((await activeEnrolments(session.id)).map((e) => e.communeId)).toEqual([first.commune.id]);

			// One fits.
			expect((await enrol(db(), user, { code: session.code, communes: [a.id] }, DURING)).enrolled).toBe(1);
			await domainError(enrol(db(), user, { code: session.code, communes: [b.id] }, DURING), 409);
			// Leaving frees a place; coming back later works too.
			await leave(db(), first.user, session.id, first.commune.id);
			expect((await enrol(db(), user, { code: session.code, communes: [b.id] }, DURING)).enrolled).toBe(1);
			await domainError(enrol(db(), first.user, { code: session.code, communes: [first.commune.id] }, DURING), 409);
			expect(await activeEnrolments(session.id)).toHaveLength(2);
		});
	});

	describe('the trainer’s read-only access', () => {
		it('gives the trainer read-only "formateur" access to an enrolled commune, none to others, none after leaving', async () => {
			const { trainer, session } = await openSession();
			const { user, commune } = await participant(session);
			const notEnrolled = await makeCommune(db(), user, '21634');

			const access = await findAccess(db(), trainer, commune.id);
			expect(access).toMatchObject({ role: 'formateur', canEdit: false, viaTraining: true });
			expect(access!.commune.id).toBe(commune.id);
			expect(await findAccess(db(), trainer, notEnrolled.id)).toBeNull();
			// Another trainer, not this session's, sees nothing.
			const otherTrainer = await makeUser(db(), { isTrainer: true });
			expect(await findAccess(db(), otherTrainer, commune.id)).toBeNull();

			// Leaving: only a DPD of the commune may do it (404 otherwise), journaled, and it ends the access.
			await domainError(leave(db(), trainer, session.id, commune.id), 404);
			await domainError(leave(db(), user, session.id, notEnrolled.id), 404);
			await expectAuditDelta(db(), 1, () => leave(db(), user, session.id, commune.id));
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({ entity: 'formation', action: expect.stringContaining('départ') });
			expect(await findAccess(db(), trainer, commune.id)).toBeNull();
			expect(await trainerFollows(db(), trainer.id, commune.id)).toBe(false);
			// Leaving twice: nothing to leave.
			await domainError(leave(db(), user, session.id, commune.id), 404);
		});

		it('refuses every write by the trainer through the domain (403) and writes nothing', async () => {
			const { trainer, session } = await openSession();
			const { user, commune } = await participant(session);
			await saveStep(db(), await accessOf(db(), user, commune.id), 'dpd', 'type', step(DPD_ANSWERS.type!), 'continue');
			const access = await accessOf(db(), trainer, commune.id);
			const before = await stateOf(db(), commune.id);
			const auditBefore = await auditCount(db());

			const e1 = await domainError(updateCommune(db(), access, { address: 'Adresse du formateur', mayorName: 'Formateur', siren: '', email: '', phone: '' }), 403);
			expect(e1.message).toBe(READ_ONLY_MESSAGE);
			await domainError(saveStep(db(), access, 'dpd', 'identite', step(DPD_ANSWERS.identite!), 'continue'), 403);
			await domainError(saveStep(db(), access, 'dpd', 'type', step({ dpdKind: 'mutualise' }), 'save'), 403);
			await domainError(saveRecord(db(), access, 'support', null, step({ category: 'papier', name: 'Classeur', location: 'Bureau', users: 'La secrétaire' })), 403);
			await domainError(generateDossier(db(), access), 403);
			await domainError(resetPracticeCommune(db(), access), 403);

			expect(await stateOf(db(), commune.id)).toEqual(before);
			expect(await auditCount(db())).toBe(auditBefore);
		});

		it('journals every view of a commune page by the trainer (requireCommune), and nothing for its members', async () => {
			const { trainer, session } = await openSession();
			const { user, commune } = await participant(session);
			const consultations = async () => (await auditOfCommune(db(), commune.id)).filter((e) => e.entity === 'consultation');

			const access = await withAppDatabase(db(), () => requireCommune(pageEvent(trainer, commune.id, `/c/${commune.id}/registre`)));
			expect(access).toMatchObject({ role: 'formateur', canEdit: false });
			let seen = await consultations();
			expect(seen).toHaveLength(1);
			expect(seen[0]).toMatchObject({ userId: trainer.id, userName: 'Claire Formatrice', entityId: commune.id, action: 'consultation', changes: { page: `/c/${commune.id}/registre` } });

			// A second page: a second entry. One request runs the gate twice (the commune layout's load
			// and the page's, with the same `locals`): still one entry for that view.
			const request = pageEvent(trainer, commune.id, `/c/${commune.id}/dossier`);
			await withAppDatabase(db(), () => Promise.all([requireCommune({ ...request }), requireCommune({ ...request })]));
			seen = await consultations();
			expect(seen.map((e) => (e.changes as { page: string }).page)).toEqual([`/c/${commune.id}/registre`, `/c/${commune.id}/dossier`]);

			// An edit through the gate: 403 (the attempt is journaled like a view, nothing else is).
			const before = await stateOf(db(), commune.id);
			expect(await httpStatus(withAppDatabase(db(), () => requireCommune(pageEvent(trainer, commune.id, `/c/${commune.id}/identite`), 'edit')))).toBe(403);
			expect(await stateOf(db(), commune.id)).toEqual(before);

			// The DPD's own views are not journaled.
			const n = (await consultations()).length;
			await withAppDatabase(db(), () => requireCommune(pageEvent(user, commune.id, `/c/${commune.id}/registre`)));
			expect(await consultations()).toHaveLength(n);

			// Once the commune has left the session: 404, and nothing journaled.
			await leave(db(), user, session.id, commune.id);
			expect(await httpStatus(withAppDatabase(db(), () => requireCommune(pageEvent(trainer, commune.id))))).toBe(404);
			expect(await consultations()).toHaveLength(n);

			// The consultations are not changes of the commune's data: the dossier's summary ignores them.
			const snapshot = await buildSnapshot(db(), commune.id);
			const counted = snapshot.audit.months.reduce((s, m) => s + m.count, 0);
			expect(Object.keys(Object.assign({}, ...snapshot.audit.months.map((m) => m.entities)))).not.toContain('consultation');
			expect(counted).toBe(snapshot.audit.total);
		});
	});

	describe('progress grid and attendance', () => {
		it('has one row per active enrolment and one cell per recipe, following the commune’s progress', async () => {
			const { session } = await openSession();
			const a = await participant(session, '21301', 'Anne Glanon');
			const b = await participant(session, '21634', 'Bruno Thorey');
			const c = await participant(session, '21183', 'Chloé Collonges');
			await leave(db(), c.user, session.id, c.commune.id);

			let grid = await progressGrid(db(), session);
			expect(grid.recipes.map((r) => r.id)).toEqual(RECIPES.map((r) => r.id));
			expect(grid.rows.map((r) => r.name)).toEqual(['Glanon', 'Thorey-sur-Ouche']);
			expect(grid.rows.map((r) => r.enrolledByName)).toEqual(['Anne Glanon', 'Bruno Thorey']);
			for (const row of grid.rows) {
				expect(row.cells.map((cell) => cell.recipeId)).toEqual(RECIPES.map((r) => r.id));
				for (const cell of row.cells) expect(cell.total).toBeGreaterThan(0);
			}
			const dpdCell = (g: typeof grid, communeId: string) => g.rows.find((r) => r.communeId === communeId)!.cells.find((cell) => cell.recipeId === 'dpd')!;
			expect(dpdCell(grid, a.commune.id)).toMatchObject({ done: 0, state: 'a_faire' });

			// Glanon's DPD completes the first step of the DPD recipe: the grid shows it.
			await saveStep(db(), await accessOf(db(), a.user, a.commune.id), 'dpd', 'type', step(DPD_ANSWERS.type!), 'continue');
			grid = await progressGrid(db(), session);
			expect(dpdCell(grid, a.commune.id)).toMatchObject({ done: 1, state: 'en_cours' });
			expect(dpdCell(grid, b.commune.id)).toMatchObject({ done: 0, state: 'a_faire' });
		});

		it('says where each commune works and since when, flags who has not moved for 15 minutes (at a fixed now), shows practice communes apart, never « 0/n »', async () => {
			const { trainer, session } = await openSession();
			const a = await participant(session, '21301', 'Anne Glanon');
			const b = await participant(session, '21634', 'Bruno Thorey');
			const practice = await createPracticeCommune(db(), a.user, session.id);
			// A fixed clock, far from the real one: the latest entries are these.
			const NOW = new Date('2040-03-13T10:00:00Z');
			const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000);
			await appendAudit(db(), a.user, { communeId: a.commune.id, entity: 'recette « Tenir le registre des traitements »', entityId: 'registre/catalogue', action: 'réponses enregistrées', at: minutesBefore(3) });
			await appendAudit(db(), b.user, { communeId: b.commune.id, entity: 'fiche du registre', entityId: randomUUID(), action: 'modification', at: minutesBefore(16) });
			await appendAudit(db(), a.user, { communeId: practice.id, entity: 'recette « Désigner le délégué »', entityId: 'dpd/type', action: 'réponses enregistrées', at: minutesBefore(14) });
			// Neither the trainer's own writes nor their consultations count as the commune moving.
			await appendAudit(db(), trainer, { communeId: b.commune.id, entity: 'consultation', entityId: '/registre', action: 'consultation', at: minutesBefore(1) });
			await appendAudit(db(), trainer, { communeId: b.commune.id, entity: 'formation', entityId: session.id, action: 'présence à la formation', at: minutesBefore(1) });

			const grid = await progressGrid(db(), session, NOW);
			expect(grid.idleAfterMinutes).toBe(15);
			expect(grid.rows.map((r) => [r.name, r.isPractice])).toEqual([
				['Glanon', false],
				['Thorey-sur-Ouche', false],
				[practice.name, true]
			]);
			const row = (id: string) => grid.rows.find((r) => r.communeId === id)!;
			expect(row(a.commune.id).activity).toMatchObject({ lastAt: minutesBefore(3).toISOString(), minutesAgo: 3, idle: false, where: { recipeId: 'registre', label: 'Tenir le registre des traitements › Choisir les activités de la commune' } });
			expect(row(b.commune.id).activity).toMatchObject({ minutesAgo: 16, idle: true, where: { recipeId: 'registre', label: 'Tenir le registre des traitements › fiche du registre' } });
			expect(row(practice.id).activity).toMatchObject({ minutesAgo: 14, idle: false, where: { recipeId: 'dpd' } });
			expect(row(practice.id).enrolledByName).toBe('Anne Glanon');
			// The cell of the recipe it works in is marked; progress is words, never « 0/n ».
			expect(row(a.commune.id).cells.filter((c) => c.here).map((c) => c.recipeId)).toEqual(['registre']);
			for (const r of grid.rows) for (const c of r.cells) expect(c.text).not.toMatch(/^0\//);
			expect(row(b.commune.id).cells.find((c) => c.recipeId === 'dpd')!.text).toBe('Pas commencée');
			// At 15 minutes exactly, the practice commune is flagged too.
			const later = await progressGrid(db(), session, new Date(NOW.getTime() + 60_000));
			expect(later.rows.find((r) => r.communeId === practice.id)!.activity.idle).toBe(true);
		});

		it('marks attendance: one training record per present commune, once, journaled; only by the session’s trainer', async () => {
			const { trainer, session } = await openSession();
			const a = await participant(session, '21301', 'Anne Glanon');
			const b = await participant(session, '21634', 'Bruno Thorey');
			const training = (communeId: string) => db().select().from(records).where(and(eq(records.communeId, communeId), eq(records.kind, 'training')));

			// Another trainer, or a participant: 404, nothing written.
			const otherTrainer = await makeUser(db(), { isTrainer: true });
			await expectAuditDelta(db(), 0, () => domainError(markAttendance(db(), otherTrainer, session.id, { present: [a.commune.id] }), 404));
			await domainError(markAttendance(db(), a.user, session.id, { present: [a.commune.id] }), 404);
			expect(await training(a.commune.id)).toHaveLength(0);

			// Glanon present: its attendance and its training record are journaled in its log.
			const created = await expectAuditDelta(db(), 2, () => markAttendance(db(), trainer, session.id, { present: a.commune.id }));
			expect(created).toBe(1);
			const [record] = await training(a.commune.id);
			expect(record).toMatchObject({ createdBy: trainer.id, origin: { session: session.id }, archivedAt: null });
			expect(record!.data).toMatchObject({ title: session.title, date: session.date, place: session.place, trainer: 'Claire Formatrice', participant: 'Anne Glanon' });
			expect(await training(b.commune.id)).toHaveLength(0);
			const log = (await auditOfCommune(db(), a.commune.id)).slice(-2);
			expect(log.map((e) => [e.entity, e.action, e.userId])).toEqual([
				['formation', 'présence à la formation', trainer.id],
				['attestation de formation', 'création', trainer.id]
			]);
			expect(log[1]!.entityId).toBe(record!.id);

			// The same form again: nothing new.
			expect(await expectAuditDelta(db(), 0, () => markAttendance(db(), trainer, session.id, { present: [a.commune.id] }))).toBe(0);
			// Both present: only Thorey gets a record.
			expect(await markAttendance(db(), trainer, session.id, { present: [a.commune.id, b.commune.id] })).toBe(1);
			// Glanon unticked then ticked again: still one record.
			expect(await markAttendance(db(), trainer, session.id, { present: [b.commune.id] })).toBe(0);
			expect(await markAttendance(db(), trainer, session.id, { present: [a.commune.id, b.commune.id] })).toBe(0);
			expect(await training(a.commune.id)).toHaveLength(1);
			expect(await training(b.commune.id)).toHaveLength(1);
			expect((await auditOfCommune(db(), a.commune.id)).filter((e) => e.entity === 'formation').map((e) => e.action)).toEqual([
				expect.stringContaining('inscription'),
				'présence à la formation',
				'présence retirée',
				'présence à la formation'
			]);

			const list = await attendanceList(db(), session);
			expect(list.map((r) => [r.communeName, r.participant, r.attended])).toEqual([
				['Glanon', 'Anne Glanon', true],
				['Thorey-sur-Ouche', 'Bruno Thorey', true]
			]);
			// The records are not a registry entry of the participant: the commune's DPD sees them.
			expect((await listRecords(db(), a.commune.id, 'training')).map((r) => r.id)).toEqual([record!.id]);
		});

		it('lists the training record in the evidence index of the commune’s dossier', async () => {
			const { trainer, session } = await openSession({ title: 'Formation RGPD du GIP — Beaune' });
			const a = await participant(session, '21301', 'Anne Glanon');
			await markAttendance(db(), trainer, session.id, { present: [a.commune.id] });
			const access = await accessOf(db(), a.user, a.commune.id);
			const { version } = await generateDossier(db(), access);
			const row = await getDossier(db(), a.commune.id, version);
			const model = buildDossier(row.snapshot as never, { version: row.version, generatedAt: row.generatedAt, generatedByName: row.generatedByName, fingerprint: row.fingerprint });
			const evidence = model.blocks.find((b) => b.t === 'table' && b.caption === 'Documents produits');
			expect(evidence, 'table « Documents produits »').toBeTruthy();
			const rows = (evidence as { rows: string[][] }).rows;
			expect(rows).toContainEqual(['Attestation de formation : Formation RGPD du GIP — Beaune (Anne Glanon)', formatDate(SESSION_DATE), 'Claire Formatrice', 'enregistrée par le formateur du GIP']);
		});
	});

	describe('practice communes', () => {
		let dir: string;
		beforeAll(() => {
			dir = mkdtempSync(join(tmpdir(), 'training-test-'));
		});
		afterAll(() => {
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		it('is refused to someone outside the session (404) and to an unknown session', async () => {
			const { session } = await openSession();
			const outsider = await makeUser(db());
			await makeCommune(db(), outsider);
			const before = (await db().select().from(communes).where(eq(communes.isPractice, true))).length;
			await expectAuditDelta(db(), 0, () => domainError(createPracticeCommune(db(), outsider, session.id), 404));
			await domainError(createPracticeCommune(db(), outsider, 'pas-un-uuid'), 404);
			await domainError(createPracticeCommune(db(), outsider, '00000000-0000-4000-8000-000000000000'), 404);
			// A participant who has left is outside too.
			const p = await participant(session);
			await leave(db(), p.user, session.id, p.commune.id);
			await domainError(createPracticeCommune(db(), p.user, session.id), 404);
			expect(await db().select().from(communes).where(eq(communes.isPractice, true))).toHaveLength(before);
		});

		it('creates a practice commune pre-filled with the demo data, for a participant or the trainer; reset restores it', async () => {
			const { trainer, session } = await openSession();
			const { user } = await participant(session, '21634', 'Sophie Secrétaire');
			const practice = await createPracticeCommune(db(), user, session.id);
			expect(practice).toMatchObject({ isPractice: true, practiceSessionId: session.id, inseeCode: '21301' });
			expect(practice.name).toContain('Exercice');
			expect(watermarkFor(practice)).toBe(PRACTICE_WATERMARK);
			expect(PRACTICE_WATERMARK).toBe('EXERCICE');
			const access = await accessOf(db(), user, practice.id);
			expect(access).toMatchObject({ role: 'dpd', canEdit: true });

			// The demo data: the DPD designated, supports, register fiches, follow-up records.
			const kinds = async () => {
				const all = await db().select().from(records).where(and(eq(records.communeId, practice.id), isNull(records.archivedAt)));
				const out: Record<string, number> = {};
				for (const r of all) out[r.kind] = (out[r.kind] ?? 0) + 1;
				return out;
			};
			const start = await kinds();
			expect(start.support).toBe(5);
			expect(start.activity).toBe(7);
			for (const k of ['risk', 'conformity', 'action', 'breach', 'request', 'dpia']) expect(start[k], k).toBeGreaterThan(0);
			const steps = await db().select().from(stepAnswers).where(eq(stepAnswers.communeId, practice.id));
			expect(steps.filter((s) => s.recipeId === 'dpd' && s.status === 'terminee').length).toBe(6);
			const stepState = (await db().select().from(stepAnswers).where(eq(stepAnswers.communeId, practice.id))).length;

			// The participant changes things: a record added, a demo record archived… (the supports' names).
			const added = await saveRecord(db(), access, 'support', null, step({ category: 'papier', name: 'Classeur ajouté pendant l’exercice', location: 'Bureau', users: 'La secrétaire' }));
			const names = async () => (await listRecords(db(), practice.id, 'support')).map((r) => String(r.data.name)).sort();
			expect(await names()).toContain('Classeur ajouté pendant l’exercice');
			const phone = (await listRecords(db(), practice.id, 'support')).find((r) => r.data.name === 'Téléphone portable du maire')!;
			await saveRecord(db(), access, 'support', phone.id, step({ name: 'Téléphone renommé', _version: String(phone.version) }));
			await generateDossier(db(), access);

			// Only its DPD may reset it; a normal commune cannot be reset.
			const trainerAccess = await findAccess(db(), trainer, practice.id);
			expect(trainerAccess).toBeNull();
			const normal = await makeCommune(db(), user, '21183');
			const before = await stateOf(db(), normal.id);
			const normalAccess = await accessOf(db(), user, normal.id);
			await expectAuditDelta(db(), 0, () => domainError(resetPracticeCommune(db(), normalAccess), 403));
			expect(await stateOf(db(), normal.id)).toEqual(before);

			await resetPracticeCommune(db(), access);
			expect(await kinds()).toEqual(start);
			const after = await names();
			expect(after).not.toContain('Classeur ajouté pendant l’exercice');
			expect(after).not.toContain('Téléphone renommé');
			expect(after).toContain('Téléphone portable du maire');
			expect(await db().select().from(records).where(eq(records.id, added.id))).toHaveLength(0);
			expect(await db().select().from(stepAnswers).where(eq(stepAnswers.communeId, practice.id))).toHaveLength(stepState);
			// The journal keeps the history, with the reset in it.
			expect((await auditOfCommune(db(), practice.id)).map((e) => e.action)).toContain('remise à zéro de la commune d’exercice');

			// The trainer may create one too.
			const own = await createPracticeCommune(db(), trainer, session.id);
			expect(own.isPractice).toBe(true);
			expect((await accessOf(db(), trainer, own.id)).role).toBe('dpd');
		}, 120_000);

		it('prints "EXERCICE" on every page of the practice commune’s dossier', async () => {
			const { session } = await openSession();
			const { user } = await participant(session);
			const practice = await createPracticeCommune(db(), user, session.id);
			const { version } = await generateDossier(db(), await accessOf(db(), user, practice.id));
			const row = await getDossier(db(), practice.id, version);
			const render = async (name: string, watermark: string | undefined) => {
				const chunks: Buffer[] = [];
				const out = new Writable({
					write(chunk: Buffer, _enc, cb) {
						chunks.push(chunk);
						cb();
					}
				});
				const pages = await writeDossier(db(), row, out, { watermark });
				const file = join(dir, name);
				writeFileSync(file, Buffer.concat(chunks));
				// pdftotext -raw (content-stream order) keeps the rotated watermark's letters together;
				// the default layout mode scatters them.
				const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).split('\f');
				if (text[text.length - 1] === '') text.pop();
				expect(text).toHaveLength(pages);
				return { file, pages, text };
			};
			const marked = await render('exercice.pdf', watermarkFor(practice));
			expect(marked.pages).toBeGreaterThan(3);
			marked.text.forEach((page, i) => expect(page, `page ${i + 1}`).toContain('EXERCICE'));
			expect(run('qpdf', ['--check', marked.file])).toContain('No syntax or stream encoding errors');
			// The control: the same dossier without the watermark has no "EXERCICE" (the commune's
			// name says "Exercice", in another case).
			const plain = await render('sans-filigrane.pdf', undefined);
			expect(plain.pages).toBe(marked.pages);
			expect(plain.text.filter((page) => page.includes('EXERCICE'))).toEqual([]);
		}, 120_000);
	});
});
