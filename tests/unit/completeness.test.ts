// Security per support, in the cookbook's data: which measures protect which supports, what counts
// as « no measure », and how a register cell of security is written and read back.
import { describe, expect, it } from 'vitest';
import { communeFacts, ficheSecurity, NO_COMMUNE_FACTS, ownSecurityText, recordCompletenessIn, securityText } from '../../src/lib/recipes/completeness';
import { activityKind, kindFields, saysNoMeasure, SUPPORT_TYPES, supportTypeOf } from '../../src/lib/recipes/records';
import { MEASURES } from '../../src/lib/recipes/securite';
import type { Answers } from '../../src/lib/recipes/types';
import { cellInput, matchColumns } from '../../src/lib/server/exports/register-parse';

const FICHE: Answers = {
	name: 'Alerte SMS',
	purposes: 'Prévenir les habitants',
	legalBasis: 'a',
	legalBasisJustification: 'Inscription volontaire',
	dataSubjects: ['habitants'],
	dataCategories: ['identite'],
	hasSensitive: 'non',
	retention: 'Jusqu’au désabonnement',
	finalFate: 'destruction',
	recipientsInternal: 'Le maire',
	transfers: 'non'
};
const ALL_DONE = Object.fromEntries(MEASURES.map((m) => [`m_${m.id}`, 'fait']));
const facts = (measures: Answers, supports: Record<string, Answers>) =>
	communeFacts(
		(key) => (key.startsWith('securite/') ? measures : undefined),
		Object.entries(supports).map(([id, data]) => ({ id, kind: 'support', data }))
	);

describe('security per support', () => {
	it('declares, for every measure, supports it protects, among the known types', () => {
		for (const m of MEASURES) {
			expect(m.appliesTo.length, m.id).toBeGreaterThan(0);
			for (const t of m.appliesTo) expect(SUPPORT_TYPES, m.id).toContain(t);
		}
		// The computers' measures do not protect a phone, nor paper.
		for (const id of ['verrouillage', 'antivirus', 'mises_a_jour', 'pas_admin']) {
			const m = MEASURES.find((x) => x.id === id)!;
			expect(m.appliesTo).toContain('ordinateur');
			expect(m.appliesTo).not.toContain('telephone');
			expect(m.appliesTo).not.toContain('papier');
		}
		expect(MEASURES.find((m) => m.id === 'code_telephones')!.appliesTo).toEqual(['telephone']);
		expect(MEASURES.find((m) => m.id === 'papier_cle')!.appliesTo).toEqual(['papier']);
	});

	it('types a support by its category, or its device for hardware', () => {
		expect(supportTypeOf({ category: 'papier' })).toBe('papier');
		expect(supportTypeOf({ category: 'materiel', device: 'telephone' })).toBe('telephone');
		expect(supportTypeOf({ category: 'materiel', device: 'ordinateur' })).toBe('ordinateur');
		expect(supportTypeOf({ category: 'materiel' })).toBe('appareil');
		expect(supportTypeOf({ category: 'constructor' })).toBe('appareil');
	});

	it('reads « Aucune » and its like as no measure, and a real measure as one', () => {
		for (const none of ['Aucune', 'aucune.', ' AUCUNE MESURE ', 'Néant', 'rien', 'Non', '-', 'N/A', 'aucune pour l’instant']) expect(saysNoMeasure(none), none).toBe(true);
		for (const some of ['Armoire fermée à clé', 'Aucune donnée sur le téléphone, code à 6 chiffres', 'Code de verrouillage']) expect(saysNoMeasure(some), some).toBe(false);
	});

	it('the mayor’s phone with « Aucune »: no computer measure listed, not complete, a warning', () => {
		const f = facts(ALL_DONE, { phone: { category: 'materiel', device: 'telephone' } });
		const noPhoneCode = facts({ ...ALL_DONE, m_code_telephones: 'prevu', m_perso_pro: 'na' }, { phone: { category: 'materiel', device: 'telephone' } });
		const fiche = { ...FICHE, supports: ['phone'], securityOther: 'Aucune' };
		const sec = ficheSecurity(fiche, noPhoneCode);
		expect(sec.headings.flatMap((h) => h.measures)).toEqual([]);
		expect(sec).toMatchObject({ supportTypes: ['telephone'], ownMeasure: false, declaredNone: true, satisfied: false });
		expect(sec.warnings).toEqual([expect.stringContaining('« Aucune »')]);
		const c = recordCompletenessIn(activityKind, fiche, { parent: null, commune: noPhoneCode, proposal: null });
		expect(c.missing.map((m) => m.label)).toEqual(['Au moins une mesure de sécurité']);
		expect(c.percent).toBeLessThan(100);
		// With the phones' code done, that measure (only) is listed and the fiche is complete.
		const withCode = ficheSecurity(fiche, f);
		expect(withCode.headings.flatMap((h) => h.measures).sort()).toEqual(['Code de verrouillage sur les téléphones', 'Séparation des usages personnels et professionnels']);
		expect(recordCompletenessIn(activityKind, fiche, { parent: null, commune: f, proposal: null })).toMatchObject({ percent: 100, missing: [] });
		// Its own real measure is enough, whatever the mairie did.
		expect(recordCompletenessIn(activityKind, { ...fiche, securityOther: 'Code à six chiffres' }, { parent: null, commune: NO_COMMUNE_FACTS, proposal: null }).missing).toEqual([]);
		// A fiche without supports gets no measure of the mairie.
		expect(ficheSecurity(FICHE, f)).toMatchObject({ applicable: 0, satisfied: false, warnings: [expect.stringContaining('Aucun support')] });
	});

	it('writes a security cell as the fiche’s answer then the mairie’s measures, and reads back only the answer', () => {
		const cell = securityText({ name: 'securityOther', label: 'Autres mesures', own: 'Aucune', measures: ['Code de verrouillage sur les téléphones'] });
		expect(cell).toBe('Aucune\nMesures de la mairie : Code de verrouillage sur les téléphones');
		expect(ownSecurityText(cell)).toBe('Aucune');
		const field = kindFields(activityKind).find((f) => f.name === 'securityOther')!;
		expect(cellInput(field, cell, new Map())).toEqual({ value: 'Aucune' });
		expect(cellInput(field, 'Mesures de la mairie : Antivirus et pare-feu actifs', new Map())).toEqual({ value: '' });
		expect(matchColumns(['À compléter'])[0]).toMatchObject({ field: null, computed: true });
	});
});
