// The dossier's « Points d'attention » on a commune seeded with the problems an auditor looks for:
// every row says what it measured, with the counts, names the section it refers to, and never
// says « Rien à signaler » for a problem that is there (nor when there was nothing to check).
import { describe, expect, it } from 'vitest';
import { PRINCIPLES } from '../../src/lib/recipes/assessments';
import { PROCESSOR_CLAUSES } from '../../src/lib/recipes/registers';
import { createActionFromRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import { buildDossier, redFlags, SECTIONS, sectionTitles, type Block } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import type { Access } from '../../src/lib/server/tenancy';
import type { Answers } from '../../src/lib/recipes/types';
import { COMPLETE_FICHE, FICHE_WITHOUT_SECURITY, submission, conformityGrid } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

/** A fixed date: nothing here depends on the day the tests run. */
const NOW = new Date('2026-07-01T08:00:00Z');

const grid = conformityGrid;

describe.each(engines())('the dossier’s points of attention on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function save(access: Access, kind: string, data: Answers, parent?: string): Promise<string> {
		const result = await saveRecord(db(), access, kind, null, submission(data, parent ? { _parent: parent } : {}));
		expect(result.errors, kind).toEqual({});
		return result.id;
	}

	async function dossierOf(access: Access) {
		const snapshot = await buildSnapshot(db(), access.commune.id);
		const model = buildDossier(snapshot, { version: 1, generatedAt: NOW, generatedByName: 'Claire DPD', fingerprint: 'f'.repeat(64) });
		const table = model.blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table' && b.caption === 'Points qu’un contrôleur regarde en premier')!;
		expect(table).toBeDefined();
		const rows = new Map(table.rows.map((r, i) => [r[0]!, { state: r[1]!, measured: r[2]!, see: r[3]!, link: table.links?.[i] }]));
		return { snapshot, model, table, rows };
	}

	it('states what it measured for each problem, and never « Rien à signaler » for one that is there', async () => {
		const dpd = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);

		// Three activities: one whose security is « Aucune », one complete, one barely started.
		const cantine = await save(access, 'activity', { ...FICHE_WITHOUT_SECURITY, securityAccess: 'Aucune' });
		const etatCivil = await save(access, 'activity', { ...COMPLETE_FICHE, name: 'État civil' });
		await save(access, 'activity', { name: 'Colis des aînés' });
		// One grid, with a major non-conformity turned into an action without owner nor due date.
		const gridId = await save(access, 'conformity', grid({ base_legale: 'non_conforme' }), cantine);
		await createActionFromRecord(db(), access, 'conformity', gridId, 'base_legale');
		// A manual action with neither, and one with both, late at NOW.
		await save(access, 'action', { title: 'Former les agents', originKind: 'manuel', priority: '2', status: 'a_faire' });
		await save(access, 'action', { title: 'Changer les mots de passe', originKind: 'manuel', priority: '1', status: 'en_cours', owner: 'La secrétaire', dueDate: '2026-06-01' });
		// One notice (État civil); one processor whose contract lacks clauses.
		await save(access, 'notice', { source: 'personne', mandatory: 'oui', channels: ['formulaire'] }, etatCivil);
		await save(access, 'processor', { name: 'Logiciels & Cie', service: 'État civil hébergé', activities: [etatCivil], clauses: PROCESSOR_CLAUSES.slice(0, 2).map((c) => c.value), transfers: 'non', endOfContract: 'non_prevu' });

		const { snapshot, model, rows } = await dossierOf(access);
		const row = (label: string) => {
			const r = rows.get(label);
			expect(r, label).toBeDefined();
			return r!;
		};
		const expectations: [string, string, string][] = [
			['Grilles de conformité non remplies', '2 grilles sur 3 non remplies', SECTIONS.conformite],
			['Non-conformités majeures', '1 non-conformité majeure dans 1 activité, 1 sans action prévue (responsable et échéance)', SECTIONS.conformite],
			['Activités sans mention d’information', '2 activités sur 3 sans mention d’information rédigée', SECTIONS.information],
			['Sous-traitants sans contrat vérifié', '1 sous-traitant sur 1 sans les clauses de l’article 28 vérifiées', SECTIONS.soustraitants],
			['Activités sans mesure de sécurité', '2 activités sur 3 sans aucune mesure de sécurité (dont 1 déclarant « Aucune »)', SECTIONS.registre],
			['Actions du plan à planifier', '2 actions sur 3 non faites sans responsable ou sans échéance : 2 sans responsable ni échéance', SECTIONS.plan],
			['Actions du plan en retard', '1 action en retard sur 1 avec une échéance ; 2 actions sans échéance, dont le retard ne peut être mesuré', SECTIONS.plan],
			['Base légale non décidée', '1 activité sur 3 sans base légale', SECTIONS.registre],
			['Durée de conservation non décidée', '1 activité sur 3 sans durée de conservation', SECTIONS.registre]
		];
		const titles = sectionTitles(model);
		for (const [label, measured, section] of expectations) {
			const r = row(label);
			expect(r.state, label).toMatch(/^À traiter \(\d+\)$/);
			expect(r.measured, label).toContain(measured);
			expect(r.see, label).toBe(`« ${section} »`);
			// The section exists, and the row links to it.
			expect(titles, label).toContain(section);
			expect(r.link, label).toBe(section);
		}
		// The records at fault are named.
		expect(row('Non-conformités majeures').measured).toContain('Inscriptions à la cantine : Base légale (action à planifier)');
		expect(row('Activités sans mesure de sécurité').measured).toContain('Inscriptions à la cantine (« Aucune »)');
		expect(row('Actions du plan en retard').measured).toContain('Changer les mots de passe');
		expect(row('Sous-traitants sans contrat vérifié').measured).toContain('Logiciels & Cie');
		// Nothing to check: said so, not « Rien à signaler ».
		expect(row('Demandes d’exercice des droits en retard')).toMatchObject({ state: 'Non vérifiable', measured: 'Aucune demande enregistrée : rien à vérifier.' });
		expect(row('Violations non notifiées dans les délais').state).toBe('Non vérifiable');
		// No screening done: whether an impact analysis is needed is not known, so not « Rien à signaler ».
		expect(row('Analyse d’impact nécessaire mais non faite')).toMatchObject({ state: 'Non vérifiable', measured: '0 analyse d’impact nécessaire non menée à terme ; 3 activités sur 3 sans dépistage terminé.' });
		// The flags the table shows are the ones computed for the dossier's date.
		const flags = redFlags(snapshot, NOW);
		expect([...rows.keys()]).toEqual(flags.map((f) => f.label));
		// The synthesis, where the table sits, names the major non-conformity in the conformity section too.
		const conformity = model.blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table' && b.caption === 'Résultat de la grille de conformité par activité')!;
		expect(conformity.rows.find((r) => r[0] === 'Inscriptions à la cantine')!.slice(1)).toEqual(['Non-conformité majeure — action à planifier', 'Base légale (majeure, action à planifier)']);
	});

	it('says « Rien à signaler » only once a check ran and found nothing', async () => {
		const dpd = await makeUser(db(), { name: 'Nadia Vide' });
		const commune = await makeCommune(db(), dpd, '21055');
		const access = await accessOf(db(), dpd, commune.id);
		const empty = await dossierOf(access);
		// An empty commune: nothing is « Rien à signaler ».
		for (const [label, r] of empty.rows) expect(r.state, label).not.toBe('Rien à signaler');
		expect(empty.rows.get('Registre des activités')).toMatchObject({ state: 'À traiter', measured: 'Aucune activité inscrite au registre.' });
		expect(empty.rows.get('Grilles de conformité non remplies')).toMatchObject({ state: 'Non vérifiable', measured: 'Aucune activité au registre : rien à vérifier.' });

		// One complete activity with its grid, its notice and a planned action: those checks ran, and found nothing.
		const fiche = await save(access, 'activity', { ...COMPLETE_FICHE });
		await save(access, 'conformity', grid(), fiche);
		await save(access, 'notice', { source: 'personne', mandatory: 'oui', channels: ['formulaire'] }, fiche);
		await save(access, 'action', { title: 'Relire le registre', originKind: 'manuel', priority: '3', status: 'a_faire', owner: 'Le maire', dueDate: '2026-12-01' });
		const { rows } = await dossierOf(access);
		expect(rows.get('Grilles de conformité non remplies')).toMatchObject({ state: 'Rien à signaler', measured: '0 grille sur 1 non remplie.' });
		expect(rows.get('Non-conformités majeures')).toMatchObject({ state: 'Rien à signaler', measured: 'Aucune non-conformité majeure dans la grille remplie.' });
		expect(rows.get('Activités sans mention d’information')).toMatchObject({ state: 'Rien à signaler', measured: '0 activité sur 1 sans mention d’information rédigée.' });
		expect(rows.get('Actions du plan à planifier')).toMatchObject({ state: 'Rien à signaler', measured: '0 action sur 1 non faite sans responsable ou sans échéance.' });
		expect(rows.get('Actions du plan en retard')).toMatchObject({ state: 'Rien à signaler', measured: '0 action en retard sur 1 avec une échéance.' });
	});
});
