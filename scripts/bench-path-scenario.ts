// The reference commune of issue 15, as data: the answers a secretary of a 148-inhabitant commune
// gives, from sign-up to the first dossier. `bench-path.ts` plays them on whatever the pages ask:
// an answer is used only where the page shows that field, and only when the page does not already
// hold it. Keys are field names (`name` attributes); a choice is given by its value or by the start
// of its label; « +90j » is a date 90 days after the day the bench runs.

export type Answer = string | string[];
export type Answers = Record<string, Answer>;

export interface Scenario {
	adminEmail: string;
	account: Answers;
	commune: { search: string; insee: string; identity: Answers };
	/**
	 * The commune profile (`/c/<id>/profil`), where the app has one: answered first. Skipped when
	 * the app has no such page.
	 */
	profile?: Answers;
	/** Catalogue activities ticked (their ids): only those the profile did not already propose get ticked. */
	catalogue: string[];
	/**
	 * Register entries the app proposed that the commune does not keep (matched on the start of
	 * their name): the secretary deletes them instead of confirming them.
	 */
	discard?: string[];
	/** Form steps, by "recipe/step". */
	steps: Record<string, Answers>;
	/** Collection steps answered « aucun(e) » when they list nothing. */
	none: string[];
	/**
	 * Records, by kind: `create` the ones the secretary adds (supports, processors), `default` the
	 * answers for every record of the kind, `byTitle` those of one record (matched on the start of
	 * the record's or its parent activity's name, accents and case ignored). On a record the app
	 * proposed (or prepared), `default` answers only fill what is still empty — she accepts what is
	 * proposed — while `byTitle` answers are her corrections, typed where the page differs.
	 */
	records: Record<string, { titleField: string; create?: Answers[]; default?: Answers; byTitle?: Record<string, Answers> }>;
}

const DPD = { firstName: 'Nathalie', lastName: 'Perrin', email: 'secretariat.mairie@courcelles-fremoy.test' };
const why = (text: string) => text;

export const SCENARIO: Scenario = {
	adminEmail: 'admin-gip@bench.superchef-rgpd.fr',
	account: {
		name: `${DPD.firstName} ${DPD.lastName}`,
		email: DPD.email,
		password: 'Banc-Parcours-2026!',
		passwordConfirm: 'Banc-Parcours-2026!'
	},
	commune: {
		search: 'Courcelles-Frémoy',
		insee: '21203',
		identity: {
			address: '2 rue de la Mairie, 21460 Courcelles-Frémoy',
			mayorName: 'Gérard Lambert',
			email: 'mairie@courcelles-fremoy.test',
			phone: '03 80 96 00 00'
		}
	},
	// 148 inhabitants: no school (the children go to the neighbouring village's school, run by an
	// intercommunal body), so no canteen nor after-school care; a CCAS kept (the reference's nine
	// activities include it), the colis des aînés, SMS alerts and a newsletter, a cemetery, no
	// website, no salle des fêtes rented, water run by a syndicate; one agent (the secretary), and
	// the JVS-Mairistem suite for état civil, elections and pay.
	profile: {
		ecole: 'non',
		cantine: 'non',
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
	},
	// The reference commune keeps nine activities: what the profile proposes beyond them (every
	// commune's census of 16-year-olds, deliberations, elected officials; staff management with
	// one agent) is deleted, so that the path stays comparable with the figures before issue 15.
	discard: ['Recensement citoyen', 'Délibérations, arrêtés', 'Élus : mandats', 'Gestion du personnel'],
	catalogue: ['etat-civil', 'listes-electorales', 'urbanisme', 'cimetiere', 'alerte-sms', 'lettre-information', 'paie', 'colis-aines', 'ccas-aide-sociale'],
	steps: {
		'dpd/type': { dpdKind: 'interne', position: 'secretaire' },
		'dpd/identite': {
			civility: 'madame',
			lastName: DPD.lastName,
			firstName: DPD.firstName,
			email: DPD.email,
			phone: '03 80 96 00 00',
			postalAddress: 'Mairie, 2 rue de la Mairie, 21460 Courcelles-Frémoy',
			hoursPerWeek: '2'
		},
		'dpd/independance': {
			checkCompetence: 'oui',
			checkMeans: 'oui',
			checkIndependence: 'oui',
			independenceMeasures: 'Deux heures par semaine réservées à la mission, inscrites à la fiche de poste ; elle rend compte directement au maire et ne décide pas des traitements.',
			training: 'Journée de formation RGPD du GIP'
		},
		'dpd/lettre': {
			missions: 'Informer et conseiller le maire et les agents ; contrôler le respect du RGPD ; conseiller sur les analyses d’impact ; coopérer avec la CNIL et être son contact.',
			means: 'Deux heures par semaine, accès à tous les fichiers et logiciels, formation annuelle.',
			meetingFrequency: 'Une fois par trimestre',
			channels: 'Les agents et les élus la saisissent par e-mail ou à la mairie ; elle rend compte au maire à chaque point trimestriel.',
			designationDate: '+0j'
		},
		'dpd/cnil': { declared: 'non' },
		'dpd/publication': { onWebsite: 'non', onForms: 'oui', atMairie: 'oui', councilInformed: 'oui', staffInformed: 'oui' },
		'registre/organisation': {
			keeper: `${DPD.firstName} ${DPD.lastName}, secrétaire de mairie et DPD`,
			format: 'Dans l’application Super Chef RGPD, avec une copie PDF datée',
			reviewPlanned: 'oui'
		},
		'securite/mots-de-passe': { m_mdp_personnels: 'fait', m_mdp_regle: 'fait', m_mdp_gestionnaire: 'prevu', m_mdp_defaut: 'fait' },
		'securite/postes': { m_verrouillage: 'fait', m_mises_a_jour: 'fait', m_antivirus: 'fait', m_pas_admin: 'prevu' },
		'securite/sauvegardes': { m_sauvegarde_reguliere: 'fait', m_sauvegarde_debranchee: 'fait', m_sauvegarde_testee: 'prevu' },
		'securite/mobiles': { m_code_telephones: 'fait', m_usb_limites: 'fait', m_usb_chiffrees: 'prevu', m_perso_pro: 'fait' },
		'securite/acces': { m_qui_acces: 'fait', m_papier_cle: 'fait', m_ecran_public: 'fait' },
		'securite/incidents': { m_procedure_incident: 'fait', m_contacts_incident: 'fait', m_sensibilisation: 'prevu' },
		'violations/procedure': {
			alertWho: 'La secrétaire de mairie (DPD), puis le maire',
			firstSteps: 'Débrancher l’ordinateur du réseau, ne rien effacer, noter l’heure et ce qui s’est passé, prévenir le prestataire informatique.',
			decides: 'Le maire, sur l’avis de la DPD',
			processorsBound: 'oui'
		},
		'droits/procedure': {
			receivedBy: 'La secrétaire de mairie',
			identityCheck: 'Demande faite au guichet : pièce d’identité présentée. Par courrier ou e-mail : comparaison avec les informations déjà connues, une copie de pièce seulement en cas de doute.',
			answeredBy: 'Le maire',
			modelKnown: 'oui'
		}
	},
	none: ['violations/registre', 'droits/demandes'],
	records: {
		support: {
			titleField: 'name',
			// The profile proposes the office computer, the mail, the paper files, the JVS suite, the
			// SMS service, the mayor's phone and the newsletter tool: only the spreadsheet is hers.
			create: [{ category: 'bureautique', name: 'Tableur du colis des aînés', location: 'Ordinateur du secrétariat, dossier Documents', users: 'La secrétaire' }],
			default: { location: 'À la mairie', users: 'La secrétaire' }
		},
		activity: {
			titleField: 'name',
			default: { transfers: 'non', securityAccess: 'Un compte et un mot de passe par personne ; armoire fermée à clé pour le papier.' },
			byTitle: {
				'État civil': { supports: ['Logiciels de gestion JVS', 'Ordinateur du secrétariat', 'Registres et dossiers papier'] },
				'Listes électorales': { supports: ['Logiciels de gestion JVS', 'Ordinateur du secrétariat'] },
				'Autorisations d’urbanisme': { supports: ['Ordinateur du secrétariat', 'Registres et dossiers papier'] },
				'Cimetière': { supports: ['Ordinateur du secrétariat', 'Registres et dossiers papier'] },
				'Alerte des habitants': { supports: ['Service d’envoi des alertes', 'Téléphone du maire'] },
				'Lettre d’information': { supports: ['Outil d’envoi', 'Ordinateur du secrétariat'] },
				'Paie des agents': { supports: ['Logiciels de gestion JVS', 'Ordinateur du secrétariat'] },
				'Colis et repas des aînés': { supports: ['Tableur du colis', 'Ordinateur du secrétariat'] },
				'Aide sociale du CCAS': { supports: ['Ordinateur du secrétariat', 'Registres et dossiers papier'] }
			}
		},
		conformity: {
			titleField: '',
			default: {
				p_finalite: 'conforme',
				p_finalite_why: why('Finalités écrites dans la fiche, limitées à la mission de la commune.'),
				p_base_legale: 'conforme',
				p_base_legale_why: why('Base légale de la fiche, avec son texte.'),
				p_minimisation: 'conforme',
				p_minimisation_why: why('Seules les données de la fiche sont demandées.'),
				p_exactitude: 'conforme',
				p_exactitude_why: why('Mises à jour à chaque demande des personnes.'),
				p_conservation: 'conforme',
				p_conservation_why: why('Durée de la fiche, avec sa source.'),
				p_information: 'conforme',
				p_information_why: why('Mention d’information sur les formulaires et affichée en mairie.'),
				p_droits: 'conforme',
				p_droits_why: why('Procédure des demandes de droits en place.'),
				p_sous_traitants: 'conforme',
				p_sous_traitants_why: why('Contrat du prestataire vérifié, ou pas de prestataire.'),
				p_transferts: 'na',
				p_transferts_why: why('Aucune donnée hors de l’Union européenne.'),
				p_securite: 'conforme',
				p_securite_why: why('Mesures de la recette « Sécuriser le quotidien ».'),
				p_aipd: 'conforme',
				p_aipd_why: why('Dépistage fait.')
			}
		},
		dpia: {
			titleField: '',
			default: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune', criteria: [], criteriaReviewed: 'oui' },
			byTitle: {
				'Listes électorales': { onNotRequiredList: 'liste-electorale' },
				'Paie des agents': { onNotRequiredList: 'rh-250' },
				'Colis et repas des aînés': { criteria: ['vulnerables'], oneCriterionDecision: 'pas_aipd', oneCriterionWhy: 'Une liste de noms et d’adresses pour un colis, sans autre donnée : le risque pour les personnes âgées est faible.' },
				'Aide sociale du CCAS': { onRequiredList: 'accompagnement-social' }
			}
		},
		risk: {
			titleField: '',
			default: {
				acces_impacts: 'Situation sociale et financière connue de tiers : gêne, atteinte à la réputation.',
				acces_threats: 'Dossier laissé sur le bureau, courriel mal adressé, ordinateur volé.',
				acces_sources: 'Visiteur de la mairie, agent non habilité, voleur.',
				acces_measures: 'Armoire fermée à clé, session verrouillée, mots de passe personnels.',
				acces_gravite: '3',
				acces_vraisemblance: '2',
				acces_justification: 'Données sensibles mais peu de dossiers, bureau fermé au public.',
				acces_gravite_residuelle: '3',
				acces_vraisemblance_residuelle: '1',
				modification_impacts: 'Aide mal calculée ou refusée à tort.',
				modification_threats: 'Erreur de saisie, modification par une personne non habilitée.',
				modification_sources: 'Agent, erreur humaine.',
				modification_measures: 'Relecture par le président du CCAS avant décision.',
				modification_gravite: '2',
				modification_vraisemblance: '2',
				modification_justification: 'Les décisions sont relues en conseil d’administration.',
				modification_gravite_residuelle: '2',
				modification_vraisemblance_residuelle: '1',
				disparition_impacts: 'Retard dans le versement d’une aide.',
				disparition_threats: 'Panne de l’ordinateur, rançongiciel, incendie.',
				disparition_sources: 'Logiciel malveillant, accident.',
				disparition_measures: 'Sauvegarde chaque semaine sur un disque débranché.',
				disparition_gravite: '2',
				disparition_vraisemblance: '2',
				disparition_justification: 'Sauvegarde hebdomadaire, dossiers papier en double.',
				disparition_gravite_residuelle: '2',
				disparition_vraisemblance_residuelle: '1',
				dpdOpinion: 'Risques acceptables une fois la sauvegarde testée et l’armoire fermée à clé.',
				dpdOpinionDate: '+0j',
				mayorDecision: 'validee',
				mayorDecisionDate: '+0j'
			}
		},
		notice: {
			titleField: '',
			default: { source: 'personne', mandatory: 'oui', channels: ['formulaire', 'affiche'] },
			byTitle: {
				'Alerte des habitants': {
					mandatory: 'non',
					consentHow: 'Formulaire d’inscription papier ou en ligne, case à cocher.',
					consentWithdraw: 'Répondre STOP au SMS ou le demander à la mairie.',
					consentProof: 'Formulaires d’inscription gardés en mairie.'
				},
				'Lettre d’information': {
					mandatory: 'non',
					consentHow: 'Inscription sur le formulaire en mairie, case à cocher.',
					consentWithdraw: 'Lien de désinscription dans chaque lettre.',
					consentProof: 'Formulaires d’inscription gardés en mairie.'
				}
			}
		},
		processor: {
			titleField: 'name',
			default: { transfers: 'non', endOfContract: 'restitution' },
			// The profile proposes the three (JVS-Mairistem, the alert platform, the newsletter tool):
			// she names the two left « à préciser » and ticks the clauses of each contract.
			byTitle: {
				'JVS-Mairistem': { clauses: ['objet', 'instructions', 'confidentialite', 'securite', 'sous_traitants', 'droits', 'assistance', 'fin', 'audits'] },
				'Plateforme d’envoi des alertes': { name: 'Prestataire d’alerte SMS de la commune', clauses: ['objet', 'instructions', 'confidentialite', 'securite', 'fin'] },
				'Prestataire d’alerte SMS': { clauses: ['objet', 'instructions', 'confidentialite', 'securite', 'fin'] },
				'Outil d’envoi de la lettre': { name: 'Prestataire d’envoi de courriels de la commune', clauses: ['objet', 'confidentialite', 'securite'] },
				'Prestataire d’envoi de courriels': { clauses: ['objet', 'confidentialite', 'securite'] }
			}
		},
		action: {
			titleField: 'title',
			default: { owner: `${DPD.firstName} ${DPD.lastName}`, dueDate: '+90j', priority: '2', status: 'a_faire' }
		}
	}
};
