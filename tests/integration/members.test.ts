import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/lib/server/auth/session';
import { invitations, memberships } from '../../src/lib/server/db/schema';
import {
	acceptInvitation,
	ROLE_CHANGE_NEEDS_CONFIRMATION,
	describeInvitation,
	invite,
	listMembers,
	listPendingInvitations,
	removeMember,
	revokeInvitation
} from '../../src/lib/server/domain/members';
import { READ_ONLY_MESSAGE } from '../../src/lib/server/tenancy';
import { engines, useDatabase } from '../helpers/db';
import {
	accessOf,
	auditOfCommune,
	domainError,
	expectAuditDelta,
	makeCommune,
	makeUser
} from '../helpers/fixtures';
import type { Db } from '../../src/lib/server/db';
import type { SessionUser } from '../../src/lib/server/auth/session';

describe.each(engines())('members and invitations on the $name database', (engine) => {
	const db = useDatabase(engine);

	/** A commune with its DPD, and the DPD's access. */
	async function communeWithDpd() {
		const dpd = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), dpd);
		return { dpd, commune, access: await accessOf(db(), dpd, commune.id) };
	}

	async function join(database: Db, dpdAccess: Awaited<ReturnType<typeof accessOf>>, user: SessionUser, role: 'dpd' | 'elu' | 'formateur') {
		const { token } = await invite(database, dpdAccess, { role });
		await acceptInvitation(database, user, token);
		return accessOf(database, user, dpdAccess.commune.id);
	}

	async function membershipOf(userId: string, communeId: string) {
		const [m] = await db()
			.select()
			.from(memberships)
			.where(and(eq(memberships.userId, userId), eq(memberships.communeId, communeId)));
		return m;
	}

	describe('invitations', () => {
		it('creates a link whose token is kept only as a hash, and audits it', async () => {
			const { commune, access } = await communeWithDpd();
			const { token, id } = await expectAuditDelta(db(), 1, () =>
				invite(db(), access, { role: 'elu', label: 'M. le maire' })
			);
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			const [row] = await db().select().from(invitations).where(eq(invitations.id, id));
			expect(row).toMatchObject({ tokenHash: hashToken(token), communeId: commune.id, role: 'elu', label: 'M. le maire' });
			expect(JSON.stringify(row)).not.toContain(token);
			const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
			expect(days).toBeGreaterThan(13.9);
			expect(days).toBeLessThanOrEqual(14);

			const entry = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(entry).toMatchObject({ entity: 'invitation', entityId: id, action: 'création', changes: { role: 'elu', pour: 'M. le maire' } });
			expect(JSON.stringify(entry)).not.toContain(token);

			expect(await describeInvitation(db(), token)).toEqual({ communeId: commune.id, communeName: 'Glanon', role: 'elu', usable: true });
			expect((await listPendingInvitations(db(), commune.id)).map((p) => p.id)).toEqual([id]);
		});

		it('refuses an unknown role, in French', async () => {
			const { access } = await communeWithDpd();
			const err = await expectAuditDelta(db(), 0, () => domainError(invite(db(), access, { role: 'maire' }), 400));
			expect(err.fieldErrors).toEqual({ role: 'Rôle : choisissez une des propositions.' });
		});

		it('makes the invited person a member once, with the invited role', async () => {
			const { commune, access } = await communeWithDpd();
			const elu = await makeUser(db(), { name: 'Marc Élu' });
			const { token, id } = await invite(db(), access, { role: 'elu' });

			const result = await expectAuditDelta(db(), 1, () => acceptInvitation(db(), elu, token));
			expect(result).toEqual({ communeId: commune.id });
			const m = await membershipOf(elu.id, commune.id);
			expect(m?.role).toBe('elu');
			const [inv] = await db().select().from(invitations).where(eq(invitations.id, id));
			expect(inv).toMatchObject({ acceptedBy: elu.id });
			expect(inv?.acceptedAt).toBeInstanceOf(Date);
			const entry = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(entry).toMatchObject({ entity: 'membre', entityId: m!.id, action: 'ajout', userId: elu.id, changes: { user: 'Marc Élu', role: 'elu', invitation: id } });

			// The link has been used: nobody else can use it.
			const someoneElse = await makeUser(db());
			const used = await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), someoneElse, token), 409));
			expect(used.message).toMatch(/déjà servi, a été annulé ou a expiré/);
			expect(await membershipOf(someoneElse.id, commune.id)).toBeUndefined();
			expect((await describeInvitation(db(), token))?.usable).toBe(false);
			expect(await listPendingInvitations(db(), commune.id)).toEqual([]);

			expect((await listMembers(db(), commune.id)).map((x) => [x.name, x.role]).sort()).toEqual([
				['Claire DPD', 'dpd'],
				['Marc Élu', 'elu']
			]);
		});

		it('refuses a malformed or unknown link (404)', async () => {
			const user = await makeUser(db());
			await domainError(acceptInvitation(db(), user, 'pas-un-jeton'), 404);
			await domainError(acceptInvitation(db(), user, 'a'.repeat(32)), 404);
			expect(await describeInvitation(db(), 'a'.repeat(32))).toBeNull();
			expect(await describeInvitation(db(), '../../etc/passwd')).toBeNull();
		});

		it('revokes a pending invitation; the link stops working', async () => {
			const { commune, access } = await communeWithDpd();
			const { token, id } = await invite(db(), access, { role: 'elu' });
			await expectAuditDelta(db(), 1, () => revokeInvitation(db(), access, id));
			const entry = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(entry).toMatchObject({ entity: 'invitation', entityId: id, action: 'annulation' });
			expect((await describeInvitation(db(), token))?.usable).toBe(false);
			expect(await listPendingInvitations(db(), commune.id)).toEqual([]);

			const user = await makeUser(db());
			await domainError(acceptInvitation(db(), user, token), 409);
			expect(await membershipOf(user.id, commune.id)).toBeUndefined();
			// Twice, or an accepted one, or not an id: not found.
			await expectAuditDelta(db(), 0, () => domainError(revokeInvitation(db(), access, id), 404));
			await domainError(revokeInvitation(db(), access, 'x'), 404);
		});

		it('does not let a commune revoke another commune’s invitation, nor an elected official revoke', async () => {
			const a = await communeWithDpd();
			const b = await communeWithDpd();
			const { token, id } = await invite(db(), b.access, { role: 'elu' });
			await expectAuditDelta(db(), 0, () => domainError(revokeInvitation(db(), a.access, id), 404));
			expect((await describeInvitation(db(), token))?.usable).toBe(true);

			const eluAccess = await join(db(), b.access, await makeUser(db()), 'elu');
			const err = await domainError(revokeInvitation(db(), eluAccess, id), 403);
			expect(err.message).toBe(READ_ONLY_MESSAGE);
			await domainError(invite(db(), eluAccess, { role: 'dpd' }), 403);
			expect((await describeInvitation(db(), token))?.usable).toBe(true);
		});

		it('refuses an expired link', async () => {
			const { commune, access } = await communeWithDpd();
			const { token, id } = await invite(db(), access, { role: 'elu' });
			await db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, id));
			expect((await describeInvitation(db(), token))?.usable).toBe(false);
			expect(await listPendingInvitations(db(), commune.id)).toEqual([]);
			const user = await makeUser(db());
			await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), user, token), 409));
			expect(await membershipOf(user.id, commune.id)).toBeUndefined();
		});

		it('keeps a trainer invitation for GIP trainers', async () => {
			const { commune, access } = await communeWithDpd();
			const { token } = await invite(db(), access, { role: 'formateur' });

			const notTrainer = await makeUser(db());
			const err = await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), notTrainer, token), 403));
			expect(err.message).toMatch(/formateur du GIP/);
			expect(await membershipOf(notTrainer.id, commune.id)).toBeUndefined();
			expect((await describeInvitation(db(), token))?.usable).toBe(true);

			const trainer = await makeUser(db(), { isTrainer: true });
			await expectAuditDelta(db(), 1, () => acceptInvitation(db(), trainer, token));
			const trainerAccess = await accessOf(db(), trainer, commune.id);
			expect(trainerAccess).toMatchObject({ role: 'formateur', canEdit: false });
		});

		it('changes the role of someone already a member, and audits it', async () => {
			const { commune, access } = await communeWithDpd();
			const user = await makeUser(db());
			await join(db(), access, user, 'elu');
			const { token } = await invite(db(), access, { role: 'dpd' });
			// Not without confirming it: nothing written, the link still usable.
			await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), user, token), 409));
			expect((await describeInvitation(db(), token, user.id))).toMatchObject({ usable: true, role: 'dpd', currentRole: 'elu' });
			await expectAuditDelta(db(), 1, () => acceptInvitation(db(), user, token, { changeRole: true }));
			expect((await membershipOf(user.id, commune.id))?.role).toBe('dpd');
			const entry = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(entry).toMatchObject({ entity: 'membre', action: 'changement de rôle', changes: { role: { avant: 'elu', apres: 'dpd' } } });
		});

		it('audits the use of a link by someone who already has that role', async () => {
			const { commune, access } = await communeWithDpd();
			const user = await makeUser(db());
			await join(db(), access, user, 'elu');
			const { token, id } = await invite(db(), access, { role: 'elu' });
			await expectAuditDelta(db(), 1, () => acceptInvitation(db(), user, token));
			expect((await membershipOf(user.id, commune.id))?.role).toBe('elu');
			expect((await describeInvitation(db(), token))?.usable).toBe(false);
			const entry = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(entry).toMatchObject({ entity: 'invitation', entityId: id, userId: user.id });
		});

		it('does not let the only DPD give up the role through an invitation link', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const { token } = await invite(db(), access, { role: 'elu' });
			const err = await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), dpd, token, { changeRole: true }), 409));
			expect(err.message).toMatch(/seul DPD/);
			expect((await membershipOf(dpd.id, commune.id))?.role).toBe('dpd');
			expect((await describeInvitation(db(), token))?.usable).toBe(true);

			// With a second DPD, it is allowed.
			await join(db(), access, await makeUser(db()), 'dpd');
			await acceptInvitation(db(), dpd, token, { changeRole: true });
			expect((await membershipOf(dpd.id, commune.id))?.role).toBe('elu');
		});

		it('never demotes a DPD who opens an elected official’s link without confirming (issue 14)', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			await join(db(), access, await makeUser(db()), 'dpd');
			const { token } = await invite(db(), access, { role: 'elu' });
			expect(await describeInvitation(db(), token, dpd.id)).toMatchObject({ role: 'elu', currentRole: 'dpd', usable: true });
			const err = await expectAuditDelta(db(), 0, () => domainError(acceptInvitation(db(), dpd, token), 409));
			expect(err.message).toBe(ROLE_CHANGE_NEEDS_CONFIRMATION);
			expect((await membershipOf(dpd.id, commune.id))?.role).toBe('dpd');
			// The link stays for the person it was meant for.
			expect((await describeInvitation(db(), token))?.usable).toBe(true);
			const mayor = await makeUser(db());
			await acceptInvitation(db(), mayor, token);
			expect((await membershipOf(mayor.id, commune.id))?.role).toBe('elu');
			expect((await membershipOf(dpd.id, commune.id))?.role).toBe('dpd');
		});
	});

	describe('removing members', () => {
		it('never removes the last DPD', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const m = await membershipOf(dpd.id, commune.id);
			const err = await expectAuditDelta(db(), 0, () => domainError(removeMember(db(), access, m!.id), 409));
			expect(err.message).toMatch(/au moins un DPD/);
			expect(await membershipOf(dpd.id, commune.id)).toBeDefined();
		});

		it('removes an elected official, or a DPD when another remains, and audits it', async () => {
			const { dpd, commune, access } = await communeWithDpd();
			const elu = await makeUser(db(), { name: 'Marc Élu' });
			await join(db(), access, elu, 'elu');
			const eluMembership = await membershipOf(elu.id, commune.id);
			await expectAuditDelta(db(), 1, () => removeMember(db(), access, eluMembership!.id));
			expect(await membershipOf(elu.id, commune.id)).toBeUndefined();
			expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({
				entity: 'membre',
				entityId: eluMembership!.id,
				action: 'retrait',
				changes: { user: 'Marc Élu', role: 'elu' }
			});

			const second = await makeUser(db());
			await join(db(), access, second, 'dpd');
			// The first DPD may now leave.
			const mine = await membershipOf(dpd.id, commune.id);
			await expectAuditDelta(db(), 1, () => removeMember(db(), access, mine!.id));
			expect(await membershipOf(dpd.id, commune.id)).toBeUndefined();
			// …and the remaining one may not.
			const secondAccess = await accessOf(db(), second, commune.id);
			const theirs = await membershipOf(second.id, commune.id);
			await domainError(removeMember(db(), secondAccess, theirs!.id), 409);
		});

		it('refuses an elected official (403), another commune’s member and a non-id (404)', async () => {
			const a = await communeWithDpd();
			const b = await communeWithDpd();
			const elu = await makeUser(db());
			const eluAccess = await join(db(), a.access, elu, 'elu');
			const aDpd = await membershipOf(a.dpd.id, a.commune.id);
			await join(db(), a.access, await makeUser(db()), 'dpd');

			const err = await expectAuditDelta(db(), 0, () => domainError(removeMember(db(), eluAccess, aDpd!.id), 403));
			expect(err.message).toBe(READ_ONLY_MESSAGE);
			await expectAuditDelta(db(), 0, () => domainError(removeMember(db(), b.access, aDpd!.id), 404));
			await domainError(removeMember(db(), a.access, 'not-an-id'), 404);
			await domainError(removeMember(db(), a.access, undefined), 404);
			expect(await membershipOf(a.dpd.id, a.commune.id)).toBeDefined();
		});
	});
});
