// A trainer's read access ends (issue 14): TRAINER_ACCESS_DAYS after the session's date, when the
// trainer closes the session, and when the trainer flag is withdrawn — for every page and every
// download alike (the dossier PDF, the register as CSV and XLSX, the JSON export, the PIA file),
// since all go through the one gate, `requireCommune`.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/lib/french';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { auditLog, trainingSessions, users, type Commune, type TrainingSession } from '../../src/lib/server/db/schema';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { createSession, enrol } from '../../src/lib/server/domain/training';
import { closeSession } from '../../src/lib/server/domain/training-close';
import { findAccess, requireCommune, sessionGivesAccess, TRAINER_ACCESS_DAYS, trainerAccessFrom, trainerFollows } from '../../src/lib/server/tenancy';
import { load as rootLayout } from '../../src/routes/+layout.server';
import { GET as dossierPdf } from '../../src/routes/c/[communeId]/dossier/[version].pdf/+server';
import { GET as exportJson } from '../../src/routes/c/[communeId]/donnees/export.json/+server';
import { GET as piaFile } from '../../src/routes/c/[communeId]/fiches/risk/[recordId]/pia.json/+server';
import { GET as registerCsv } from '../../src/routes/c/[communeId]/registre/export.csv/+server';
import { GET as registerXlsx } from '../../src/routes/c/[communeId]/registre/export.xlsx/+server';
import { submission } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

/** « today » minus n calendar days ("YYYY-MM-DD"). */
function daysBefore(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - n);
	return d.toISOString().slice(0, 10);
}

describe('the trainer’s access window', () => {
	it('lasts TRAINER_ACCESS_DAYS days after the session’s date, and not once the session is closed', () => {
		expect(TRAINER_ACCESS_DAYS).toBe(30);
		expect(trainerAccessFrom('2026-12-06')).toBe('2026-11-06');
		expect(trainerAccessFrom('2027-03-01')).toBe('2027-01-30');
		const session = { date: '2026-11-05', closedAt: null };
		expect(sessionGivesAccess(session, '2026-11-01')).toBe(true);
		expect(sessionGivesAccess(session, '2026-12-05')).toBe(true);
		expect(sessionGivesAccess(session, '2026-12-06')).toBe(false);
		expect(sessionGivesAccess({ ...session, closedAt: new Date('2026-11-05T17:00:00Z') }, '2026-11-05')).toBe(false);
	});
});

describe.each(engines())('a trainer’s read access ends ($name)', (engine) => {
	const db = useDatabase(engine);

	/** A trainer's session of `date`, one enrolled commune with a dossier and a risk assessment. */
	async function setUp(date = today()) {
		const trainer = await makeUser(db(), { name: 'Claire Formatrice', isTrainer: true });
		const session = await createSession(db(), trainer, { title: 'Premiers pas', date, place: 'Dijon', capacity: '6' });
		const dpd = await makeUser(db(), { name: 'Sophie Secrétaire' });
		const commune = await makeCommune(db(), dpd);
		// Enrolled on the session's day (a code enrols only until the day after its session).
		await enrol(db(), dpd, { code: session.code, communes: [commune.id] }, { now: new Date(`${date}T09:00:00Z`) });
		const access = await accessOf(db(), dpd, commune.id);
		const fiche = await saveRecord(db(), access, 'activity', null, submission({ name: 'Cantine scolaire' }));
		const risk = await saveRecord(db(), access, 'risk', null, { ...submission({ acces_gravite: '2' }), _parent: fiche.id });
		const { version } = await generateDossier(db(), access);
		return { trainer, session, commune, version, riskId: risk.id, access };
	}

	/** The status each page and download answers this user: 200, or the error's status. */
	async function statuses(user: SessionUser, commune: Commune, version: number, riskId: string) {
		const event = (path: string, params: Record<string, string> = {}) =>
			({ locals: { user, session: null }, url: new URL(`http://localhost/c/${commune.id}${path}`), params: { communeId: commune.id, ...params }, request: new Request(`http://localhost/c/${commune.id}${path}`) }) as never;
		const status = async (fn: () => Promise<unknown>) => {
			try {
				const res = await withAppDatabase(db(), fn);
				if (!(res instanceof Response)) return 200;
				// A download not read to its end is abandoned, as a browser that closes it: the PDF's place is given back.
				await res.body?.cancel();
				return res.status;
			} catch (err) {
				return (err as { status?: number }).status ?? -1;
			}
		};
		return {
			page: await status(() => requireCommune(event(''))),
			register: await status(() => requireCommune(event('/registre'))),
			dossierPdf: await status(() => dossierPdf(event(`/dossier/v${version}.pdf`, { version: `v${version}` }))),
			csv: await status(() => registerCsv(event('/registre/export.csv'))),
			xlsx: await status(() => registerXlsx(event('/registre/export.xlsx'))),
			json: await status(() => exportJson(event('/donnees/export.json'))),
			pia: await status(() => piaFile(event(`/fiches/risk/${riskId}/pia.json`, { recordId: riskId })))
		};
	}

	const OPEN = { page: 200, register: 200, dossierPdf: 200, csv: 200, xlsx: 200, json: 403, pia: 200 };
	const CLOSED = { page: 404, register: 404, dossierPdf: 404, csv: 404, xlsx: 404, json: 404, pia: 404 };

	let setup: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => {
		setup = await setUp();
	}, 120_000);

	const setDate = (session: TrainingSession, date: string) => db().update(trainingSessions).set({ date }).where(eq(trainingSessions.id, session.id));

	it('reads every page and download during the session (the JSON export stays for members)', async () => {
		const { trainer, commune, version, riskId } = setup;
		expect(await statuses(trainer, commune, version, riskId)).toEqual(OPEN);
	});

	it('ends TRAINER_ACCESS_DAYS days after the session’s date, for every page and download', async () => {
		const { trainer, session, commune, version, riskId } = await setUp(daysBefore(today(), TRAINER_ACCESS_DAYS));
		// The last day.
		expect(await statuses(trainer, commune, version, riskId)).toEqual(OPEN);
		await setDate(session, daysBefore(today(), TRAINER_ACCESS_DAYS + 1));
		expect(await statuses(trainer, commune, version, riskId)).toEqual(CLOSED);
		expect(await trainerFollows(db(), trainer.id, commune.id)).toBe(false);
		// « Today » is given: the same enrolment, seen on the session's day, still opens.
		expect(await findAccess(db(), trainer, commune.id, daysBefore(today(), TRAINER_ACCESS_DAYS + 1))).toMatchObject({ role: 'formateur', viaTraining: true });
	});

	it('ends when the trainer closes the session (journaled; closing twice changes nothing)', async () => {
		const { trainer, session, commune, version, riskId } = await setUp();
		expect(await closeSession(db(), trainer, session.id)).toEqual({ closed: true });
		expect(await statuses(trainer, commune, version, riskId)).toEqual(CLOSED);
		expect(await closeSession(db(), trainer, session.id)).toEqual({ closed: false });
		const [row] = await db().select().from(trainingSessions).where(eq(trainingSessions.id, session.id));
		expect(row!.closedAt).toBeInstanceOf(Date);
		// Someone else cannot close it.
		const other = await makeUser(db(), { isTrainer: true });
		await expect(closeSession(db(), other, session.id)).rejects.toMatchObject({ status: 404 });
		const journal = await db().select().from(auditLog).where(eq(auditLog.entityId, session.id));
		expect(journal.filter((e) => e.action.startsWith('clôture')).map((e) => e.userId)).toEqual([trainer.id]);
	});

	it('ends when the trainer flag is withdrawn, through a session or a trainer’s membership', async () => {
		const { trainer, commune, version, riskId, access } = await setUp();
		// Invited as « formateur » too: a membership.
		const { token } = await invite(db(), access, { role: 'formateur' });
		await acceptInvitation(db(), trainer, token);
		expect(await statuses(trainer, commune, version, riskId)).toEqual(OPEN);

		await db().update(users).set({ isTrainer: false }).where(eq(users.id, trainer.id));
		// As the next request's session sees the account…
		expect(await statuses({ ...trainer, isTrainer: false }, commune, version, riskId)).toEqual(CLOSED);
		// …and even with a stale copy of the account, the session's rule reads the flag in the database.
		expect(await trainerFollows(db(), trainer.id, commune.id)).toBe(false);
		// The header and the home page no longer list the commune either.
		const listed = (user: SessionUser) => withAppDatabase(db(), () => rootLayout({ locals: { user, session: null }, request: new Request('http://localhost/') } as never)) as Promise<{ communes: { id: string }[] }>;
		expect((await listed({ ...trainer, isTrainer: false })).communes.map((c) => c.id)).not.toContain(commune.id);
		expect((await listed(trainer)).communes.map((c) => c.id)).toContain(commune.id);
	});
});
