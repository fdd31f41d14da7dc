// The data the fuzz test attacks, made through the domain layer as the application makes it: a
// commune part-way through the cookbook (records of every kind, steps answered, documents, a
// dossier) whose DPD is the main signed-in user, a second commune of hers, a practice commune, a
// commune of someone else, a training session, GIP advice with its history, pending invitations.
import { today } from '../../../src/lib/french';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { createSession as openSession, generateToken, validateSessionToken, type SessionUser } from '../../../src/lib/server/auth/session';
import type { Db } from '../../../src/lib/server/db';
import { documents, invitations, memberships, records, users, type Advice, type Commune, type RecordRow, type TrainingSession } from '../../../src/lib/server/db/schema';
import { createAdvice, retireAdvice, updateAdvice } from '../../../src/lib/server/domain/advice';
import { documentContext, documentTemplate, generateDocument } from '../../../src/lib/server/domain/documents';
import { generateDossier } from '../../../src/lib/server/domain/dossiers';
import { acceptInvitation, invite } from '../../../src/lib/server/domain/members';
import { createPracticeCommune } from '../../../src/lib/server/domain/practice';
import { previewRegisterImport } from '../../../src/lib/server/domain/register-import';
import { archiveRecord, saveRecord } from '../../../src/lib/server/domain/record-writes';
import { listRecords } from '../../../src/lib/server/domain/records';
import { createSession, enrol, markAttendance } from '../../../src/lib/server/domain/training';
import { exportCommune } from '../../../src/lib/server/exports/commune-json';
import { registerCsv } from '../../../src/lib/server/exports/register';
import { registerXlsx } from '../../../src/lib/server/exports/register-xlsx';
import { seedGlanonFollowUp, seedGlanonProgress } from '../../../src/lib/server/seed/demo';
import { DOCUMENT_TEMPLATES } from '../../../src/lib/documents/templates';
import type { Access } from '../../../src/lib/server/tenancy';
import { accessOf, makeCommune, makeUser, STRONG_PASSWORD } from '../fixtures';

export const ACTOR_KEYS = ['dpd', 'elu', 'trainer', 'admin', 'stranger'] as const;
export type ActorKey = (typeof ACTOR_KEYS)[number];

export interface Actor {
	key: ActorKey;
	user: SessionUser;
	/** The session cookie's token: the actor is signed in again when an action ends the session. */
	token: string;
}

export interface World {
	db: Db;
	actors: Record<ActorKey, Actor>;
	/** own: the DPD's commune, full of data; second: her other commune; practice: her practice commune; other: a stranger's. */
	communes: { own: Commune; second: Commune; practice: Commune; other: Commune };
	/** Every record at the start, of every commune. */
	records: RecordRow[];
	documents: { id: string; communeId: string; kind: string }[];
	sessions: TrainingSession[];
	advice: Advice[];
	invitationIds: string[];
	/** Invitation links: two usable ones of the own commune, one of the stranger's, one used already. */
	invitationTokens: string[];
	memberships: { id: string; communeId: string }[];
	userIds: string[];
	/** The accounts' e-mail addresses, the DPD's first: her password is STRONG_PASSWORD (a real hash). */
	emails: string[];
	/** A register import previewed for the second commune by the DPD: a valid confirmation. */
	importPair: { payload: string; signature: string };
	/** Files to upload: the second commune's JSON export, the own commune's register (CSV, XLSX). */
	files: Record<string, Uint8Array>;
	exportDoc: Record<string, unknown>;
	/** The editable sections of each document template. */
	documentSections: Record<string, string[]>;
}

const text = (s: string) => new TextEncoder().encode(s);

async function signIn(db: Db, key: ActorKey, user: SessionUser): Promise<Actor> {
	const token = generateToken();
	await openSession(db, token, user.id);
	return { key, user, token };
}

/**
 * The actor as the request hook sees them: the session's user read again (an administrator may
 * have changed their trainer flag). When an action ended the session (sign-out, "everywhere"),
 * the actor signs in again: every case runs as an authenticated user.
 */
export async function signedIn(db: Db, actor: Actor): Promise<{ user: SessionUser; session: { id: string; userId: string; expiresAt: Date }; renewed: boolean }> {
	const found = await validateSessionToken(db, actor.token);
	if (found) return { ...found, renewed: false };
	actor.token = generateToken();
	await openSession(db, actor.token, actor.user.id);
	const again = await validateSessionToken(db, actor.token);
	if (!again) throw new Error(`cannot sign ${actor.key} in`);
	return { ...again, renewed: true };
}

async function fiche(db: Db, access: Access, data: Record<string, unknown>, kind = 'activity') {
	return saveRecord(db, access, kind, null, { ...data, _fields: Object.keys(data).join(',') });
}

export async function buildWorld(db: Db): Promise<World> {
	const dpd = await makeUser(db, { name: 'Sophie Fuzz' });
	// The one real password hash: signing in and changing the password can succeed.
	await db.update(users).set({ passwordHash: await hashPassword(STRONG_PASSWORD) }).where(eq(users.id, dpd.id));
	const elu = await makeUser(db, { name: 'Jean Élu' });
	const trainer = await makeUser(db, { name: 'Claire Formatrice', isTrainer: true });
	const admin = await makeUser(db, { name: 'Luc Administrateur', isGipAdmin: true });
	const stranger = await makeUser(db, { name: 'Paul Étranger' });

	// The DPD's commune, part-way through the cookbook, as the demo's Glanon.
	const own = await makeCommune(db, dpd, '21301');
	const ownAccess = await accessOf(db, dpd, own.id);
	await seedGlanonProgress(db, ownAccess);
	await seedGlanonFollowUp(db, ownAccess);
	const ownFiches = await listRecords(db, own.id, 'activity');
	await saveRecord(db, ownAccess, 'notice', null, { _parent: ownFiches[0]!.id, source: 'personne', _fields: 'source' });
	await fiche(db, ownAccess, { name: 'Éditeur du logiciel', service: 'Logiciel d’état civil hébergé', activities: [ownFiches[0]!.id] }, 'processor');
	const archived = await fiche(db, ownAccess, { category: 'papier', name: 'Armoire supprimée', location: 'Cave', users: 'Personne' }, 'support');
	await archiveRecord(db, ownAccess, 'support', archived.id);
	await generateDossier(db, ownAccess);

	// The mayor reads it; two invitations wait.
	const { token: eluToken } = await invite(db, ownAccess, { role: 'elu' });
	await acceptInvitation(db, elu, eluToken);
	const pendingElu = await invite(db, ownAccess, { role: 'elu', label: 'Adjoint au maire' });
	const pendingTrainer = await invite(db, ownAccess, { role: 'formateur', label: 'Formatrice du GIP' });

	// Her second commune, small.
	const second = await makeCommune(db, dpd, '21634');
	const secondAccess = await accessOf(db, dpd, second.id);
	await fiche(db, secondAccess, { category: 'logiciel', name: 'Logiciel état civil et élections', location: 'Secrétariat', users: 'La secrétaire' }, 'support');
	await fiche(db, secondAccess, { name: 'État civil', legalBasis: 'c' });

	// A stranger's commune: its ids must lead nowhere.
	const other = await makeCommune(db, stranger, '21183');
	const otherAccess = await accessOf(db, stranger, other.id);
	const otherFiche = await fiche(db, otherAccess, { name: 'Listes électorales', legalBasis: 'c' });
	await fiche(db, otherAccess, { category: 'papier', name: 'Registre', location: 'Armoire', users: 'Le maire' }, 'support');
	await saveRecord(db, otherAccess, 'risk', null, { _parent: otherFiche.id, acces_gravite: '2', _fields: 'acces_gravite' });
	const otherDraft = documentTemplate('lettre_mission').compose(await documentContext(db, otherAccess));
	await generateDocument(db, otherAccess, 'lettre_mission', { title: otherDraft.title, ...Object.fromEntries(otherDraft.sections.map((s) => [`section_${s.id}`, s.text])) });
	await generateDossier(db, otherAccess);
	const pendingOther = await invite(db, otherAccess, { role: 'elu' });

	// A training session the own commune follows (the trainer reads it), attended; one of the admin's.
	const session = await createSession(db, trainer, { title: 'Formation RGPD des secrétaires', date: today(), place: 'Dijon', capacity: '6' });
	await enrol(db, dpd, { code: session.code, communes: own.id });
	await markAttendance(db, trainer, session.id, { present: own.id });
	const adminSession = await createSession(db, admin, { title: 'Session du GIP', date: '2027-01-12', place: 'Beaune', capacity: '2' });
	const practice = await createPracticeCommune(db, dpd, session.id);

	// GIP advice: one live, one edited twice (history to restore), one retired.
	const sources = 'https://www.cnil.fr/fr/designation-dpo';
	const a1 = await createAdvice(db, admin, { kind: 'question', target: 'general', title: 'Faut-il un DPD ?', body: 'Oui, toute commune en désigne un.', sources });
	const a2 = await createAdvice(db, trainer, { kind: 'astuce', target: 'recipe:dpd', title: 'Le DPD mutualisé', body: 'Première version.', sources: '' });
	await updateAdvice(db, admin, a2.id, { kind: 'astuce', target: 'recipe:dpd', title: 'Le DPD mutualisé', body: 'Deuxième version.', sources });
	await updateAdvice(db, admin, a2.id, { kind: 'astuce', target: 'step:dpd/type', title: 'Le DPD partagé', body: 'Troisième version.', sources });
	const a3 = await createAdvice(db, admin, { kind: 'question', target: 'catalogue:etat-civil', title: 'Combien de temps garder les actes ?', body: 'Sans limite.', sources });
	await retireAdvice(db, admin, a3.id);

	// Files: exports of the application, to import again (valid or damaged).
	const csv = await registerCsv(db, own.id);
	const xlsx = await registerXlsx(db, own.id);
	const exportDoc = JSON.parse(JSON.stringify(await exportCommune(db, second.id))) as Record<string, unknown>;
	const preview = await previewRegisterImport(db, secondAccess, 'registre.csv', text(csv));
	if (!preview.fiches.length) throw new Error('the import preview accepted no fiche');

	const documentSections: Record<string, string[]> = {};
	for (const kind of Object.keys(DOCUMENT_TEMPLATES)) {
		documentSections[kind] = documentTemplate(kind).compose(await documentContext(db, ownAccess)).sections.map((s) => `section_${s.id}`);
	}

	const actors = {} as Record<ActorKey, Actor>;
	for (const [key, user] of [['dpd', dpd], ['elu', elu], ['trainer', trainer], ['admin', admin], ['stranger', stranger]] as const) actors[key] = await signIn(db, key, user);

	return {
		db,
		actors,
		communes: { own, second, practice, other },
		records: await db.select().from(records),
		documents: await db.select({ id: documents.id, communeId: documents.communeId, kind: documents.kind }).from(documents),
		sessions: [session, adminSession],
		advice: [a1, a2, a3],
		invitationIds: (await db.select({ id: invitations.id }).from(invitations)).map((i) => i.id),
		invitationTokens: [pendingElu.token, pendingTrainer.token, pendingOther.token, eluToken],
		memberships: await db.select({ id: memberships.id, communeId: memberships.communeId }).from(memberships),
		userIds: (await db.select({ id: users.id }).from(users)).map((u) => u.id),
		emails: [dpd.email, elu.email, trainer.email, admin.email, stranger.email],
		importPair: { payload: preview.payload, signature: preview.signature },
		files: { 'export.json': text(JSON.stringify(exportDoc)), 'registre.csv': text(csv), 'registre.xlsx': new Uint8Array(xlsx) },
		exportDoc,
		documentSections
	};
}
