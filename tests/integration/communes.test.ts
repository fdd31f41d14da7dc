import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communes, memberships } from '../../src/lib/server/db/schema';
import { createCommune, DuplicateCommuneError, updateCommune } from '../../src/lib/server/domain/communes';
import { DEFAULT_INVALID } from '../../src/lib/server/domain/errors';
import { acceptInvitation, invite, userCommunes } from '../../src/lib/server/domain/members';
import { findAccess, READ_ONLY_MESSAGE } from '../../src/lib/server/tenancy';
import { engines, useDatabase } from '../helpers/db';
import {
	accessOf,
	auditOfCommune,
	domainError,
	expectAuditDelta,
	makeCommune,
	makeUser
} from '../helpers/fixtures';

/** What the creation form sends for a commune: no name or SIREN field is shown for it. */
const glanonForm = {
	type: 'commune',
	officialCode: '21301',
	address: '1 place de la Mairie, 21250 Glanon',
	mayorName: 'Marie Dupont',
	email: 'mairie@glanon.fr',
	phone: '03 80 12 34 56'
};

describe.each(engines())('communes on the $name database', (engine) => {
	const db = useDatabase(engine);

	describe('creation and update', () => {
		it('creates a commune from the official list; its creator becomes DPD, in one audited transaction', async () => {
			const user = await makeUser(db(), { name: 'Claire DPD' });
			const commune = await expectAuditDelta(db(), 2, () => createCommune(db(), user, glanonForm));
			expect(commune).toMatchObject({
				type: 'commune',
				name: 'Glanon',
				inseeCode: '21301',
				departement: '21',
				postalCode: '21250',
				siren: '212103014',
				address: '1 place de la Mairie, 21250 Glanon',
				mayorName: 'Marie Dupont',
				email: 'mairie@glanon.fr',
				phone: '03 80 12 34 56'
			});
			expect(commune.population).toBeGreaterThan(0);

			const members = await db().select().from(memberships).where(eq(memberships.communeId, commune.id));
			expect(members).toHaveLength(1);
			expect(members[0]).toMatchObject({ userId: user.id, role: 'dpd' });

			const entries = await auditOfCommune(db(), commune.id);
			expect(entries.map((e) => [e.entity, e.action])).toEqual([
				['organisme', 'création'],
				['membre', 'ajout']
			]);
			expect(entries[0]).toMatchObject({ userId: user.id, userName: 'Claire DPD', entityId: commune.id });
			expect(entries[0]?.changes).toMatchObject({ type: 'commune', name: 'Glanon', inseeCode: '21301', siren: '212103014' });
			expect(entries[1]).toMatchObject({ entityId: members[0]!.id, changes: { user: 'Claire DPD', role: 'dpd' } });
			// now() is the transaction's start: the same instant everywhere means one transaction.
			expect(entries[0]!.at.getTime()).toBe(commune.createdAt.getTime());
			expect(entries[1]!.at.getTime()).toBe(commune.createdAt.getTime());

			expect(await userCommunes(db(), user.id)).toEqual([
				{ id: commune.id, name: 'Glanon', type: 'commune', inseeCode: '21301', role: 'dpd', isPractice: false }
			]);
		});

		it('takes the official name of a commune or an EPCI, whatever was typed', async () => {
			const user = await makeUser(db());
			const c = await createCommune(db(), user, { ...glanonForm, name: 'Autre nom' });
			expect(c.name).toBe('Glanon');
			const epci = await createCommune(db(), user, { type: 'epci', officialCode: '242100410' });
			expect(epci).toMatchObject({
				type: 'epci',
				name: 'Dijon Métropole',
				siren: '242100410',
				inseeCode: null,
				departement: '21',
				postalCode: null
			});
		});

		it('names a CCAS after its commune unless a name is given; a syndicat needs one', async () => {
			const user = await makeUser(db());
			const ccas = await createCommune(db(), user, { type: 'ccas', officialCode: '21301', siren: '' });
			expect(ccas).toMatchObject({ type: 'ccas', name: 'CCAS de Glanon', inseeCode: '21301', siren: null });

			const named = await createCommune(db(), user, { type: 'syndicat', officialCode: '21301', name: 'Syndicat des eaux de Glanon', siren: '356 000 000' });
			expect(named).toMatchObject({ type: 'syndicat', name: 'Syndicat des eaux de Glanon', siren: '356000000' });

			const err = await expectAuditDelta(db(), 0, () =>
				domainError(createCommune(db(), user, { type: 'syndicat', officialCode: '21301', name: '  ' }), 400)
			);
			expect(err.fieldErrors).toEqual({ name: 'Nom de l’organisme : ce champ est à remplir.' });
		});

		it('refuses a body that is not in the official list, or a malformed entry, field by field', async () => {
			const user = await makeUser(db());
			const before = await db().select().from(communes);

			const unknown = await domainError(createCommune(db(), user, { type: 'commune', officialCode: '99999' }), 400);
			expect(unknown.fieldErrors.officialCode).toMatch(/liste officielle/);
			const wrongKind = await domainError(createCommune(db(), user, { type: 'commune', officialCode: '242100410' }), 400);
			expect(wrongKind.fieldErrors.officialCode).toMatch(/liste officielle/);
			const malformed = await domainError(createCommune(db(), user, { type: 'commune', officialCode: "21301' --" }), 400);
			expect(malformed.fieldErrors).toEqual({ officialCode: 'Choisissez votre organisme dans la liste officielle.' });

			const bad = await domainError(
				createCommune(db(), user, { type: 'mairie', officialCode: '21301', siren: '212103015', email: 'glanon', phone: 'abc' }),
				400
			);
			expect(bad.message).toBe(DEFAULT_INVALID);
			expect(bad.fieldErrors).toEqual({
				type: 'Type d’organisme : choisissez une des propositions.',
				siren: 'SIREN : ce numéro n’est pas valide (la clé de contrôle ne correspond pas) ; vérifiez les chiffres.',
				email: 'E-mail de la mairie : l’adresse n’a pas la forme nom@domaine.fr.',
				phone: 'Téléphone : un numéro comme 03 80 12 34 56 ou +33 3 80 12 34 56.'
			});
			expect(await db().select().from(communes)).toHaveLength(before.length);
		});

		it('lets the DPD update the details, recording what changed', async () => {
			const dpd = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const access = await accessOf(db(), dpd, commune.id);

			const updated = await expectAuditDelta(db(), 1, () =>
				updateCommune(db(), access, {
					name: 'Glanon-les-Bains',
					address: '2 rue de la Saône, 21250 Glanon',
					siren: '212103014',
					mayorName: 'Marie Dupont',
					email: '',
					phone: '+33 3 80 12 34 56'
				})
			);
			// A commune's name comes from the official list and cannot be changed.
			expect(updated).toMatchObject({ name: 'Glanon', address: '2 rue de la Saône, 21250 Glanon', mayorName: 'Marie Dupont', phone: '+33 3 80 12 34 56' });
			expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(commune.updatedAt.getTime());
			const last = (await auditOfCommune(db(), commune.id)).at(-1);
			expect(last).toMatchObject({ entity: 'organisme', entityId: commune.id, action: 'modification', userId: dpd.id });
			expect(last?.changes).toEqual({
				address: { avant: '', apres: '2 rue de la Saône, 21250 Glanon' },
				mayorName: { avant: '', apres: 'Marie Dupont' },
				phone: { avant: '', apres: '+33 3 80 12 34 56' }
			});
		});

		it('lets a CCAS be renamed, and clears a SIREN', async () => {
			const dpd = await makeUser(db());
			const ccas = await createCommune(db(), dpd, { type: 'ccas', officialCode: '21301', siren: '212103014' });
			const access = await accessOf(db(), dpd, ccas.id);
			const updated = await updateCommune(db(), access, { name: 'CCAS du Val de Saône', siren: ' ' });
			expect(updated).toMatchObject({ name: 'CCAS du Val de Saône', siren: null });
			const last = (await auditOfCommune(db(), ccas.id)).at(-1);
			expect(last?.changes).toEqual({
				name: { avant: 'CCAS de Glanon', apres: 'CCAS du Val de Saône' },
				siren: { avant: '212103014', apres: null }
			});
		});

		it('refuses an update by an elected official (403), changing nothing', async () => {
			const dpd = await makeUser(db());
			const elu = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const { token } = await invite(db(), await accessOf(db(), dpd, commune.id), { role: 'elu' });
			await acceptInvitation(db(), elu, token);
			const access = await accessOf(db(), elu, commune.id);
			expect(access).toMatchObject({ role: 'elu', canEdit: false });

			const err = await expectAuditDelta(db(), 0, () =>
				domainError(updateCommune(db(), access, { ...glanonForm, address: 'Chez le maire' }), 403)
			);
			expect(err.message).toBe(READ_ONLY_MESSAGE);
			// Even an invalid form is refused for the role first, not for the fields.
			const err2 = await domainError(updateCommune(db(), access, { siren: 'x' }), 403);
			expect(err2.fieldErrors).toEqual({});
			const [row] = await db().select().from(communes).where(eq(communes.id, commune.id));
			expect(row?.address).toBe('');
		});

		it('answers validation errors keyed by field, in French, and changes nothing', async () => {
			const dpd = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const access = await accessOf(db(), dpd, commune.id);
			const err = await expectAuditDelta(db(), 0, () =>
				domainError(
					updateCommune(db(), access, {
						address: 'Rue\u0000',
						siren: '12345',
						mayorName: 'M'.repeat(121),
						email: 'mairie@',
						phone: '12'
					}),
					400
				)
			);
			expect(err.message).toBe(DEFAULT_INVALID);
			expect(err.fieldErrors).toEqual({
				address: 'Adresse postale : le texte contient des caractères invisibles ou illisibles ; retapez-le.',
				siren: 'SIREN : 9 chiffres (il figure sur vos factures et sur l’avis de situation INSEE).',
				mayorName: 'Nom du maire ou du président : 120 caractères au plus.',
				email: 'E-mail de la mairie : l’adresse n’a pas la forme nom@domaine.fr.',
				phone: 'Téléphone : un numéro comme 03 80 12 34 56 ou +33 3 80 12 34 56.'
			});
			const [row] = await db().select().from(communes).where(eq(communes.id, commune.id));
			expect(row).toMatchObject({ siren: '212103014', mayorName: '', email: '' });
		});
	});

	describe('a body the user already has', () => {
		async function refusal(promise: Promise<unknown>): Promise<DuplicateCommuneError> {
			const err = await domainError(promise, 409);
			expect(err).toBeInstanceOf(DuplicateCommuneError);
			return err as DuplicateCommuneError;
		}

		it('asks before creating a commune she already manages, writes nothing, and creates it once confirmed for that code', async () => {
			const user = await makeUser(db());
			const first = await createCommune(db(), user, glanonForm);
			const before = (await db().select().from(communes)).length;

			const err = await expectAuditDelta(db(), 0, () => refusal(createCommune(db(), user, glanonForm)));
			expect(err.message).toBe('Vous gérez déjà Glanon (commune, 21301). Ouvrir Glanon, ou en créer une autre quand même ?');
			expect(err.existing).toMatchObject({ id: first.id, name: 'Glanon', role: 'dpd', label: 'Glanon (commune, 21301)' });
			expect((await db().select().from(communes)).length).toBe(before);

			// A confirmation for another code confirms nothing here.
			await refusal(createCommune(db(), user, { ...glanonForm, confirmDuplicate: '21634' }));
			await refusal(createCommune(db(), user, { ...glanonForm, confirmDuplicate: 'oui' }));

			const second = await expectAuditDelta(db(), 2, () => createCommune(db(), user, { ...glanonForm, confirmDuplicate: '21301' }));
			expect(second.id).not.toBe(first.id);
			expect(second).toMatchObject({ name: 'Glanon', inseeCode: '21301' });
			const mine = await userCommunes(db(), user.id);
			expect(mine.filter((c) => c.inseeCode === '21301' && c.type === 'commune')).toHaveLength(2);
		});

		it('does not count another user’s commune, a practice commune, or another kind of body with the same code', async () => {
			const user = await makeUser(db());
			const other = await makeUser(db());
			await makeCommune(db(), other);
			const [practice] = await db().insert(communes).values({ type: 'commune', name: 'Glanon', inseeCode: '21301', isPractice: true }).returning();
			await db().insert(memberships).values({ userId: user.id, communeId: practice!.id, role: 'dpd' });
			const commune = await createCommune(db(), user, glanonForm);
			// The CCAS of Glanon is another body than Glanon.
			const ccas = await createCommune(db(), user, { type: 'ccas', officialCode: '21301', siren: '' });
			expect([commune.type, ccas.type]).toEqual(['commune', 'ccas']);
			// A second CCAS of Glanon is asked about.
			expect((await refusal(createCommune(db(), user, { type: 'ccas', officialCode: '21301', siren: '' }))).message).toBe(
				'Vous gérez déjà CCAS de Glanon (CCAS, 21301). Ouvrir CCAS de Glanon, ou en créer un autre quand même ?'
			);
		});

		it('tells an EPCI by its SIREN, a syndicat by its name at the same seat, and an elected official’s body too', async () => {
			const user = await makeUser(db());
			await createCommune(db(), user, { type: 'epci', officialCode: '242100410' });
			expect((await refusal(createCommune(db(), user, { type: 'epci', officialCode: '242100410' }))).message).toBe(
				'Vous gérez déjà Dijon Métropole (EPCI, SIREN 242100410). Ouvrir Dijon Métropole, ou en créer un autre quand même ?'
			);

			await createCommune(db(), user, { type: 'syndicat', officialCode: '21301', name: 'Syndicat des eaux de Glanon' });
			await createCommune(db(), user, { type: 'syndicat', officialCode: '21301', name: 'Syndicat scolaire de Glanon' });
			expect((await refusal(createCommune(db(), user, { type: 'syndicat', officialCode: '21301', name: 'syndicat des eaux de glanon' }))).existing.name).toBe('Syndicat des eaux de Glanon');

			const dpd = await makeUser(db());
			const seurre = await makeCommune(db(), dpd, '21607');
			const { token } = await invite(db(), await accessOf(db(), dpd, seurre.id), { role: 'elu' });
			await acceptInvitation(db(), user, token);
			expect((await refusal(createCommune(db(), user, { type: 'commune', officialCode: '21607' }))).message).toBe(
				'Vous avez déjà accès à Seurre (commune, 21607), avec le rôle « Élu ». Ouvrir Seurre, ou en créer une autre quand même ?'
			);
		});
	});

	describe('tenancy', () => {
		it('gives a member their role; the DPD alone may edit', async () => {
			const dpd = await makeUser(db());
			const commune = await makeCommune(db(), dpd);
			const access = await findAccess(db(), dpd, commune.id);
			expect(access).toMatchObject({ user: dpd, role: 'dpd', canEdit: true });
			expect(access?.commune).toMatchObject({ id: commune.id, name: 'Glanon' });
		});

		it('returns null for another commune, an unknown id, or something that is not an id', async () => {
			const alice = await makeUser(db());
			const bob = await makeUser(db());
			const hers = await makeCommune(db(), alice);
			const his = await makeCommune(db(), bob, '21607'); // Seurre
			expect(await findAccess(db(), alice, his.id)).toBeNull();
			expect(await findAccess(db(), bob, hers.id)).toBeNull();
			expect((await findAccess(db(), bob, his.id))?.commune.name).toBe('Seurre');
			expect(await findAccess(db(), alice, '6f1c7a52-3b1e-4c1d-9a8f-0c2b3d4e5f60')).toBeNull();
			for (const notAnId of ['', 'abc', '1', `${hers.id}'`, `${hers.id} or 1=1`, hers.id.toUpperCase() + 'x']) {
				expect(await findAccess(db(), alice, notAnId), notAnId).toBeNull();
			}
		});
	});
});
