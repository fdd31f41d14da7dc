// Tenancy in one place: every load and every action of a commune's pages goes through
// `requireCommune`, which resolves the signed-in user's membership in the commune named by the URL.
// A commune the user does not belong to answers 404, never 403: its existence is not confirmed.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq, gte, isNull } from 'drizzle-orm';
import type { SessionUser } from './auth/session';
import { getDb, type Db, type Executor } from './db';
import { communes, memberships, sessionEnrolments, trainingSessions, users, type Commune, type Role } from './db/schema';
import { addDays } from '../deadlines';
import { today } from '../french';
import { appendAudit } from './audit';
import { DomainError } from './domain/errors';
import { isUuid } from './forms';
import { assertCanEdit, READ_ONLY_MESSAGE } from './rights';

export interface Access {
	user: SessionUser;
	commune: Commune;
	role: Role;
	/** Only the DPD edits the commune's data; the elected officials and trainers read it. */
	canEdit: boolean;
	/** Access given by a training session (not a membership). */
	viaTraining?: boolean;
}

export const ROLE_LABELS: Record<Role, string> = {
	dpd: 'Délégué à la protection des données (DPD)',
	elu: 'Élu (maire ou conseiller)',
	formateur: 'Formateur du GIP'
};

export function canEdit(role: Role): boolean {
	return role === 'dpd';
}

/**
 * A trainer reads an enrolled commune until this many days after the session's date (the session's
 * day counts as day 0), or until they close the session, whichever comes first.
 */
export const TRAINER_ACCESS_DAYS = 30;

/** The earliest session date that still gives a trainer access on `day` ("YYYY-MM-DD", Paris calendar). */
export function trainerAccessFrom(day: string): string {
	return addDays(day, -TRAINER_ACCESS_DAYS);
}

/** Does a session still give its trainer read access on `day`? Not once closed, nor TRAINER_ACCESS_DAYS after its date. */
export function sessionGivesAccess(session: { date: string; closedAt: Date | null }, day: string = today()): boolean {
	return !session.closedAt && session.date >= trainerAccessFrom(day);
}

/**
 * A membership as a trainer (« formateur ») counts only while the account keeps the trainer flag:
 * withdrawn on /admin, the access ends at the next request, for every page and download.
 */
function membershipCounts(user: SessionUser, role: Role): boolean {
	return role !== 'formateur' || user.isTrainer;
}

/**
 * The user's access to a commune, or null when they have none (or the id is not an id).
 * `day`: « today » for the trainer's rule (Paris calendar), given by tests.
 */
export async function findAccess(db: Executor, user: SessionUser, communeId: string, day: string = today()): Promise<Access | null> {
	if (!isUuid(communeId)) return null;
	const [row] = await db
		.select({ commune: communes, role: memberships.role })
		.from(memberships)
		.innerJoin(communes, eq(communes.id, memberships.communeId))
		.where(and(eq(memberships.userId, user.id), eq(memberships.communeId, communeId)));
	if (row && membershipCounts(user, row.role)) return { user, commune: row.commune, role: row.role, canEdit: canEdit(row.role) };
	if (row) return null;
	return trainerAccess(db, user, communeId, day);
}

/**
 * Does this trainer follow this commune through one of their sessions? (Read-only access.) Only
 * while the account has the trainer flag, the enrolment stands, and the session is neither closed
 * nor over by more than TRAINER_ACCESS_DAYS on `day`.
 */
export async function trainerFollows(db: Executor, trainerId: string, communeId: string, day: string = today()): Promise<boolean> {
	const [row] = await db
		.select({ id: trainingSessions.id })
		.from(sessionEnrolments)
		.innerJoin(trainingSessions, eq(trainingSessions.id, sessionEnrolments.sessionId))
		.innerJoin(users, eq(users.id, trainingSessions.trainerId))
		.where(
			and(
				eq(sessionEnrolments.communeId, communeId),
				eq(trainingSessions.trainerId, trainerId),
				isNull(sessionEnrolments.leftAt),
				eq(users.isTrainer, true),
				isNull(trainingSessions.closedAt),
				gte(trainingSessions.date, trainerAccessFrom(day))
			)
		)
		.limit(1);
	return Boolean(row);
}

/** A GIP trainer reads, without editing, the communes enrolled in one of their sessions. */
async function trainerAccess(db: Executor, user: SessionUser, communeId: string, day: string = today()): Promise<Access | null> {
	if (user.isTrainer && (await trainerFollows(db, user.id, communeId, day))) {
		const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
		if (commune) return { user, commune, role: 'formateur', canEdit: false, viaTraining: true };
	}
	return null;
}

export interface Membership {
	commune: Commune;
	role: Role;
}

type RequestLike = Pick<RequestEvent, 'locals'> & { request?: Request };

/** GET and HEAD only: a form action may change the user's memberships, the loads after it look again. */
const isRead = (event: RequestLike) => event.request?.method === 'GET' || event.request?.method === 'HEAD';

/** The memberships found for a page request (by its `locals`). */
const membershipsOfRequest = new WeakMap<object, Promise<Membership[]>>();

/**
 * The signed-in user's communes with their role, by name: the header's list (root layout), the
 * home page, and the access to a commune page all come from this one query per page request.
 */
export function requestMemberships(event: RequestLike, db: Executor, userId: string): Promise<Membership[]> {
	// An async function: a real promise, run once (a drizzle query is a thenable that runs again at
	// every `await`).
	const load = async (): Promise<Membership[]> =>
		db
			.select({ commune: communes, role: memberships.role })
			.from(memberships)
			.innerJoin(communes, eq(communes.id, memberships.communeId))
			.where(eq(memberships.userId, userId))
			.orderBy(communes.name);
	if (!isRead(event)) return load();
	let found = membershipsOfRequest.get(event.locals);
	if (!found) {
		found = load();
		membershipsOfRequest.set(event.locals, found);
		// A failed lookup is not kept: the next caller asks again.
		found.catch(() => membershipsOfRequest.delete(event.locals));
	}
	return found;
}

/**
 * The communes the header and the home page list: the request's memberships, without a « formateur »
 * one once the account has lost the trainer flag (its pages answer 404 then).
 */
export async function listedMemberships(event: RequestLike, db: Executor, user: SessionUser): Promise<Membership[]> {
	return (await requestMemberships(event, db, user.id)).filter((m) => membershipCounts(user, m.role));
}

/** A membership as the header and the home page list it (the fields of `userCommunes`). */
export function communeEntry(m: Membership) {
	return { id: m.commune.id, name: m.commune.name, type: m.commune.type, inseeCode: m.commune.inseeCode, role: m.role, isPractice: m.commune.isPractice };
}

export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/connexion?suite=${encodeURIComponent(next)}`);
	}
	return user;
}

/** The requests (by their `locals`) whose trainer view is already in the journal. */
const journaledRequests = new WeakSet<object>();

/**
 * The access for a page request: a member's comes from the request's memberships (the query the
 * root layout makes anyway), so the commune layout's load and the page's add none. Only for GET
 * and HEAD: a form action may change the user's own access (leaving a commune…), so the action and
 * the loads that run after it look again.
 */
async function lookUpAccess(event: RequestLike, db: Db, user: SessionUser, communeId: string): Promise<Access | null> {
	if (!isRead(event)) return findAccess(db, user, communeId);
	if (!isUuid(communeId)) return null;
	const mine = (await requestMemberships(event, db, user.id)).find((m) => m.commune.id === communeId);
	if (mine) return membershipCounts(user, mine.role) ? { user, commune: mine.commune, role: mine.role, canEdit: canEdit(mine.role) } : null;
	return trainerAccess(db, user, communeId);
}

/**
 * The one gate of a commune's pages. `need: 'edit'` also requires the right to change the data.
 */
export async function requireCommune(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'> & { request?: Request },
	need: 'read' | 'edit' = 'read'
): Promise<Access & { db: Db }> {
	const user = requireUser(event);
	const db = await getDb();
	const communeId = (event.params as Record<string, string | undefined>).communeId ?? '';
	const access = await lookUpAccess(event, db, user, communeId);
	if (!access) error(404, 'Page introuvable');
	// Every view by a trainer is recorded in the commune's audit log, once per request (the commune
	// layout's load and the page's both pass through here, with the same `locals`).
	if (access.role === 'formateur' && event.url.pathname.startsWith('/c/') && !journaledRequests.has(event.locals)) {
		journaledRequests.add(event.locals);
		await appendAudit(db, user, {
			communeId: access.commune.id,
			entity: 'consultation',
			entityId: access.commune.id,
			action: 'consultation',
			changes: { page: event.url.pathname }
		});
	}
	if (need === 'edit' && !access.canEdit) {
		error(403, READ_ONLY_MESSAGE);
	}
	return { ...access, db };
}

export { assertCanEdit, READ_ONLY_MESSAGE };
