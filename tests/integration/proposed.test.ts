// Proposed is not confirmed: an entry the app pre-filled (from the catalogue) counts as done
// nowhere — the register, the lists' completeness, the progress, the dossier — until a named person
// confirms it; the confirmation is journaled, refused to a reader, carried by the JSON export.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activityKind } from '../../src/lib/recipes/records';
import { records } from '../../src/lib/server/db/schema';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { addFromCatalogue, confirmRecords } from '../../src/lib/server/domain/record-writes';
import { loadCompleteness } from '../../src/lib/server/completeness';
import { registerFiches } from '../../src/lib/server/register-list';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import { buildDossier, redFlags } from '../../src/lib/server/dossier/model';
import { exportCommune, importCommune } from '../../src/lib/server/exports/commune-json';
import { auditOfCommune, accessOf, domainError, makeCommune, makeUser } from '../helpers/fixtures';
import { engines, useDatabase } from '../helpers/db';

const NOW = new Date('2026-06-15T10:00:00Z');

describe.each(engines())('proposed, not confirmed, on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function setUp() {
		const dpd = await makeUser(db(), { name: 'Claire Dupuis' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);
		await addFromCatalogue(db(), access, ['etat-civil', 'listes-electorales']);
		const rows = await db().select().from(records).where(eq(records.communeId, commune.id));
		return { dpd, commune, access, rows };
	}

	it('marks what the catalogue pre-fills as proposed: incomplete everywhere, listed in the dossier', async () => {
		const { commune, rows } = await setUp();
		expect(rows).toHaveLength(2);
		for (const r of rows) {
			expect(r.proposal).toMatchObject({ source: 'catalogue', why: expect.stringContaining('catalogue') });
			expect(r.confirmedAt).toBeNull();
		}
		const judged = await loadCompleteness(db(), commune.id);
		for (const r of rows) expect(judged.of(activityKind, r).missing.map((m) => m.name)).toContain('__confirmation');
		const fiches = await registerFiches(db(), commune.id);
		expect(fiches.every((f) => f.proposed && f.percent < 100)).toBe(true);

		const snapshot = await buildSnapshot(db(), commune.id);
		const flag = redFlags(snapshot, NOW).find((f) => f.id === 'proposes')!;
		expect(flag.state).toBe('a_traiter');
		expect(flag.measured).toContain('2 éléments sur 2');
		expect(flag.items).toEqual(expect.arrayContaining([expect.stringContaining('« État civil »')]));
		const text = JSON.stringify(buildDossier(snapshot, { version: 1, generatedAt: NOW, generatedByName: 'Claire Dupuis', fingerprint: 'f'.repeat(64) }).blocks);
		expect(text).toContain('Proposé, non confirmé');
	});

	it('« Je confirme » stamps a named person and a date, once, journaled; a reader cannot', async () => {
		const { commune, access, rows } = await setUp();
		const [first, second] = rows;
		// The mayor, a reader, cannot confirm.
		const mayor = await makeUser(db(), { name: 'Marc Maire' });
		const { token } = await invite(db(), access, { role: 'elu' });
		await acceptInvitation(db(), mayor, token);
		const mayorAccess = await accessOf(db(), mayor, commune.id);
		await domainError(confirmRecords(db(), mayorAccess, 'activity', [first!.id]), 403);

		expect(await confirmRecords(db(), access, 'activity', [first!.id], NOW)).toBe(1);
		// Twice: nothing more.
		expect(await confirmRecords(db(), access, 'activity', [first!.id], NOW)).toBe(0);
		const [row] = await db().select().from(records).where(eq(records.id, first!.id));
		expect(row).toMatchObject({ confirmedByName: 'Claire Dupuis', confirmedBy: access.user.id });
		expect(row!.confirmedAt?.toISOString()).toBe(NOW.toISOString());
		const journal = (await auditOfCommune(db(), commune.id)).filter((e) => e.action === 'confirmation');
		expect(journal).toHaveLength(1);
		expect(journal[0]!.entityId).toBe(first!.id);

		const fiches = await registerFiches(db(), commune.id);
		expect(fiches.find((f) => f.id === first!.id)!.proposed).toBe(false);
		expect(fiches.find((f) => f.id === second!.id)!.proposed).toBe(true);
		const snapshot = await buildSnapshot(db(), commune.id);
		const flag = redFlags(snapshot, NOW).find((f) => f.id === 'proposes')!;
		expect(flag.measured).toContain('1 élément sur 2');
		expect(flag.items).toHaveLength(1);
		await confirmRecords(db(), access, 'activity', [second!.id], NOW);
		expect(redFlags(await buildSnapshot(db(), commune.id), NOW).find((f) => f.id === 'proposes')!.state).toBe('rien');
	});

	it('the JSON export carries the proposal and the confirmation; the import keeps them', async () => {
		const { commune, access, rows } = await setUp();
		await confirmRecords(db(), access, 'activity', [rows[0]!.id], NOW);
		const file = await exportCommune(db(), commune.id, NOW);
		const exported = file.records.filter((r) => r.kind === 'activity');
		expect(exported.map((r) => r.confirmed?.byName ?? null).sort()).toEqual(['Claire Dupuis', null].sort());
		const importer = await makeUser(db(), { name: 'Autre DPD' });
		const result = await importCommune(db(), importer, JSON.stringify(file), { filename: 'glanon.json' });
		const copies = await db().select().from(records).where(eq(records.communeId, result.communeId));
		expect(copies.filter((r) => r.proposal && !r.confirmedAt)).toHaveLength(1);
		const confirmed = copies.find((r) => r.confirmedAt)!;
		expect(confirmed.confirmedByName).toBe('Claire Dupuis');
		expect(confirmed.confirmedBy).toBeNull();
	});
});
