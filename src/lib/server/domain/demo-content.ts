// The demo commune's content (Glanon part-way through the cookbook, then its follow-up): what the
// demo seed gives Glanon and what every practice commune of a training session starts from. It is
// domain data, kept here so that the domain never imports the seeds (seed/demo.ts uses it).
import { eq } from 'drizzle-orm';
import { toParisLocal } from '../../deadlines';
import { parisDate } from '../../french';
import { DEFAULT_MISSIONS, defaultMeans } from '../../recipes/dpd';
import type { Db } from '../db';
import { stepAnswers, type Commune } from '../db/schema';
import type { Access } from '../tenancy';
import { documentContext, documentTemplate, generateDocument } from './documents';
import { saveStep } from './recipes';
import { addFromCatalogue, confirmRecords, createActionFromRecord, saveRecord } from './record-writes';
import { listRecords } from './records';

/**
 * Glanon part-way through the cookbook, so that a trainer can show it: the DPD designated (both
 * documents produced), two steps of the map done, six activities in the register, one complete.
 */
export async function seedGlanonProgress(db: Db, access: Access & { commune: Commune }) {
	const [started] = await db.select({ id: stepAnswers.stepId }).from(stepAnswers).where(eq(stepAnswers.communeId, access.commune.id)).limit(1);
	if (started) return;
	const dpd: [string, Record<string, unknown>][] = [
		['type', { dpdKind: 'interne', position: 'secretaire' }],
		['identite', { civility: 'madame', lastName: 'Martin', firstName: 'Sophie', email: 'rgpd@mairie-glanon.fr', phone: '03 80 00 12 34', postalAddress: 'Mairie, 2 rue de l’Église, 21250 Glanon', hoursPerWeek: '1' }],
		['independance', { checkCompetence: 'oui', checkMeans: 'oui', checkIndependence: 'oui', independenceMeasures: 'Une heure réservée chaque mardi matin pour la mission ; la DPD rend compte au maire seul et peut saisir la CNIL sans autorisation.', training: 'Formation « Super Chef RGPD » du GIP, octobre 2026' }],
		['lettre', { relays: 'École : la directrice ; cantine : l’agent de restauration', meetingFrequency: 'une fois par trimestre, et à chaque nouveau projet', channels: 'Par e-mail à rgpd@mairie-glanon.fr ; un bilan annuel présenté au conseil municipal', designationDate: '2026-10-15' }],
		['cnil', { declared: 'oui', declarationDate: '2026-10-20', receiptNumber: 'DPO-2026-104857' }],
		['publication', { onWebsite: 'oui', websiteUrl: 'https://www.glanon.fr/donnees-personnelles', onForms: 'non', atMairie: 'oui', councilInformed: 'oui', staffInformed: 'oui' }]
	];
	for (const [step, answers] of dpd) {
		const fields = Object.keys(answers);
		if (step === 'lettre') fields.push('missions', 'means');
		const input: Record<string, unknown> = { ...answers, _fields: fields.join(',') };
		if (step === 'lettre') {
			input.missions = DEFAULT_MISSIONS;
			input.means = defaultMeans('1');
		}
		await saveStep(db, access, 'dpd', step, input, 'continue');
	}
	for (const kind of ['lettre_mission', 'arrete_designation']) {
		const draft = documentTemplate(kind).compose(await documentContext(db, access));
		const input: Record<string, unknown> = { title: draft.title };
		for (const s of draft.sections) input[`section_${s.id}`] = s.text;
		await generateDocument(db, access, kind, input);
	}
	const supports = [
		{ category: 'logiciel', name: 'Logiciel état civil et élections', vendor: 'Éditeur régional (hébergé en France)', hosting: 'prestataire', location: 'Ordinateur du secrétariat', users: 'La secrétaire' },
		{ category: 'materiel', device: 'telephone', name: 'Téléphone portable du maire', location: 'Avec le maire', users: 'Le maire', notes: 'Sert à envoyer par SMS les alertes météo de la préfecture aux habitants inscrits. Pas de code de verrouillage : à corriger.' },
		{ category: 'materiel', device: 'ordinateur', name: 'Ordinateur du secrétariat', location: 'Bureau de la mairie', users: 'La secrétaire, le maire' },
		{ category: 'papier', name: 'Registre de l’urbanisme', location: 'Armoire du secrétariat (fermée à clé)', users: 'La secrétaire' },
		{ category: 'papier', name: 'Liste des bénéficiaires du colis de Noël', location: 'Classeur du bureau du maire', users: 'Le maire et les adjoints', notes: 'Utilisée une fois par an, en décembre.' }
	];
	for (const s of supports) await saveRecord(db, access, 'support', null, { ...s, _fields: Object.keys(s).join(',') });
	await saveStep(db, access, 'cartographie', 'logiciel', {}, 'continue');
	await saveStep(db, access, 'cartographie', 'materiel', {}, 'continue');
	await addFromCatalogue(db, access, ['etat-civil', 'listes-electorales', 'cantine-periscolaire', 'colis-aines', 'alerte-sms', 'urbanisme']);
	await saveStep(db, access, 'registre', 'catalogue', {}, 'continue');
	const fiches = await listRecords(db, access.commune.id, 'activity');
	const etatCivil = fiches.find((f) => f.origin.catalogue === 'etat-civil');
	const software = (await listRecords(db, access.commune.id, 'support')).find((r) => r.data.category === 'logiciel');
	if (etatCivil && software) {
		const complete = {
			transfers: 'non',
			securityAccess: 'Logiciel protégé par un mot de passe personnel ; registres papier dans une armoire fermée à clé.',
			securityBackup: 'Sauvegarde chez l’éditeur ; registres papier en double exemplaire au greffe du tribunal.',
			supports: [software.id]
		};
		await saveRecord(db, access, 'activity', etatCivil.id, { ...complete, _fields: Object.keys(complete).join(','), _version: String(etatCivil.version) });
	}
	// Security per support: the SMS alert lives on the mayor's phone, which has no code (« Aucune »):
	// the computers' measures do not protect it. The canteen's files are on the secretary's computer.
	const supportsByName = new Map((await listRecords(db, access.commune.id, 'support')).map((r) => [String(r.data.name), r.id]));
	const links: [string, Record<string, unknown>][] = [
		['alerte-sms', { supports: [supportsByName.get('Téléphone portable du maire')], securityOther: 'Aucune' }],
		['cantine-periscolaire', { supports: [supportsByName.get('Ordinateur du secrétariat')] }]
	];
	for (const [catalogue, patch] of links) {
		const fiche = fiches.find((f) => f.origin.catalogue === catalogue);
		if (fiche) await saveRecord(db, access, 'activity', fiche.id, { ...patch, _fields: Object.keys(patch).join(','), _version: String(fiche.version) });
	}
	// The secretary has reread and confirmed four of the entries the catalogue proposed; the colis
	// and the SMS alert are still « proposé, non confirmé ».
	const reread = fiches.filter((f) => ['etat-civil', 'listes-electorales', 'cantine-periscolaire', 'urbanisme'].includes(f.origin.catalogue ?? ''));
	if (reread.length) await confirmRecords(db, access, 'activity', reread.map((f) => f.id));
}

const isoDaysAgo = (days: number) => parisDate(new Date(Date.now() - days * 86_400_000));
const submission = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...data, ...extra, _fields: Object.keys(data).join(',') });

/**
 * Glanon's follow-up, so that every register has something to show: the CCAS activity screened
 * and its risks assessed (before and after the plan), a conformity grid with a non-conformity
 * turned into an action, five security basics done and two planned, a breach notified in time
 * and a rights request left unanswered past its month.
 */
export async function seedGlanonFollowUp(db: Db, access: Access) {
	const existing = await listRecords(db, access.commune.id, 'risk');
	if (existing.length) return;
	await addFromCatalogue(db, access, ['ccas-aide-sociale']);
	const fiches = await listRecords(db, access.commune.id, 'activity');
	const ccas = fiches.find((f) => f.origin.catalogue === 'ccas-aide-sociale');
	const cantine = fiches.find((f) => f.origin.catalogue === 'cantine-periscolaire');
	if (!ccas || !cantine) return;
	await confirmRecords(db, access, 'activity', [ccas.id]);
	await saveRecord(db, access, 'dpia', null, submission({ art35Case: 'aucun', onRequiredList: 'accompagnement-social' }, { _parent: ccas.id }));
	const risk = {
		acces_impacts: 'Divulgation de la situation sociale et de santé d’une famille : gêne, stigmatisation dans un petit village',
		acces_threats: 'Dossier papier laissé sur le bureau de l’accueil ; courriel envoyé au mauvais destinataire',
		acces_sources: 'Visiteur de la mairie, élu non habilité, erreur d’un agent',
		acces_measures: 'Dossiers dans l’armoire fermée à clé du CCAS ; accès au logiciel réservé à la secrétaire et à la vice-présidente',
		acces_gravite: '3',
		acces_vraisemblance: '3',
		acces_justification: 'Données sociales et de santé, très personnelles ; l’accueil est ouvert au public et les dossiers y transitent.',
		acces_gravite_residuelle: '3',
		acces_vraisemblance_residuelle: '1',
		modification_impacts: 'Aide calculée sur une information fausse',
		modification_threats: 'Erreur de saisie, modification par une personne non habilitée',
		modification_sources: 'Agent, erreur humaine',
		modification_measures: 'Relecture par la vice-présidente avant chaque commission ; historique des modifications du logiciel',
		modification_gravite: '2',
		modification_vraisemblance: '2',
		modification_justification: 'Les dossiers sont relus avant décision ; une erreur serait vite corrigée.',
		disparition_impacts: 'Démarches à refaire, aide retardée',
		disparition_threats: 'Rançongiciel, panne de l’ordinateur, dossier détruit par erreur',
		disparition_sources: 'Pirate, accident',
		disparition_measures: 'Sauvegarde hebdomadaire sur disque débranché (prévue)',
		disparition_gravite: '2',
		disparition_vraisemblance: '3',
		disparition_justification: 'Pas encore de sauvegarde débranchée : un rançongiciel emporterait les dossiers numériques.',
		disparition_gravite_residuelle: '2',
		disparition_vraisemblance_residuelle: '1',
		dpdOpinion: 'Les mesures prévues (armoire dédiée, accueil sans dossier visible, sauvegarde débranchée) ramènent les risques à un niveau acceptable.',
		dpdOpinionDate: isoDaysAgo(20),
		mayorDecision: 'validee',
		mayorDecisionDate: isoDaysAgo(18)
	};
	await saveRecord(db, access, 'risk', null, submission(risk, { _parent: ccas.id }));
	const principles = ['finalite', 'base_legale', 'minimisation', 'exactitude', 'conservation', 'information', 'droits', 'sous_traitants', 'transferts', 'securite', 'aipd'];
	const grid: Record<string, string> = {};
	for (const p of principles) {
		grid[`p_${p}`] = p === 'information' ? 'non_conforme' : p === 'transferts' ? 'na' : 'conforme';
		grid[`p_${p}_why`] =
			p === 'information'
				? 'Le formulaire d’inscription ne dit pas à quoi servent les données ni à qui écrire.'
				: p === 'transferts'
					? 'Logiciel hébergé en France, aucun transfert.'
					: 'Vérifié avec la secrétaire lors de la relecture de la fiche.';
	}
	const { id: gridId } = await saveRecord(db, access, 'conformity', null, submission(grid, { _parent: cantine.id }));
	await createActionFromRecord(db, access, 'conformity', gridId, 'information');
	const security: [string, Record<string, string>][] = [
		['mots-de-passe', { m_mdp_personnels: 'fait', m_mdp_regle: 'prevu', m_mdp_gestionnaire: 'prevu', m_mdp_defaut: 'fait' }],
		['postes', { m_verrouillage: 'fait', m_mises_a_jour: 'fait', m_antivirus: 'fait', m_pas_admin: 'na' }]
	];
	for (const [theme, answers] of security) await saveStep(db, access, 'securite', theme, submission(answers), 'continue');
	const actions = await listRecords(db, access.commune.id, 'action');
	for (const [i, a] of actions.entries()) {
		const plan = { owner: 'Sophie Martin', dueDate: isoDaysAgo(i === 0 ? 10 : -30 - i * 15), priority: i === 0 ? '1' : '2', status: 'a_faire' };
		await saveRecord(db, access, 'action', a.id, submission(plan, { _version: String(a.version) }));
	}
	const now = new Date();
	const discovered = new Date(now.getTime() - 30 * 3_600_000);
	await saveRecord(
		db,
		access,
		'breach',
		null,
		submission({
			title: 'Liste des bénéficiaires du colis de Noël envoyée par erreur à une association',
			discoveredAt: toParisLocal(discovered),
			nature: ['confidentialite'],
			description: 'Le tableur des bénéficiaires (noms, adresses, âges) a été joint par erreur à un courriel adressé au président du comité des fêtes.',
			dataConcerned: 'Nom, adresse, âge',
			peopleConcerned: 'Personnes de plus de 70 ans bénéficiaires du colis',
			peopleCount: '48',
			consequences: 'Faible : le destinataire est connu et a confirmé la suppression ; risque de démarchage si la liste circulait.',
			measures: 'Demande écrite de suppression, confirmée le jour même ; le tableur n’est plus envoyé en pièce jointe.',
			risk: 'risque',
			cnilNotified: 'oui',
			cnilNotifiedAt: toParisLocal(new Date(discovered.getTime() + 20 * 3_600_000)),
			cnilReference: 'NOTIF-DEMO-0001'
		})
	);
	await saveRecord(
		db,
		access,
		'request',
		null,
		submission({
			requesterName: 'Paul Lemoine',
			requesterContact: '12 rue des Vignes, 21250 Glanon',
			right: 'acces',
			receivedOn: isoDaysAgo(45),
			details: 'Demande la copie des informations que la mairie détient sur lui (inscription à l’alerte SMS, listes).',
			identityChecked: 'oui'
		})
	);
}
