// Complete, valid answers to every step of the DPD recipe (an internal DPD, the secretary), shared
// by the engine's unit tests and the integration tests.
import { PRINCIPLES } from '../../src/lib/recipes/assessments';
import { DEFAULT_MISSIONS, defaultMeans } from '../../src/lib/recipes/dpd';
import type { Answers } from '../../src/lib/recipes/types';

export const DPD_FIRST_NAME = 'Sophie';
export const DPD_LAST_NAME = 'Martinot';

export const DPD_ANSWERS: Record<string, Answers> = {
	type: { dpdKind: 'interne', position: 'secretaire' },
	identite: {
		civility: 'madame',
		lastName: DPD_LAST_NAME,
		firstName: DPD_FIRST_NAME,
		email: 'rgpd@mairie-glanon.fr',
		phone: '03 80 00 12 34',
		postalAddress: 'Mairie, 2 rue de l’Église, 21250 Glanon',
		hoursPerWeek: '2'
	},
	independance: {
		checkCompetence: 'oui',
		checkMeans: 'oui',
		checkIndependence: 'oui',
		independenceMeasures: 'Deux heures réservées chaque mardi ; la DPD rend compte au maire seul.'
	},
	lettre: {
		missions: DEFAULT_MISSIONS,
		means: defaultMeans('2'),
		meetingFrequency: 'Une fois par trimestre',
		channels: 'Par e-mail à rgpd@mairie-glanon.fr ; un bilan annuel au conseil municipal',
		designationDate: '2026-10-15'
	},
	cnil: { declared: 'oui', declarationDate: '2026-10-20', receiptNumber: 'DPO-2026-104857' },
	publication: { onWebsite: 'oui', onForms: 'oui', atMairie: 'oui', councilInformed: 'oui', staffInformed: 'oui' }
};

export const DPD_STEP_IDS = Object.keys(DPD_ANSWERS);

/** A form submission for these answers: the values, and `_fields` naming them. */
export function submission(answers: Answers, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { ...answers, _fields: Object.keys(answers).join(','), ...extra };
}

/** A complete fiche except for its security measures. */
export const FICHE_WITHOUT_SECURITY = {
	name: 'Inscriptions à la cantine',
	purposes: 'Gérer les inscriptions\nFacturer les repas',
	legalBasis: 'e',
	legalBasisJustification: 'Service public de restauration scolaire',
	dataSubjects: ['enfants', 'parents'],
	dataCategories: ['identite', 'economique'],
	hasSensitive: 'non',
	retention: 'Deux ans après la fin de l’inscription',
	finalFate: 'destruction',
	recipientsInternal: 'Secrétariat de mairie',
	transfers: 'non'
};

/** A complete fiche (every required field, one security measure), as a form submission. */
export const COMPLETE_FICHE = { ...FICHE_WITHOUT_SECURITY, securityAccess: 'Mot de passe personnel ; armoire fermée à clé' };

/** A conformity grid with every principle answered (justified), some overridden: { principle: answer }. */
export function conformityGrid(overrides: Record<string, string> = {}): Answers {
	const a: Answers = {};
	for (const p of PRINCIPLES) {
		a[`p_${p.id}`] = overrides[p.id] ?? 'conforme';
		a[`p_${p.id}_why`] = `Vérifié : ${p.label.toLowerCase()}.`;
	}
	return a;
}

/** A complete commune profile (recipe « profil »): the reference small commune of issue 15. */
export const PROFILE_ANSWERS: Answers = {
	ecole: 'non',
	cantine: 'oui',
	periscolaire: 'non',
	ccas: 'oui',
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
	vendors: ['jvs']
};
