// GIP training sessions: a trainer opens a session with an enrolment code; a secretary enrols one
// or more of her communes (and may leave, which ends the trainer's access); the trainer follows
// their progress read-only, marks attendance (a training record lands in each commune's records,
// as evidence for its dossier), and prints the attendance list.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays } from '../../deadlines';
import { RECIPES } from '../../recipes';
import { recipeProgress } from '../../recipes/engine';
import { trainingKind } from '../../recipes/registers';
import { appendAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db, Executor } from '../db';
import { auditLog, communes, memberships, records, sessionEnrolments, trainingSessions, users, type TrainingSession } from '../db/schema';
import { isUuid, optionalText, text } from '../forms';
import { DomainError, validate } from './errors';
import { ENROL_ACCOUNT_POLICY, ENROL_ADDRESS_POLICY, hit, inHowLong, limitKey, tooSoonMessage, waitFor, type Policy } from '../auth/rate-limit';
import { formatDate, today } from '../../french';
import { progressOf } from '../progress-cache';
import { createRecords } from './record-writes';
import { activityOf, IDLE_AFTER_MINUTES, progressText } from '../../training-grid';

/** The name of who enrolled the commune; their account may have been deleted since (the enrolment stays). */
const enrolledName = sql<string>`coalesce(${users.name}, '(compte supprimé)')`;

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newCode(): string {
	const chars: string[] = [];
	while (chars.length < 6) {
		const bytes = new Uint8Array(12);
		crypto.getRandomValues(bytes);
		// 248 = 8 × 31: rejecting the bytes above keeps every character equally likely.
		for (const b of bytes) if (b < 248 && chars.length < 6) chars.push(CODE_ALPHABET[b % CODE_ALPHABET.length]!);
	}
	return chars.join('');
}

/**
 * An enrolment code enrols until the end of the day after the session's date (Paris time), and
 * never once the trainer has closed the session: a code seen on a slide cannot be used for ever.
 */
export const ENROLMENT_DAYS_AFTER_SESSION = 1;

/** The last day (ISO date) a session's code enrols. */
export function lastEnrolmentDay(sessionDate: string): string {
	return addDays(sessionDate, ENROLMENT_DAYS_AFTER_SESSION);
}

export function normalizeCode(raw: unknown): string {
	return typeof raw === 'string' ? raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) : '';
}

const sessionSchema = z.object({
	title: text('Titre de la session', { max: 200 }),
	date: z
		.string({ error: 'Date : la valeur envoyée n’est pas une date.' })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date : une date au format jj/mm/aaaa.' })
		.refine((v) => {
			const d = new Date(`${v}T00:00:00Z`);
			return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
		}, { error: 'Date : cette date n’existe pas.' }),
	place: optionalText('Lieu', 200),
	capacity: z.coerce
		.number({ error: 'Nombre de places : un nombre.' })
		.int({ error: 'Nombre de places : un nombre entier.' })
		.min(1, { error: 'Nombre de places : au moins 1.' })
		.max(60, { error: 'Nombre de places : 60 au plus.' })
});

function assertTrainer(user: SessionUser) {
	if (!user.isTrainer && !user.isGipAdmin) throw new DomainError('Réservé aux formateurs du GIP.', {}, 403);
}

export async function createSession(db: Db, user: SessionUser, input: unknown): Promise<TrainingSession> {
	assertTrainer(user);
	const data = validate(sessionSchema, input);
	for (let attempt = 0; attempt < 5; attempt++) {
		const code = newCode();
		const created = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(trainingSessions)
				.values({ trainerId: user.id, title: data.title, date: data.date, place: data.place, capacity: data.capacity, code })
				.onConflictDoNothing()
				.returning();
			if (!row) return null;
			await appendAudit(tx, user, { entity: 'formation', entityId: row.id, action: 'création', changes: { title: row.title, date: row.date, code } });
			return row;
		});
		if (created) return created;
	}
	throw new Error('could not draw a unique enrolment code');
}

export async function trainerSessions(db: Executor, user: SessionUser) {
	const rows = await db.select().from(trainingSessions).where(user.isGipAdmin ? undefined : eq(trainingSessions.trainerId, user.id)).orderBy(asc(trainingSessions.date));
	const counts = rows.length
		? await db
				.select({ sessionId: sessionEnrolments.sessionId, n: count() })
				.from(sessionEnrolments)
				.where(and(inArray(sessionEnrolments.sessionId, rows.map((r) => r.id)), isNull(sessionEnrolments.leftAt)))
				.groupBy(sessionEnrolments.sessionId)
		: [];
	return rows.map((r) => ({ ...r, enrolled: counts.find((c) => c.sessionId === r.id)?.n ?? 0 }));
}

/** The session a trainer (or a GIP administrator) may open; 404 for anyone else. */
export async function sessionOfTrainer(db: Executor, user: SessionUser, sessionId: string): Promise<TrainingSession> {
	if (!isUuid(sessionId)) throw new DomainError('Page introuvable', {}, 404);
	const [row] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
	if (!row || (row.trainerId !== user.id && !user.isGipAdmin)) throw new DomainError('Page introuvable', {}, 404);
	return row;
}

const enrolSchema = z.object({
	code: z.preprocess(normalizeCode, z.string().length(6, { error: 'Code : 6 lettres ou chiffres, donnés par le formateur.' })),
	communes: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().uuid({ error: 'Commune inconnue.' })).min(1, { error: 'Cochez au moins une commune.' }).max(20))
});

const UNKNOWN_CODE = 'Ce code ne correspond à aucune session.';

/**
 * A secretary enrols some of her communes (she must be their DPD) with the session's code, while
 * it is valid (ENROLMENT_DAYS_AFTER_SESSION). Wrong codes are rate-limited per account and per
 * address (`ip`): beyond a few, each further guess waits longer.
 */
export async function enrol(db: Db, user: SessionUser, input: unknown, opts: { ip?: string; now?: Date } = {}): Promise<{ session: TrainingSession; enrolled: number }> {
	const data = validate(enrolSchema, input);
	const now = opts.now ?? new Date();
	const limits: [string, Policy][] = [[limitKey('enrol-account', user.id), ENROL_ACCOUNT_POLICY]];
	if (opts.ip !== undefined) limits.push([limitKey('enrol-ip', opts.ip), ENROL_ADDRESS_POLICY]);
	const wait = await waitFor(db, limits.map(([key]) => key), now);
	if (wait > 0) throw new DomainError(tooSoonMessage(wait), { code: `Code : trop de codes erronés, réessayez ${inHowLong(wait)}.` }, 429);
	const [known] = await db.select({ id: trainingSessions.id }).from(trainingSessions).where(eq(trainingSessions.code, data.code));
	if (!known) {
		let after = 0;
		for (const [key, policy] of limits) after = Math.max(after, (await hit(db, key, policy, now)).wait);
		throw new DomainError(UNKNOWN_CODE, { code: after > 0 ? `Code : vérifiez-le auprès du formateur, puis réessayez ${inHowLong(after)}.` : 'Code : vérifiez-le auprès du formateur.' }, after > 0 ? 429 : 400);
	}
	return db.transaction(async (tx) => {
		const [session] = await tx.select().from(trainingSessions).where(eq(trainingSessions.code, data.code)).for('update');
		if (!session) throw new DomainError(UNKNOWN_CODE, { code: 'Code : vérifiez-le auprès du formateur.' });
		if (session.closedAt) throw new DomainError('Cette session est close.', { code: 'Code : cette session est close.' }, 409);
		if (today(now) > lastEnrolmentDay(session.date)) {
			throw new DomainError('Ce code a expiré : la session est passée.', { code: `Code : la session du ${formatDate(session.date)} est passée, ce code n’inscrit plus.` }, 409);
		}
		const mine = await tx
			.select({ communeId: memberships.communeId, name: communes.name })
			.from(memberships)
			.innerJoin(communes, eq(communes.id, memberships.communeId))
			.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'dpd'), inArray(memberships.communeId, data.communes), eq(communes.isPractice, false)));
		if (mine.length !== new Set(data.communes).size) throw new DomainError('Vous ne pouvez inscrire que les communes dont vous êtes le DPD.', { communes: 'Communes : choisissez parmi les vôtres.' }, 403);
		const [{ n }] = (await tx
			.select({ n: count() })
			.from(sessionEnrolments)
			.where(and(eq(sessionEnrolments.sessionId, session.id), isNull(sessionEnrolments.leftAt)))) as [{ n: number }];
		const already = await tx
			.select({ communeId: sessionEnrolments.communeId })
			.from(sessionEnrolments)
			.where(and(eq(sessionEnrolments.sessionId, session.id), inArray(sessionEnrolments.communeId, data.communes), isNull(sessionEnrolments.leftAt)));
		const fresh = mine.filter((m) => !already.some((a) => a.communeId === m.communeId));
		if (n + fresh.length > session.capacity) {
			throw new DomainError(`La session est complète (${session.capacity} places).`, { communes: `Il reste ${Math.max(session.capacity - n, 0)} place(s).` }, 409);
		}
		for (const m of fresh) {
			await tx
				.insert(sessionEnrolments)
				.values({ sessionId: session.id, communeId: m.communeId, enrolledBy: user.id })
				.onConflictDoUpdate({ target: [sessionEnrolments.sessionId, sessionEnrolments.communeId], set: { leftAt: null, enrolledBy: user.id, enrolledAt: new Date() } });
			await appendAudit(tx, user, {
				communeId: m.communeId,
				entity: 'formation',
				entityId: session.id,
				action: `inscription à la formation « ${session.title} »`,
				changes: { date: session.date, formateur: session.trainerId }
			});
		}
		return { session, enrolled: fresh.length };
	});
}

/** Leaving the session ends the trainer's access to the commune. */
export async function leave(db: Db, user: SessionUser, sessionId: unknown, communeId: unknown): Promise<void> {
	if (!isUuid(sessionId) || !isUuid(communeId)) throw new DomainError('Page introuvable', {}, 404);
	await db.transaction(async (tx) => {
		const [m] = await tx.select().from(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.communeId, communeId), eq(memberships.role, 'dpd')));
		if (!m) throw new DomainError('Page introuvable', {}, 404);
		const [row] = await tx
			.update(sessionEnrolments)
			.set({ leftAt: new Date() })
			.where(and(eq(sessionEnrolments.sessionId, sessionId), eq(sessionEnrolments.communeId, communeId), isNull(sessionEnrolments.leftAt)))
			.returning();
		if (!row) throw new DomainError('Page introuvable', {}, 404);
		await appendAudit(tx, user, { communeId, entity: 'formation', entityId: sessionId, action: 'départ de la formation (fin de l’accès du formateur)' });
	});
}

/** The sessions a user's communes are enrolled in. */
export async function enrolmentsOf(db: Executor, user: SessionUser) {
	return db
		.select({
			sessionId: trainingSessions.id,
			title: trainingSessions.title,
			date: trainingSessions.date,
			place: trainingSessions.place,
			trainerName: users.name,
			communeId: communes.id,
			communeName: communes.name,
			closedAt: trainingSessions.closedAt
		})
		.from(sessionEnrolments)
		.innerJoin(trainingSessions, eq(trainingSessions.id, sessionEnrolments.sessionId))
		.innerJoin(users, eq(users.id, trainingSessions.trainerId))
		.innerJoin(communes, eq(communes.id, sessionEnrolments.communeId))
		.innerJoin(memberships, and(eq(memberships.communeId, communes.id), eq(memberships.userId, user.id)))
		.where(isNull(sessionEnrolments.leftAt))
		.orderBy(asc(trainingSessions.date));
}

/** Whether the trainer follows the commune (one of their sessions enrols it): the access gate's rule, kept there. */
export { trainerFollows } from '../tenancy';

/**
 * The live progress grid: one row per enrolled commune, then one per practice commune created in
 * the session (marked `isPractice`), one column per recipe. Each row says where the commune is
 * working (its latest journal entry by someone other than the trainer, consultations left out),
 * when, and whether it has not moved for IDLE_AFTER_MINUTES before `now`.
 */
export async function progressGrid(db: Executor, session: TrainingSession, now = new Date()) {
	const enrolled = await db
		.select({ communeId: communes.id, name: communes.name, inseeCode: communes.inseeCode, enrolledByName: enrolledName, attended: sessionEnrolments.attended, isPractice: communes.isPractice })
		.from(sessionEnrolments)
		.innerJoin(communes, eq(communes.id, sessionEnrolments.communeId))
		.leftJoin(users, eq(users.id, sessionEnrolments.enrolledBy))
		.where(and(eq(sessionEnrolments.sessionId, session.id), isNull(sessionEnrolments.leftAt)))
		.orderBy(asc(communes.name));
	// Practice communes are never enrolled (nor counted in the places): the grid shows them apart.
	const practiceRows = await db
		.select({ communeId: communes.id, name: communes.name, inseeCode: communes.inseeCode, enrolledByName: enrolledName })
		.from(communes)
		.leftJoin(memberships, and(eq(memberships.communeId, communes.id), eq(memberships.role, 'dpd')))
		.leftJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(communes.practiceSessionId, session.id), eq(communes.isPractice, true)))
		.orderBy(asc(communes.name), asc(memberships.createdAt));
	const practice = new Map<string, (typeof practiceRows)[number] & { attended: boolean | null; isPractice: boolean }>();
	// The first DPD of each (its creator), in name order.
	for (const r of practiceRows) if (!practice.has(r.communeId)) practice.set(r.communeId, { ...r, attended: null, isPractice: true });
	const rows = [...enrolled, ...practice.values()];
	const ids = rows.map((r) => r.communeId);
	// Every commune's progress at once, recomputed only where something changed (the page polls
	// this grid while the trainer watches).
	const progress = await progressOf(db, ids);
	const latest = ids.length
		? await db
				.selectDistinctOn([auditLog.communeId], { communeId: auditLog.communeId, at: auditLog.at, entity: auditLog.entity, entityId: auditLog.entityId })
				.from(auditLog)
				.where(
					and(
						inArray(auditLog.communeId, ids),
						ne(auditLog.action, 'consultation'),
						isNull(auditLog.importedAt),
						isNotNull(auditLog.userId),
						ne(auditLog.userId, session.trainerId)
					)
				)
				.orderBy(auditLog.communeId, desc(auditLog.id))
		: [];
	const latestOf = new Map(latest.map((l) => [l.communeId, l]));
	const out = rows.map((r) => {
		const activity = activityOf(latestOf.get(r.communeId) ?? null, now);
		return {
			...r,
			activity,
			cells: RECIPES.map((recipe) => {
				const p = recipeProgress(recipe, progress.get(r.communeId)!, now);
				return { recipeId: recipe.id, state: p.state, done: p.done, total: p.total, text: progressText(p.state, p.done, p.total), here: activity.where?.recipeId === recipe.id };
			})
		};
	});
	return { recipes: RECIPES.map((r) => ({ id: r.id, title: r.title })), rows: out, at: now.toISOString(), idleAfterMinutes: IDLE_AFTER_MINUTES };
}

const attendanceSchema = z.object({
	present: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().uuid()).max(60))
});

/**
 * Marks who attended; each present commune gets a training record (evidence for its dossier),
 * created once per session.
 */
export async function markAttendance(db: Db, trainer: SessionUser, sessionId: string, input: unknown): Promise<number> {
	const session = await sessionOfTrainer(db, trainer, sessionId);
	const data = validate(attendanceSchema, input);
	return db.transaction(async (tx) => {
		const enrolled = await tx
			.select({ communeId: sessionEnrolments.communeId, attended: sessionEnrolments.attended, participant: enrolledName })
			.from(sessionEnrolments)
			.leftJoin(users, eq(users.id, sessionEnrolments.enrolledBy))
			.where(and(eq(sessionEnrolments.sessionId, session.id), isNull(sessionEnrolments.leftAt)));
		let created = 0;
		const actor: Actor = { id: trainer.id, name: trainer.name };
		const kind = trainingKind;
		for (const e of enrolled) {
			const present = data.present.includes(e.communeId);
			if (present === Boolean(e.attended)) continue;
			await tx.update(sessionEnrolments).set({ attended: present }).where(and(eq(sessionEnrolments.sessionId, session.id), eq(sessionEnrolments.communeId, e.communeId)));
			await appendAudit(tx, actor, { communeId: e.communeId, entity: 'formation', entityId: session.id, action: present ? 'présence à la formation' : 'présence retirée' });
			if (!present) continue;
			const [existing] = await tx
				.select({ id: records.id })
				.from(records)
				.where(and(eq(records.communeId, e.communeId), eq(records.kind, kind.id), isNull(records.archivedAt), sql`${records.origin}->>'session' = ${session.id}`));
			if (existing) continue;
			const evidence = { title: session.title, date: session.date, place: session.place, trainer: trainer.name, participant: e.participant };
			if (!evidence.place) delete (evidence as Partial<typeof evidence>).place;
			// The trainer of the session (checked above) attests for the commune: that is their right to write this record.
			await createRecords(tx, { user: actor, communeId: e.communeId, canEdit: true }, [{ kind, data: evidence, origin: { session: session.id } }]);
			created += 1;
		}
		return created;
	});
}

export async function attendanceList(db: Executor, session: TrainingSession) {
	return db
		.select({ communeName: communes.name, inseeCode: communes.inseeCode, participant: enrolledName, attended: sessionEnrolments.attended })
		.from(sessionEnrolments)
		.innerJoin(communes, eq(communes.id, sessionEnrolments.communeId))
		.leftJoin(users, eq(users.id, sessionEnrolments.enrolledBy))
		.where(and(eq(sessionEnrolments.sessionId, session.id), isNull(sessionEnrolments.leftAt)))
		.orderBy(asc(communes.name));
}
