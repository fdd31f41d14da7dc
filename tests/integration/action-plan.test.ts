// The action plan in one table (owner and due date for every open action, proposed and accepted)
// and one action per measure, whatever the places that raise it.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { originRefs } from '../../src/lib/recipes/action-origins';
import { MEASURES } from '../../src/lib/recipes/securite';
import type { Answers } from '../../src/lib/recipes/types';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { auditLog, records } from '../../src/lib/server/db/schema';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { cellName, planTable, savePlanTable } from '../../src/lib/server/domain/plan-table';
import { getStepRow, saveStep } from '../../src/lib/server/domain/recipes';
import { createActionFromRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { actionsFrom } from '../../src/lib/server/domain/records';
import { describeRecords } from '../../src/lib/server/record-list';
import type { Access } from '../../src/lib/server/tenancy';
import { conformityGrid, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, expectAuditDelta, makeCommune, makeUser } from '../helpers/fixtures';

const PHONE = MEASURES.find((m) => m.id === 'code_telephones')!;
const USB = MEASURES.find((m) => m.id === 'usb_chiffrees')!;
/** 6 December 2026, 10:00 in Paris. */
const NOW = new Date('2026-12-06T09:00:00Z');

describe.each(engines())('the action plan on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function communeWithDpd(name = 'Claire Secrétaire') {
		const user = await makeUser(db(), { name });
		const commune = await makeCommune(db(), user);
		return { user, commune, access: await accessOf(db(), user, commune.id) };
	}

	async function join(owner: Access, user: SessionUser, role: 'dpd' | 'elu') {
		const { token } = await invite(db(), owner, { role });
		await acceptInvitation(db(), user, token);
		return accessOf(db(), user, owner.commune.id);
	}

	async function fiche(access: Access, name: string) {
		const r = await saveRecord(db(), access, 'activity', null, submission({ name }));
		expect(r.errors).toEqual({});
		return r.id;
	}

	async function grid(access: Access, parent: string, answers: Answers) {
		const r = await saveRecord(db(), access, 'conformity', null, submission(answers, { _parent: parent }));
		expect(r.errors).toEqual({});
		return r.id;
	}

	const actionsOf = (communeId: string) =>
		db()
			.select()
			.from(records)
			.where(and(eq(records.communeId, communeId), eq(records.kind, 'action')));

	const row = async (id: string) => (await db().select().from(records).where(eq(records.id, id)))[0]!;

	describe('one action per measure', () => {
		it('gives one action for the phone lock raised by the security step and by two grids, and resolves all three when done', async () => {
			const { commune, access } = await communeWithDpd();
			// Raised by « Sécuriser le quotidien »: the measure is « prévue ».
			await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones: 'prevu' }), 'save');
			const [first, ...none] = await actionsOf(commune.id);
			expect(none).toEqual([]);
			expect(first!.origin).toEqual({ kind: 'step', id: 'securite/mobiles', item: 'm_code_telephones', measure: 'code_telephones' });

			// Raised again by the grid of « Alerte SMS » (security non conforme, the phone lock missing).
			const sms = await grid(access, await fiche(access, 'Alerte SMS'), { ...conformityGrid({ securite: 'non_conforme' }), p_securite_mesures: [PHONE.id] });
			const reused = await expectAuditDelta(db(), 1, () => createActionFromRecord(db(), access, 'conformity', sms, `securite.${PHONE.id}`));
			expect(reused).toEqual({ id: first!.id, created: false });
			// And by the grid of « État civil », which also misses encrypted USB keys: a second action, for that measure only.
			const ec = await grid(access, await fiche(access, 'État civil'), { ...conformityGrid({ securite: 'non_conforme' }), p_securite_mesures: [PHONE.id, USB.id] });
			expect((await createActionFromRecord(db(), access, 'conformity', ec, `securite.${PHONE.id}`)).id).toBe(first!.id);
			const usb = await createActionFromRecord(db(), access, 'conformity', ec, `securite.${USB.id}`);
			expect(usb.created).toBe(true);
			// Saving the step again adds nothing.
			await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones_note: 'Le maire et l’adjoint.' }), 'save');

			const all = await actionsOf(commune.id);
			expect(all).toHaveLength(2);
			const phone = await row(first!.id);
			expect(phone.data.title).toBe(`Sécurité : ${PHONE.label}`);
			const refs = originRefs(phone.origin);
			expect(refs[0]).toEqual({ kind: 'step', id: 'securite/mobiles', item: 'm_code_telephones' });
			expect(refs.slice(1)).toEqual(
				[
					{ kind: 'conformity', id: sms, item: `securite.${PHONE.id}` },
					{ kind: 'conformity', id: ec, item: `securite.${PHONE.id}` }
				].sort((a, b) => a.id.localeCompare(b.id))
			);
			// Each place sees the action as its own.
			expect((await actionsFrom(db(), commune.id, 'conformity', sms)).map((a) => [a.id, a.item])).toEqual([[first!.id, `securite.${PHONE.id}`]]);
			expect((await actionsFrom(db(), commune.id, 'step', 'securite/mobiles')).map((a) => a.id)).toEqual([first!.id]);
			// Both origins are shown in the table.
			const table = await planTable(db(), commune.id, NOW);
			const labels = table.rows.find((r) => r.id === first!.id)!.origins.map((o) => o.label);
			expect(labels[0]).toBe('Sécuriser le quotidien — Téléphones et clés USB');
			expect(labels.slice(1).sort()).toEqual(['Grille de conformité — Alerte SMS', 'Grille de conformité — État civil']);

			// Done once: the step's measure is done, the first grid is conforme, the second keeps its USB keys.
			await saveRecord(db(), access, 'action', first!.id, submission({ status: 'fait', doneOn: '2026-12-10' }, { _version: String(phone.version) }));
			expect((await getStepRow(db(), commune.id, 'securite', 'mobiles'))!.answers.m_code_telephones).toBe('fait');
			expect((await row(sms)).data).toMatchObject({ p_securite: 'conforme', p_securite_mesures: [] });
			expect(String((await row(sms)).data.p_securite_why)).toContain(`Action « Sécurité : ${PHONE.label} » réalisée le 10/12/2026.`);
			expect((await row(ec)).data).toMatchObject({ p_securite: 'non_conforme', p_securite_mesures: [USB.id] });
			const [summary] = await describeRecords(db(), commune.id, 'conformity', [await row(ec)]);
			expect(summary!.summary?.label).toBe('Non-conformité majeure — action à planifier');
		});

		it('reuses the grid’s action when the security step raises the measure after it', async () => {
			const { commune, access } = await communeWithDpd();
			const g = await grid(access, await fiche(access, 'Alerte SMS'), { ...conformityGrid({ securite: 'non_conforme' }), p_securite_mesures: [PHONE.id] });
			const { id } = await createActionFromRecord(db(), access, 'conformity', g, `securite.${PHONE.id}`);
			await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones: 'prevu' }), 'save');
			expect((await actionsOf(commune.id)).map((a) => a.id)).toEqual([id]);
			await saveRecord(db(), access, 'action', id, submission({ status: 'fait', doneOn: '2026-12-10' }));
			expect((await getStepRow(db(), commune.id, 'securite', 'mobiles'))!.answers.m_code_telephones).toBe('fait');
			expect((await row(g)).data.p_securite).toBe('conforme');
			// Once done, raising the measure again makes a new action.
			await saveStep(db(), access, 'securite', 'mobiles', submission({ m_code_telephones: 'prevu' }), 'save');
			expect(await actionsOf(commune.id)).toHaveLength(2);
		});

		it('keeps a principle without named measures as one action for its fiche', async () => {
			const { commune, access } = await communeWithDpd();
			const g = await grid(access, await fiche(access, 'Cantine'), conformityGrid({ securite: 'non_conforme' }));
			const made = await createActionFromRecord(db(), access, 'conformity', g, 'securite');
			expect((await row(made.id)).data.title).toBe('Mettre en conformité : sécurité — Cantine');
			expect((await row(made.id)).origin).toEqual({ kind: 'conformity', id: g, item: 'securite' });
			expect(await actionsOf(commune.id)).toHaveLength(1);
		});
	});

	describe('the table', () => {
		async function withActions() {
			const ctx = await communeWithDpd();
			await saveStep(db(), ctx.access, 'dpd', 'identite', submission({ firstName: 'Martine', lastName: 'Durand' }), 'save');
			await saveStep(db(), ctx.access, 'securite', 'mobiles', submission({ m_code_telephones: 'prevu', m_usb_chiffrees: 'prevu' }), 'save');
			const all = await actionsOf(ctx.commune.id);
			const phone = all.find((a) => a.data.title === `Sécurité : ${PHONE.label}`)!;
			const usbAction = all.find((a) => a.data.title === `Sécurité : ${USB.label}`)!;
			// One urgent; one already given an owner by hand, for later.
			await saveRecord(db(), ctx.access, 'action', phone.id, submission({ priority: '1' }));
			await saveRecord(db(), ctx.access, 'action', usbAction.id, submission({ owner: 'Le maire', priority: '3' }));
			return { ...ctx, phone, usbAction };
		}

		it('proposes the DPD and a due date from the priority, only where nothing is saved', async () => {
			const { commune, phone, usbAction } = await withActions();
			const table = await planTable(db(), commune.id, NOW);
			expect(table.dpdName).toBe('Martine Durand');
			// Priority 1 first.
			expect(table.rows.map((r) => r.id)).toEqual([phone.id, usbAction.id]);
			const [urgent, later] = table.rows as [(typeof table.rows)[number], (typeof table.rows)[number]];
			expect(urgent.origins).toEqual([{ label: 'Sécuriser le quotidien — Téléphones et clés USB', href: `/c/${commune.id}/recettes/securite/mobiles` }]);
			expect(urgent.owner).toEqual({ value: 'Martine Durand', proposed: true });
			expect(urgent.dueDate).toEqual({ value: '2027-01-06', proposed: true });
			expect(later.owner).toEqual({ value: 'Le maire', proposed: false });
			expect(later.dueDate).toEqual({ value: '2027-06-06', proposed: true });
		});

		it('saves every row in one submission, the proposals kept as accepted by the person who submits', async () => {
			const { user, commune, access } = await withActions();
			const table = await planTable(db(), commune.id, NOW);
			const [first, second] = table.rows;
			const input: Record<string, unknown> = { ids: table.rows.map((r) => r.id), _jeton: 'jeton-du-tableau-0123456789' };
			for (const r of table.rows) {
				input[cellName('owner', r.id)] = r.owner.value;
				input[cellName('dueDate', r.id)] = r.dueDate.value;
				input[cellName('version', r.id)] = String(r.version);
			}
			input[cellName('dueDate', second!.id)] = '2027-03-31';

			const result = await expectAuditDelta(db(), 2, () => savePlanTable(db(), access, input, NOW));
			expect(result).toEqual({ saved: 2, replayed: false });
			const a = await row(first!.id);
			expect(a.data).toMatchObject({ owner: first!.owner.value, dueDate: first!.dueDate.value });
			expect(a.fieldMeta.owner).toMatchObject({ by: user.id, byName: 'Claire Secrétaire (proposition acceptée)' });
			expect(a.fieldMeta.dueDate).toMatchObject({ by: user.id, byName: 'Claire Secrétaire (proposition acceptée)' });
			const b = await row(second!.id);
			expect(b.data.dueDate).toBe('2027-03-31');
			// Changed by her: her name alone.
			expect(b.fieldMeta.dueDate).toMatchObject({ by: user.id, byName: 'Claire Secrétaire' });
			const journal = await db().select().from(auditLog).where(eq(auditLog.communeId, commune.id));
			const entries = journal.filter((e) => e.action === 'planification (tableau du plan d’action)');
			expect(entries.map((e) => e.entityId).sort()).toEqual([first!.id, second!.id].sort());
			expect(entries.every((e) => e.entity === 'action du plan' && e.userId === user.id)).toBe(true);
			// Planned: nothing proposed left.
			const after = await planTable(db(), commune.id, NOW);
			expect(after.rows.every((r) => !r.owner.proposed && !r.dueDate.proposed)).toBe(true);

			// The same table sent again saves nothing more.
			expect(await expectAuditDelta(db(), 0, () => savePlanTable(db(), access, input, NOW))).toEqual({ saved: 2, replayed: true });
		});

		it('refuses the whole table for one bad date, the message on that row’s field', async () => {
			const { commune, access, phone } = await withActions();
			const table = await planTable(db(), commune.id, NOW);
			const input: Record<string, unknown> = { ids: table.rows.map((r) => r.id), _jeton: 'jeton-du-tableau-refuse-0123' };
			for (const r of table.rows) {
				input[cellName('owner', r.id)] = 'Paul Adjoint';
				input[cellName('dueDate', r.id)] = r.dueDate.value;
			}
			input[cellName('dueDate', phone.id)] = '2027-02-30';
			const err = await expectAuditDelta(db(), 0, () => domainError(savePlanTable(db(), access, input, NOW), 400));
			expect(err.fieldErrors).toEqual({ [cellName('dueDate', phone.id)]: `Échéance : cette date n’existe pas. (action « Sécurité : ${PHONE.label} »)` });
			// Nothing saved, and the token is free again for the corrected table.
			expect((await actionsOf(commune.id)).every((a) => a.data.owner !== 'Paul Adjoint')).toBe(true);
			input[cellName('dueDate', phone.id)] = '2027-02-28';
			expect((await savePlanTable(db(), access, input, NOW)).saved).toBe(2);
		});

		it('refuses an elected official, and a row changed by someone else since the table was shown', async () => {
			const { commune, access, phone } = await withActions();
			const elu = await join(access, await makeUser(db(), { name: 'Élu' }), 'elu');
			const table = await planTable(db(), commune.id, NOW);
			const input: Record<string, unknown> = { ids: [phone.id], [cellName('owner', phone.id)]: 'X', [cellName('dueDate', phone.id)]: '2027-01-01' };
			await expectAuditDelta(db(), 0, () => domainError(savePlanTable(db(), elu, input, NOW), 403));

			const dpd = await join(access, await makeUser(db(), { name: 'Autre DPD' }), 'dpd');
			const version = table.rows.find((r) => r.id === phone.id)!.version;
			await saveRecord(db(), dpd, 'action', phone.id, submission({ owner: 'Autre DPD' }, { _version: String(version) }));
			const err = await expectAuditDelta(db(), 0, () => domainError(savePlanTable(db(), access, { ...input, [cellName('version', phone.id)]: String(version) }, NOW), 409));
			expect(err.fieldErrors[cellName('owner', phone.id)]).toMatch(/^Modifié entre-temps par Autre DPD : « Autre DPD »/);
			expect((await row(phone.id)).data.owner).toBe('Autre DPD');
		});
	});
});
