// Practice communes for training sessions: a copy of the demo commune each participant can work on
// freely and reset to its starting state. Marked as such everywhere ("EXERCICE" across every page
// of their PDFs) and kept out of any statistics.
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db';
import { communes, documents, dossiers, memberships, obligationConfirmations, records, sessionEnrolments, stepAnswers, trainingSessions, type Commune } from '../db/schema';
import { findOfficial } from '../official-list';
import { seedGlanonFollowUp, seedGlanonProgress } from './demo-content';
import type { Access } from '../tenancy';
import { DomainError } from './errors';
import { isUuid } from '../forms';

export { PRACTICE_WATERMARK, watermarkFor } from './watermark';

/** The demo data a practice commune starts from (the same as the demo seed's Glanon). */
async function fill(db: Db, access: Access) {
	await seedGlanonProgress(db, access);
	await seedGlanonFollowUp(db, access);
}

/** A participant of a session (or its trainer) creates a practice commune. */
export async function createPracticeCommune(db: Db, user: SessionUser, sessionId: unknown): Promise<Commune> {
	if (!isUuid(sessionId)) throw new DomainError('Page introuvable', {}, 404);
	const [session] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
	if (!session) throw new DomainError('Page introuvable', {}, 404);
	const [participant] = await db
		.select({ communeId: sessionEnrolments.communeId })
		.from(sessionEnrolments)
		.where(and(eq(sessionEnrolments.sessionId, session.id), eq(sessionEnrolments.enrolledBy, user.id), isNull(sessionEnrolments.leftAt)))
		.limit(1);
	if (!participant && session.trainerId !== user.id) throw new DomainError('Page introuvable', {}, 404);
	const official = findOfficial('commune', '21301')!;
	const commune = await db.transaction(async (tx) => {
		const [c] = await tx
			.insert(communes)
			.values({
				type: 'commune',
				name: `Exercice — ${official.name} (${user.name})`,
				inseeCode: official.code,
				departement: official.departement,
				population: official.population,
				postalCode: official.postalCodes[0] ?? null,
				siren: official.siren,
				address: '2 rue de l’Église, 21250 Glanon',
				mayorName: 'Jean Bernard',
				email: 'mairie.exercice@example.test',
				phone: '03 80 00 12 34',
				isPractice: true,
				practiceSessionId: session.id
			})
			.returning();
		await tx.insert(memberships).values({ userId: user.id, communeId: c!.id, role: 'dpd' });
		await appendAudit(tx, user, { communeId: c!.id, entity: 'organisme', entityId: c!.id, action: 'création (commune d’exercice)', changes: { formation: session.title } });
		return c!;
	});
	await fill(db, { user, commune, role: 'dpd', canEdit: true });
	return commune;
}

/** Puts a practice commune back to its starting state (the journal keeps the history). */
export async function resetPracticeCommune(db: Db, access: Access): Promise<void> {
	if (!access.commune.isPractice || !access.canEdit) throw new DomainError('Seule une commune d’exercice peut être remise à zéro.', {}, 403);
	await db.transaction(async (tx) => {
		const id = access.commune.id;
		await tx.delete(records).where(eq(records.communeId, id));
		await tx.delete(stepAnswers).where(eq(stepAnswers.communeId, id));
		await tx.delete(documents).where(eq(documents.communeId, id));
		await tx.delete(dossiers).where(eq(dossiers.communeId, id));
		await tx.delete(obligationConfirmations).where(eq(obligationConfirmations.communeId, id));
		await appendAudit(tx, access.user, { communeId: id, entity: 'organisme', entityId: id, action: 'remise à zéro de la commune d’exercice' });
	});
	await fill(db, access);
}
