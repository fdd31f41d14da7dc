// The demonstration data: three small communes of Côte-d'Or served by one secretary who is their
// DPD, the mayor of one of them, a GIP trainer and a GIP administrator. Idempotent: running it
// again finds what exists and adds only what is missing.
import { and, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit';
import { hashPassword, verifyPassword } from '../auth/password';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db';
import { communes, memberships, users, type Role } from '../db/schema';
import { createCommune } from '../domain/communes';
import type { Access } from '../tenancy';
import { seedAdvice } from './advice';
import { seedGlanonFollowUp, seedGlanonProgress } from '../domain/demo-content';

// Glanon's content lives in the domain (practice communes start from it too); re-exported here.
export { seedGlanonFollowUp, seedGlanonProgress };

export interface DemoAccount {
	key: 'secretaire' | 'maire' | 'formateur' | 'admin';
	name: string;
	email: string;
	password: string;
	isTrainer?: boolean;
	isGipAdmin?: boolean;
	description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{
		key: 'secretaire',
		name: 'Sophie Martin',
		email: 'secretaire@demo.superchef-rgpd.fr',
		password: 'Secretaire-Demo-2026!',
		description: 'secrétaire de mairie, DPD de Glanon, Thorey-sur-Ouche et Collonges-et-Premières'
	},
	{
		key: 'maire',
		name: 'Jean Bernard',
		email: 'maire.glanon@demo.superchef-rgpd.fr',
		password: 'Maire-Glanon-2026!',
		description: 'maire de Glanon (élu, lecture seule)'
	},
	{
		key: 'formateur',
		name: 'Claire Petit',
		email: 'formatrice@demo.superchef-rgpd.fr',
		password: 'Formatrice-GIP-2026!',
		isTrainer: true,
		description: 'formatrice du GIP (lecture seule sur Thorey-sur-Ouche)'
	},
	{
		key: 'admin',
		name: 'Luc Moreau',
		email: 'admin@demo.superchef-rgpd.fr',
		password: 'Admin-GIP-Demo-2026!',
		isGipAdmin: true,
		description: 'administrateur du GIP'
	}
];

export const DEMO_COMMUNES = [
	{ inseeCode: '21301', address: '2 rue de l’Église, 21250 Glanon', mayorName: 'Jean Bernard', email: 'mairie.glanon@demo.superchef-rgpd.fr', phone: '03 80 00 12 34' },
	{ inseeCode: '21634', address: '1 place de la Mairie, 21360 Thorey-sur-Ouche', mayorName: 'Odile Fournier', email: 'mairie.thorey@demo.superchef-rgpd.fr', phone: '03 80 00 56 78' },
	{ inseeCode: '21183', address: '4 rue de la Mairie, 21110 Collonges-et-Premières', mayorName: 'Henri Roux', email: 'mairie.collonges@demo.superchef-rgpd.fr', phone: '03 80 00 90 12' }
] as const;

async function ensureUser(db: Db, a: DemoAccount): Promise<SessionUser> {
	const [existing] = await db.select().from(users).where(eq(sql`lower(${users.email})`, a.email));
	if (existing) {
		if (!(await verifyPassword(existing.passwordHash, a.password))) {
			const passwordHash = await hashPassword(a.password);
			await db.transaction(async (tx) => {
				await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, existing.id));
				await appendAudit(tx, null, { entity: 'compte', entityId: existing.id, action: 'mot de passe de démonstration rétabli', changes: { password: true } });
			});
		}
		return existing;
	}
	const passwordHash = await hashPassword(a.password);
	return db.transaction(async (tx) => {
		const [u] = await tx
			.insert(users)
			.values({ name: a.name, email: a.email, passwordHash, isTrainer: a.isTrainer ?? false, isGipAdmin: a.isGipAdmin ?? false })
			.returning();
		await appendAudit(tx, null, { entity: 'compte', entityId: u!.id, action: 'création (démonstration)', changes: { name: a.name, email: a.email } });
		return u!;
	});
}

async function ensureMembership(db: Db, user: SessionUser, communeId: string, role: Role, by: SessionUser) {
	const [m] = await db.select().from(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.communeId, communeId)));
	if (m) return;
	await db.transaction(async (tx) => {
		const [created] = await tx.insert(memberships).values({ userId: user.id, communeId, role }).returning();
		await appendAudit(tx, by, { communeId, entity: 'membre', entityId: created!.id, action: 'ajout', changes: { user: user.name, role } });
	});
}

export async function seedDemo(db: Db) {
	const accounts = new Map<DemoAccount['key'], SessionUser>();
	for (const a of DEMO_ACCOUNTS) accounts.set(a.key, await ensureUser(db, a));
	const secretary = accounts.get('secretaire')!;
	const ids: Record<string, string> = {};
	for (const c of DEMO_COMMUNES) {
		const [existing] = await db
			.select({ id: communes.id })
			.from(communes)
			.innerJoin(memberships, eq(memberships.communeId, communes.id))
			.where(and(eq(communes.inseeCode, c.inseeCode), eq(memberships.userId, secretary.id), eq(communes.type, 'commune')));
		ids[c.inseeCode] = existing
			? existing.id
			: (await createCommune(db, secretary, { type: 'commune', officialCode: c.inseeCode, address: c.address, mayorName: c.mayorName, email: c.email, phone: c.phone, siren: '' })).id;
	}
	await ensureMembership(db, accounts.get('maire')!, ids['21301']!, 'elu', secretary);
	await ensureMembership(db, accounts.get('formateur')!, ids['21634']!, 'formateur', secretary);
	const [glanon] = await db.select().from(communes).where(eq(communes.id, ids['21301']!));
	const glanonAccess: Access = { user: secretary, commune: glanon!, role: 'dpd', canEdit: true };
	await seedGlanonProgress(db, glanonAccess);
	await seedGlanonFollowUp(db, glanonAccess);
	await seedAdvice(db, accounts.get('admin')!);
	return { accounts, communeIds: ids };
}
