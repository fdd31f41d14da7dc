// Tenancy in one place: every load and every action of a commune's pages goes through
// `requireCommune`, which resolves the signed-in user's membership in the commune named by the URL.
// A commune the user does not belong to answers 404, never 403: its existence is not confirmed.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import type { SessionUser } from './auth/session';
import { getDb, type Db, type Executor } from './db';
import { communes, memberships, type Commune, type Role } from './db/schema';
import { appendAudit } from './audit';
import { DomainError } from './domain/errors';
import { trainerFollows } from './domain/training';
import { isUuid } from './forms';

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

/** The user's access to a commune, or null when they have none (or the id is not an id). */
export async function findAccess(db: Executor, user: SessionUser, communeId: string): Promise<Access | null> {
	if (!isUuid(communeId)) return null;
	const [row] = await db
		.select({ commune: communes, role: memberships.role })
		.from(memberships)
		.innerJoin(communes, eq(communes.id, memberships.communeId))
		.where(and(eq(memberships.userId, user.id), eq(memberships.communeId, communeId)));
	if (row) return { user, commune: row.commune, role: row.role, canEdit: canEdit(row.role) };
	// A GIP trainer reads, without editing, the communes enrolled in one of their sessions.
	if (user.isTrainer && (await trainerFollows(db, user.id, communeId))) {
		const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
		if (commune) return { user, commune, role: 'formateur', canEdit: false, viaTraining: true };
	}
	return null;
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
 * The access found for a page request (by its `locals`), per commune: the commune layout's load and
 * the page's both pass through `requireCommune`, one lookup serves both. Only for GET and HEAD: a
 * form action may change the user's own access (leaving a commune…), so the loads that run after
 * it look again.
 */
const accessOfRequest = new WeakMap<object, Map<string, Promise<Access | null>>>();

function lookUpAccess(event: Pick<RequestEvent, 'locals'> & { request?: Request }, db: Db, user: SessionUser, communeId: string): Promise<Access | null> {
	const method = event.request?.method;
	if (method !== 'GET' && method !== 'HEAD') return findAccess(db, user, communeId);
	const mine = accessOfRequest.get(event.locals) ?? new Map<string, Promise<Access | null>>();
	accessOfRequest.set(event.locals, mine);
	let found = mine.get(communeId);
	if (!found) {
		found = findAccess(db, user, communeId);
		mine.set(communeId, found);
		// A failed lookup is not kept: the next caller asks again.
		found.catch(() => mine.delete(communeId));
	}
	return found;
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

export const READ_ONLY_MESSAGE = 'Votre rôle dans cette commune permet de consulter, pas de modifier.';

/** For the domain layer: refuses a write by someone who may only read. */
export function assertCanEdit(access: Pick<Access, 'canEdit'>): void {
	if (!access.canEdit) throw new DomainError(READ_ONLY_MESSAGE, {}, 403);
}
