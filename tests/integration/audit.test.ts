import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../src/lib/server/audit';
import { createSession, generateToken, hashToken, validateSessionToken } from '../../src/lib/server/auth/session';
import { auditLog, communes, memberships, sessions } from '../../src/lib/server/db/schema';
import { logOutEverywhere } from '../../src/lib/server/domain/accounts';
import { createCommune, updateCommune } from '../../src/lib/server/domain/communes';
import { DomainError } from '../../src/lib/server/domain/errors';
import { acceptInvitation, invite, removeMember, revokeInvitation } from '../../src/lib/server/domain/members';
import { engines, useDatabase } from '../helpers/db';
import {
	accessOf,
	auditCount,
	auditOfCommune,
	expectAuditDelta,
	failureText,
	makeCommune,
	makeUser
} from '../helpers/fixtures';

/** Audit entries written in this name fail (see the trigger below), to force a rollback. */
const FAILING_ACTOR = 'Échec forcé';

describe.each(engines())('audit log on the $name database', (engine) => {
	const db = useDatabase(engine);

	beforeAll(async () => {
		// Test-only trigger: an audit entry about a member or an account, written in the name of
		// FAILING_ACTOR, raises an error, as a failing write would, after the rest of the work.
		await db().execute(sql.raw(`
			CREATE FUNCTION test_failing_audit() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.user_name = '${FAILING_ACTOR}' AND NEW.entity IN ('membre', 'compte') THEN
					RAISE EXCEPTION 'échec forcé par le test';
				END IF;
				RETURN NEW;
			END;
			$$`));
		await db().execute(
			sql.raw(`CREATE TRIGGER test_failing_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_failing_audit()`)
		);
	});

	async function oneEntry() {
		const user = await makeUser(db());
		await appendAudit(db(), user, { entity: 'test', entityId: 'x', action: 'essai', changes: { a: 1 } });
		const [entry] = await db().select().from(auditLog).where(eq(auditLog.userId, user.id));
		return entry!;
	}

	describe('append-only', () => {
		it('refuses to change an entry', async () => {
			const entry = await oneEntry();
			const text = await failureText(db().update(auditLog).set({ action: 'falsifié' }).where(eq(auditLog.id, entry.id)));
			expect(text).toContain('audit_log is append-only');
			const [after] = await db().select().from(auditLog).where(eq(auditLog.id, entry.id));
			expect(after).toEqual(entry);
		});

		it('refuses to delete an entry, even all of them, even by TRUNCATE', async () => {
			const entry = await oneEntry();
			const count = await auditCount(db());
			expect(await failureText(db().delete(auditLog).where(eq(auditLog.id, entry.id)))).toContain('audit_log is append-only');
			expect(await failureText(db().delete(auditLog))).toContain('audit_log is append-only');
			expect(await failureText(db().execute(sql`truncate table audit_log`))).toContain('audit_log is append-only');
			expect(await auditCount(db())).toBe(count);
		});

		it('makes a transaction that tries to rewrite history fail as a whole', async () => {
			const entry = await oneEntry();
			const user = await makeUser(db());
			const text = await failureText(
				db().transaction(async (tx) => {
					await appendAudit(tx, user, { entity: 'test', entityId: 'y', action: 'avant la falsification' });
					await tx.update(auditLog).set({ changes: {} }).where(eq(auditLog.id, entry.id));
				})
			);
			expect(text).toContain('audit_log is append-only');
			expect(await db().select().from(auditLog).where(eq(auditLog.userId, user.id))).toEqual([]);
		});
	});

	describe('entries', () => {
		it('never hold a secret, and may have no author', async () => {
			await appendAudit(db(), null, {
				entity: 'test',
				entityId: 'secrets',
				action: 'essai',
				changes: { password: 'Glanon-2024!', passwordHash: '$argon2id$…', token: 'abc', tokenHash: 'def', name: 'Anne' }
			});
			const [entry] = await db().select().from(auditLog).where(eq(auditLog.entityId, 'secrets'));
			expect(entry).toMatchObject({ userId: null, userName: '', communeId: null });
			expect(entry?.changes).toEqual({
				password: '(modifié)',
				passwordHash: '(modifié)',
				token: '(modifié)',
				tokenHash: '(modifié)',
				name: 'Anne'
			});
		});

		it('are listed per commune, newest first, by pages', async () => {
			const user = await makeUser(db());
			const a = await makeCommune(db(), user);
			const b = await makeCommune(db(), user, '21607');
			const access = await accessOf(db(), user, a.id);
			for (let i = 1; i <= 3; i++) await updateCommune(db(), access, { address: `${i} place de la Mairie` });
			const all = await listAudit(db(), a.id);
			expect(all.map((e) => e.action)).toEqual(['modification', 'modification', 'modification', 'ajout', 'création']);
			expect(all.every((e) => e.communeId === a.id)).toBe(true);
			expect((await listAudit(db(), b.id)).map((e) => e.action)).toEqual(['ajout', 'création']);

			const page1 = await listAudit(db(), a.id, { limit: 2 });
			const page2 = await listAudit(db(), a.id, { limit: 2, before: page1.at(-1)!.id });
			const page3 = await listAudit(db(), a.id, { limit: 2, before: page2.at(-1)!.id });
			expect([...page1, ...page2, ...page3].map((e) => e.id)).toEqual(all.map((e) => e.id));
			expect(await listAudit(db(), a.id, { limit: 0 })).toHaveLength(1);
			expect(await listAudit(db(), a.id, { limit: 10_000 })).toHaveLength(5);
		});

		it('follow every write in the life of a commune, one entry per write', async () => {
			const dpd = await makeUser(db(), { name: 'Claire DPD' });
			const elu = await makeUser(db(), { name: 'Marc Élu' });
			const commune = await expectAuditDelta(db(), 2, () => createCommune(db(), dpd, { type: 'commune', officialCode: '21301' }));
			const access = await accessOf(db(), dpd, commune.id);
			await expectAuditDelta(db(), 1, () => updateCommune(db(), access, { mayorName: 'Marie Dupont' }));
			const { token } = await expectAuditDelta(db(), 1, () => invite(db(), access, { role: 'elu' }));
			await expectAuditDelta(db(), 1, () => acceptInvitation(db(), elu, token));
			const { id } = await expectAuditDelta(db(), 1, () => invite(db(), access, { role: 'dpd' }));
			await expectAuditDelta(db(), 1, () => revokeInvitation(db(), access, id));
			const [m] = await db().select().from(memberships).where(eq(memberships.userId, elu.id));
			await expectAuditDelta(db(), 1, () => removeMember(db(), access, m!.id));

			const entries = await auditOfCommune(db(), commune.id);
			expect(entries.map((e) => [e.userName, e.entity, e.action])).toEqual([
				['Claire DPD', 'organisme', 'création'],
				['Claire DPD', 'membre', 'ajout'],
				['Claire DPD', 'organisme', 'modification'],
				['Claire DPD', 'invitation', 'création'],
				['Marc Élu', 'membre', 'ajout'],
				['Claire DPD', 'invitation', 'création'],
				['Claire DPD', 'invitation', 'annulation'],
				['Claire DPD', 'membre', 'retrait']
			]);
			// Ids only grow: the journal is in the order of the writes.
			const ids = entries.map((e) => e.id);
			expect(ids).toEqual([...ids].sort((x, y) => x - y));
		});
	});

	describe('atomicity', () => {
		it('leaves no commune, no member and no audit entry when the last write of a creation fails', async () => {
			const user = await makeUser(db());
			const communesBefore = (await db().select().from(communes)).length;
			const auditBefore = await auditCount(db());
			// The "organisme" entry is written, then the "membre" one fails: all must be undone.
			const text = await failureText(
				createCommune(db(), { ...user, name: FAILING_ACTOR }, { type: 'commune', officialCode: '21301' })
			);
			expect(text).toContain('échec forcé par le test');
			expect((await db().select().from(communes)).length).toBe(communesBefore);
			expect(await db().select().from(memberships).where(eq(memberships.userId, user.id))).toEqual([]);
			expect(await auditCount(db())).toBe(auditBefore);
		});

		it('keeps the member when the audit entry of a removal fails', async () => {
			const dpd = await makeUser(db());
			const elu = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const access = await accessOf(db(), dpd, commune.id);
			const { token } = await invite(db(), access, { role: 'elu' });
			await acceptInvitation(db(), elu, token);
			const [m] = await db().select().from(memberships).where(eq(memberships.userId, elu.id));
			const auditBefore = await auditCount(db());

			const failing = { ...access, user: { ...access.user, name: FAILING_ACTOR } };
			const text = await failureText(removeMember(db(), failing, m!.id));
			expect(text).toContain('échec forcé par le test');
			expect(await db().select().from(memberships).where(eq(memberships.id, m!.id))).toHaveLength(1);
			expect(await auditCount(db())).toBe(auditBefore);
		});

		it('keeps the sessions when the audit entry of "log out everywhere" fails', async () => {
			const user = await makeUser(db());
			const token = generateToken();
			await createSession(db(), token, user.id);
			const auditBefore = await auditCount(db());
			const err = await logOutEverywhere(db(), { ...user, name: FAILING_ACTOR }).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(Error);
			expect(err).not.toBeInstanceOf(DomainError);
			expect(await db().select().from(sessions).where(eq(sessions.id, hashToken(token)))).toHaveLength(1);
			expect((await validateSessionToken(db(), token))?.user.id).toBe(user.id);
			expect(await auditCount(db())).toBe(auditBefore);
		});
	});
});
