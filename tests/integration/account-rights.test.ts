// The users' own rights (issue 14, outputs.md §8): correct name and e-mail, download their data,
// delete their account (not the last DPD, not the last GIP administrator), and a one-time reset
// link issued by a GIP administrator.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, generateToken } from '../../src/lib/server/auth/session';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { auditLog, invitations, memberships, passwordResets, sessions, users } from '../../src/lib/server/db/schema';
import { deleteAccount, exportMyData, issuePasswordReset, resetTarget, updateProfile, usePasswordReset } from '../../src/lib/server/domain/account-rights';
import { invite } from '../../src/lib/server/domain/members';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, failureText, makeCommune, makeUser, OTHER_STRONG_PASSWORD, STRONG_PASSWORD, uniqueEmail } from '../helpers/fixtures';

describe.each(engines())('users’ rights on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function withPassword(opts: Parameters<typeof makeUser>[1] = {}) {
		const user = await makeUser(db(), opts);
		await db().update(users).set({ passwordHash: await hashPassword(STRONG_PASSWORD) }).where(eq(users.id, user.id));
		return user;
	}

	it('corrects the name freely, the e-mail only with the password and only to a free address (case ignored)', async () => {
		const user = await withPassword({ name: 'Sophie Martn' });
		const other = await makeUser(db(), { email: uniqueEmail('autre') });
		await updateProfile(db(), user, { name: 'Sophie Martin', email: user.email });
		const newEmail = uniqueEmail('nouvelle');
		expect(await failureText(updateProfile(db(), user, { name: 'Sophie Martin', email: newEmail }))).toMatch(/mot de passe actuel/);
		expect(await failureText(updateProfile(db(), user, { name: 'Sophie Martin', email: newEmail, passwordForEmail: 'faux' }))).toMatch(/incorrect/);
		expect(await failureText(updateProfile(db(), user, { name: 'Sophie Martin', email: other.email.toUpperCase(), passwordForEmail: STRONG_PASSWORD }))).toMatch(/ne peut pas être utilisée/);
		await updateProfile(db(), user, { name: 'Sophie Martin', email: newEmail.toUpperCase(), passwordForEmail: STRONG_PASSWORD });
		const [row] = await db().select().from(users).where(eq(users.id, user.id));
		expect(row!.name).toBe('Sophie Martin');
		expect(row!.email).toBe(newEmail.toLowerCase());
		const journal = await db().select().from(auditLog).where(eq(auditLog.entityId, user.id));
		expect(journal.some((e) => e.action === 'modification' && JSON.stringify(e.changes).includes(newEmail.toLowerCase()))).toBe(true);
	});

	it('gives the user their data: account, memberships, sessions, the journal entries they wrote', async () => {
		const user = await makeUser(db(), { name: 'Paul Données' });
		const commune = await makeCommune(db(), user);
		await createSession(db(), generateToken(), user.id);
		const access = await accessOf(db(), user, commune.id);
		await saveRecord(db(), access, 'support', null, { name: 'Ordinateur de l’accueil', category: 'materiel' });
		const doc = await exportMyData(db(), user, null);
		expect(doc.account).toMatchObject({ name: 'Paul Données', email: user.email });
		expect(JSON.stringify(doc.account)).not.toContain('argon');
		expect(doc.memberships).toEqual([expect.objectContaining({ commune: commune.name, role: 'dpd' })]);
		expect(doc.sessions).toHaveLength(1);
		expect(doc.journal.some((j) => j.entity === 'support' && j.action === 'création')).toBe(true);
		expect(JSON.stringify(doc)).not.toMatch(/not-an-argon2-hash/);
	});

	it('refuses to delete the last DPD of a commune and the last GIP administrator, with the password; then deletes, keeping the name in the journal as text', async () => {
		const dpd = await withPassword({ name: 'Denise Départ' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);
		await invite(db(), access, { role: 'elu', label: 'le maire' });
		await saveRecord(db(), access, 'support', null, { name: 'Classeur', category: 'papier' });
		expect(await failureText(deleteAccount(db(), dpd, { password: 'faux', confirm: 'oui' }))).toMatch(/incorrect/);
		expect(await failureText(deleteAccount(db(), dpd, { password: STRONG_PASSWORD }))).toMatch(/Cochez la case/);
		expect(await failureText(deleteAccount(db(), dpd, { password: STRONG_PASSWORD, confirm: 'oui' }))).toMatch(/seul délégué \(DPD\) de « /);

		// A second DPD: now she may go.
		const second = await makeUser(db());
		await db().insert(memberships).values({ userId: second.id, communeId: commune.id, role: 'dpd' });
		await createSession(db(), generateToken(), dpd.id);
		const movedTo = uniqueEmail('denise');
		await updateProfile(db(), dpd, { name: 'Denise Départ', email: movedTo, passwordForEmail: STRONG_PASSWORD });
		expect(JSON.stringify(await db().select().from(auditLog).where(eq(auditLog.entityId, dpd.id)))).toContain(movedTo);
		await deleteAccount(db(), dpd, { password: STRONG_PASSWORD, confirm: 'oui' });
		expect(await db().select().from(users).where(eq(users.id, dpd.id))).toEqual([]);
		expect(await db().select().from(sessions).where(eq(sessions.userId, dpd.id))).toEqual([]);
		// Her invitation stays, without its author; her entries keep her name as text.
		const [inv] = await db().select().from(invitations).where(eq(invitations.communeId, commune.id));
		expect(inv!.createdBy).toBeNull();
		const entries = await db().select().from(auditLog).where(eq(auditLog.communeId, commune.id));
		expect(entries.filter((e) => e.userName === 'Denise Départ').length).toBeGreaterThan(0);
		// The account's own entries no longer quote its e-mail.
		const own = await db().select().from(auditLog).where(eq(auditLog.entityId, dpd.id));
		expect(own.map((e) => e.action)).toContain('suppression du compte');
		expect(JSON.stringify(own)).not.toContain(movedTo);
		expect(JSON.stringify(own)).not.toContain(dpd.email);

		const admin = await withPassword({ isGipAdmin: true });
		const others = await db().select().from(users).where(eq(users.isGipAdmin, true));
		for (const o of others) if (o.id !== admin.id) await db().update(users).set({ isGipAdmin: false }).where(eq(users.id, o.id));
		expect(await failureText(deleteAccount(db(), admin, { password: STRONG_PASSWORD, confirm: 'oui' }))).toMatch(/dernier administrateur du GIP/);
		for (const o of others) if (o.id !== admin.id) await db().update(users).set({ isGipAdmin: true }).where(eq(users.id, o.id));
	});

	it('issues a one-time reset link: stored hashed, single use, expires, closes the sessions', async () => {
		const admin = await makeUser(db(), { isGipAdmin: true });
		const user = await withPassword({ name: 'Oubli Mot' });
		const now = new Date('2026-12-06T10:00:00Z');
		await createSession(db(), generateToken(), user.id);
		const notAdmin = await makeUser(db());
		expect(await failureText(issuePasswordReset(db(), notAdmin, user.id, now))).toMatch(/administrateurs du GIP/);

		const first = await issuePasswordReset(db(), admin, user.id, now);
		const { token } = await issuePasswordReset(db(), admin, user.id, now);
		// The token itself is stored nowhere; a newer link replaces the older one.
		const stored = await db().select().from(passwordResets).where(eq(passwordResets.userId, user.id));
		expect(stored).toHaveLength(1);
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(await resetTarget(db(), first.token, now)).toBeNull();
		expect(await resetTarget(db(), token, now)).toEqual({ name: 'Oubli Mot' });
		expect(await resetTarget(db(), token, new Date(now.getTime() + 25 * 3600_000))).toBeNull();
		expect(await failureText(usePasswordReset(db(), token, { newPassword: OTHER_STRONG_PASSWORD, newPasswordConfirm: OTHER_STRONG_PASSWORD }, new Date(now.getTime() + 25 * 3600_000)))).toMatch(/ne fonctionne plus/);

		await usePasswordReset(db(), token, { newPassword: OTHER_STRONG_PASSWORD, newPasswordConfirm: OTHER_STRONG_PASSWORD }, new Date(now.getTime() + 3600_000));
		const [row] = await db().select().from(users).where(eq(users.id, user.id));
		expect(await verifyPassword(row!.passwordHash, OTHER_STRONG_PASSWORD)).toBe(true);
		expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
		// Once only.
		expect(await failureText(usePasswordReset(db(), token, { newPassword: STRONG_PASSWORD, newPasswordConfirm: STRONG_PASSWORD }, new Date(now.getTime() + 3600_000)))).toMatch(/ne fonctionne plus/);
	});
});
