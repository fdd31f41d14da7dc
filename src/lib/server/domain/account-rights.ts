// The rights of the app's users over their own account (GDPR art. 15–17 and 20; the GIP is the
// controller, outputs.md §8): correct their name and e-mail, download their data, delete their
// account; and, until the app sends e-mail, a one-time reset link a GIP administrator issues.
import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkPassword, passwordMessage, PASSWORD_MAX_LENGTH } from '../../password-policy';
import { appendAudit, type Actor } from '../audit';
import { generateToken, hashToken, invalidateAllSessions, type SessionUser } from '../auth/session';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Db } from '../db';
import { auditLog, communes, formTokens, memberships, passwordResets, sessions, trainingSessions, users } from '../db/schema';
import { email, text } from '../forms';
import { RETENTION } from '../retention';
import { erasedMark, redactJournal } from './erasure';
import { DomainError, validate } from './errors';

const actorOf = (u: { id: string; name: string }): Actor => ({ id: u.id, name: u.name });
const HOUR = 3600_000;

const passwordForEmailSchema = z.string({ error: 'Mot de passe actuel : à remplir.' }).max(PASSWORD_MAX_LENGTH * 4).optional();

const profileSchema = z.object({
	name: text('Nom et prénom', { max: 120 }),
	email: email(),
	passwordForEmail: passwordForEmailSchema
});

async function passwordHashOf(db: Db, userId: string): Promise<{ id: string; name: string; email: string; passwordHash: string; isGipAdmin: boolean }> {
	const [u] = await db.select({ id: users.id, name: users.name, email: users.email, passwordHash: users.passwordHash, isGipAdmin: users.isGipAdmin }).from(users).where(eq(users.id, userId));
	if (!u) throw new DomainError('Compte introuvable.', {}, 404);
	return u;
}

/**
 * Corrects the user's name and e-mail (art. 16). A new e-mail needs the current password (whoever
 * holds an open session must not take the account over) and must not belong to another account
 * (case ignored).
 */
export async function updateProfile(db: Db, actor: SessionUser, input: unknown): Promise<{ changed: boolean; name: string; email: string }> {
	const data = validate(profileSchema, input);
	const user = await passwordHashOf(db, actor.id);
	const newEmail = data.email.toLowerCase();
	const emailChanged = newEmail !== user.email.toLowerCase();
	if (emailChanged) {
		if (!data.passwordForEmail) throw new DomainError('Pour changer d’adresse e-mail, confirmez avec votre mot de passe actuel.', { passwordForEmail: 'Mot de passe actuel : à remplir pour changer d’adresse e-mail.' });
		if (!(await verifyPassword(user.passwordHash, data.passwordForEmail))) {
			throw new DomainError('Le mot de passe actuel est incorrect.', { passwordForEmail: 'Mot de passe actuel : incorrect.' });
		}
	}
	const changes: Record<string, { avant: string; apres: string }> = {};
	if (data.name !== user.name) changes.name = { avant: user.name, apres: data.name };
	if (emailChanged) changes.email = { avant: user.email, apres: newEmail };
	if (!Object.keys(changes).length) return { changed: false, name: user.name, email: user.email };
	const taken = new DomainError('Cette adresse ne peut pas être utilisée pour votre compte.', { email: 'Adresse e-mail : choisissez une autre adresse.' }, 409);
	if (emailChanged) {
		const [other] = await db.select({ id: users.id }).from(users).where(and(eq(sql`lower(${users.email})`, newEmail), ne(users.id, user.id)));
		if (other) throw taken;
	}
	try {
		await db.transaction(async (tx) => {
			await tx.update(users).set({ name: data.name, email: emailChanged ? newEmail : user.email }).where(eq(users.id, user.id));
			await appendAudit(tx, actorOf({ id: user.id, name: data.name }), { entity: 'compte', entityId: user.id, action: 'modification', changes });
		});
	} catch (err) {
		// Two changes at once to the same address: the unique index decides.
		if (/users_email_key|unique/i.test(String((err as { message?: unknown })?.message ?? '')) || (err as { code?: string })?.code === '23505') throw taken;
		throw err;
	}
	return { changed: true, name: data.name, email: emailChanged ? newEmail : user.email };
}

/** Everything the app holds about the user (art. 15 and 20), as one JSON document. */
export async function exportMyData(db: Db, actor: SessionUser, currentSessionId: string | null, now = new Date()) {
	const [user] = await db
		.select({ id: users.id, name: users.name, email: users.email, isGipAdmin: users.isGipAdmin, isTrainer: users.isTrainer, createdAt: users.createdAt, passwordChangedAt: users.passwordChangedAt })
		.from(users)
		.where(eq(users.id, actor.id));
	if (!user) throw new DomainError('Compte introuvable.', {}, 404);
	const [member, open, journal, trained] = await Promise.all([
		db
			.select({ commune: communes.name, inseeCode: communes.inseeCode, role: memberships.role, since: memberships.createdAt })
			.from(memberships)
			.innerJoin(communes, eq(communes.id, memberships.communeId))
			.where(eq(memberships.userId, user.id))
			.orderBy(asc(communes.name)),
		db.select({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt }).from(sessions).where(and(eq(sessions.userId, user.id), gt(sessions.expiresAt, now))).orderBy(asc(sessions.createdAt)),
		db
			.select({ at: auditLog.at, commune: communes.name, entity: auditLog.entity, entityId: auditLog.entityId, action: auditLog.action, changes: auditLog.changes })
			.from(auditLog)
			.leftJoin(communes, eq(communes.id, auditLog.communeId))
			.where(eq(auditLog.userId, user.id))
			.orderBy(asc(auditLog.id)),
		db.select({ title: trainingSessions.title, date: trainingSessions.date, place: trainingSessions.place }).from(trainingSessions).where(eq(trainingSessions.trainerId, user.id)).orderBy(asc(trainingSessions.date))
	]);
	return {
		format: 'super-chef-rgpd/mes-donnees',
		version: 1,
		exportedAt: now.toISOString(),
		account: {
			name: user.name,
			email: user.email,
			isGipAdmin: user.isGipAdmin,
			isTrainer: user.isTrainer,
			createdAt: user.createdAt.toISOString(),
			passwordChangedAt: user.passwordChangedAt.toISOString(),
			password: 'non communiqué : seule une empreinte (Argon2id) est gardée, personne ne peut le lire'
		},
		memberships: member.map((m) => ({ commune: m.commune, inseeCode: m.inseeCode, role: m.role, since: m.since.toISOString() })),
		// The session's identifier is the SHA-256 of its cookie: not given (it is a secret's fingerprint).
		sessions: open.map((s) => ({ createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString(), current: s.id === currentSessionId })),
		trainingSessions: trained,
		journal: journal.map((j) => ({ at: j.at.toISOString(), commune: j.commune, entity: j.entity, entityId: j.entityId, action: j.action, changes: j.changes }))
	};
}

const deleteSchema = z.object({
	password: z.string({ error: 'Mot de passe : à remplir.' }).min(1, { error: 'Mot de passe : à remplir.' }).max(PASSWORD_MAX_LENGTH * 4),
	confirm: z.literal('oui', { error: 'Cochez la case pour confirmer la suppression de votre compte.' })
});

/**
 * Deletes the user's account (art. 17), after the password. Refused while the user is the last DPD
 * of a commune (it would be left without anyone to run it), the last GIP administrator, or the
 * trainer of training sessions (they belong to the GIP). Sessions, memberships and reset links go
 * with the account; invitations and enrolments stay, without their author; the practice communes
 * the user alone works on are deleted. The journal keeps past entries with the author's name as
 * text, and no link to an account.
 */
export async function deleteAccount(db: Db, actor: SessionUser, input: unknown): Promise<void> {
	if ((input as { confirm?: unknown } | null)?.confirm !== 'oui') {
		throw new DomainError('Cochez la case pour confirmer la suppression de votre compte : elle est définitive.', { confirm: 'Cochez la case pour confirmer.' });
	}
	const data = validate(deleteSchema, input);
	const user = await passwordHashOf(db, actor.id);
	if (!(await verifyPassword(user.passwordHash, data.password))) {
		throw new DomainError('Le mot de passe est incorrect : le compte n’est pas supprimé.', { password: 'Mot de passe : incorrect.' });
	}
	await db.transaction(async (tx) => {
		await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
		const mine = await tx
			.select({ communeId: memberships.communeId, name: communes.name, role: memberships.role, isPractice: communes.isPractice })
			.from(memberships)
			.innerJoin(communes, eq(communes.id, memberships.communeId))
			.where(eq(memberships.userId, user.id));
		const alone: string[] = [];
		const practice: string[] = [];
		for (const m of mine) {
			const [others] = await tx.select({ n: count() }).from(memberships).where(and(eq(memberships.communeId, m.communeId), ne(memberships.userId, user.id)));
			if (m.isPractice && !others?.n) {
				practice.push(m.communeId);
				continue;
			}
			if (m.role !== 'dpd') continue;
			const [dpds] = await tx.select({ n: count() }).from(memberships).where(and(eq(memberships.communeId, m.communeId), eq(memberships.role, 'dpd'), ne(memberships.userId, user.id)));
			if (!dpds?.n) alone.push(m.name);
		}
		if (alone.length) {
			throw new DomainError(
				`Vous êtes le seul délégué (DPD) de ${alone.map((n) => `« ${n} »`).join(', ')} : invitez d’abord un autre DPD depuis la page « Membres » de la commune, ou demandez à l’administrateur du GIP. Sinon personne ne pourrait plus tenir son registre. Votre compte n’est pas supprimé.`,
				{},
				409
			);
		}
		if (user.isGipAdmin) {
			const [admins] = await tx.select({ n: count() }).from(users).where(and(eq(users.isGipAdmin, true), ne(users.id, user.id)));
			if (!admins?.n) throw new DomainError('Vous êtes le dernier administrateur du GIP : un autre administrateur doit d’abord être nommé, sinon plus personne ne pourrait administrer l’application. Votre compte n’est pas supprimé.', {}, 409);
		}
		const [sessionsLed] = await tx.select({ n: count() }).from(trainingSessions).where(eq(trainingSessions.trainerId, user.id));
		if (sessionsLed?.n) {
			throw new DomainError('Vous avez animé des sessions de formation : leurs listes d’émargement appartiennent au GIP. Demandez à l’administrateur du GIP de supprimer votre compte. Votre compte n’est pas supprimé.', {}, 409);
		}
		// The account's own entries (its creation, its corrections) keep what happened, not the e-mail
		// and names they quoted: they go with the account.
		await redactJournal(tx, null, [user.id], 'all', erasedMark(new Date()));
		// Logged before the account goes: the entry keeps the name as text (the journal has no link to accounts).
		await appendAudit(tx, actorOf(user), { entity: 'compte', entityId: user.id, action: 'suppression du compte', changes: practice.length ? { 'Communes d’exercice supprimées': practice.length } : {} });
		for (const id of practice) await tx.delete(communes).where(and(eq(communes.id, id), eq(communes.isPractice, true)));
		await tx.delete(formTokens).where(eq(formTokens.userId, user.id));
		await tx.delete(users).where(eq(users.id, user.id));
	});
}

// ---- One-time password reset links --------------------------------------------------------------

/**
 * A GIP administrator issues a link for a user who forgot their password: the token is shown once
 * (to pass on by a safe way, by phone), only its SHA-256 is stored; it works once, for
 * `RETENTION.passwordResetHours` hours. Earlier unused links of that user stop working.
 */
export async function issuePasswordReset(db: Db, admin: SessionUser, userId: string, now = new Date()): Promise<{ token: string; name: string; expiresAt: Date }> {
	if (!admin.isGipAdmin) throw new DomainError('Réservé aux administrateurs du GIP.', {}, 403);
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + RETENTION.passwordResetHours * HOUR);
	const name = await db.transaction(async (tx) => {
		const [u] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId)).for('update');
		if (!u) throw new DomainError('Compte introuvable.', {}, 404);
		await tx.delete(passwordResets).where(eq(passwordResets.userId, u.id));
		await tx.insert(passwordResets).values({ id: hashToken(token), userId: u.id, createdBy: admin.id, createdAt: now, expiresAt });
		await appendAudit(tx, actorOf(admin), { entity: 'compte', entityId: u.id, action: 'lien de réinitialisation du mot de passe', changes: { pour: u.name, 'valable jusqu’au': expiresAt.toISOString() }, at: now });
		return u.name;
	});
	return { token, name, expiresAt };
}

const validToken = (token: unknown): token is string => typeof token === 'string' && /^[a-z2-7]{32}$/.test(token);

/** The account a reset link opens, while it is valid; null otherwise (used, expired, unknown). */
export async function resetTarget(db: Db, token: unknown, now = new Date()): Promise<{ name: string } | null> {
	if (!validToken(token)) return null;
	const [row] = await db
		.select({ name: users.name })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
	return row ?? null;
}

const resetSchema = z
	.object({
		newPassword: z
			.string({ error: 'Nouveau mot de passe : la valeur envoyée n’est pas du texte.' })
			.max(PASSWORD_MAX_LENGTH * 4, { error: `Nouveau mot de passe : ${PASSWORD_MAX_LENGTH} caractères au plus.` })
			.superRefine((value, ctx) => {
				const check = checkPassword(value);
				if (!check.ok) ctx.addIssue({ code: 'custom', message: passwordMessage(check) });
			}),
		newPasswordConfirm: z.string({ error: 'Confirmation : à remplir.' })
	})
	.refine((v) => v.newPassword === v.newPasswordConfirm, { path: ['newPasswordConfirm'], error: 'Confirmation : les deux mots de passe ne sont pas identiques.' });

export const RESET_UNUSABLE = 'Ce lien ne fonctionne plus : il a déjà servi, il a expiré, ou il a été remplacé par un autre. Demandez un nouveau lien à l’administrateur du GIP.';

/** Sets the new password through a valid link, once: the link is spent and every session of the account closed. */
export async function usePasswordReset(db: Db, token: unknown, input: unknown, now = new Date()): Promise<void> {
	const data = validate(resetSchema, input);
	if (!validToken(token)) throw new DomainError(RESET_UNUSABLE, {}, 409);
	const passwordHash = await hashPassword(data.newPassword);
	await db.transaction(async (tx) => {
		// Locked and checked in the transaction: two uses of the same link at once, one wins.
		const [row] = await tx
			.select({ id: passwordResets.id, userId: passwordResets.userId })
			.from(passwordResets)
			.where(and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
			.for('update');
		if (!row) throw new DomainError(RESET_UNUSABLE, {}, 409);
		const [u] = await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, row.userId)).returning({ id: users.id, name: users.name });
		if (!u) throw new DomainError(RESET_UNUSABLE, {}, 409);
		await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, row.id));
		await invalidateAllSessions(tx, u.id);
		await appendAudit(tx, actorOf(u), { entity: 'compte', entityId: u.id, action: 'mot de passe réinitialisé par lien', changes: { password: true, sessions: 'toutes fermées' }, at: now });
	});
}
