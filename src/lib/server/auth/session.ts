// Sessions as Lucia's guide teaches them (https://lucia-auth.com/sessions/basic): a random token
// in the cookie, its SHA-256 in the database, 30-day expiry extended while the user is active.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../db';
import { sessions, users, type User } from '../db/schema';

export const SESSION_COOKIE = 'session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'isGipAdmin' | 'isTrainer'>;
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 in lower-case hex (Node's native hash: this runs on every request, for the session cookie). */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Executor, token: string, userId: string): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME)
	};
	await db.insert(sessions).values(session);
	return session;
}

export async function validateSessionToken(
	db: Executor,
	token: string
): Promise<{ session: Session; user: SessionUser } | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	const rows = await db
		.select({
			session: { id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt },
			user: {
				id: users.id,
				email: users.email,
				name: users.name,
				isGipAdmin: users.isGipAdmin,
				isTrainer: users.isTrainer
			}
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	const row = rows[0];
	if (!row) return null;
	const { session, user } = row;
	if (Date.now() >= session.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	// Sliding expiry: past half its life, the session is renewed for another 30 days.
	if (Date.now() >= session.expiresAt.getTime() - SESSION_LIFETIME / 2) {
		session.expiresAt = new Date(Date.now() + SESSION_LIFETIME);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
	}
	return { session, user };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateAllSessions(db: Executor, userId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Executor): Promise<void> {
	await db.delete(sessions).where(and(lt(sessions.expiresAt, new Date())));
}
