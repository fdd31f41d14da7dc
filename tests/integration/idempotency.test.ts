// One creation per rendered form (issue 14): the same form token sent twice — a double click, or
// « back » and « Enregistrer » again — creates one record and gives its id back; a refused
// submission leaves the token unused; another user cannot use someone's token.
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { communes, formTokens, memberships, records } from '../../src/lib/server/db/schema';
import { createCommune } from '../../src/lib/server/domain/communes';
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

	it('another user’s token gives nothing back', async () => {
		const token = newFormToken();
		const created = await onceIn(db(), dpd.id, token, 'essai', async () => 'premier');
		expect(created).toEqual({ id: 'premier', replayed: false });
		const other = await makeUser(db());
		const err = await domainError(onceIn(db(), other.id, token, 'essai', async () => 'second'), 409);
		expect(err.message).toBe(FORM_ALREADY_USED);
	});
});
