// A secretary with several communes copies fiches, supports and processors from one to another.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { records } from '../../src/lib/server/db/schema';
import { copyRecords } from '../../src/lib/server/domain/copy';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { addFromCatalogue, saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, expectAuditDelta, makeCommune, makeUser } from '../helpers/fixtures';

describe.each(engines())('copying records between communes on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function twoCommunes() {
		const user = await makeUser(db(), { name: 'Sophie Martin' });
		const glanon = await makeCommune(db(), user, '21301');
		const thorey = await makeCommune(db(), user, '21634');
		return { user, from: await accessOf(db(), user, glanon.id), to: await accessOf(db(), user, thorey.id) };
	}

	it('copies chosen fiches as new records that say where they came from, journaled in the target', async () => {
		const { from, to } = await twoCommunes();
		await addFromCatalogue(db(), from, ['etat-civil', 'listes-electorales', 'cantine-periscolaire']);
		const source = await listRecords(db(), from.commune.id, 'activity');
		const chosen = source.filter((r) => r.origin.catalogue !== 'cantine-periscolaire').map((r) => r.id);
		const result = await expectAuditDelta(db(), 2, () => copyRecords(db(), to, from.commune.id, 'activity', chosen));
		expect(result.copied).toBe(2);
		const copies = await listRecords(db(), to.commune.id, 'activity');
		expect(copies.map((c) => c.data.name).sort()).toEqual(source.filter((r) => chosen.includes(r.id)).map((r) => r.data.name).sort());
		for (const c of copies) {
			expect(c.origin).toMatchObject({ copiedFrom: from.commune.name, sourceCommuneId: from.commune.id });
			expect(chosen).toContain(c.origin.sourceId);
			expect(c.id).not.toBe(c.origin.sourceId);
		}
		// The source is untouched.
		expect(await listRecords(db(), from.commune.id, 'activity')).toHaveLength(3);
	});

	it('copies everything with "tout", and maps a fiche’s supports by name in the target', async () => {
		const { from, to } = await twoCommunes();
		const { id: software } = await saveRecord(db(), from, 'support', null, submission({ category: 'logiciel', name: 'Logiciel état civil', location: 'Secrétariat', users: 'La secrétaire' }));
		const { id: phone } = await saveRecord(db(), from, 'support', null, submission({ category: 'materiel', name: 'Téléphone du maire', location: 'Maire', users: 'Le maire' }));
		await saveRecord(db(), to, 'support', null, submission({ category: 'logiciel', name: 'LOGICIEL ÉTAT CIVIL', location: 'Bureau', users: 'Secrétaire' }));
		const [targetSoftware] = await listRecords(db(), to.commune.id, 'support');
		await saveRecord(db(), from, 'activity', null, submission({ name: 'État civil', supports: [software, phone] }));
		await saveRecord(db(), from, 'activity', null, submission({ name: 'Alerte SMS' }));
		const result = await copyRecords(db(), to, from.commune.id, 'activity', 'tout');
		expect(result.copied).toBe(2);
		expect(result.unmatched).toEqual(['Téléphone du maire']);
		const copied = (await listRecords(db(), to.commune.id, 'activity')).find((r) => r.data.name === 'État civil')!;
		expect(copied.data.supports).toEqual([targetSoftware!.id]);
	});

	it('refuses a commune the user does not belong to, the same commune, an unknown kind, and writes nothing', async () => {
		const { from, to } = await twoCommunes();
		await addFromCatalogue(db(), from, ['etat-civil']);
		const stranger = await makeUser(db());
		const foreign = await makeCommune(db(), stranger, '21183');
		const foreignAccess = await accessOf(db(), stranger, foreign.id);
		await addFromCatalogue(db(), foreignAccess, ['cimetiere']);
		const count = async () => (await db().select().from(records).where(eq(records.communeId, to.commune.id))).length;
		const before = await count();
		await domainError(copyRecords(db(), to, foreign.id, 'activity', 'tout'), 404);
		await domainError(copyRecords(db(), to, to.commune.id, 'activity', 'tout'), 400);
		await domainError(copyRecords(db(), to, from.commune.id, 'risk', 'tout'), 400);
		await domainError(copyRecords(db(), to, from.commune.id, 'activity', []), 400);
		// An id of the other commune's records cannot be smuggled in.
		const [theirs] = await listRecords(db(), foreign.id, 'activity');
		await domainError(copyRecords(db(), to, from.commune.id, 'activity', [theirs!.id]), 404);
		expect(await count()).toBe(before);
	});

	it('refuses to copy into a commune where the user only reads', async () => {
		const { user, from } = await twoCommunes();
		const mayor = await makeUser(db());
		const other = await makeCommune(db(), mayor, '21087');
		const { token } = await invite(db(), await accessOf(db(), mayor, other.id), { role: 'elu' });
		await acceptInvitation(db(), user, token);
		const readOnly = await accessOf(db(), user, other.id);
		await domainError(copyRecords(db(), readOnly, from.commune.id, 'activity', 'tout'), 403);
		expect(await db().select().from(records).where(and(eq(records.communeId, other.id)))).toHaveLength(0);
	});
});
