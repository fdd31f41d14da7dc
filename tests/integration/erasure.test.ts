// Erasure (art. 17) of a resident (issue 14, outputs.md §8): after « Effacer les données de cette
// personne », the person's name is nowhere: not in the record, the journal, the JSON export, the
// stored dossier versions, nor the dossier's text.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, dossiers, records } from '../../src/lib/server/db/schema';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { archiveRecord, erasePersonalData, saveRecord } from '../../src/lib/server/domain/record-writes';
import { buildDossier } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import { exportCommune, HIDDEN_MARK } from '../../src/lib/server/exports/commune-json';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, failureText, makeCommune, makeUser } from '../helpers/fixtures';

const NOW = new Date('2026-12-06T10:00:00Z');
const MARK = '[effacé le 6 décembre 2026]';

describe.each(engines())('erasure on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function setUp() {
		const user = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		return { user, commune, access };
	}

	it('erases a rights request’s person everywhere, in one audited operation that keeps who, when and which field', async () => {
		const { commune, access } = await setUp();
		const name = 'Berthe Zyxwvu';
		const saved = await saveRecord(db(), access, 'request', null, {
			requesterCivility: 'madame',
			requesterName: name,
			requesterContact: 'berthe.zyxwvu@example.fr',
			right: 'acces',
			receivedOn: '2026-11-02',
			details: `${name} demande la copie de son dossier de cantine`
		});
		await saveRecord(db(), access, 'request', saved.id, { requesterName: `${name} épouse Martin`, _version: '1' });
		await generateDossier(db(), access);

		const result = await erasePersonalData(db(), access, 'request', saved.id, NOW);
		expect(result.fields).toContain('Nom de la personne');

		const [row] = await db().select().from(records).where(eq(records.id, saved.id));
		expect(row!.data.requesterName).toBe(MARK);
		expect(row!.data.requesterContact).toBe(MARK);
		expect(row!.data.requesterCivility).toBeUndefined();
		// What is not personal stays: the right and the date prove the request was handled.
		expect(row!.data.right).toBe('acces');
		expect(row!.data.receivedOn).toBe('2026-11-02');

		const journal = await db().select().from(auditLog).where(eq(auditLog.entityId, saved.id)).orderBy(auditLog.id);
		expect(journal.map((e) => e.action)).toEqual(['création', 'modification', 'effacement']);
		expect(journal[1]!.changes['Nom de la personne']).toEqual({ avant: MARK, apres: MARK });
		expect(journal[0]!.userName).toBe('Claire DPD');
		expect(journal[2]!.changes['Champs effacés']).toContain('Nom de la personne');
		expect(journal[0]!.changes['Droit exercé']).toEqual({ avant: '', apres: 'acces' });

		const everywhere = [
			JSON.stringify(row),
			JSON.stringify(journal),
			JSON.stringify(await exportCommune(db(), commune.id, NOW)),
			JSON.stringify(await db().select().from(dossiers).where(eq(dossiers.communeId, commune.id)))
		];
		const snapshot = await buildSnapshot(db(), commune.id);
		everywhere.push(JSON.stringify(buildDossier(snapshot, { version: 2, generatedAt: NOW, generatedByName: 'Claire DPD', fingerprint: 'x' })));
		for (const text of everywhere) {
			expect(text).not.toContain('Zyxwvu');
			expect(text).not.toContain('berthe.zyxwvu');
		}
		// Erasing again changes nothing but says it was asked.
		await erasePersonalData(db(), access, 'request', saved.id, NOW);
		const [again] = await db().select().from(records).where(eq(records.id, saved.id));
		expect(again!.data).toEqual(row!.data);
	});

	it('erases a breach’s people and a register entry’s description', async () => {
		const { access } = await setUp();
		const breach = await saveRecord(db(), access, 'breach', null, { title: 'Courriel mal adressé', peopleConcerned: 'Famille Qwertzu, 4 enfants', description: 'Envoyé aux Qwertzu par erreur' });
		await erasePersonalData(db(), access, 'breach', breach.id, NOW);
		const activity = await saveRecord(db(), access, 'activity', null, { name: 'Cantine', description: 'Exemple : le fils Qwertzu mange sans porc' });
		await erasePersonalData(db(), access, 'activity', activity.id, NOW);
		const rows = await db().select().from(records).where(eq(records.communeId, access.commune.id));
		const journal = await db().select().from(auditLog).where(eq(auditLog.communeId, access.commune.id));
		expect(JSON.stringify(rows)).not.toContain('Qwertzu');
		expect(JSON.stringify(journal)).not.toContain('Qwertzu');
		expect(rows.find((r) => r.id === breach.id)!.data.title).toBe('Courriel mal adressé');
	});

	it('refuses a reader, and a kind without personal data', async () => {
		const { commune, access } = await setUp();
		const saved = await saveRecord(db(), access, 'request', null, { requesterName: 'Lecteur Refusé' });
		const elu = await makeUser(db());
		const { memberships } = await import('../../src/lib/server/db/schema');
		await db().insert(memberships).values({ userId: elu.id, communeId: commune.id, role: 'elu' });
		const eluAccess = await accessOf(db(), elu, commune.id);
		expect(await failureText(erasePersonalData(db(), eluAccess, 'request', saved.id, NOW))).toMatch(/consulter, pas de modifier/);
		const action = await saveRecord(db(), access, 'action', null, { title: 'Former les agents' });
		expect(await failureText(erasePersonalData(db(), access, 'action', action.id, NOW))).toMatch(/pas de données de personnes/);
	});

	it('leaves removed records and their values out of the JSON export', async () => {
		const { commune, access } = await setUp();
		const gone = await saveRecord(db(), access, 'request', null, { requesterName: 'Ulrich Retiré' });
		const support = await saveRecord(db(), access, 'support', null, { name: 'Vieux classeur', category: 'papier' });
		const fiche = await saveRecord(db(), access, 'activity', null, { name: 'Archives', supports: [support.id] });
		await archiveRecord(db(), access, 'request', gone.id);
		await archiveRecord(db(), access, 'support', support.id);
		const exported = await exportCommune(db(), commune.id, NOW);
		const text = JSON.stringify(exported);
		expect(text).not.toContain('Ulrich Retiré');
		expect(text).not.toContain('Vieux classeur');
		expect(exported.records.map((r) => r.id)).not.toContain(gone.id);
		expect(exported.records.find((r) => r.id === fiche.id)!.data.supports).toEqual([]);
		expect(exported.audit.filter((a) => a.entityId === gone.id).length).toBeGreaterThan(0);
		expect(text).toContain(HIDDEN_MARK);
	});
});
