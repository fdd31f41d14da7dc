// A forged JSON export (issue 14): back-dated journal entries in the name of a user of this
// installation, a training attestation « by the GIP's trainer », a document fingerprint, a body
// whose name or INSEE code matches nothing. Each is refused, or kept and shown as imported —
// never as recorded here, never in the name of an account of this installation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { listAudit } from '../../src/lib/server/audit';
import type { Db } from '../../src/lib/server/db';
import { auditLog, communes, records, stepAnswers } from '../../src/lib/server/db/schema';
import { generateDossier, getDossier, writeDossier } from '../../src/lib/server/domain/dossiers';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { buildDossier } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import { exportCommune, importCommune, type CommuneExport } from '../../src/lib/server/exports/commune-json';
import { journalView } from '../../src/lib/server/journal-view';
import { recordView } from '../../src/lib/server/record-view';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, makeCommune, makeUser } from '../helpers/fixtures';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const FAKE_SHA = 'ab'.repeat(32);
const NOW = new Date('2026-12-06T10:00:00Z');

describe.each(engines())('a forged import file ($name)', (engine) => {
	const getDb = useDatabase(engine);
	let db: Db;
	let dpd: SessionUser;
	let victim: SessionUser;
	let importer: SessionUser;
	let base: CommuneExport;

	beforeAll(async () => {
		db = getDb();
		dpd = await makeUser(db, { name: 'Sophie Martin' });
		victim = await makeUser(db, { name: 'Bernard Victime' });
		importer = await makeUser(db, { name: 'Paul Nouvel' });
		const commune = await makeCommune(db, dpd, '21301');
		const access = await accessOf(db, dpd, commune.id);
		await saveRecord(db, access, 'breach', null, submission({ title: 'Courriel mal adressé', discoveredAt: '2026-11-02T09:30' }));
		base = await exportCommune(db, commune.id);
	}, 120_000);

	function forged(): CommuneExport {
		const file = clone(base);
		// Back-dated entries in the name of users of this installation (their ids inside the changes too).
		file.audit.unshift(
			{ at: '2019-03-01T08:00:00.000Z', userName: victim.name, entity: 'membre', entityId: victim.id, action: 'ajout', changes: { user: victim.id, role: 'dpd' } },
			{ at: '2019-03-02T08:00:00.000Z', userName: 'Sophie Martin', entity: 'organisme', entityId: file.commune.id, action: 'modification', changes: { confirmedBy: victim.id } }
		);
		// A training attestation « recorded by the GIP's trainer ».
		file.records.push({
			id: '11111111-1111-4111-8111-111111111111',
			kind: 'training',
			parentId: null,
			data: { title: 'Formation RGPD du GIP', date: '2019-02-01', trainer: 'Formateur du GIP', participant: 'Sophie Martin' },
			fieldMeta: { title: { byName: 'Formateur du GIP', at: '2019-02-01T10:00:00.000Z', version: 1 } },
			version: 1,
			origin: {},
			createdAt: '2019-02-01T10:00:00.000Z',
			updatedAt: '2019-02-01T10:00:00.000Z',
			archivedAt: null
		});
		// A document fingerprint nobody here produced.
		file.documents.push({ id: '22222222-2222-4222-8222-222222222222', kind: 'designation', title: 'Acte de désignation du DPD', generatedAt: '2019-01-15T10:00:00.000Z', generatedByName: 'Jean Bernard', sha256: FAKE_SHA });
		return file;
	}

	it('refuses an INSEE code, a SIREN or a name that matches nothing in the official list (nothing written)', async () => {
		const before = (await db.select({ id: communes.id }).from(communes)).length;
		const fakeInsee = forged();
		fakeInsee.commune.inseeCode = '99999';
		expect((await domainError(importCommune(db, importer, JSON.stringify(fakeInsee)), 400)).message).toMatch(/code INSEE « 99999 » ne correspond à aucune commune de la liste officielle/);
		const fakeName = forged();
		fakeName.commune.name = 'Ville-Imaginaire';
		expect((await domainError(importCommune(db, importer, JSON.stringify(fakeName)), 400)).message).toMatch(/ne correspond pas au code 21301, qui est celui de « Glanon »/);
		const fakeEpci = forged();
		fakeEpci.commune = { ...fakeEpci.commune, type: 'epci', name: 'Communauté imaginaire', inseeCode: null, siren: '356000000' };
		expect((await domainError(importCommune(db, importer, JSON.stringify(fakeEpci)), 400)).message).toMatch(/SIREN « 356000000 » ne correspond à aucun EPCI/);
		expect((await db.select({ id: communes.id }).from(communes)).length).toBe(before);
	});

	it('takes the identity from the official list, whatever the file says of population or département', async () => {
		const file = forged();
		file.commune.population = 999_999;
		file.commune.departement = '75';
		file.commune.postalCode = '75001';
		const result = await importCommune(db, importer, JSON.stringify(file), { now: NOW });
		const [c] = await db.select().from(communes).where(eq(communes.id, result.communeId));
		expect(c).toMatchObject({ name: 'Glanon', inseeCode: '21301', departement: '21' });
		expect(c!.population).not.toBe(999_999);
		expect(c!.postalCode).not.toBe('75001');
	});

	it('keeps the file’s journal apart, marked as imported, in nobody’s name here', async () => {
		const result = await importCommune(db, importer, JSON.stringify(forged()), { filename: 'forge.json', now: NOW });
		const rows = await db.select().from(auditLog).where(eq(auditLog.communeId, result.communeId));
		const told = rows.filter((r) => r.action !== 'import');
		expect(told.length).toBe(base.audit.length + 2);
		for (const r of told) {
			expect(r.userId).toBeNull();
			expect(r.importedAt?.toISOString()).toBe(NOW.toISOString());
		}
		// Only the import itself is recorded here, by the importer.
		const recorded = await listAudit(db, result.communeId, { limit: 200 });
		expect(recorded.map((r) => [r.action, r.userId])).toEqual([['import', importer.id]]);

		// The journal page's separate history: the actor is the file, and no id in it names a person of this installation.
		const history = await journalView(db, result.communeId, await listAudit(db, result.communeId, { limit: 200, imported: true }));
		expect(history.length).toBe(base.audit.length + 2);
		for (const line of history) {
			expect(line.imported).toBe(true);
			expect(line.who).toMatch(/^d’après le fichier importé le 6 décembre 2026/);
		}
		const member = history.find((l) => l.when.startsWith('01/03/2019'))!;
		expect(member.who).toBe('d’après le fichier importé le 6 décembre 2026 (« Bernard Victime »)');
		expect(JSON.stringify(member.changes)).not.toContain('Bernard Victime');
		const confirmed = history.find((l) => l.when.startsWith('02/03/2019'))!;
		expect(JSON.stringify(confirmed.changes)).not.toContain('Bernard Victime');

		// Records and answers carry no author of this installation, and are marked.
		const recs = await db.select().from(records).where(eq(records.communeId, result.communeId));
		for (const r of recs) {
			expect(r.createdBy).toBeNull();
			expect(r.updatedBy).toBeNull();
			expect(r.importedAt?.toISOString()).toBe(NOW.toISOString());
		}
		for (const s of await db.select().from(stepAnswers).where(eq(stepAnswers.communeId, result.communeId))) expect(s.updatedBy).toBeNull();
	});

	it('shows the training attestation and the fingerprint as the file’s claims, in the app and in the dossier', async () => {
		const result = await importCommune(db, importer, JSON.stringify(forged()), { now: NOW });
		const [commune] = await db.select().from(communes).where(eq(communes.id, result.communeId));
		const [training] = await db.select().from(records).where(eq(records.id, result.ids.get('11111111-1111-4111-8111-111111111111')!));
		const view = await recordView(db, commune!, 'training', training!);
		expect(view.importedAt).toBe('6 décembre 2026');
		expect(view.sections[0]!.intro).toMatch(/^Attestation importée depuis un fichier/);
		expect(JSON.stringify(view.sections)).not.toContain('enregistrée par le formateur du GIP');
		expect(view.meta.title).toMatchObject({ imported: true });

		const snapshot = await buildSnapshot(db, result.communeId);
		const model = buildDossier(snapshot, { version: 1, generatedAt: NOW, generatedByName: importer.name, fingerprint: 'f'.repeat(64) });
		const text = JSON.stringify(model.blocks);
		expect(text).not.toContain('enregistrée par le formateur du GIP');
		const table = model.blocks.find((b) => b.t === 'table' && b.caption === 'Documents produits') as { rows: string[][] };
		const attestation = table.rows.find((r) => r[0]!.startsWith('Attestation de formation : Formation RGPD du GIP'))!;
		expect(attestation[3]).toBe('importé le 6 décembre 2026 depuis un fichier (déclarée par le fichier, non vérifiée)');
		const fingerprint = table.rows.find((r) => r[3]!.startsWith(FAKE_SHA))!;
		expect(fingerprint[0]).toMatch(/importé le 6 décembre 2026 depuis un fichier/);
		expect(fingerprint[3]).toBe(`${FAKE_SHA} (empreinte déclarée par le fichier)`);
		// The journal's summary counts only what was recorded here; the file's history is told apart.
		expect(snapshot.audit.total).toBe(1);
		expect(snapshot.importedAudit).toMatchObject({ total: base.audit.length + 2, from: '2019-03-01T08:00:00.000Z' });
		expect(text).toMatch(/Historique importé : \d+ entrées du 1er mars 2019 au [^,]+, importé le 6 décembre 2026 depuis un fichier/);

		// The PDF itself, as a reader gets it.
		const access = await accessOf(db, importer, result.communeId);
		const { version } = await generateDossier(db, access);
		const row = await getDossier(db, result.communeId, version);
		const chunks: Buffer[] = [];
		const out = new Writable({
			write(chunk, _enc, cb) {
				chunks.push(Buffer.from(chunk));
				cb();
			}
		});
		await writeDossier(db, row, out);
		const dir = mkdtempSync(join(tmpdir(), 'forged-import-'));
		try {
			const file = join(dir, 'dossier.pdf');
			writeFileSync(file, Buffer.concat(chunks));
			const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
			expect(pdf).toContain('importé le 6 décembre 2026 depuis un fichier');
			expect(pdf).toContain('déclarée par le fichier, non vérifiée');
			expect(pdf).toContain('Historique importé');
			expect(pdf).not.toContain('enregistrée par le formateur du GIP');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
