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
import { clearKey, hit, inHowLong as inHowLongOf, limitKey, PASSWORD_CHECK_POLICY, SIGNUP_POLICY, SIGNUP_REFUSED_POLICY, tooSoonMessage, waitFor } from '../auth/rate-limit';
import { adminEmail, forgetSetupCode, normalizeSetupCode, setupCodeMatches } from '../auth/setup';
import { admitLogin, loginFailed, loginKeys, loginSucceeded, waitMessage } from '../auth/throttle';
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
		passwordConfirm: z.string({ error: 'Confirmation : la valeur envoyée n’est pas du texte.' }),
		/** The setup code printed in the server's log, asked while the installation has no administrator. */
		setupCode: z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ error: 'Code d’installation : la valeur envoyée n’est pas du texte.' }).max(100, { error: 'Code d’installation : 100 caractères au plus.' }))
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
 * Whether an account created now becomes GIP administrator: only while the installation has none,
 * and only for the setup code printed in the server's log or the address named by ADMIN_EMAIL (not
 * for whoever signs up first). The table is locked before checking, so two sign-ups at the same
 * moment cannot both become the first administrator.
 */
async function becomesAdministrator(tx: Executor, address: string, codeOk: boolean): Promise<boolean> {
	const named = adminEmail() === address;
	if (!named && !codeOk) return false;
	await tx.execute(sql`lock table ${users} in share row exclusive mode`);
	const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.isGipAdmin, true)).limit(1);
	return !admin;
}

export const SETUP_CODE_WRONG = 'Code d’installation : ce n’est pas celui du journal du serveur. Recopiez-le, ou laissez ce champ vide pour créer un compte ordinaire.';

/**
 * Creates an account and opens its first session; returns the session token for the cookie. While
 * the installation has no GIP administrator, the account becomes one with the setup code (or the
 * ADMIN_EMAIL address). Sign-ups are rate-limited per address (`ip`; scripts and tests may omit it).
 */
export async function signUp(db: Db, input: unknown, opts: { ip?: string; now?: Date } = {}): Promise<{ user: SessionUser; token: string }> {
	const data = validate(signUpSchema, input);
	const now = opts.now ?? new Date();
	const refusedKey = opts.ip === undefined ? null : limitKey('signup-refused-ip', opts.ip);
	if (opts.ip !== undefined) {
		const waiting = await waitFor(db, [refusedKey!], now);
		const attempt = waiting > 0 ? null : await hit(db, limitKey('signup-ip', opts.ip), SIGNUP_POLICY, now, { unlessWaiting: true });
		const wait = attempt && attempt.counted ? 0 : (attempt?.wait ?? waiting);
		if (wait > 0) {
			throw new DomainError(tooSoonMessage(wait), { email: `Adresse e-mail : trop de tentatives depuis votre poste, réessayez ${inHowLongOf(wait)}.` }, 429);
		}
	}
	/** A refusal that tells something (who has an account) or guesses something (the setup code) is counted. */
	const refused = async (err: DomainError) => {
		if (refusedKey) await hit(db, refusedKey, SIGNUP_REFUSED_POLICY, now);
		return err;
	};
	const codeGiven = normalizeSetupCode(data.setupCode) !== '';
	const codeOk = codeGiven && setupCodeMatches(data.setupCode);
	if (codeGiven && !codeOk) throw await refused(new DomainError('Le code d’installation n’est pas le bon.', { setupCode: SETUP_CODE_WRONG }));
	const address = data.email.toLowerCase();
	if (await findByEmail(db, data.email)) {
		// Saying "this address already has an account" would reveal who uses the service.
		throw await refused(
			new DomainError(
				'Ce compte ne peut pas être créé avec cette adresse. Si vous avez déjà un compte, connectez-vous.',
				{ email: 'Adresse e-mail : utilisez une autre adresse, ou connectez-vous si vous avez déjà un compte.' },
				409
			)
		);
	}
	const passwordHash = await hashPassword(data.password);
	const token = generateToken();
	const user = await db.transaction(async (tx) => {
		const admin = await becomesAdministrator(tx, address, codeOk);
		const [created] = await tx
			.insert(users)
			.values({ name: data.name, email: address, passwordHash, isGipAdmin: admin })
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
			changes: admin
				? {
						name: created.name,
						email: created.email,
						isGipAdmin: true,
						motif: codeOk ? 'premier administrateur du GIP : code d’installation du journal du serveur' : 'premier administrateur du GIP : adresse ADMIN_EMAIL'
					}
				: { name: created.name, email: created.email }
		});
		await createSession(tx, token, created.id);
		return created;
	});
	if (user.isGipAdmin) forgetSetupCode();
	return {
		user: { id: user.id, email: user.email, name: user.name, isGipAdmin: user.isGipAdmin, isTrainer: user.isTrainer },
		token
	};
}

/**
 * Checks the password, slowing down repeated failures (auth/throttle.ts: per address and account,
 * per address, per account); returns a session token. An attempt that must wait is refused before
 * the password is hashed, with the same answer whether or not the e-mail has an account.
 */
export async function logIn(db: Db, input: unknown, ip: string, now = new Date()): Promise<{ userId: string; token: string }> {
	const data = validate(loginSchema, input);
	const keys = loginKeys(ip, data.email);
	const wait = await admitLogin(db, keys, now);
	if (wait > 0) throw new DomainError(waitMessage(wait), {}, 429);

	const user = await findByEmail(db, data.email);
	const ok = user ? await verifyPassword(user.passwordHash, data.password) : (await verifyAgainstDummy(data.password), false);
	if (!user || !ok) {
		const after = await loginFailed(db, keys, now);
		throw new DomainError(after > 0 ? `${LOGIN_FAILED} ${waitMessage(after)}` : LOGIN_FAILED, {}, after > 0 ? 429 : 400);
	}
	await loginSucceeded(db, keys, now);
	const token = generateToken();
	await db.transaction(async (tx) => {
		await createSession(tx, token, user.id);
		await appendAudit(tx, actorOf(user), { entity: 'compte', entityId: user.id, action: 'connexion' });
	});
	return { userId: user.id, token };
}

/**
 * Changes the password, revokes every session (all devices), and opens a new one here. The check
 * of the current password is rate-limited per account (a stolen session cannot try passwords at
 * full speed).
 */
export async function changePassword(db: Db, actor: SessionUser, input: unknown, now = new Date()): Promise<{ token: string }> {
	const data = validate(changePasswordSchema, input);
	const [user] = await db.select().from(users).where(eq(users.id, actor.id));
	if (!user) throw new DomainError('Compte introuvable.', {}, 404);
	const checkKey = limitKey('password-check', user.id);
	const attempt = await hit(db, checkKey, PASSWORD_CHECK_POLICY, now, { unlessWaiting: true });
	if (!attempt.counted) {
		throw new DomainError(tooSoonMessage(attempt.wait), {
			currentPassword: `Mot de passe actuel : trop d’essais, réessayez ${inHowLongOf(attempt.wait)}.`
		}, 429);
	}
	if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
		throw new DomainError('Le mot de passe actuel est incorrect.', {
			currentPassword: attempt.wait > 0 ? `Mot de passe actuel : incorrect. Réessayez ${inHowLongOf(attempt.wait)}.` : 'Mot de passe actuel : incorrect.'
		}, attempt.wait > 0 ? 429 : 400);
	}
	await clearKey(db, checkKey);
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
