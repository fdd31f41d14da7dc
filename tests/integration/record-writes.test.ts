// The one write path for records: a register entry created by the form, edited, copied from
// another commune, created from the catalogue or imported from a spreadsheet carries the same
// field history (by, byName, at, version) and one journal entry under the kind's declared name
// (« fiche du registre »), with the right action, written in the same transaction as the record.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activityKind, kindFields } from '../../src/lib/recipes/records';
import { records, type RecordRow } from '../../src/lib/server/db/schema';
import { copyRecords } from '../../src/lib/server/domain/copy';
import { addFromCatalogue, saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { confirmRegisterImport, previewRegisterImport } from '../../src/lib/server/domain/register-import';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Access } from '../../src/lib/server/tenancy';
import { submission } from '../helpers/answers';
import { rowsOf } from '../helpers/fuzz/snapshot';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, auditCount, failureText, makeCommune, makeUser } from '../helpers/fixtures';

/** Journal entries about a register entry written in this name fail (test trigger below). */
const FAILING_ACTOR = 'Échec Forcé';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The journal's key for a field: its label, or « label (name) » when several fields share it. */
function journalKey(name: string): string {
	const fields = kindFields(activityKind);
	const label = fields.find((f) => f.name === name)!.label;
	return fields.filter((f) => f.label === label).length > 1 ? `${label} (${name})` : label;
}

describe.each(engines())('one write path for records on the $name database', (engine) => {
	const db = useDatabase(engine);

	beforeAll(async () => {
		await db().execute(
			sql.raw(`
			CREATE FUNCTION test_failing_record_audit() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.user_name = '${FAILING_ACTOR}' AND NEW.entity = 'fiche du registre' THEN
					RAISE EXCEPTION 'échec forcé par le test';
				END IF;
				RETURN NEW;
			END;
			$$`)
		);
		await db().execute(sql.raw(`CREATE TRIGGER test_failing_record_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_failing_record_audit()`));
	});

	/** The record's journal entries, and whether each was written by the transaction that last wrote the record. */
	async function journalOf(row: RecordRow) {
		const [rec] = rowsOf<{ x: string }>(await db().execute(sql`select xmin::text as x from records where id = ${row.id}`));
		const entries = rowsOf<{ x: string; id: number; entity: string; action: string; userId: string; changes: Record<string, unknown> }>(
			await db().execute(sql`select xmin::text as x, id, entity, action, user_id as "userId", changes from audit_log where entity_id = ${row.id} order by id`)
		);
		return entries.map((e) => ({ ...e, sameTransaction: e.x === rec!.x }));
	}

	/** A record just created: every answer stamped alike, one journal entry with every field. */
	async function expectCreated(row: RecordRow, user: SessionUser, action: string, via: string | null) {
		expect(row.version).toBe(1);
		expect(Object.keys(row.fieldMeta).sort()).toEqual(Object.keys(row.data).sort());
		for (const meta of Object.values(row.fieldMeta)) {
			expect(meta).toEqual({ by: user.id, byName: via ? `${user.name} (${via})` : user.name, at: expect.stringMatching(ISO), version: 1 });
		}
		const journal = await journalOf(row);
		expect(journal).toHaveLength(1);
		const [entry] = journal;
		expect(entry).toMatchObject({ entity: activityKind.entity, action, userId: user.id, sameTransaction: true });
		expect(entry!.entity).toBe('fiche du registre');
		for (const [name, value] of Object.entries(row.data)) expect(entry!.changes[journalKey(name)]).toEqual({ avant: '', apres: value });
		return entry!;
	}

	async function setUp(name: string) {
		const user = await makeUser(db(), { name });
		const glanon = await makeCommune(db(), user, '21301');
		const thorey = await makeCommune(db(), user, '21634');
		return { user, access: await accessOf(db(), user, glanon.id), other: await accessOf(db(), user, thorey.id) };
	}

	async function byName(access: Access, name: string): Promise<RecordRow> {
		return (await listRecords(db(), access.commune.id, activityKind.id)).find((r) => r.data.name === name)!;
	}

	async function importCsv(access: Access, name: string) {
		const csv = ['NOM DU TRAITEMENT;Finalité(s) du traitement;Base légale', `${name};Réserver la salle;Contrat (art. 6.1.b)`].join('\r\n');
		const preview = await previewRegisterImport(db(), access, 'registre.csv', new TextEncoder().encode(csv));
		return confirmRegisterImport(db(), access, preview.payload, preview.signature);
	}

	it('stamps and journals a fiche alike whether created, edited, copied, taken from the catalogue or imported', async () => {
		const { user, access, other } = await setUp('Sophie Martin');

		// Creation by the form.
		const form = { name: 'Location de la salle', purposes: 'Gérer les réservations', legalBasis: 'b', dataSubjects: ['habitants'] };
		const { id } = await saveRecord(db(), access, activityKind.id, null, submission(form));
		const created = await byName(access, 'Location de la salle');
		expect(created.id).toBe(id);
		await expectCreated(created, user, 'création', null);

		// Edition: the changed answer only, at the next version.
		await saveRecord(db(), access, activityKind.id, id, submission({ purposes: 'Gérer les réservations\nEncaisser la location' }, { _version: '1' }));
		const edited = await byName(access, 'Location de la salle');
		expect(edited.version).toBe(2);
		expect(edited.fieldMeta.purposes).toEqual({ by: user.id, byName: user.name, at: expect.stringMatching(ISO), version: 2 });
		expect(edited.fieldMeta.name).toEqual(created.fieldMeta.name);
		const journal = await journalOf(edited);
		expect(journal.map((e) => [e.entity, e.action, e.sameTransaction])).toEqual([
			['fiche du registre', 'création', false],
			['fiche du registre', 'modification', true]
		]);
		expect(journal[1]!.changes).toEqual({ [journalKey('purposes')]: { avant: 'Gérer les réservations', apres: 'Gérer les réservations\nEncaisser la location' } });

		// From the catalogue.
		await addFromCatalogue(db(), access, ['etat-civil']);
		const fromCatalogue = (await listRecords(db(), access.commune.id, activityKind.id)).find((r) => r.origin.catalogue === 'etat-civil')!;
		const catalogueEntry = await expectCreated(fromCatalogue, user, 'création depuis le catalogue', 'catalogue');
		expect(catalogueEntry.changes.Provenance).toBe('catalogue : etat-civil');

		// Imported from a spreadsheet.
		expect((await importCsv(access, 'Jardins familiaux')).created).toBe(1);
		const imported = await byName(access, 'Jardins familiaux');
		const importEntry = await expectCreated(imported, user, 'création par import', 'import');
		expect(importEntry.changes.Provenance).toBe('registre.csv, ligne 2');

		// Copied into another commune: journaled as a register entry, not as « activity ».
		await copyRecords(db(), other, access.commune.id, activityKind.id, [edited.id]);
		const copy = await byName(other, 'Location de la salle');
		const copyEntry = await expectCreated(copy, user, `copie depuis ${access.commune.name}`, 'copie');
		expect(copyEntry.changes.Provenance).toBe(`copie de « Location de la salle » (${access.commune.name})`);
		// References are matched by name in the target (none here).
		expect(copy.data).toEqual({ ...edited.data, supports: [] });
	});

	it('writes nothing when the journal entry fails, whatever the path', async () => {
		const { access, other } = await setUp('Sophie Martin');
		const { id } = await saveRecord(db(), access, activityKind.id, null, submission({ name: 'Location de la salle', purposes: 'Gérer les réservations' }));
		// The same people, now writing in a name whose journal entries fail.
		const failing = (a: Access): Access => ({ ...a, user: { ...a.user, name: FAILING_ACTOR } });
		const snapshot = async () => ({ records: (await db().select().from(records)).map((r) => [r.id, r.version]), audit: await auditCount(db()) });
		const before = await snapshot();
		const attempts: [string, () => Promise<unknown>][] = [
			['création', () => saveRecord(db(), failing(access), activityKind.id, null, submission({ name: 'Prêt de matériel' }))],
			['modification', () => saveRecord(db(), failing(access), activityKind.id, id, submission({ purposes: 'Autre chose' }, { _version: '1' }))],
			['copie', () => copyRecords(db(), failing(other), access.commune.id, activityKind.id, [id])],
			['catalogue', () => addFromCatalogue(db(), failing(access), ['etat-civil'])],
			['import', () => importCsv(failing(access), 'Jardins familiaux')]
		];
		for (const [what, attempt] of attempts) expect(await failureText(attempt()), what).toContain('échec forcé par le test');
		expect(await snapshot()).toEqual(before);
	});
});
