// The commune profile: its answers propose register entries, supports, processors and security
// points, each « proposé, non confirmé » with its reason, created once through the one write path.
import { and, eq } from 'drizzle-orm';
import { supportKind } from '../../src/lib/recipes/records';
import { describe, expect, it } from 'vitest';
import { CONFIRMATION_ITEM, NO_COMMUNE_FACTS, pendingProposal } from '../../src/lib/recipes/completeness';
import { RECIPES } from '../../src/lib/recipes';
import { nextStep } from '../../src/lib/recipes/engine';
import { planProposals, profilRecipe } from '../../src/lib/recipes/profile';
import { recordKind } from '../../src/lib/server/domain/records';
import { auditLog as audit, records } from '../../src/lib/server/db/schema';
import { profileView, saveProfile } from '../../src/lib/server/domain/profile';
import { getStepRow, loadProgress } from '../../src/lib/server/domain/recipes';
import { addFromCatalogue, archiveRecord, confirmRecords } from '../../src/lib/server/domain/record-writes';
import { completenessOf, listRecords } from '../../src/lib/server/domain/records';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const ANSWERS = {
	ecole: 'non',
	cantine: 'oui',
	periscolaire: 'non',
	ccas: 'cias',
	aines: 'oui',
	video: 'non',
	police: 'non',
	site: 'non',
	newsletter: 'oui',
	sms: 'oui',
	salle: 'non',
	cimetiere: 'oui',
	eau: 'non',
	agents: '1-2',
	vendors: ['jvs', 'autre'],
	vendorOther: 'Éditeur Régional'
};

describe('the profile as data', () => {
	it('proposes every commune’s basics with their reason, and each answer’s proposals with theirs', () => {
		const none = planProposals({});
		expect(none.activities.map((a) => a.entryId)).toEqual(expect.arrayContaining(['etat-civil', 'listes-electorales', 'urbanisme']));
		expect(none.activities.find((a) => a.entryId === 'etat-civil')!.why[0]).toMatch(/toute commune/);
		expect(none.activities.map((a) => a.entryId)).not.toContain('paie');
		const plan = planProposals(ANSWERS);
		expect(plan.activities.find((a) => a.entryId === 'cantine-periscolaire')!.why).toEqual(['parce que vous avez une cantine']);
		expect(plan.activities.map((a) => a.entryId)).toEqual(expect.arrayContaining(['paie', 'gestion-personnel', 'alerte-sms', 'lettre-information', 'cimetiere', 'colis-aines']));
		// The CIAS answers: the commune does not instruct social aid itself.
		expect(plan.activities.map((a) => a.entryId)).not.toContain('ccas-aide-sociale');
		expect(planProposals({ ...ANSWERS, ccas: 'commune' }).activities.map((a) => a.entryId)).toContain('ccas-aide-sociale');
		expect(plan.processors.map((p) => p.name)).toEqual(expect.arrayContaining(['JVS-Mairistem', 'Éditeur Régional']));
		expect(plan.security.find((m) => m.measureId === 'code_telephones')!.why).toContain('parce que vous prévenez les habitants par SMS ou par appel');
		// The same proposal from two answers is made once, with both reasons.
		const both = planProposals({ ...ANSWERS, periscolaire: 'oui' });
		expect(both.activities.filter((a) => a.entryId === 'cantine-periscolaire')).toHaveLength(1);
		expect(both.activities.find((a) => a.entryId === 'cantine-periscolaire')!.why).toHaveLength(2);
	});

	it('is the first recipe proposed to a new commune', () => {
		expect(RECIPES[0]).toBe(profilRecipe);
		const next = nextStep(RECIPES, { steps: new Map(), collections: new Map(), confirmed: new Set() }, new Date('2027-03-01T10:00:00Z'));
		expect(next?.recipe.id).toBe('profil');
	});
});

describe.each(engines())('the commune profile on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function setup(name = 'Secrétaire du profil') {
		const dpd = await makeUser(db(), { name });
		const commune = await makeCommune(db(), dpd);
		return { dpd, commune, access: await accessOf(db(), dpd, commune.id) };
	}

	const live = async (communeId: string, kind: string) => listRecords(db(), communeId, kind);

	it('creates the proposed records, « proposé, non confirmé », with their reasons, in one journaled save', async () => {
		const { commune, access } = await setup();
		const result = await saveProfile(db(), access, submission(ANSWERS));
		expect(result.status).toBe('terminee');
		expect((await getStepRow(db(), commune.id, 'profil', 'questions'))!.answers.cantine).toBe('oui');
		const fiches = await live(commune.id, 'activity');
		const supports = await live(commune.id, 'support');
		const processors = await live(commune.id, 'processor');
		expect(result.created).toBe(fiches.length + supports.length + processors.length);
		const cantine = fiches.find((f) => f.origin.catalogue === 'cantine-periscolaire')!;
		expect(cantine.proposal).toEqual({ source: 'profil', why: 'parce que vous avez une cantine' });
		expect(cantine.confirmedAt).toBeNull();
		expect(fiches.find((f) => f.origin.catalogue === 'etat-civil')!.proposal!.why).toMatch(/toute commune tient/);
		expect(fiches.some((f) => f.origin.catalogue === 'videoprotection')).toBe(false);
		expect(supports.find((s) => s.data.name === 'Téléphone du maire')!.proposal!.why).toBe('parce que vous prévenez les habitants par SMS ou par appel');
		// Each support comes with the usual place and users of its kind, to confirm like the rest: the
		// map's supports then need only the confirmation; the mayor's phone is with the mayor.
		for (const s of supports) expect([s.data.location, s.data.users].every((v) => typeof v === 'string' && v.length > 0), String(s.data.name)).toBe(true);
		expect(supports.find((s) => s.data.name === 'Ordinateur du secrétariat')!.data.location).toBe('Secrétariat de la mairie');
		expect(supports.find((s) => s.data.name === 'Téléphone du maire')!.data).toMatchObject({ location: 'Avec le maire', users: 'Le maire' });
		for (const s of supports) {
			const missing = completenessOf(supportKind, s.data, { parent: null, commune: NO_COMMUNE_FACTS, proposal: pendingProposal(s) }).missing.map((m) => m.name);
			expect(missing, String(s.data.name)).toEqual(['__confirmation']);
		}
		// The vendor is a processor of the activities its software serves, where they are in the register.
		const jvs = processors.find((p) => p.data.name === 'JVS-Mairistem')!;
		const byEntry = (id: string) => fiches.find((f) => f.origin.catalogue === id)!.id;
		expect(jvs.data.activities).toEqual(expect.arrayContaining([byEntry('etat-civil'), byEntry('paie'), byEntry('cimetiere')]));
		expect(jvs.data.activities).not.toContain(byEntry('cantine-periscolaire'));
		expect(processors.find((p) => p.data.name === 'Éditeur Régional')).toBeTruthy();
		// Every proposed record is incomplete until confirmed: the confirmation is among what it misses.
		for (const r of [...fiches, ...supports, ...processors]) {
			expect(pendingProposal(r)).not.toBeNull();
			const c = completenessOf(recordKind(r.kind), r.data, { parent: null, commune: NO_COMMUNE_FACTS, proposal: pendingProposal(r) });
			expect(c.missing.map((m) => m.name)).toContain(CONFIRMATION_ITEM.name);
		}
		const progress = await loadProgress(db(), commune.id);
		expect(progress.collections.get('registre/fiches')).toMatchObject({ count: fiches.length, incomplete: fiches.length });
		// Journaled: one entry per record created, under the profile's action.
		const journal = await db().select().from(audit).where(and(eq(audit.communeId, commune.id), eq(audit.action, 'création depuis le profil de la commune')));
		expect(journal).toHaveLength(result.created);
	});

	it('never duplicates: a re-save creates nothing, and an activity already added from the catalogue is not added again', async () => {
		const { commune, access } = await setup();
		await addFromCatalogue(db(), access, ['etat-civil']);
		const first = await saveProfile(db(), access, submission(ANSWERS));
		expect(first.created).toBeGreaterThan(5);
		const count = async () => (await db().select({ id: records.id }).from(records).where(eq(records.communeId, commune.id))).length;
		const before = await count();
		const again = await saveProfile(db(), access, submission(ANSWERS));
		expect(again.created).toBe(0);
		expect(await count()).toBe(before);
		const etatCivil = (await live(commune.id, 'activity')).filter((f) => f.origin.catalogue === 'etat-civil');
		expect(etatCivil).toHaveLength(1);
		expect(etatCivil[0]!.proposal!.source).toBe('catalogue');
		const view = await profileView(db(), commune.id);
		expect(view.groups.find((g) => g.id === 'activities')!.items.every((i) => i.state === 'propose' && i.id)).toBe(true);
	});

	it('reports what a flipped answer no longer calls for, removes nothing itself, and does not propose again what she removed', async () => {
		const { commune, access } = await setup();
		await saveProfile(db(), access, submission(ANSWERS));
		const cantine = (await live(commune.id, 'activity')).find((f) => f.origin.catalogue === 'cantine-periscolaire')!;
		await confirmRecords(db(), access, 'activity', [cantine.id]);
		const flipped = await saveProfile(db(), access, submission({ ...ANSWERS, cantine: 'non', sms: 'non' }));
		expect(flipped.created).toBe(0);
		// Nothing removed silently, confirmed or not.
		const fiches = await live(commune.id, 'activity');
		expect(fiches.find((f) => f.id === cantine.id)).toBeTruthy();
		expect(fiches.some((f) => f.origin.catalogue === 'alerte-sms')).toBe(true);
		const view = await profileView(db(), commune.id);
		const stale = view.stale.find((s) => s.id === cantine.id)!;
		expect(stale.reason).toMatch(/parce que vous avez une cantine/);
		expect(stale.confirmed).toBe(true);
		expect(view.stale.map((s) => s.title)).toEqual(expect.arrayContaining(['Téléphone du maire']));
		expect(view.stale.some((s) => s.title === 'JVS-Mairistem')).toBe(false);
		// She removes it; answering « oui » again does not bring it back behind her back.
		await archiveRecord(db(), access, 'activity', cantine.id);
		const back = await saveProfile(db(), access, submission(ANSWERS));
		expect((await live(commune.id, 'activity')).some((f) => f.origin.catalogue === 'cantine-periscolaire')).toBe(false);
		expect(back.created).toBe(0);
		const again = await profileView(db(), commune.id);
		expect(again.groups.find((g) => g.id === 'activities')!.items.find((i) => i.title.startsWith('Cantine'))!.state).toBe('retire');
	});

	it('confirmed proposals show as confirmed', async () => {
		const { commune, access } = await setup();
		await saveProfile(db(), access, submission(ANSWERS));
		const jvs = (await live(commune.id, 'processor')).find((p) => p.data.name === 'JVS-Mairistem')!;
		expect(await confirmRecords(db(), access, 'processor', [jvs.id])).toBe(1);
		const view = await profileView(db(), commune.id);
		expect(view.groups.find((g) => g.id === 'processors')!.items.find((i) => i.id === jvs.id)!.state).toBe('confirme');
	});
});
