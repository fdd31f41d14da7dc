// One creation per rendered form (issue 14): the same form token sent twice — a double click, or
// « back » and « Enregistrer » again — creates one record and gives its id back; a refused
// submission leaves the token unused; another user cannot use someone's token.
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { advice, communes, documents, formTokens, invitations, memberships, records, trainingSessions } from '../../src/lib/server/db/schema';
import { createAdvice } from '../../src/lib/server/domain/advice';
import { createCommune } from '../../src/lib/server/domain/communes';
import { copyRecords } from '../../src/lib/server/domain/copy';
import { documentContext, documentTemplate, generateDocument } from '../../src/lib/server/domain/documents';
import { invite } from '../../src/lib/server/domain/members';
import { createPracticeCommune } from '../../src/lib/server/domain/practice';
import { confirmRegisterImport, previewRegisterImport } from '../../src/lib/server/domain/register-import';
import { today } from '../../src/lib/french';
import { createSession, enrol } from '../../src/lib/server/domain/training';
import { exportCommune, importCommune } from '../../src/lib/server/exports/commune-json';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { FORM_ALREADY_USED, FORM_TOKEN, newFormToken, onceIn } from '../../src/lib/server/idempotency';
import type { Access } from '../../src/lib/server/tenancy';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, makeCommune, makeUser } from '../helpers/fixtures';

describe.each(engines())('creating forms are idempotent ($name)', (engine) => {
	const db = useDatabase(engine);
	let dpd: SessionUser;
	let access: Access;

	beforeAll(async () => {
		dpd = await makeUser(db(), { name: 'Sophie Martin' });
		const commune = await makeCommune(db(), dpd, '21301');
		access = await accessOf(db(), dpd, commune.id);
	});

	const count = async (kind: string) =>
		Number((await db().select({ n: sql<number>`count(*)::int` }).from(records).where(and(eq(records.communeId, access.commune.id), eq(records.kind, kind))))[0]!.n);

	const breach = (token?: string) => ({ ...submission({ title: 'Courriel mal adressé', discoveredAt: '2026-11-02T09:30', howFound: 'Un parent' }), ...(token ? { [FORM_TOKEN]: token } : {}) });

	it('the same breach form sent twice, one after the other, creates one breach and gives its id back', async () => {
		const before = await count('breach');
		const token = newFormToken();
		const first = await saveRecord(db(), access, 'breach', null, breach(token));
		const second = await saveRecord(db(), access, 'breach', null, breach(token));
		expect(second.id).toBe(first.id);
		expect(first.changed).toBe(true);
		expect(second.changed).toBe(false);
		expect(await count('breach')).toBe(before + 1);
		// A new rendered form (a new token) creates a new one.
		await saveRecord(db(), access, 'breach', null, breach(newFormToken()));
		expect(await count('breach')).toBe(before + 2);
	});

	it('a double click (two submissions at once) on a rights request creates one request', async () => {
		const before = await count('request');
		const token = newFormToken();
		const input = { ...submission({ requesterName: 'Jean Dupont', requesterContact: 'jean@example.test', receivedOn: '2026-11-02', right: 'acces' }), [FORM_TOKEN]: token };
		const [a, b] = await Promise.all([saveRecord(db(), access, 'request', null, input), saveRecord(db(), access, 'request', null, input)]);
		expect(a.id).toBe(b.id);
		expect(await count('request')).toBe(before + 1);
	});

	it('without a token (scripts, seeds) every call creates', async () => {
		const before = await count('breach');
		await saveRecord(db(), access, 'breach', null, breach());
		await saveRecord(db(), access, 'breach', null, breach());
		expect(await count('breach')).toBe(before + 2);
	});

	it('a refused submission leaves the token unused: the corrected form creates once', async () => {
		const user = await makeUser(db());
		const token = newFormToken();
		const create = (officialCode: string) => onceIn(db(), user.id, token, 'commune', async (tx) => (await createCommune(tx, user, { type: 'commune', officialCode })).id);
		await domainError(create('00000'), 400);
		expect(await db().select().from(formTokens).where(eq(formTokens.userId, user.id))).toEqual([]);
		const first = await create('21634');
		const again = await create('21634');
		expect(again).toEqual({ id: first.id, replayed: true });
		const mine = await db().select().from(memberships).where(eq(memberships.userId, user.id));
		expect(mine).toHaveLength(1);
		expect((await db().select().from(communes).where(eq(communes.id, first.id)))[0]?.name).toBe('Thorey-sur-Ouche');
	});

	it('every other creator, run inside its form’s claim, creates once (nested in a savepoint)', async () => {
		const rows = async (table: typeof advice | typeof communes | typeof documents | typeof invitations | typeof records | typeof trainingSessions) =>
			Number((await db().select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);
		const twice = async (table: Parameters<typeof rows>[0], kind: string, create: (tx: Parameters<Parameters<typeof onceIn>[4]>[0]) => Promise<string>, user = dpd) => {
			const token = newFormToken();
			const before = await rows(table);
			const first = await onceIn(db(), user.id, token, kind, create);
			const second = await onceIn(db(), user.id, token, kind, create);
			expect(second, kind).toEqual({ id: first.id, replayed: true });
			expect(await rows(table), kind).toBe(before + 1);
			return first.id;
		};
		const trainer = await makeUser(db(), { isTrainer: true });
		const sessionId = await twice(trainingSessions, 'formation', async (tx) => (await createSession(tx, trainer, { title: 'Premiers pas', date: today(), place: '', capacity: '6' })).id, trainer);
		const [session] = await db().select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
		// Today's session: its code enrols (until the day after), and its trainer follows the commune.
		await enrol(db(), dpd, { code: session!.code, communes: [access.commune.id] });
		await twice(communes, `exercice:${sessionId}`, async (tx) => (await createPracticeCommune(tx, dpd, sessionId)).id);
		await twice(advice, 'conseil', async (tx) => (await createAdvice(tx, trainer, { kind: 'question', target: 'general', title: 'Une question', body: 'Une réponse.', sources: '' })).id, trainer);
		await twice(invitations, `invitation:${access.commune.id}`, async (tx) => (await invite(tx, access, { role: 'elu' })).id);
		const draft = documentTemplate('lettre_mission').compose(await documentContext(db(), access));
		const input: Record<string, unknown> = { title: 'Lettre de mission' };
		for (const section of draft.sections) input[`section_${section.id}`] = section.text;
		await twice(documents, `document:${access.commune.id}:lettre_mission`, (tx) => generateDocument(tx, access, 'lettre_mission', input));
		const csv = ['NOM DU TRAITEMENT;Finalité(s) du traitement;Base légale', 'Location de la salle;Réserver la salle;Contrat (art. 6.1.b)'].join('\r\n');
		const preview = await previewRegisterImport(db(), access, 'registre.csv', new TextEncoder().encode(csv));
		await twice(records, `registre:${access.commune.id}`, async (tx) => JSON.stringify(await confirmRegisterImport(tx, access, preview.payload, preview.signature)));
		const other = await makeCommune(db(), dpd, '21183');
		const fiche = (await db().select().from(records).where(and(eq(records.communeId, access.commune.id), eq(records.kind, 'activity'))))[0]!;
		const otherAccess = await accessOf(db(), dpd, other.id);
		await twice(records, `copie:${other.id}`, async (tx) => JSON.stringify(await copyRecords(tx, otherAccess, access.commune.id, 'activity', [fiche.id])));
		const file = JSON.stringify(await exportCommune(db(), other.id));
		await twice(communes, 'import', async (tx) => (await importCommune(tx, dpd, file)).communeId);
		await twice(communes, 'commune', async (tx) => (await createCommune(tx, dpd, { type: 'commune', officialCode: '21634' })).id);
	}, 120_000);

	it('another user’s token gives nothing back', async () => {
		const token = newFormToken();
		const created = await onceIn(db(), dpd.id, token, 'essai', async () => 'premier');
		expect(created).toEqual({ id: 'premier', replayed: false });
		const other = await makeUser(db());
		const err = await domainError(onceIn(db(), other.id, token, 'essai', async () => 'second'), 409);
		expect(err.message).toBe(FORM_ALREADY_USED);
	});
});
