// Follow-up questions on a new record (issue 15): the first page of a new breach or conformity grid
// describes every follow-up with its condition, so that one submission — the page as sent without
// JavaScript — fills everything and the record is complete after one save. An answer to a
// follow-up its question closes later is kept, and no longer counted.
import { describe, expect, it } from 'vitest';
import { kindFields, RECORD_KINDS } from '../../src/lib/recipes/records';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { getRecord } from '../../src/lib/server/domain/records';
import { recordView } from '../../src/lib/server/record-view';
import { COMPLETE_FICHE, conformityGrid, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

/** The form as the new record's page sends it: every field of the kind listed, the answers given. */
function onePost(kind: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { ...answers, _fields: kindFields(RECORD_KINDS[kind]!).map((f) => f.name).join(','), ...extra };
}

const BREACH = {
	title: 'Liste de la cantine envoyée à tous les parents',
	discoveredAt: '2026-11-30T09:15',
	nature: ['confidentialite'],
	description: 'La liste des inscrits a été envoyée à tous les parents.',
	dataConcerned: 'Noms des enfants, classes, régimes alimentaires',
	peopleConcerned: 'Les enfants inscrits et leurs parents',
	consequences: 'Révélation de régimes alimentaires liés à la santé',
	measures: 'Rappel du courriel, demande de suppression',
	risk: 'eleve',
	cnilNotified: 'oui',
	cnilNotifiedAt: '2026-12-01T10:00',
	cnilReference: 'NOTIF-2026-0042',
	peopleInformed: 'oui',
	peopleInformedOn: '2026-12-02',
	peopleInformedHow: 'Courrier à chaque famille'
};

describe.each(engines())('follow-up questions on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function setUp() {
		const user = await makeUser(db(), { name: 'Morgane Suivi' });
		const commune = await makeCommune(db(), user, '21301');
		return { commune, access: await accessOf(db(), user, commune.id) };
	}

	it('a new breach: the first page shows its follow-ups with their condition; one submission makes it complete', async () => {
		const { commune, access } = await setUp();
		const page = await recordView(db(), commune, 'breach', null);
		const fields = page.sections.flatMap((s) => s.fields);
		const at = fields.find((f) => f.name === 'cnilNotifiedAt')!;
		// Not opened yet: hidden with JavaScript until « Oui » is chosen, shown without it, with its condition.
		expect(at.visible).toBe(false);
		expect(at.live).toEqual({ field: 'cnilNotified', equals: 'oui' });
		expect(at.conditionText).toBe('Si vous avez répondu « Oui » à « La CNIL a été notifiée »');
		const followUps = fields.filter((f) => f.conditionText).map((f) => f.name);
		expect(followUps).toEqual(['notNotifiedReason', 'cnilNotified', 'cnilNotifiedAt', 'cnilReference', 'lateReason', 'peopleInformed', 'peopleInformedOn', 'peopleInformedHow', 'notInformedReason']);
		expect(fields.filter((f) => f.conditionText).every((f) => f.live)).toBe(true);

		const saved = await saveRecord(db(), access, 'breach', null, onePost('breach', BREACH));
		expect(saved.errors).toEqual({});
		const row = await getRecord(db(), commune.id, 'breach', saved.id);
		const view = await recordView(db(), commune, 'breach', row);
		expect(view.completeness.missing).toEqual([]);
		expect(view.completeness.percent).toBe(100);
		expect(row.data.cnilNotifiedAt).toBe('2026-12-01T10:00');
		expect(row.data.peopleInformedOn).toBe('2026-12-02');
		// Opened by the saved answers: shown on the record's page.
		expect(view.sections.flatMap((s) => s.fields).find((f) => f.name === 'cnilNotifiedAt')!.visible).toBe(true);

		// The risk lowered afterwards: the notification's answers are kept, and no longer counted.
		const lowered = await saveRecord(db(), access, 'breach', saved.id, submission({ risk: 'aucun', notNotifiedReason: 'Courriel rappelé avant lecture' }, { _version: String(row.version) }));
		expect(lowered.errors).toEqual({});
		const after = await getRecord(db(), commune.id, 'breach', saved.id);
		expect(after.data.cnilNotifiedAt).toBe('2026-12-01T10:00');
		expect(after.data.peopleInformedOn).toBe('2026-12-02');
		const afterView = await recordView(db(), commune, 'breach', after);
		expect(afterView.completeness.percent).toBe(100);
		expect(afterView.sections.flatMap((s) => s.fields).find((f) => f.name === 'cnilNotifiedAt')!.visible).toBe(false);
	});

	it('a new breach sent with « Oui » but without the notification’s date is not complete: the follow-up counts once opened', async () => {
		const { commune, access } = await setUp();
		const saved = await saveRecord(db(), access, 'breach', null, onePost('breach', { ...BREACH, cnilNotifiedAt: '' }));
		const view = await recordView(db(), commune, 'breach', await getRecord(db(), commune.id, 'breach', saved.id));
		expect(view.completeness.missing).toEqual(['Notifiée le']);
	});

	it('a new conformity grid: the eleven justifications on the first page; one submission makes it complete', async () => {
		const { commune, access } = await setUp();
		const fiche = await saveRecord(db(), access, 'activity', null, submission(COMPLETE_FICHE));
		const parent = await getRecord(db(), commune.id, 'activity', fiche.id);
		const page = await recordView(db(), commune, 'conformity', null, {}, parent);
		const why = page.sections.flatMap((s) => s.fields).filter((f) => f.name.endsWith('_why'));
		expect(why).toHaveLength(11);
		expect(why.every((f) => f.live && !f.visible && /^Si vous avez répondu à « .+ »$/.test(f.conditionText ?? ''))).toBe(true);

		const saved = await saveRecord(db(), access, 'conformity', null, onePost('conformity', conformityGrid({ minimisation: 'non_conforme' }), { _parent: parent.id }));
		expect(saved.errors).toEqual({});
		const row = await getRecord(db(), commune.id, 'conformity', saved.id);
		const view = await recordView(db(), commune, 'conformity', row);
		expect(view.completeness.percent).toBe(100);
		expect(view.summary?.label).toBe('Non-conformité majeure — action à planifier');
	});
});
