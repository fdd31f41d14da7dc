import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit';
import { generateToken, hashToken, type SessionUser } from '../auth/session';
import type { Db } from '../db';
import { communes, invitations, memberships, ROLES, users, type Role } from '../db/schema';
import { choice, isUuid, optionalText } from '../forms';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError, validate } from './errors';

const INVITATION_LIFETIME = 14 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
	role: choice('Rôle', ROLES),
	label: optionalText('Pour qui', 120)
});

export async function listMembers(db: Db, communeId: string) {
	return db
		.select({ id: memberships.id, userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.communeId, communeId))
		.orderBy(users.name);
}

export async function listPendingInvitations(db: Db, communeId: string) {
	return db
		.select({ id: invitations.id, role: invitations.role, label: invitations.label, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
		.from(invitations)
		.where(
			and(
				eq(invitations.communeId, communeId),
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
				gt(invitations.expiresAt, new Date())
			)
		)
		.orderBy(desc(invitations.createdAt));
}

/** Creates an invitation link; the token is shown once and only its hash is kept. */
export async function invite(db: Db, access: Access, input: unknown): Promise<{ token: string; id: string }> {
	assertCanEdit(access);
	const data = validate(inviteSchema, input);
	const token = generateToken();
	return db.transaction(async (tx) => {
		const [inv] = await tx
			.insert(invitations)
			.values({
				tokenHash: hashToken(token),
				communeId: access.commune.id,
				role: data.role,
				label: data.label,
				createdBy: access.user.id,
				expiresAt: new Date(Date.now() + INVITATION_LIFETIME)
			})
			.returning();
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'invitation',
			entityId: inv!.id,
			action: 'création',
			changes: { role: data.role, pour: data.label }
		});
		return { token, id: inv!.id };
	});
}

export async function revokeInvitation(db: Db, access: Access, invitationId: unknown): Promise<void> {
	assertCanEdit(access);
	if (!isUuid(invitationId)) throw new DomainError('Invitation introuvable.', {}, 404);
	await db.transaction(async (tx) => {
		const [inv] = await tx
			.update(invitations)
			.set({ revokedAt: new Date() })
			.where(and(eq(invitations.id, invitationId), eq(invitations.communeId, access.commune.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
			.returning();
		if (!inv) throw new DomainError('Invitation introuvable ou déjà utilisée.', {}, 404);
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'invitation',
			entityId: inv.id,
			action: 'annulation'
		});
	});
}

/** What an invitation link leads to, for the page that asks to accept it. */
/** Said when a member opens a link for another role and has not confirmed the change. */
export const ROLE_CHANGE_NEEDS_CONFIRMATION = 'Vous êtes déjà membre de cette commune avec un autre rôle : ce lien ne le change que si vous le confirmez.';

/** The invitation behind a link; with `userId`, that user's current role in its commune (null when not a member). */
export async function describeInvitation(db: Db, token: string, userId?: string) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const [row] = await db
		.select({ invitation: invitations, communeName: communes.name, communeId: communes.id })
		.from(invitations)
		.innerJoin(communes, eq(communes.id, invitations.communeId))
		.where(eq(invitations.tokenHash, hashToken(token)));
	if (!row) return null;
	const { invitation } = row;
	const usable = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > new Date();
	const out = { communeId: row.communeId, communeName: row.communeName, role: invitation.role, usable };
	if (!userId) return out;
	const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.communeId, row.communeId)));
	return { ...out, currentRole: (m?.role ?? null) as Role | null };
}

/**
 * Uses an invitation link. A member of the commune with another role keeps it unless `changeRole`
 * says they confirmed the change (the page shows both roles): a link never silently demotes a DPD.
 */
export async function acceptInvitation(db: Db, user: SessionUser, token: string, opts: { changeRole?: boolean } = {}): Promise<{ communeId: string }> {
	if (!/^[a-z2-7]{32}$/.test(token)) throw new DomainError('Ce lien d’invitation n’est pas valide.', {}, 404);
	return db.transaction(async (tx) => {
		const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for('update');
		if (!inv) throw new DomainError('Ce lien d’invitation n’est pas valide.', {}, 404);
		if (inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) {
			throw new DomainError('Ce lien d’invitation a déjà servi, a été annulé ou a expiré. Demandez-en un nouveau.', {}, 409);
		}
		if (inv.role === 'formateur' && !user.isTrainer) {
			throw new DomainError('Cette invitation est destinée à un formateur du GIP ; votre compte n’a pas ce rôle.', {}, 403);
		}
		const [existing] = await tx
			.select()
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), eq(memberships.communeId, inv.communeId)));
		// Nothing is written, and the link stays usable, until the member confirms a change of role.
		if (existing && existing.role !== inv.role && !opts.changeRole) throw new DomainError(ROLE_CHANGE_NEEDS_CONFIRMATION, {}, 409);
		await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: user.id }).where(eq(invitations.id, inv.id));
		if (existing) {
			if (existing.role === inv.role) {
				// Nothing changes but the link is used up: the journal says so.
				await appendAudit(tx, user, {
					communeId: inv.communeId,
					entity: 'invitation',
					entityId: inv.id,
					action: 'utilisée (déjà membre avec ce rôle)',
					changes: { user: user.name, role: inv.role }
				});
			} else {
				if (existing.role === 'dpd') {
					// Same rule as removeMember: the commune keeps at least one DPD.
					const dpds = await tx
						.select({ id: memberships.id })
						.from(memberships)
						.where(and(eq(memberships.communeId, inv.communeId), eq(memberships.role, 'dpd')))
						.for('update');
					if (dpds.length <= 1) {
						throw new DomainError(
							'Vous êtes le seul DPD de cette commune : ce lien vous retirerait ce rôle. Invitez d’abord un autre DPD.',
							{},
							409
						);
					}
				}
				await tx.update(memberships).set({ role: inv.role }).where(eq(memberships.id, existing.id));
				await appendAudit(tx, user, {
					communeId: inv.communeId,
					entity: 'membre',
					entityId: existing.id,
					action: 'changement de rôle',
					changes: { user: user.name, role: { avant: existing.role, apres: inv.role } }
				});
			}
			return { communeId: inv.communeId };
		}
		const [m] = await tx.insert(memberships).values({ userId: user.id, communeId: inv.communeId, role: inv.role }).returning();
		await appendAudit(tx, user, {
			communeId: inv.communeId,
			entity: 'membre',
			entityId: m!.id,
			action: 'ajout',
			changes: { user: user.name, role: inv.role, invitation: inv.id }
		});
		return { communeId: inv.communeId };
	});
}

export async function removeMember(db: Db, access: Access, membershipId: unknown): Promise<void> {
	assertCanEdit(access);
	if (!isUuid(membershipId)) throw new DomainError('Membre introuvable.', {}, 404);
	await db.transaction(async (tx) => {
		const [m] = await tx
			.select({ id: memberships.id, role: memberships.role, name: users.name })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.id, membershipId), eq(memberships.communeId, access.commune.id)))
			.for('update');
		if (!m) throw new DomainError('Membre introuvable.', {}, 404);
		if (m.role === 'dpd') {
			const dpds = await tx
				.select({ id: memberships.id })
				.from(memberships)
				.where(and(eq(memberships.communeId, access.commune.id), eq(memberships.role, 'dpd')))
				.for('update');
			if (dpds.length <= 1) {
				throw new DomainError('La commune doit garder au moins un DPD : invitez-en un autre avant de retirer celui-ci.', {}, 409);
			}
		}
		await tx.delete(memberships).where(eq(memberships.id, m.id));
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'membre',
			entityId: m.id,
			action: 'retrait',
			changes: { user: m.name, role: m.role }
		});
	});
}

/** The communes a user belongs to, for the switcher and the home page. */
export async function userCommunes(db: Db, userId: string) {
	return db
		.select({ id: communes.id, name: communes.name, type: communes.type, inseeCode: communes.inseeCode, role: memberships.role, isPractice: communes.isPractice })
		.from(memberships)
		.innerJoin(communes, eq(communes.id, memberships.communeId))
		.where(eq(memberships.userId, userId))
		.orderBy(communes.name);
}
