import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit, diff } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db, Executor } from '../db';
import { BODY_TYPES, communes, memberships, type BodyType, type Commune } from '../db/schema';
import { choice, optionalEmail, optionalText } from '../forms';
import { findOfficial, type OfficialBody } from '../official-list';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError, validate } from './errors';

export const BODY_TYPE_LABELS: Record<BodyType, string> = {
	commune: 'Commune',
	ccas: 'CCAS (centre communal d’action sociale)',
	epci: 'EPCI (communauté de communes, d’agglomération…)',
	syndicat: 'Syndicat intercommunal ou mixte',
	autre: 'Autre organisme public'
};

const siren = z
	// Absent (the creation form shows no SIREN field for a commune or an EPCI) means empty.
	.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '') : v === undefined || v === null ? '' : v), z.string({ error: 'SIREN : la valeur envoyée n’est pas du texte.' }))
	.refine((v) => v === '' || /^\d{9}$/.test(v), { error: 'SIREN : 9 chiffres (il figure sur vos factures et sur l’avis de situation INSEE).' })
	.refine((v) => v === '' || luhn(v), { error: 'SIREN : ce numéro n’est pas valide (la clé de contrôle ne correspond pas) ; vérifiez les chiffres.' });

const phone = optionalText('Téléphone', 30).refine((v) => v === '' || /^[+\d][\d .()-]{8,}$/.test(v), {
	error: 'Téléphone : un numéro comme 03 80 12 34 56 ou +33 3 80 12 34 56.'
});

/** Luhn check used by SIREN numbers (La Poste's SIREN 356000000 is the known exception). */
export function luhn(digits: string): boolean {
	if (digits === '356000000') return true;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

/** What the dossier will need about the body, edited on the identity page. */
export const communeDetailsSchema = z.object({
	name: optionalText('Nom de l’organisme', 150),
	address: optionalText('Adresse postale', 300),
	siren,
	mayorName: optionalText('Nom du maire ou du président', 120),
	email: optionalEmail('E-mail de la mairie'),
	phone
});

export const createCommuneSchema = communeDetailsSchema.extend({
	type: choice('Type d’organisme', BODY_TYPES),
	officialCode: z
		.string({ error: 'Choisissez votre organisme dans la liste officielle.' })
		.regex(/^[0-9AB]{5}$|^\d{9}$/, { error: 'Choisissez votre organisme dans la liste officielle.' }),
	/**
	 * The official code the user confirmed after being told she already has this body (the form's
	 * « Créer quand même » button sends it): the creation goes on for that code only.
	 */
	confirmDuplicate: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string())
});

/** The kind of body in a sentence: « Glanon (commune, 21301) ». */
const SHORT_TYPE: Record<BodyType, string> = { commune: 'commune', ccas: 'CCAS', epci: 'EPCI', syndicat: 'syndicat', autre: 'organisme' };

/** A body the user already has, found when she asks to create it again. */
export interface ManagedDuplicate {
	id: string;
	name: string;
	role: 'dpd' | 'elu';
	/** « Glanon (commune, 21301) », « Dijon Métropole (EPCI, SIREN 242100410) ». */
	label: string;
	/** « Vous gérez déjà Glanon (commune, 21301). Ouvrir Glanon, ou en créer une autre quand même ? » */
	question: string;
}

/**
 * Refused until confirmed: the user already manages (as DPD) or follows (as elected official) a
 * body of this type with this official code. The form asks, and sends `confirmDuplicate` (the
 * official code) to go on.
 */
export class DuplicateCommuneError extends DomainError {
	constructor(public existing: ManagedDuplicate) {
		super(existing.question, {}, 409);
	}
}

/**
 * The user's body that this creation would duplicate, or null: same type and official code (the
 * INSEE code of a commune or a CCAS, the SIREN of an EPCI; for a syndicat or another body, whose
 * code is only its seat's, also the same name or SIREN). Practice communes do not count.
 */
export async function findManagedDuplicate(
	db: Executor,
	userId: string,
	wanted: { type: BodyType; official: OfficialBody; name: string; siren: string }
): Promise<ManagedDuplicate | null> {
	const { type, official } = wanted;
	const same =
		type === 'epci'
			? eq(communes.siren, official.code)
			: type === 'commune' || type === 'ccas'
				? eq(communes.inseeCode, official.code)
				: and(
						eq(communes.inseeCode, official.code),
						wanted.siren ? sql`(lower(${communes.name}) = lower(${wanted.name}) or ${communes.siren} = ${wanted.siren})` : sql`lower(${communes.name}) = lower(${wanted.name})`
					);
	const [row] = await db
		.select({ id: communes.id, name: communes.name, type: communes.type, inseeCode: communes.inseeCode, siren: communes.siren, role: memberships.role })
		.from(memberships)
		.innerJoin(communes, eq(communes.id, memberships.communeId))
		.where(and(eq(memberships.userId, userId), inArray(memberships.role, ['dpd', 'elu']), eq(communes.isPractice, false), eq(communes.type, type), same))
		.orderBy(communes.createdAt)
		.limit(1);
	if (!row) return null;
	const code = row.type === 'epci' ? `SIREN ${row.siren ?? official.code}` : (row.inseeCode ?? official.code);
	const label = `${row.name} (${SHORT_TYPE[row.type]}, ${code})`;
	const role = row.role === 'dpd' ? 'dpd' : 'elu';
	const another = row.type === 'commune' ? 'une autre' : 'un autre';
	const lead = role === 'dpd' ? `Vous gérez déjà ${label}.` : `Vous avez déjà accès à ${label}, avec le rôle « Élu ».`;
	return { id: row.id, name: row.name, role, label, question: `${lead} Ouvrir ${row.name}, ou en créer ${another} quand même ?` };
}

/**
 * Creates a body from the official list; its creator becomes its DPD. A body she already has
 * (`findManagedDuplicate`) is refused with a question until `confirmDuplicate` repeats its
 * official code.
 */
export async function createCommune(db: Db, actor: SessionUser, input: unknown): Promise<Commune> {
	const data = validate(createCommuneSchema, input);
	const official = findOfficial(data.type === 'epci' ? 'epci' : 'commune', data.officialCode);
	if (!official) {
		throw new DomainError('Organisme introuvable dans la liste officielle.', {
			officialCode: 'Choisissez votre organisme dans la liste officielle (recherchez par nom ou code postal).'
		});
	}
	let name = data.name;
	if (data.type === 'commune' || data.type === 'epci') name = official.name;
	else if (!name) {
		name = data.type === 'ccas' ? `CCAS de ${official.name}` : '';
		if (!name) throw new DomainError('Indiquez le nom de l’organisme.', { name: 'Nom de l’organisme : ce champ est à remplir.' });
	}
	const sirenValue = data.siren || (data.type === 'commune' || data.type === 'epci' ? (official.siren ?? '') : '');
	return db.transaction(async (tx) => {
		if (data.confirmDuplicate !== data.officialCode) {
			const existing = await findManagedDuplicate(tx, actor.id, { type: data.type, official, name, siren: sirenValue });
			if (existing) throw new DuplicateCommuneError(existing);
		}
		const [commune] = await tx
			.insert(communes)
			.values({
				type: data.type,
				name,
				inseeCode: official.kind === 'commune' ? official.code : null,
				departement: official.departement,
				population: official.population,
				postalCode: official.postalCodes[0] ?? null,
				siren: sirenValue || null,
				address: data.address,
				mayorName: data.mayorName,
				email: data.email,
				phone: data.phone
			})
			.returning();
		if (!commune) throw new Error('insert returned nothing');
		const [membership] = await tx
			.insert(memberships)
			.values({ userId: actor.id, communeId: commune.id, role: 'dpd' })
			.returning();
		await appendAudit(tx, actor, {
			communeId: commune.id,
			entity: 'organisme',
			entityId: commune.id,
			action: 'création',
			changes: { type: commune.type, name: commune.name, inseeCode: commune.inseeCode, siren: commune.siren }
		});
		await appendAudit(tx, actor, {
			communeId: commune.id,
			entity: 'membre',
			entityId: membership!.id,
			action: 'ajout',
			changes: { user: actor.name, role: 'dpd' }
		});
		return commune;
	});
}

export async function updateCommune(db: Db, access: Access, input: unknown): Promise<Commune> {
	assertCanEdit(access);
	const data = validate(communeDetailsSchema, input);
	const patch = { ...data, siren: data.siren || null };
	if (access.commune.type === 'commune' || access.commune.type === 'epci' || !patch.name) {
		// A commune's or an EPCI's name comes from the official list.
		patch.name = access.commune.name;
	}
	return db.transaction(async (tx) => {
		const [before] = await tx.select().from(communes).where(eq(communes.id, access.commune.id)).for('update');
		if (!before) throw new DomainError('Organisme introuvable.', {}, 404);
		const changes = diff(before, patch);
		const [after] = await tx
			.update(communes)
			.set({ ...patch, updatedAt: new Date() })
			.where(eq(communes.id, before.id))
			.returning();
		if (Object.keys(changes).length) {
			await appendAudit(tx, access.user, {
				communeId: before.id,
				entity: 'organisme',
				entityId: before.id,
				action: 'modification',
				changes
			});
		}
		return after!;
	});
}
