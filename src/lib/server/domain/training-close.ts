// The end of a trainer's access: a session closed by its trainer no longer opens the enrolled
// communes (the rule itself, with the TRAINER_ACCESS_DAYS after the session's date, is in the gate,
// `src/lib/server/tenancy.ts`).
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db';
import { trainingSessions } from '../db/schema';
import { sessionOfTrainer } from './training';

/** Closes a session now: its trainer stops reading the enrolled communes; enrolment is refused. Closing twice changes nothing. */
export async function closeSession(db: Db, user: SessionUser, sessionId: string, now = new Date()): Promise<{ closed: boolean }> {
	const session = await sessionOfTrainer(db, user, sessionId);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(trainingSessions)
			.set({ closedAt: now })
			.where(and(eq(trainingSessions.id, session.id), isNull(trainingSessions.closedAt)))
			.returning({ id: trainingSessions.id });
		if (!row) return { closed: false };
		await appendAudit(tx, user, { entity: 'formation', entityId: session.id, action: 'clôture (fin de l’accès du formateur)', changes: { title: session.title, date: session.date } });
		return { closed: true };
	});
}
