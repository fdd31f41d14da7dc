// « Confirm, don't type » (issue 15): the review of a proposed register entry and its « Je confirme »,
// the DPIA screening confirmed from one table, the conformity grids pre-answered.
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dpiaVerdict } from '../../src/lib/recipes/dpia';
import { PRINCIPLES } from '../../src/lib/recipes/assessments';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { records } from '../../src/lib/server/db/schema';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { confirmScreenings, gridTable, prepareGrids, proposedEntries, screeningTable } from '../../src/lib/server/domain/proposals';
import { loadProgress } from '../../src/lib/server/domain/recipes';
import { addFromCatalogue, confirmRecords, createRecords, saveRecord, writerOf } from '../../src/lib/server/domain/record-writes';
import { getRecord } from '../../src/lib/server/domain/records';
import { entryReview } from '../../src/lib/server/review';
import { READ_ONLY_MESSAGE, type Access } from '../../src/lib/server/tenancy';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, auditOfCommune, domainError, expectAuditDelta, makeCommune, makeUser } from '../helpers/fixtures';

const NOW = new Date('2026-12-06T10:00:00Z');

describe.each(engines())('confirm, don’t type, on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function setup() {
		const dpd = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), dpd);
		return { dpd, commune, access: await accessOf(db(), dpd, commune.id) };
	}
	async function reader(dpdAccess: Access, user: SessionUser) {
		const { token } = await invite(db(), dpdAccess, { role: 'elu' });
		await acceptInvitation(db(), user, token);
		return accessOf(db(), user, dpdAccess.commune.id);
	}
	async function fiches(communeId: string, kind = 'activity') {
		return db().select().from(records).where(and(eq(records.communeId, communeId), eq(records.kind, kind), isNull(records.archivedAt)));
	}
	const byCatalogue = async (communeId: string, id: string) => (await fiches(communeId)).find((r) => r.origin.catalogue === id)!;

	it('reviews a proposed entry item by item with its sources, and « Je confirme » confirms it once', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['etat-civil', 'cimetiere', 'listes-electorales']);
		const listed = (await proposedEntries(db(), commune.id)).map((e) => e.name);
		// In the register's order (the database's collation places « État » where it will).
		expect([...listed].sort()).toEqual(['Cimetière et concessions funéraires', 'Listes électorales', 'État civil']);
		expect(listed[0]).toBe('Cimetière et concessions funéraires');
		const cimetiere = await byCatalogue(commune.id, 'cimetiere');
		// A person corrects one answer: her answer is hers, the rest stays the catalogue's.
		await saveRecord(db(), access, 'activity', cimetiere.id, submission({ recipientsInternal: 'Secrétaire de mairie seule' }, { _version: '1' }));
		const review = await entryReview(db(), commune.id, await getRecord(db(), commune.id, 'activity', cimetiere.id));
		expect(review.proposal?.why).toContain('Cimetière');
		expect(review.cautions.length).toBeGreaterThan(0);
		expect(review.groups.map((g) => g.heading)).toEqual(expect.arrayContaining(['Finalités (art. 30.1.b)', 'Durées de conservation (art. 30.1.f)']));
		const item = (name: string) => review.groups.flatMap((g) => g.items).find((i) => i.name === name)!;
		expect(item('legalBasis').source).toMatch(/^Catalogue \(« Cimetière et concessions funéraires »\) : .+/);
		expect(item('recipientsInternal')).toMatchObject({ byPerson: true, value: 'Secrétaire de mairie seule' });
		expect(item('recipientsInternal').source).toMatch(/^Réponse de Claire DPD, le /);
		expect(item('retention').source).toMatch(/^Catalogue \(« Cimetière/);
		expect(item('dpiaHint').source).toContain('critères');
		expect(review.missing).not.toContain('Confirmation (proposé, non confirmé)');
		expect(review.next?.name).toBe(listed[1]);

		// Weak retention source: said so.
		const etat = await byCatalogue(commune.id, 'etat-civil');
		const etatReview = await entryReview(db(), commune.id, await getRecord(db(), commune.id, 'activity', etat.id));
		const weakOrNot = etatReview.groups.flatMap((g) => g.items).find((i) => i.name === 'retentionSource')!;
		expect(weakOrNot.weak).toBe(false);

		const n = await expectAuditDelta(db(), 1, () => confirmRecords(db(), access, 'activity', [cimetiere.id], NOW));
		expect(n).toBe(1);
		// Idempotent: a second « Je confirme » changes nothing and journals nothing.
		expect(await expectAuditDelta(db(), 0, () => confirmRecords(db(), access, 'activity', [cimetiere.id], new Date('2026-12-07T10:00:00Z')))).toBe(0);
		const row = await getRecord(db(), commune.id, 'activity', cimetiere.id);
		expect(row).toMatchObject({ confirmedByName: 'Claire DPD', confirmedAt: NOW });
		expect((await proposedEntries(db(), commune.id)).map((e) => e.name)).toEqual(listed.slice(1));
		expect((await auditOfCommune(db(), commune.id)).at(-1)).toMatchObject({ action: 'confirmation', entity: 'fiche du registre' });
	});

	it('says « source à confirmer » where the catalogue’s retention source is weak', async () => {
		const { CATALOGUE } = await import('../../src/lib/catalogue/entries');
		const weak = CATALOGUE.find((e) => e.retentionSource.weak)!;
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, [weak.id]);
		const f = await byCatalogue(commune.id, weak.id);
		const review = await entryReview(db(), commune.id, await getRecord(db(), commune.id, 'activity', f.id));
		const src = review.groups.flatMap((g) => g.items).find((i) => i.name === 'retentionSource')!;
		expect(src).toMatchObject({ weak: true });
		expect(src.source).toContain(weak.retentionSource.text);
	});

	it('refuses every confirmation to a reader, and writes nothing', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['etat-civil', 'paie']);
		const elu = await reader(access, await makeUser(db(), { name: 'Élu lecteur' }));
		const [f] = await fiches(commune.id);
		for (const write of [
			() => confirmRecords(db(), elu, 'activity', [f!.id]),
			() => confirmScreenings(db(), elu, 'all'),
			() => prepareGrids(db(), elu, 'all')
		]) {
			const err = await expectAuditDelta(db(), 0, () => domainError(write(), 403));
			expect(err.message).toBe(READ_ONLY_MESSAGE);
		}
		expect(await fiches(commune.id, 'dpia')).toEqual([]);
		expect(await fiches(commune.id, 'conformity')).toEqual([]);
		expect((await proposedEntries(db(), commune.id)).length).toBe(2);
	});

	it('confirms the DPIA verdicts proposed from the catalogue in one go: complete screenings with the right verdict, stamped', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['listes-electorales', 'videoprotection', 'ccas-aide-sociale', 'registre-canicule', 'cimetiere']);
		const table = await screeningTable(db(), commune.id);
		const state = Object.fromEntries(table.map((r) => [r.name, r.state]));
		expect(state).toEqual({ 'Listes électorales': 'propose', 'Vidéoprotection de la voie publique': 'propose', 'Aide sociale du CCAS': 'propose', 'Registre canicule et grand froid (personnes vulnérables)': 'a_examiner', 'Cimetière et concessions funéraires': 'propose' });
		// Nothing written until confirmed: the step is not done.
		expect(await fiches(commune.id, 'dpia')).toEqual([]);

		const result = await confirmScreenings(db(), access, 'all', NOW);
		expect(result).toEqual({ confirmed: 4, left: 1 });
		const dpias = await fiches(commune.id, 'dpia');
		expect(dpias).toHaveLength(4);
		const all = await fiches(commune.id);
		const verdictOf = (catalogueId: string) => {
			const parent = all.find((f) => f.origin.catalogue === catalogueId)!;
			const d = dpias.find((x) => x.parentId === parent.id)!;
			expect(d).toMatchObject({ confirmedByName: 'Claire DPD', confirmedAt: NOW, proposal: { source: 'catalogue' } });
			return dpiaVerdict(d.data);
		};
		expect(verdictOf('listes-electorales')).toMatchObject({ required: false, reason: expect.stringContaining('liste électorale') });
		expect(verdictOf('videoprotection')).toMatchObject({ required: true, reason: expect.stringContaining('article 35.3') });
		expect(verdictOf('ccas-aide-sociale')).toMatchObject({ required: true, reason: expect.stringContaining('2018-327') });
		expect(verdictOf('cimetiere')).toMatchObject({ required: false, reason: expect.stringContaining('aucun des neuf critères') });
		// Each screening is complete: the app's completeness finds nothing missing.
		const progress = await loadProgress(db(), commune.id);
		const pending = progress.pending?.get('aipd/depistage') ?? [];
		expect(pending.map((p) => p.title)).toEqual(['Registre canicule et grand froid (personnes vulnérables)']);

		// Again: nothing new, nothing journaled.
		expect(await expectAuditDelta(db(), 0, () => confirmScreenings(db(), access, 'all'))).toEqual({ confirmed: 0, left: 1 });
		const after = await screeningTable(db(), commune.id);
		expect(after.find((r) => r.name === 'Cimetière et concessions funéraires')).toMatchObject({ state: 'fait' });
	});

	it('a screening proposed but not confirmed counts as not done; one row confirmed alone', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['cimetiere', 'paie']);
		const cimetiere = await byCatalogue(commune.id, 'cimetiere');
		const paie = await byCatalogue(commune.id, 'paie');
		// A screening proposed by the app (the profile, say), complete but unconfirmed.
		const [id] = await db().transaction((tx) =>
			createRecords(tx, writerOf(access), [{ kind: 'dpia', parentId: cimetiere.id, data: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune', criteria: [], criteriaReviewed: 'oui' }, proposal: { source: 'profil', why: 'parce que vous avez un cimetière' } }])
		);
		const before = await loadProgress(db(), commune.id);
		// The step lists the activity whose screening is not done.
		expect((before.pending?.get('aipd/depistage') ?? []).map((p) => p.id)).toContain(cimetiere.id);
		expect((await screeningTable(db(), commune.id)).find((r) => r.ficheId === cimetiere.id)).toMatchObject({ state: 'a_confirmer', dpiaId: id });

		expect(await confirmScreenings(db(), access, [cimetiere.id], NOW)).toEqual({ confirmed: 1, left: 0 });
		const after = await loadProgress(db(), commune.id);
		expect((after.pending?.get('aipd/depistage') ?? []).map((p) => p.id)).not.toContain(cimetiere.id);
		// Paie was not chosen: still proposed, no record.
		expect((await fiches(commune.id, 'dpia')).filter((d) => d.parentId === paie.id)).toEqual([]);
		await domainError(confirmScreenings(db(), access, []), 400);
	});

	it('pre-answers the grid from what the app knows, with reasons, « proposé » until confirmed', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['cimetiere', 'listes-electorales']);
		const cimetiere = await byCatalogue(commune.id, 'cimetiere');
		// An information notice written for the cemetery, and a processor with every clause.
		await saveRecord(db(), access, 'notice', null, submission({ source: 'personne', mandatory: 'oui', channels: ['formulaire', 'affiche'] }, { _parent: cimetiere.id }));
		const rows = await gridTable(db(), commune.id);
		const row = rows.find((r) => r.ficheId === cimetiere.id)!;
		expect(row.state).toBe('aucune');
		const p = Object.fromEntries(row.principles.map((x) => [x.id, x]));
		expect(p.information).toMatchObject({ answer: 'conforme', why: expect.stringMatching(/^Mention d’information rédigée le .* \(article 13\), donnée sur le formulaire, par affiche\.$/) });
		expect(p.base_legale).toMatchObject({ answer: 'conforme' });
		expect(p.transferts!.answer === 'conforme' || p.transferts!.answer === null).toBe(true);
		// The screening is not done: asked, with why.
		expect(p.aipd).toMatchObject({ answer: null, why: expect.stringContaining('dépistage') });
		// Never derived: asked.
		for (const id of ['finalite', 'minimisation', 'exactitude', 'droits']) expect(p[id]!.answer, id).toBeNull();
		const other = rows.find((r) => r.ficheId !== cimetiere.id)!;
		expect(Object.fromEntries(other.principles.map((x) => [x.id, x.answer])).information).toBe('non_conforme');

		// Declared as data next to PRINCIPLES: exactly the derivable ones.
		expect(PRINCIPLES.filter((x) => x.derivedFrom).map((x) => x.id)).toEqual(['base_legale', 'conservation', 'information', 'sous_traitants', 'transferts', 'securite', 'aipd']);

		const [gridId] = await prepareGrids(db(), access, [cimetiere.id], NOW);
		const [grid] = (await fiches(commune.id, 'conformity')).filter((g) => g.id === gridId);
		expect(grid!.data.p_information).toBe('conforme');
		expect(grid!.data.p_information_why).toMatch(/^Proposé par l’application : Mention d’information rédigée le /);
		expect(grid!.data.p_finalite).toBeUndefined();
		expect(grid!.proposal).toMatchObject({ source: 'application', why: expect.stringContaining('information des personnes') });
		// Prepared twice: one grid.
		expect(await prepareGrids(db(), access, [cimetiere.id])).toEqual([]);

		// Answer the rest: complete, yet « proposé » keeps it not done until confirmed.
		const rest: Record<string, string> = {};
		for (const x of PRINCIPLES) if (!grid!.data[`p_${x.id}`]) Object.assign(rest, { [`p_${x.id}`]: 'conforme', [`p_${x.id}_why`]: 'Vérifié avec le maire.' });
		const saved = await saveRecord(db(), access, 'conformity', gridId!, submission(rest, { _version: '1' }));
		expect(saved.errors).toEqual({});
		const pendingOf = async () => ((await loadProgress(db(), commune.id)).pending?.get('conformite/grille') ?? []).map((x) => x.id);
		expect(await pendingOf()).toContain(cimetiere.id);
		expect(await confirmRecords(db(), access, 'conformity', [gridId!], NOW)).toBe(1);
		expect(await pendingOf()).not.toContain(cimetiere.id);
		expect((await gridTable(db(), commune.id)).find((r) => r.ficheId === cimetiere.id)).toMatchObject({ state: 'faite' });
	});
});
