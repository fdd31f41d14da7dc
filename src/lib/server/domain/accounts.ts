import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { checkPassword, passwordMessage, PASSWORD_MAX_LENGTH } from '../../password-policy';
import { appendAudit, type Actor } from '../audit';
import {
	createSession,
	generateToken,
	invalidateAllSessions,
	invalidateSession,
	type SessionUser
} from '../auth/session';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password';
import {
	accountKey,
	ACCOUNT_POLICY,
	addressKey,
	ADDRESS_POLICY,
	clearFailures,
	lockedFor,
	recordFailure,
	waitMessage
} from '../auth/throttle';
import type { Db, Executor } from '../db';
import { users } from '../db/schema';
import { email, text } from '../forms';
import { DomainError, validate } from './errors';

const password = (label: string) =>
	z
		.string({ error: `${label} : la valeur envoyée n’est pas du texte.` })
		.max(PASSWORD_MAX_LENGTH * 4, { error: `${label} : ${PASSWORD_MAX_LENGTH} caractères au plus.` })
		.superRefine((value, ctx) => {
			const check = checkPassword(value);
			if (!check.ok) ctx.addIssue({ code: 'custom', message: passwordMessage(check) });
		});

export const signUpSchema = z
	.object({
		name: text('Nom et prénom', { max: 120 }),
		email: email(),
		password: password('Mot de passe'),
		passwordConfirm: z.string({ error: 'Confirmation : la valeur envoyée n’est pas du texte.' })
	})
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		error: 'Confirmation : les deux mots de passe ne sont pas identiques.'
	});

export const loginSchema = z.object({
	email: text('Adresse e-mail', { max: 254 }),
	password: z.string({ error: 'Mot de passe : à remplir.' }).min(1, { error: 'Mot de passe : à remplir.' }).max(PASSWORD_MAX_LENGTH * 4)
});

export const changePasswordSchema = z
	.object({
		currentPassword: z.string({ error: 'Mot de passe actuel : à remplir.' }).min(1, { error: 'Mot de passe actuel : à remplir.' }).max(PASSWORD_MAX_LENGTH * 4),
		newPassword: password('Nouveau mot de passe'),
		newPasswordConfirm: z.string({ error: 'Confirmation : à remplir.' })
	})
	.refine((v) => v.newPassword === v.newPasswordConfirm, {
		path: ['newPasswordConfirm'],
		error: 'Confirmation : les deux mots de passe ne sont pas identiques.'
	});

export const LOGIN_FAILED = 'Adresse e-mail ou mot de passe incorrect.';

function actorOf(u: { id: string; name: string }): Actor {
	return { id: u.id, name: u.name };
}

async function findByEmail(db: Db, address: string) {
	const [user] = await db
		.select()
		.from(users)
		.where(eq(sql`lower(${users.email})`, address.trim().toLowerCase()));
	return user ?? null;
}

/**
 * Whether the installation has no account yet: its first account becomes GIP administrator (the
 * one way to get an administrator on a new installation; administrators then name the trainers).
 * The table is locked before checking again, so two sign-ups at the same moment cannot both be
 * first.
 */
async function isFirstAccount(tx: Executor): Promise<boolean> {
	const [any] = await tx.select({ id: users.id }).from(users).limit(1);
	if (any) return false;
	await tx.execute(sql`lock table ${users} in share row exclusive mode`);
	const [again] = await tx.select({ id: users.id }).from(users).limit(1);
	return !again;
}

/**
 * Creates an account and opens its first session; returns the session token for the cookie. The
 * first account of an empty installation is made GIP administrator.
 */
export async function signUp(db: Db, input: unknown): Promise<{ user: SessionUser; token: string }> {
	const data = validate(signUpSchema, input);
	if (await findByEmail(db, data.email)) {
		// Saying "this address already has an account" would reveal who uses the service.
		throw new DomainError(
			'Ce compte ne peut pas être créé avec cette adresse. Si vous avez déjà un compte, connectez-vous.',
			{ email: 'Adresse e-mail : utilisez une autre adresse, ou connectez-vous si vous avez déjà un compte.' },
			409
		);
	}
	const passwordHash = await hashPassword(data.password);
	const token = generateToken();
	const user = await db.transaction(async (tx) => {
		const first = await isFirstAccount(tx);
		const [created] = await tx
			.insert(users)
			.values({ name: data.name, email: data.email.toLowerCase(), passwordHash, isGipAdmin: first })
			.onConflictDoNothing()
			.returning();
		if (!created) {
			throw new DomainError('Ce compte ne peut pas être créé avec cette adresse.', {
				email: 'Adresse e-mail : utilisez une autre adresse, ou connectez-vous.'
			}, 409);
		}
		await appendAudit(tx, actorOf(created), {
			entity: 'compte',
			entityId: created.id,
			action: 'création',
			changes: first
				? { name: created.name, email: created.email, isGipAdmin: true, motif: 'premier compte de l’installation : administrateur du GIP' }
				: { name: created.name, email: created.email }
		});
		await createSession(tx, token, created.id);
		return created;
	});
	return {
		user: { id: user.id, email: user.email, name: user.name, isGipAdmin: user.isGipAdmin, isTrainer: user.isTrainer },
		token
	};
}

/** Checks the password, with throttling per account and per address; returns a session token. */
export async function logIn(db: Db, input: unknown, ip: string): Promise<{ userId: string; token: string }> {
	const data = validate(loginSchema, input);
	const keys = [accountKey(data.email), addressKey(ip)];
	const wait = await lockedFor(db, keys);
	if (wait > 0) throw new DomainError(waitMessage(wait), {}, 429);

	const user = await findByEmail(db, data.email);
	const ok = user ? await verifyPassword(user.passwordHash, data.password) : (await verifyAgainstDummy(data.password), false);
	if (!user || !ok) {
		await recordFailure(db, keys[0]!, ACCOUNT_POLICY);
		await recordFailure(db, keys[1]!, ADDRESS_POLICY);
		const after = await lockedFor(db, keys);
		throw new DomainError(after > 0 ? waitMessage(after) : LOGIN_FAILED, {}, after > 0 ? 429 : 400);
	}
	await clearFailures(db, keys[0]!);
	const token = generateToken();
	await db.transaction(async (tx) => {
		await createSession(tx, token, user.id);
		await appendAudit(tx, actorOf(user), { entity: 'compte', entityId: user.id, action: 'connexion' });
	});
	return { userId: user.id, token };
}

/** Changes the password, revokes every session (all devices), and opens a new one here. */
export async function changePassword(db: Db, actor: SessionUser, input: unknown): Promise<{ token: string }> {
	const data = validate(changePasswordSchema, input);
	const [user] = await db.select().from(users).where(eq(users.id, actor.id));
	if (!user) throw new DomainError('Compte introuvable.', {}, 404);
	if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
		throw new DomainError('Le mot de passe actuel est incorrect.', {
			currentPassword: 'Mot de passe actuel : incorrect.'
		});
	}
	if (data.newPassword === data.currentPassword) {
		throw new DomainError('Choisissez un mot de passe différent de l’actuel.', {
			newPassword: 'Nouveau mot de passe : il doit être différent de l’actuel.'
		});
	}
	const passwordHash = await hashPassword(data.newPassword);
	const token = generateToken();
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
		await invalidateAllSessions(tx, user.id);
		await createSession(tx, token, user.id);
		await appendAudit(tx, actorOf(user), {
			entity: 'compte',
			entityId: user.id,
			action: 'changement du mot de passe',
			changes: { password: true, sessions: 'toutes fermées' }
		});
	});
	return { token };
}

/** Closes every session of the user, on every device. */
export async function logOutEverywhere(db: Db, actor: SessionUser): Promise<void> {
	await db.transaction(async (tx) => {
		await invalidateAllSessions(tx, actor.id);
		await appendAudit(tx, actorOf(actor), {
			entity: 'compte',
			entityId: actor.id,
			action: 'déconnexion de tous les appareils'
		});
	});
}

export async function logOut(db: Db, actor: SessionUser, sessionId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await invalidateSession(tx, sessionId);
		await appendAudit(tx, actorOf(actor), { entity: 'compte', entityId: actor.id, action: 'déconnexion' });
	});
}

/** GIP administrators grant or withdraw the trainer flag. */
export async function setTrainer(db: Db, actor: SessionUser, userId: string, isTrainer: boolean) {
	if (!actor.isGipAdmin) throw new DomainError('Réservé aux administrateurs du GIP.', {}, 403);
	await db.transaction(async (tx) => {
		const [u] = await tx.update(users).set({ isTrainer }).where(and(eq(users.id, userId))).returning();
		if (!u) throw new DomainError('Compte introuvable.', {}, 404);
		await appendAudit(tx, actorOf(actor), {
			entity: 'compte',
			entityId: userId,
			action: isTrainer ? 'nommé formateur' : 'retrait du rôle de formateur',
			changes: { isTrainer: { avant: !isTrainer, apres: isTrainer } }
		});
	});
}

export const ACCOUNTS_PER_PAGE = 50;

/** Lower case without French accents, in SQL (no extension needed on either engine). */
const fold = (expr: SQL) => sql`translate(lower(${expr}), 'àâäáãéèêëíìîïóòôöõúùûüçñÿ', 'aaaaaeeeeiiiiooooouuuucny')`;

export interface AccountList {
	users: { id: string; name: string; email: string; isTrainer: boolean; isGipAdmin: boolean }[];
	/** Accounts matching the search, over all pages. */
	total: number;
	page: number;
	pages: number;
	q: string;
}

/**
 * The accounts an administrator looks through, by name or e-mail (accents and case ignored), a
 * page of 50 at a time: a GIP has some 2,000 of them. Trainers and administrators come first.
 */
export async function listAccounts(db: Executor, params: { q?: unknown; page?: unknown }): Promise<AccountList> {
	const q = typeof params.q === 'string' ? params.q.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100) : '';
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const where = q ? sql`(${fold(sql`${users.name}`)} like ${fold(sql`${pattern}`)} or lower(${users.email}) like ${fold(sql`${pattern}`)})` : undefined;
	const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users).where(where);
	const pages = Math.max(1, Math.ceil(n / ACCOUNTS_PER_PAGE));
	const asked = typeof params.page === 'string' && /^\d{1,6}$/.test(params.page) ? Number(params.page) : 1;
	const page = Math.min(Math.max(1, asked), pages);
	const rows = await db
		.select({ id: users.id, name: users.name, email: users.email, isTrainer: users.isTrainer, isGipAdmin: users.isGipAdmin })
		.from(users)
		.where(where)
		.orderBy(sql`${users.isGipAdmin} desc, ${users.isTrainer} desc, lower(${users.name}), ${users.id}`)
		.limit(ACCOUNTS_PER_PAGE)
		.offset((page - 1) * ACCOUNTS_PER_PAGE);
	return { users: rows, total: n, page, pages, q };
}
