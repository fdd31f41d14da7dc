// The commune starter catalogue: typical processing activities of a small French commune,
// pre-filled with the field names of a register fiche (activityKind in ../recipes/records.ts).
// Facts and sources: /work/shared/domain/rgpd-communes.md. A source marked `weak` is secondary or
// uncertain: its text says what to check, and the app must present it as such.
import type { CatalogueEntry } from './types';

/** One purpose per line, as the register's « Finalités » field expects. */
const lines = (...items: string[]): string => items.join('\n');

// Archives instructions named in rgpd-communes.md (§3).
const SIAF_2014 = 'instruction DGP/SIAF/2014/006 du 22 septembre 2014 (archives propres aux communes)';
const DPACI_2009 =
	'instruction DAF/DPACI/RES/2009/018 du 28 août 2009 (archives des services communs à toutes les collectivités)';
const DUA_2008 = 'instruction DAF/DPACI/RES/2008/008 du 5 mai 2008 (durée d’utilité administrative des documents comptables)';

const CNIL_RH_URL = 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000041798580';
const CNIL_DUREES_URL = 'https://www.cnil.fr/fr/gerer-la-duree-de-conservation-des-donnees';

const NO_HIGH_RISK =
	'Aucun des critères de risque élevé n’est réuni a priori (pas de surveillance, pas de profilage, pas de données sensibles à grande échelle).';
const RH_NOT_REQUIRED =
	'La CNIL dispense d’analyse d’impact la gestion du personnel des organismes de moins de 250 personnes, hors profilage (liste des traitements non soumis, délibération n° 2019-118).';
const SCHOOL_NOT_REQUIRED =
	'La CNIL dispense d’analyse d’impact la gestion scolaire et périscolaire des collectivités, tant qu’il n’y a pas de profilage (liste des traitements non soumis, délibération n° 2019-118).';

export const CATALOGUE: CatalogueEntry[] = [
	// ---- Population et citoyenneté --------------------------------------------------------------
	{
		id: 'etat-civil',
		domain: 'Population',
		name: 'État civil',
		description:
			'Le maire, officier de l’état civil, rédige les actes de naissance, de reconnaissance, de mariage et de décès, enregistre les PACS, porte les mentions en marge et délivre copies et extraits. Registres papier et logiciel d’état civil.',
		purposes: lines(
			'Établir et conserver les actes de l’état civil',
			'Porter les mentions en marge des actes (mariage, divorce, décès…)',
			'Délivrer les copies et extraits d’actes aux personnes qui y ont droit',
			'Transmettre les avis prévus par la loi (INSEE, autres communes)'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code civil (articles 34 et suivants : actes de l’état civil) ; le maire et les adjoints sont officiers de l’état civil (CGCT, art. L2122-32).',
		dataSubjects: ['habitants', 'parents', 'enfants', 'defunts_familles'],
		dataCategories: ['identite', 'vie_personnelle'],
		dataDetails:
			'Nom, prénoms, date et lieu de naissance, sexe, filiation (parents), adresse, profession, situation matrimoniale, date et lieu de décès ; témoins et déclarants.',
		sensitive: [],
		retention:
			'Registres et actes : conservation définitive (sans limite).\nActes de naissance et de mariage de moins de 75 ans : pas librement consultables, seulement par les personnes autorisées.\nCommunes de moins de 2 000 habitants : dépôt aux Archives départementales des registres de plus de 120 ans.\nPièces annexes (dossiers de mariage, de PACS) : durée à vérifier auprès des Archives départementales.',
		finalFate: 'versement',
		retentionSource: {
			text: 'Code du patrimoine : délai de 75 ans avant libre consultation des actes de naissance et de mariage (art. L213-2) et dépôt aux Archives départementales des registres de plus de 120 ans (art. L212-11).',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie (service état civil), maire et adjoints officiers de l’état civil',
		recipientsExternal:
			'Procureur de la République (contrôle des registres), INSEE (avis de naissance et de décès), autres communes (mentions en marge), notaires et administrations par la plateforme COMEDEC, personnes qui ont droit aux copies',
		processors: 'Éditeur du logiciel d’état civil ; relieur des registres',
		dpiaHint: 'non_requise',
		dpiaReason: 'Traitement prévu par la loi. ' + NO_HIGH_RISK,
		cautions: [
			'L’état civil ne doit pas servir à créer un « fichier de la population » de la commune.',
			'Aucune utilisation commerciale des actes ou des listes de naissances, mariages ou décès.',
			'Lettres de félicitations (naissance, noces d’or) ou annonces dans le bulletin municipal : seulement avec l’accord des personnes.'
		]
	},
	{
		id: 'listes-electorales',
		domain: 'Élections',
		name: 'Listes électorales',
		description:
			'La commune consulte et met à jour sa liste électorale, extraite du répertoire électoral unique (REU) tenu par l’INSEE : inscriptions, radiations, commission de contrôle, listes d’émargement et communication de la liste.',
		purposes: lines(
			'Instruire les demandes d’inscription et les radiations',
			'Éditer la liste électorale et les listes d’émargement des bureaux de vote',
			'Communiquer la liste aux électeurs, candidats et partis qui la demandent',
			'Préparer les travaux de la commission de contrôle'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code électoral, articles L16 et suivants (répertoire électoral unique, tenue des listes) ; communication de la liste : article L37.',
		dataSubjects: ['electeurs'],
		dataCategories: ['identite'],
		dataDetails:
			'Nom, prénoms, sexe, date et lieu de naissance, adresse, bureau de vote, nationalité pour les listes complémentaires (citoyens européens), pièces justificatives des demandes d’inscription.',
		sensitive: [],
		retention:
			'La liste elle-même est tenue dans le répertoire électoral unique par l’INSEE.\nExtraits, listes d’émargement et pièces des demandes d’inscription gardés en mairie : durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (instruction DPACI/RES/2004/01 sur les archives des élections, et ' +
				SIAF_2014 +
				').',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, maire, commission de contrôle',
		recipientsExternal:
			'INSEE (répertoire électoral unique), préfecture, électeurs, candidats et partis qui demandent la liste (Code électoral, art. L37)',
		processors: 'Éditeur du logiciel élections relié au REU',
		dpiaHint: 'non_requise',
		dpiaReason:
			'La gestion des listes électorales figure sur la liste de la CNIL des traitements dispensés d’analyse d’impact (délibération n° 2019-118).',
		cautions: [
			'Jamais d’usage commercial : la liste ne peut être communiquée qu’à condition de ne pas en faire un usage commercial (Code électoral, art. L37).',
			'Le maire peut demander à quoi servira la liste et refuser s’il craint un usage commercial (Conseil d’État, 2 décembre 2016, n° 388979).',
			'La commune peut s’en servir pour sa communication institutionnelle, jamais pour une vente ou un usage lucratif.',
			'Celui qui reçoit la liste doit informer les électeurs de l’usage qu’il en fait (article 14 du RGPD).'
		]
	},
	{
		id: 'jury-assises',
		domain: 'Élections',
		name: 'Tirage au sort des jurés d’assises',
		description:
			'Chaque année, le maire tire au sort en public, à partir de la liste électorale, les noms de la liste préparatoire des jurés d’assises et la transmet au greffe.',
		purposes: lines(
			'Tirer au sort publiquement les jurés à partir de la liste électorale',
			'Établir et transmettre la liste préparatoire',
			'Informer les personnes tirées au sort'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code de procédure pénale, articles 254 et suivants (jury criminel), notamment l’article 261 : tirage au sort par le maire à partir de la liste électorale.',
		dataSubjects: ['electeurs'],
		dataCategories: ['identite', 'vie_professionnelle'],
		dataDetails: 'Nom, prénoms, date et lieu de naissance, adresse, profession.',
		sensitive: [],
		retention:
			'Le temps de transmettre la liste préparatoire et de répondre au greffe ; durée de conservation des procès-verbaux et listes à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (tableaux de gestion des archives communales, rubrique jurés d’assises).',
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie',
		recipientsExternal: 'Greffe de la cour d’assises ou du tribunal judiciaire',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: 'Traitement prévu par la loi. ' + NO_HIGH_RISK,
		cautions: ['La liste préparatoire ne sert qu’au jury : ne la réutilisez pas pour autre chose.']
	},
	{
		id: 'recensement-citoyen',
		domain: 'Population',
		name: 'Recensement citoyen (jeunes de 16 ans)',
		description:
			'Les jeunes Français se font recenser à la mairie à 16 ans. La mairie remet l’attestation de recensement et transmet les données au centre du service national.',
		purposes: lines(
			'Enregistrer le recensement des jeunes de 16 ans',
			'Délivrer l’attestation de recensement',
			'Transmettre les listes au centre du service national (journée défense et citoyenneté)'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code du service national, article L113-1 : obligation de recensement des jeunes Français à partir de 16 ans, auprès de la mairie.',
		dataSubjects: ['enfants', 'parents'],
		dataCategories: ['identite', 'vie_personnelle'],
		dataDetails:
			'Nom, prénoms, date et lieu de naissance, nationalité française, adresse, téléphone, e-mail, identité des parents, situation scolaire ou professionnelle, diplômes.',
		sensitive: [],
		retention:
			'Le temps d’établir l’attestation et la transmission au centre du service national ; conservation des listes et registres en mairie : durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (rubrique « service national » des tableaux de gestion, ' +
				SIAF_2014 +
				').',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie',
		recipientsExternal: 'Centre du service national (ministère des Armées)',
		processors: 'Éditeur du logiciel ou service en ligne de recensement citoyen',
		dpiaHint: 'non_requise',
		dpiaReason: 'Traitement prévu par la loi. ' + NO_HIGH_RISK,
		cautions: [
			'Les données du recensement servent au service national : ne les réutilisez pas, par exemple pour des invitations municipales.'
		]
	},
	{
		id: 'recensement-population',
		domain: 'Population',
		name: 'Recensement de la population (enquête INSEE)',
		description:
			'La commune prépare et réalise la collecte du recensement de la population pour l’INSEE : recrutement des agents recenseurs, carnets de tournée, questionnaires papier ou en ligne.',
		purposes: lines(
			'Organiser la collecte du recensement de la population',
			'Suivre l’avancement de la collecte (carnets de tournée)',
			'Remettre les questionnaires à l’INSEE'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Loi n° 2002-276 du 27 février 2002 relative à la démocratie de proximité (titre V) : les communes préparent et réalisent les enquêtes de recensement ; secret statistique (loi n° 51-711 du 7 juin 1951).',
		dataSubjects: ['habitants', 'agents'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle'],
		dataDetails:
			'Questionnaires (logement, composition du foyer, identité, emploi, diplômes) ; carnets de tournée et adresses ; identité des agents recenseurs.',
		sensitive: [],
		retention:
			'Questionnaires et carnets remis à l’INSEE à la fin de la collecte : la commune n’en garde pas de copie (consignes de l’INSEE, à vérifier à chaque campagne).',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Secret statistique (loi n° 51-711 du 7 juin 1951) et consignes de l’INSEE pour la collecte : à vérifier dans le guide remis à la commune pour chaque campagne.',
			weak: true
		},
		recipientsInternal: 'Coordonnateur communal, agents recenseurs',
		recipientsExternal: 'INSEE',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: 'Enquête organisée par l’INSEE, responsable du traitement statistique. ' + NO_HIGH_RISK,
		cautions: [
			'Les réponses au recensement sont couvertes par le secret statistique : aucune copie, aucune réutilisation par la commune.',
			'L’INSEE est responsable de l’enquête ; la commune organise la collecte.'
		]
	},

	// ---- Urbanisme et patrimoine ------------------------------------------------------------------
	{
		id: 'urbanisme',
		domain: 'Urbanisme',
		name: 'Autorisations d’urbanisme (permis, déclarations préalables, registre de l’urbanisme)',
		description:
			'La mairie reçoit, enregistre et délivre les permis de construire, d’aménager, de démolir, les déclarations préalables et les certificats d’urbanisme. Les demandes sont notées dans le registre papier de l’urbanisme et suivies dans un logiciel ou par le service instructeur.',
		purposes: lines(
			'Enregistrer les demandes d’autorisation d’urbanisme (registre de l’urbanisme)',
			'Instruire les demandes ou les transmettre au service instructeur',
			'Délivrer les décisions et les afficher',
			'Contrôler la conformité des travaux'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code de l’urbanisme : autorisations requises pour construire (articles L421-1 et suivants) ; dépôt et instruction des demandes en mairie (articles R423-1 et suivants).',
		dataSubjects: ['proprietaires', 'habitants'],
		dataCategories: ['identite', 'localisation', 'economique'],
		dataDetails:
			'Identité et coordonnées du demandeur et de l’architecte, références cadastrales, adresse du terrain, plans et description du projet, surfaces, éléments pour la taxe d’aménagement.',
		sensitive: [],
		retention:
			'Dossiers de permis de construire accordés et déclarations préalables : conservés par la commune.\nRegistre de l’urbanisme : conservé.\nDemandes refusées ou retirées : durée à vérifier auprès des Archives départementales.',
		finalFate: 'versement',
		retentionSource: {
			text: 'La commune conserve les dossiers de permis de construire et de déclaration préalable (' +
				SIAF_2014 +
				') ; pour les demandes refusées ou retirées, à vérifier auprès des Archives départementales.',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, maire et adjoint à l’urbanisme',
		recipientsExternal:
			'Service instructeur (intercommunalité ou État), architecte des Bâtiments de France, services consultés (réseaux, voirie), DGFiP (taxes d’urbanisme), public pour les décisions délivrées',
		processors: 'Éditeur du logiciel d’urbanisme ; plateforme de dépôt en ligne des demandes',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'N’oubliez pas le registre papier de l’urbanisme : il fait partie de ce traitement et doit être rangé sous clé.'
		]
	},
	{
		id: 'cadastre',
		domain: 'Urbanisme',
		name: 'Cadastre (matrice et relevés de propriété)',
		description:
			'La commune reçoit chaque année de la DGFiP les données cadastrales (plans, propriétaires, parcelles). Elle les consulte pour ses missions et délivre des extraits aux personnes qui en font la demande.',
		purposes: lines(
			'Consulter les données cadastrales pour l’urbanisme, la voirie et la fiscalité locale',
			'Préparer les travaux de la commission communale des impôts directs',
			'Délivrer des extraits aux propriétaires et, dans les limites de la loi, aux tiers'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Mission de service public de la commune (fiscalité locale, urbanisme) ; communication d’extraits aux tiers encadrée par le Livre des procédures fiscales, article L107 A.',
		dataSubjects: ['proprietaires'],
		dataCategories: ['identite', 'localisation', 'economique'],
		dataDetails:
			'Nom, prénoms, adresse et date de naissance des propriétaires, références des parcelles, nature et surface des biens, valeur locative.',
		sensitive: [],
		retention:
			'Données de l’année : remplacées à chaque livraison de la DGFiP (supprimer les anciennes versions inutiles).\nAnciens plans et matrices papier : archives publiques, à conserver ou déposer selon l’avis des Archives départementales (à vérifier).',
		finalFate: 'tri',
		retentionSource: {
			text: 'Pas de durée fixée pour les données courantes ; anciens documents cadastraux : Code du patrimoine (dépôt aux Archives départementales pour les petites communes) — à vérifier auprès des Archives départementales.',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, maire et adjoints, commission communale des impôts directs',
		recipientsExternal: 'Propriétaires ; tiers demandeurs pour des informations ponctuelles (LPF, art. L107 A) ; notaires',
		processors: 'Éditeur du logiciel ou du service en ligne de consultation du cadastre',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Un tiers ne peut obtenir que des informations ponctuelles sur un bien (LPF, art. L107 A) : jamais la liste de tous les propriétaires ni la date de naissance d’un propriétaire.'
		]
	},
	{
		id: 'cimetiere',
		domain: 'Population',
		name: 'Cimetière et concessions funéraires',
		description:
			'La commune gère le cimetière : vente et renouvellement des concessions, plan des emplacements, registre des inhumations, reprises de concessions abandonnées, autorisations des opérations funéraires.',
		purposes: lines(
			'Attribuer, renouveler et reprendre les concessions',
			'Tenir le registre des inhumations et le plan du cimetière',
			'Autoriser les opérations funéraires (inhumation, exhumation)',
			'Encaisser le prix des concessions'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'CGCT, articles L2223-1 et suivants (cimetières et opérations funéraires), notamment L2223-13 et suivants pour les concessions.',
		dataSubjects: ['defunts_familles', 'habitants'],
		dataCategories: ['identite', 'vie_personnelle', 'economique'],
		dataDetails:
			'Identité et adresse du titulaire de la concession et des ayants droit, défunts inhumés (nom, dates), emplacement, durée et prix de la concession.',
		sensitive: [],
		retention:
			'Actes de concession, registres et plans du cimetière : conservés par la commune, sans limite en pratique (les concessions perpétuelles durent indéfiniment).\nDurée exacte par type de document : à vérifier auprès des Archives départementales.',
		finalFate: 'versement',
		retentionSource: {
			text: 'Documents conservés par la commune (rgpd-communes.md) ; durée par type de document à vérifier auprès des Archives départementales (' +
				SIAF_2014 +
				').',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, maire, agent chargé du cimetière',
		recipientsExternal: 'Opérateurs funéraires, trésorerie (paiement des concessions)',
		processors: 'Éditeur du logiciel de gestion du cimetière',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Le RGPD ne protège pas les défunts, mais il protège les titulaires et les ayants droit : leurs coordonnées ne se communiquent pas à n’importe qui.'
		]
	},

	// ---- Enfance -------------------------------------------------------------------------------------
	{
		id: 'inscriptions-scolaires',
		domain: 'Enfance',
		name: 'Inscriptions scolaires',
		description:
			'Le maire inscrit les enfants à l’école publique de la commune, délivre le certificat d’inscription et dresse chaque année la liste des enfants d’âge scolaire.',
		purposes: lines(
			'Inscrire les enfants à l’école et délivrer le certificat d’inscription',
			'Dresser la liste annuelle des enfants soumis à l’obligation scolaire',
			'Répartir les élèves entre les écoles et gérer les dérogations'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code de l’éducation : le maire délivre le certificat d’inscription (art. L131-5) et dresse chaque année la liste des enfants soumis à l’obligation scolaire (art. L131-6).',
		dataSubjects: ['enfants', 'parents'],
		dataCategories: ['identite', 'vie_personnelle'],
		dataDetails:
			'Nom, prénoms, date de naissance de l’enfant, école et classe, identité, adresse, téléphone et e-mail des responsables légaux, justificatif de domicile.',
		sensitive: [],
		retention:
			'Dossier d’inscription : le temps de la scolarité dans l’école de la commune ; listes et registres : durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (' +
				SIAF_2014 +
				' ; instruction DPACI/RES/2005/003 pour l’enseignement).',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, maire et adjoint aux affaires scolaires',
		recipientsExternal: 'Directeur ou directrice d’école, services académiques (Éducation nationale)',
		processors: 'Éditeur du logiciel ou du portail famille',
		dpiaHint: 'non_requise',
		dpiaReason: SCHOOL_NOT_REQUIRED,
		cautions: [
			'Ne demandez que les pièces utiles à l’inscription ; ne gardez pas de copie du carnet de santé.'
		]
	},
	{
		id: 'cantine-periscolaire',
		domain: 'Enfance',
		name: 'Cantine scolaire et accueil périscolaire',
		description:
			'La commune inscrit les enfants à la cantine, à la garderie ou à l’accueil périscolaire, calcule les tarifs (parfois selon le quotient familial), facture les familles et adapte les repas en cas d’allergie.',
		purposes: lines(
			'Gérer les inscriptions à la cantine et au périscolaire',
			'Pointer les présences',
			'Calculer les tarifs et facturer les familles',
			'Adapter l’accueil et les repas aux allergies ou au projet d’accueil individualisé (PAI)',
			'Savoir qui peut venir chercher l’enfant et qui prévenir en cas d’urgence'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Service public de restauration scolaire et d’accueil périscolaire créé par délibération du conseil municipal ; l’inscription à la cantine est un droit pour tous les enfants scolarisés, sans discrimination (Code de l’éducation, art. L131-13).',
		dataSubjects: ['enfants', 'parents', 'usagers'],
		dataCategories: ['identite', 'vie_personnelle', 'economique'],
		dataDetails:
			'Nom, prénoms, date de naissance et classe de l’enfant ; coordonnées des parents et des personnes autorisées à venir le chercher ; quotient familial ou revenus pour le tarif ; coordonnées bancaires en cas de prélèvement ; allergies ou PAI déclarés par les parents.',
		sensitive: ['sante'],
		sensitiveJustification:
			'Allergies ou régime médical déclarés par les parents, ou projet d’accueil individualisé (PAI), pour la sécurité de l’enfant : exception prévue à l’article 9.2 du RGPD. Seule l’information utile au service est notée, pas de dossier médical.',
		retention:
			'Dossier d’inscription : l’année scolaire, renouvelé chaque année.\nAllergies et PAI : supprimés à la fin de l’année ou du PAI.\nFactures et pièces comptables : durée fixée par l’instruction sur les documents comptables (à vérifier).',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Pièces comptables : ' +
				DUA_2008 +
				' ; durée des dossiers d’inscription et des informations de santé à vérifier auprès des Archives départementales.',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, agents de cantine et du périscolaire (pour les allergies et les personnes autorisées)',
		recipientsExternal: 'Trésorerie (encaissement), prestataire de restauration (seulement les régimes à respecter)',
		processors: 'Éditeur du logiciel ou du portail famille ; prestataire de restauration',
		dpiaHint: 'non_requise',
		dpiaReason: SCHOOL_NOT_REQUIRED,
		cautions: [
			'Ne demandez jamais l’origine ni la religion : proposez un choix de menu (par exemple « sans viande ») sans demander pourquoi.',
			'Données de santé : seulement ce qui est nécessaire pour l’enfant (allergie, PAI), connues des seuls agents qui en ont besoin.'
		]
	},

	// ---- Social ------------------------------------------------------------------------------------
	{
		id: 'ccas-aide-sociale',
		domain: 'Social',
		name: 'Aide sociale du CCAS',
		description:
			'Le centre communal d’action sociale (CCAS) accueille les personnes en difficulté, instruit les demandes d’aide sociale, attribue des aides facultatives (secours, bons alimentaires) et peut domicilier les personnes sans domicile stable.',
		purposes: lines(
			'Accueillir et accompagner les personnes en difficulté',
			'Instruire les demandes d’aide sociale légale et les transmettre',
			'Attribuer les aides facultatives décidées par le conseil d’administration',
			'Domicilier les personnes sans domicile stable'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code de l’action sociale et des familles : missions du CCAS (art. L123-5) et domiciliation (art. L264-1 et suivants). La CNIL encadre ces traitements par son référentiel du secteur social (délibération n° 2021-028).',
		dataSubjects: ['beneficiaires_sociaux', 'habitants', 'enfants'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle', 'economique'],
		dataDetails:
			'Identité, adresse, composition du foyer, logement, ressources et charges, situation professionnelle, coordonnées bancaires, aides demandées et accordées, notes de suivi, numéro de sécurité sociale si un organisme l’exige, handicap ou santé seulement si l’aide en dépend.',
		sensitive: ['sante', 'nir'],
		sensitiveJustification:
			'Santé ou handicap : seulement quand l’aide en dépend (exception de l’article 9.2 du RGPD pour la protection sociale). Numéro de sécurité sociale : échanges avec les organismes de protection sociale, cas permis par le décret n° 2019-341.',
		retention:
			'Dossier actif : 2 ans après le dernier contact avec la personne.\nPuis archivage intermédiaire seulement si une obligation l’exige (pièces comptables, contentieux).',
		finalFate: 'tri',
		retentionSource: {
			text: 'Référentiel de la CNIL sur les durées de conservation du secteur social et médico-social (2023) : base active de 2 ans à compter du dernier contact avec la personne accompagnée.',
			weak: false
		},
		recipientsInternal: 'Agents du CCAS, président et vice-président du CCAS ; membres du conseil d’administration pour les seules décisions',
		recipientsExternal: 'Conseil départemental, CAF, CPAM, MDPH, caisses de retraite, trésorerie (paiement des aides)',
		processors: 'Éditeur du logiciel d’action sociale',
		dpiaHint: 'requise',
		dpiaReason:
			'L’accompagnement social ou médico-social des personnes figure sur la liste de la CNIL des traitements qui exigent une analyse d’impact (délibération n° 2018-327).',
		cautions: [
			'Le CCAS est un établissement public distinct de la commune : il tient son propre registre et peut partager le DPD de la commune.',
			'Toute personne qui intervient dans l’instruction des aides est tenue au secret professionnel (CASF, art. L133-5).',
			'Notes de suivi : des faits, pas de jugements ; la personne peut demander à les lire.',
			'Numéro de sécurité sociale : seulement dans les cas permis par le décret n° 2019-341.'
		]
	},
	{
		id: 'registre-canicule',
		domain: 'Social',
		name: 'Registre canicule et grand froid (personnes vulnérables)',
		description:
			'Le maire tient un registre des personnes âgées ou handicapées vivant à domicile qui demandent à y figurer, pour que les services sociaux et sanitaires puissent les contacter si le préfet déclenche le plan d’alerte et d’urgence.',
		purposes: lines(
			'Recenser, à leur demande, les personnes vulnérables vivant à domicile',
			'Contacter et aider ces personnes quand le préfet déclenche le plan d’alerte et d’urgence',
			'Transmettre le registre au préfet, à sa demande'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code de l’action sociale et des familles, article L121-6-1 (et articles R121-2 et suivants) : registre nominatif tenu par le maire, sur inscription volontaire.',
		dataSubjects: ['personnes_agees', 'habitants'],
		dataCategories: ['identite', 'vie_personnelle'],
		dataDetails:
			'Nom, prénoms, date de naissance, qualité au titre de laquelle la personne est inscrite (65 ans ou plus, 60 ans et inapte au travail, adulte handicapé), adresse, téléphone, personne à prévenir en cas d’urgence, service d’aide à domicile, identité du tiers qui a demandé l’inscription.',
		sensitive: ['sante'],
		sensitiveJustification:
			'Seule la qualité prévue par le texte (par exemple « adulte handicapé ») est notée. Aucun détail médical (maladie, traitement) : il serait excessif.',
		retention:
			'Tant que la personne souhaite y figurer : radiation sur simple demande.\nDonnées tenues à jour : supprimer les personnes décédées ou parties ; une vérification chaque année avant l’été est une bonne pratique.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'CASF, art. L121-6-1 : inscription volontaire et radiation à la demande ; le RGPD (art. 5) impose des données exactes et à jour. Aucun texte ne fixe de durée chiffrée.',
			weak: false
		},
		recipientsInternal: 'Maire, secrétariat de mairie, CCAS',
		recipientsExternal: 'Préfet, à sa demande, lorsque le plan d’alerte et d’urgence est déclenché',
		processors: '',
		dpiaHint: 'probable',
		dpiaReason:
			'Personnes vulnérables et possibles données de santé : deux critères de risque élevé (lignes directrices européennes WP248) semblent réunis. À confirmer critère par critère.',
		cautions: [
			'Inscription volontaire, par la personne ou par un tiers (proche, médecin, service d’aide à domicile) : jamais d’office.',
			'Les données de santé sont en principe excessives : ne notez pas de maladie ni de traitement.',
			'Le registre ne sert qu’en cas d’alerte déclenchée par le préfet : pas pour le colis de Noël ni pour la communication.'
		]
	},
	{
		id: 'colis-aines',
		domain: 'Social',
		name: 'Colis et repas des aînés',
		description:
			'Chaque fin d’année, la commune ou le CCAS offre un colis ou un repas aux habitants âgés. Une liste annuelle (souvent un tableur) sert aux invitations et à la distribution.',
		purposes: lines(
			'Établir la liste des bénéficiaires selon l’âge et l’adresse',
			'Envoyer les invitations et noter les choix (colis ou repas)',
			'Organiser la distribution'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Action sociale facultative décidée par le conseil municipal ou le conseil d’administration du CCAS (le conseil municipal règle les affaires de la commune : CGCT, art. L2121-29).',
		dataSubjects: ['personnes_agees', 'habitants'],
		dataCategories: ['identite', 'vie_personnelle'],
		dataDetails: 'Nom, prénoms, âge ou année de naissance, adresse, choix colis ou repas, présence au repas.',
		sensitive: [],
		retention:
			'Jusqu’à la fin de la campagne (distribution faite) ; la liste de l’année suivante est refaite à partir de sources à jour. Durée à vérifier avec le DPD.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Fin de campagne : indication d’une source secondaire, à vérifier (aucun texte ne fixe de durée pour ce service facultatif).',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, élus et bénévoles chargés de la distribution (seulement nom et adresse)',
		recipientsExternal: 'Fournisseur des colis ou traiteur (nombre de colis ou de repas, sans liste nominative si possible)',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Choisissez les bénéficiaires selon l’âge et l’adresse, jamais selon la consonance des noms.',
			'Ne gardez pas d’une année sur l’autre des remarques inutiles (hospitalisation, décès, avis personnels).'
		]
	},

	// ---- Sécurité et prévention --------------------------------------------------------------------
	{
		id: 'alerte-sms',
		domain: 'Sécurité',
		name: 'Alerte des habitants par SMS, appel ou e-mail (téléalerte)',
		description:
			'Les habitants qui le souhaitent s’inscrivent pour recevoir les alertes de la commune : inondation, alertes météo du préfet, coupure d’eau. Les messages partent d’une plateforme d’envoi ou du téléphone du maire.',
		purposes: lines(
			'Prévenir rapidement les habitants inscrits d’un danger (inondation, alerte météo, accident)',
			'Relayer les alertes du préfet',
			'Gérer les inscriptions et les désinscriptions'
		),
		legalBasis: 'a',
		legalBasisJustification:
			'Inscription libre : la personne choisit de recevoir les alertes et peut se désinscrire à tout moment (RGPD, art. 6.1.a et 7). Le dispositif s’inscrit dans le plan communal de sauvegarde (Code de la sécurité intérieure, art. L731-3).',
		dataSubjects: ['habitants'],
		dataCategories: ['identite', 'localisation'],
		dataDetails:
			'Numéro de téléphone, e-mail, adresse ou quartier (pour cibler une zone inondable, par exemple), nom facultatif, date et preuve de l’inscription.',
		sensitive: [],
		retention:
			'Jusqu’à la désinscription ; vérifier la liste chaque année (numéros qui ne répondent plus). La preuve du consentement est gardée tant que la personne est inscrite.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'RGPD : la personne peut retirer son consentement à tout moment (art. 7.3) et les données ne sont gardées que le temps nécessaire (art. 5.1.e).',
			weak: false
		},
		recipientsInternal: 'Maire, adjoints d’astreinte, secrétariat de mairie',
		recipientsExternal: '',
		processors: 'Plateforme d’envoi de SMS ou d’appels (contrat avec clauses RGPD, hébergement à vérifier)',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Gardez la preuve de chaque inscription (formulaire daté et signé, ou inscription en ligne horodatée).',
			'Ce fichier sert aux alertes, pas à l’information municipale : il ne doit pas devenir un fichier de la population.',
			'Le téléphone du maire qui envoie les alertes contient ce fichier : il doit avoir un code de verrouillage.',
			'Envoyez les messages en masquant les destinataires : pas de conversation de groupe où chacun voit le numéro des autres.'
		]
	},
	{
		id: 'videoprotection',
		domain: 'Sécurité',
		name: 'Vidéoprotection de la voie publique',
		description:
			'Des caméras filment la voie publique ou des bâtiments communaux ouverts au public. Les images sont enregistrées et consultées seulement par les personnes habilitées, après un incident.',
		purposes: lines(
			'Prévenir les atteintes aux personnes et aux biens dans les lieux exposés',
			'Protéger les bâtiments et équipements publics',
			'Fournir des images aux enquêteurs en cas d’infraction'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code de la sécurité intérieure, articles L251-1 et suivants : le maire peut installer des caméras sur la voie publique pour les motifs prévus par la loi (art. L251-2), avec l’autorisation du préfet.',
		dataSubjects: ['visiteurs', 'habitants'],
		dataCategories: ['identite', 'localisation'],
		dataDetails: 'Images des personnes et des véhicules, date, heure et lieu ; journal des consultations et des extractions.',
		sensitive: [],
		retention:
			'Au plus 1 mois, ou moins si l’arrêté préfectoral le prévoit, sauf images remises pour une enquête judiciaire.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Code de la sécurité intérieure : les enregistrements sont détruits dans le délai fixé par l’autorisation préfectorale, qui ne peut dépasser un mois.',
			url: 'https://www.cnil.fr/fr/videosurveillance-videoprotection',
			weak: false
		},
		recipientsInternal: 'Personnes habilitées nommées dans l’arrêté préfectoral (maire, policier municipal…)',
		recipientsExternal: 'Gendarmerie ou police nationale et justice, sur réquisition',
		processors: 'Installateur et mainteneur du système de caméras',
		dpiaHint: 'requise',
		dpiaReason:
			'Surveillance systématique d’une zone accessible au public : c’est l’un des trois cas où le RGPD exige lui-même une analyse d’impact (article 35.3.c). Ce n’est pas un critère à additionner : ce cas suffit à lui seul.',
		cautions: [
			'Autorisation du préfet obligatoire avant l’installation, valable 5 ans et à renouveler.',
			'Panneaux visibles avec un pictogramme de caméra et le contact pour exercer ses droits.',
			'Ne filmez jamais l’intérieur des habitations ni leurs entrées (masquage si besoin).',
			'Heure exacte sur les enregistrements, journal des accès, mots de passe solides : la CNIL a reproché ces manques à une commune.'
		]
	},
	{
		id: 'cameras-pietons',
		domain: 'Sécurité',
		name: 'Police municipale : caméras-piétons',
		description:
			'Les policiers municipaux portent des caméras individuelles qu’ils déclenchent lors d’une intervention. Les enregistrements sont transférés sur un poste sécurisé.',
		purposes: lines(
			'Prévenir les incidents au cours des interventions',
			'Constater les infractions et en garder la preuve',
			'Former les agents (images rendues anonymes)'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code de la sécurité intérieure, article L241-2 : caméras individuelles des policiers municipaux, sur autorisation du préfet à la demande du maire. Ce traitement relève du régime « police-justice » (directive (UE) 2016/680 et loi Informatique et libertés) plutôt que de l’article 6 du RGPD : la mission d’intérêt public est la case la plus proche.',
		dataSubjects: ['visiteurs', 'habitants', 'agents'],
		dataCategories: ['identite', 'localisation'],
		dataDetails: 'Images et son, date, heure et lieu de l’enregistrement, identité de l’agent porteur ; journal des consultations.',
		sensitive: ['infractions'],
		sensitiveJustification:
			'Les enregistrements peuvent montrer des infractions : traitement prévu par la loi, sous le contrôle de l’autorité publique.',
		retention: '6 mois, sauf enregistrements utilisés dans une procédure judiciaire, administrative ou disciplinaire.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Code de la sécurité intérieure (article L241-2, qui renvoie aux règles de l’article L241-1) : effacement au bout de six mois, hors procédure.',
			weak: false
		},
		recipientsInternal: 'Responsable de la police municipale, agents habilités',
		recipientsExternal: 'Justice et forces de l’ordre dans le cadre d’une procédure',
		processors: 'Fournisseur des caméras et du logiciel de stockage',
		dpiaHint: 'a_examiner',
		dpiaReason:
			'Régime « police-justice » : une analyse d’impact est exigée si le traitement présente un risque élevé. À examiner au cas par cas avec le DPD.',
		cautions: [
			'Pas d’enregistrement permanent : la caméra se déclenche pour une intervention, avec un signal visible.',
			'Informez le public (site web, affichage) de l’usage de ces caméras.',
			'Heure exacte, journal des accès, mots de passe solides et effacement à 6 mois : la CNIL a mis en demeure une commune pour ces manques.'
		]
	},
	{
		id: 'chiens-dangereux',
		domain: 'Sécurité',
		name: 'Permis de détention de chiens dangereux',
		description:
			'Le maire délivre le permis de détention des chiens de 1re et 2e catégorie et peut prendre des mesures envers un animal dangereux.',
		purposes: lines(
			'Instruire les demandes de permis de détention',
			'Délivrer ou refuser le permis',
			'Suivre les mesures prises envers un chien dangereux'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code rural et de la pêche maritime : permis de détention délivré par le maire (art. L211-14) et pouvoirs du maire envers les animaux dangereux (art. L211-11) — numéros d’articles à vérifier.',
		dataSubjects: ['habitants'],
		dataCategories: ['identite', 'localisation', 'autres'],
		dataDetails:
			'Identité et adresse du propriétaire ou du détenteur, identification et catégorie du chien, attestation d’assurance, attestation d’aptitude, évaluation comportementale.',
		sensitive: [],
		retention: 'Pendant la vie du permis, puis durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (rubrique « police » des tableaux de gestion).',
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie, police municipale',
		recipientsExternal: 'Forces de l’ordre lors des contrôles ; préfecture si besoin',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: ['Ne demandez que les pièces prévues par le texte.']
	},

	// ---- Communication ------------------------------------------------------------------------------
	{
		id: 'lettre-information',
		domain: 'Communication',
		name: 'Lettre d’information municipale (newsletter)',
		description:
			'Les habitants qui le souhaitent reçoivent par e-mail la lettre d’information de la commune (actualités, travaux, animations).',
		purposes: lines(
			'Envoyer la lettre d’information aux abonnés',
			'Gérer les abonnements et les désabonnements'
		),
		legalBasis: 'a',
		legalBasisJustification:
			'Abonnement libre : la personne s’inscrit elle-même et peut se désabonner à tout moment (RGPD, art. 6.1.a et 7).',
		dataSubjects: ['habitants'],
		dataCategories: ['identite', 'connexion'],
		dataDetails: 'Adresse e-mail, date de l’abonnement ; statistiques d’ouverture si l’outil les produit.',
		sensitive: [],
		retention: 'Jusqu’au désabonnement ; supprimer aussi les adresses qui ne fonctionnent plus.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'RGPD : la personne peut retirer son consentement à tout moment (art. 7.3) et les données ne sont gardées que le temps nécessaire (art. 5.1.e).',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, élu chargé de la communication',
		recipientsExternal: '',
		processors: 'Outil d’envoi de lettres d’information (contrat avec clauses RGPD, hébergement à vérifier)',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Une adresse e-mail suffit : ne demandez ni nom ni adresse postale.',
			'Aucun usage politique ni commercial du fichier des abonnés.',
			'Un lien de désabonnement dans chaque lettre.'
		]
	},
	{
		id: 'site-web',
		domain: 'Communication',
		name: 'Site web, formulaire de contact et cookies',
		description:
			'Le site de la commune informe les habitants et reçoit leurs messages par un formulaire de contact. Il peut déposer des cookies (petits fichiers sur l’ordinateur du visiteur) pour mesurer sa fréquentation.',
		purposes: lines(
			'Informer les habitants et les visiteurs',
			'Recevoir les messages et y répondre',
			'Mesurer la fréquentation du site',
			'Assurer la sécurité du site (journaux de connexion)'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Information des habitants et réponse à leurs demandes : mission de service public. Les cookies qui ne sont pas strictement nécessaires exigent le consentement du visiteur (loi Informatique et libertés, art. 82).',
		dataSubjects: ['habitants', 'usagers'],
		dataCategories: ['identite', 'connexion', 'internet'],
		dataDetails:
			'Formulaire : nom, e-mail, message. Journaux : adresse IP, date et heure. Cookies de mesure d’audience.',
		sensitive: [],
		retention:
			'Messages : le temps de traiter la demande, puis classement dans le dossier concerné ou suppression (durée à fixer par la commune).\nCookies : 13 mois au plus.\nDonnées de mesure d’audience : 25 mois au plus.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'CNIL, lignes directrices et recommandation « cookies et autres traceurs » (délibérations n° 2020-091 et 2020-092) : traceurs 13 mois, données d’audience 25 mois. Aucun texte ne fixe la durée des messages : la commune la fixe.',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, élu chargé de la communication',
		recipientsExternal: '',
		processors: 'Hébergeur du site, prestataire ou agence web, outil de mesure d’audience',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Les cookies de mesure d’audience ne sont dispensés de consentement que s’ils servent seulement aux statistiques anonymes du site lui-même.',
			'Affichez sur le site les coordonnées du DPD et une mention d’information sous le formulaire.',
			'Pas de champ obligatoire inutile dans le formulaire de contact.'
		]
	},

	// ---- Personnel ---------------------------------------------------------------------------------
	{
		id: 'gestion-personnel',
		domain: 'Personnel',
		name: 'Gestion du personnel (dossiers des agents)',
		description:
			'La commune gère la carrière de ses agents titulaires et contractuels : dossier individuel, arrêtés, congés et absences, formation, entretiens professionnels, visites médicales.',
		purposes: lines(
			'Tenir le dossier individuel de chaque agent',
			'Gérer la carrière (recrutement, avancement, positions)',
			'Gérer les congés, absences et le temps de travail',
			'Organiser la formation et les entretiens professionnels',
			'Suivre les visites de médecine préventive (aptitude seulement)'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Obligations de l’employeur public : Code général de la fonction publique (carrière, dossier individuel). La CNIL décrit ces traitements dans son référentiel « gestion du personnel » (délibération n° 2019-160).',
		dataSubjects: ['agents'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle', 'economique'],
		dataDetails:
			'Identité, adresse, situation familiale, diplômes, carrière, arrêtés, évaluations, congés, arrêts de travail (dates), avis d’aptitude, numéro de sécurité sociale.',
		sensitive: ['sante', 'nir'],
		sensitiveJustification:
			'Arrêts de travail et avis d’aptitude : seulement les dates et la conclusion, jamais le diagnostic. Numéro de sécurité sociale : déclarations sociales, cas permis par le décret n° 2019-341.',
		retention:
			'Dossier individuel : jusqu’aux 90 ans de l’agent, puis tri par les Archives départementales.\nÀ vérifier : ce chiffre vient en partie d’une source secondaire.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Dossier jusqu’aux 90 ans de l’agent : indication en partie secondaire (guide CNFPT 2013), à vérifier dans l’' +
				DPACI_2009 +
				' et le référentiel RH de la CNIL (délibération n° 2019-160).',
			url: CNIL_RH_URL,
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie (service du personnel)',
		recipientsExternal:
			'Centre de gestion, caisses de retraite (CNRACL, IRCANTEC), conseil médical, médecine préventive (aptitude), assureur statutaire, trésorerie',
		processors: 'Éditeur du logiciel de gestion du personnel ; centre de gestion s’il assure la gestion',
		dpiaHint: 'non_requise',
		dpiaReason: RH_NOT_REQUIRED,
		cautions: [
			'Le dossier individuel ne contient aucune mention des opinions politiques, syndicales ou religieuses.',
			'Arrêts maladie : la commune garde les dates, jamais le diagnostic.',
			'Numéro de sécurité sociale : seulement pour les déclarations sociales (décret n° 2019-341).'
		]
	},
	{
		id: 'paie',
		domain: 'Personnel',
		name: 'Paie des agents',
		description:
			'La commune calcule et verse la rémunération de ses agents, établit les bulletins de paie et fait les déclarations sociales et fiscales (DSN, prélèvement à la source).',
		purposes: lines(
			'Calculer et verser les rémunérations',
			'Établir les bulletins de paie',
			'Faire les déclarations sociales et fiscales',
			'Fournir les éléments pour la retraite des agents'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Obligations de l’employeur : rémunération des agents et déclarations sociales obligatoires ; l’usage du numéro de sécurité sociale pour la paie est permis par le décret n° 2019-341.',
		dataSubjects: ['agents'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle', 'economique'],
		dataDetails:
			'Identité, numéro de sécurité sociale, coordonnées bancaires, grade et indice, temps de travail, primes, situation familiale (supplément familial), absences, taux de prélèvement à la source.',
		sensitive: ['nir'],
		sensitiveJustification: 'Numéro de sécurité sociale indispensable aux déclarations sociales : cas permis par le décret n° 2019-341.',
		retention:
			'Bulletins de paie : 5 ans (à vérifier).\nÉléments nécessaires aux droits à la retraite : plus longtemps, durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Bulletins de paie 5 ans : indication en partie secondaire (guide CNFPT 2013), à vérifier dans l’' +
				DPACI_2009 +
				', l’' +
				DUA_2008 +
				' et le référentiel RH de la CNIL.',
			url: CNIL_RH_URL,
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie',
		recipientsExternal: 'Trésorerie ou service de gestion comptable, URSSAF, caisses de retraite, DGFiP (prélèvement à la source)',
		processors: 'Éditeur du logiciel de paie ; centre de gestion ou prestataire s’il réalise la paie',
		dpiaHint: 'non_requise',
		dpiaReason: RH_NOT_REQUIRED,
		cautions: ['Les bulletins de paie ne s’envoient pas à une adresse e-mail partagée ; rangez les doubles sous clé.']
	},
	{
		id: 'recrutement',
		domain: 'Personnel',
		name: 'Recrutement et candidatures',
		description:
			'La commune publie ses offres d’emploi, reçoit les candidatures (CV, lettres), organise les entretiens et choisit les candidats, y compris pour les emplois saisonniers.',
		purposes: lines(
			'Publier les offres d’emploi',
			'Recevoir et étudier les candidatures',
			'Organiser les entretiens et choisir le candidat',
			'Garder les candidatures non retenues pour un autre poste, si le candidat ne s’y oppose pas'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code général de la fonction publique : l’employeur public déclare les emplois vacants et recrute selon les procédures prévues.',
		dataSubjects: ['candidats'],
		dataCategories: ['identite', 'vie_professionnelle'],
		dataDetails: 'Identité, coordonnées, CV, lettre de motivation, diplômes, expériences, notes d’entretien.',
		sensitive: [],
		retention:
			'Candidat non retenu : 2 ans au plus après le dernier contact, sauf s’il demande l’effacement avant.\nCandidat recruté : les pièces utiles passent dans son dossier individuel.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'CNIL (référentiel « gestion du personnel », délibération n° 2019-160) : les données d’un candidat non retenu sont gardées 2 ans au plus, sauf demande d’effacement.',
			url: CNIL_DUREES_URL,
			weak: false
		},
		recipientsInternal: 'Maire, adjoints et agents membres du jury, secrétariat de mairie',
		recipientsExternal: 'Centre de gestion (publicité des postes, appui au recrutement)',
		processors: 'Plateforme de publication des offres',
		dpiaHint: 'non_requise',
		dpiaReason: RH_NOT_REQUIRED,
		cautions: [
			'Aucune question sans lien avec le poste (projet familial, religion, santé, opinions).',
			'Dites au candidat combien de temps sa candidature est gardée.'
		]
	},

	// ---- Élus et institutions ----------------------------------------------------------------------
	{
		id: 'elus',
		domain: 'Institutions',
		name: 'Élus : mandats et indemnités',
		description:
			'La commune gère les informations des conseillers municipaux : élection, délégations, convocations, indemnités de fonction, formation, frais de mission.',
		purposes: lines(
			'Gérer les mandats et les délégations',
			'Convoquer les élus aux séances',
			'Calculer et verser les indemnités de fonction',
			'Organiser la formation des élus et rembourser leurs frais'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'CGCT : fonctionnement du conseil municipal, délégations, indemnités de fonction (articles L2123-20 et suivants) et formation des élus.',
		dataSubjects: ['elus'],
		dataCategories: ['identite', 'vie_professionnelle', 'economique'],
		dataDetails:
			'Identité, adresse, téléphone, e-mail, fonctions et délégations, profession (autorisations d’absence), coordonnées bancaires, montant des indemnités, numéro de sécurité sociale pour les cotisations.',
		sensitive: ['nir'],
		sensitiveJustification:
			'Numéro de sécurité sociale pour déclarer les indemnités aux organismes sociaux : cas permis par le décret n° 2019-341.',
		retention:
			'Pendant le mandat ; pièces de paiement des indemnités selon la durée des documents comptables et de paie ; durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (' + DPACI_2009 + ' ; ' + DUA_2008 + ').',
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie',
		recipientsExternal: 'Préfecture, trésorerie, IRCANTEC et organismes sociaux, organismes de formation',
		processors: 'Éditeur du logiciel de paie',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Les coordonnées personnelles des élus ne se publient qu’avec leur accord : publiez plutôt une adresse de la mairie.'
		]
	},
	{
		id: 'deliberations-arretes',
		domain: 'Institutions',
		name: 'Délibérations, arrêtés et publication des actes',
		description:
			'La commune rédige, enregistre et publie les délibérations du conseil municipal et les arrêtés du maire. Certains actes nomment des personnes (nominations, autorisations, aides).',
		purposes: lines(
			'Tenir les registres des délibérations et des arrêtés',
			'Publier les actes et les transmettre au contrôle de légalité',
			'Tenir les comptes rendus et procès-verbaux des séances'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'CGCT : registre des délibérations (art. L2121-23) ; publicité et transmission des actes au préfet (art. L2131-1 et suivants).',
		dataSubjects: ['elus', 'habitants', 'agents'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle'],
		dataDetails: 'Noms des élus présents et de leurs votes, personnes nommées dans les actes individuels (agents, bénéficiaires, demandeurs).',
		sensitive: [],
		retention: 'Registres des délibérations et des arrêtés : conservation définitive.',
		finalFate: 'versement',
		retentionSource: {
			text: 'Les registres des délibérations et des arrêtés sont conservés définitivement (' + DPACI_2009 + ').',
			weak: false
		},
		recipientsInternal: 'Maire, élus, secrétariat de mairie',
		recipientsExternal: 'Préfecture (contrôle de légalité), public (actes publiés)',
		processors: 'Plateforme de télétransmission des actes ; hébergeur du site web',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Avant de mettre un acte en ligne, masquez les données personnelles qui ne sont pas nécessaires (adresse, date de naissance, situation sociale).'
		]
	},

	// ---- Services et finances ----------------------------------------------------------------------
	{
		id: 'location-salles',
		domain: 'Services',
		name: 'Location de salles et de matériel',
		description:
			'Les habitants et les associations réservent la salle des fêtes ou du matériel communal. La mairie signe une convention, encaisse la location et la caution.',
		purposes: lines(
			'Gérer le planning des réservations',
			'Établir la convention de location',
			'Encaisser la location et gérer la caution',
			'Faire l’état des lieux'
		),
		legalBasis: 'b',
		legalBasisJustification:
			'Contrat de location conclu avec la personne (convention, règlement et tarifs votés par le conseil municipal).',
		dataSubjects: ['usagers', 'habitants'],
		dataCategories: ['identite', 'economique'],
		dataDetails: 'Identité, adresse, téléphone, e-mail, date et objet de la location, attestation d’assurance, paiement et caution.',
		sensitive: [],
		retention:
			'Planning et coordonnées : le temps de la location et du règlement.\nConvention et pièces comptables : durée d’utilité administrative fixée par l’instruction sur les documents comptables.\nChèque de caution : rendu ou détruit à la fin.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Pièces comptables : ' + DUA_2008 + '.',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, agent chargé des salles',
		recipientsExternal: 'Trésorerie (encaissement)',
		processors: 'Éditeur du logiciel de réservation, s’il y en a un',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: ['Pas de photocopie de la pièce d’identité : la voir suffit.']
	},
	{
		id: 'marches-publics',
		domain: 'Finances',
		name: 'Marchés publics',
		description:
			'La commune publie ses consultations, reçoit les offres des entreprises, choisit le titulaire et suit l’exécution du marché. Les entrepreneurs individuels et les contacts des entreprises sont des personnes physiques.',
		purposes: lines(
			'Publier les consultations et recevoir les offres',
			'Analyser les offres et attribuer le marché',
			'Suivre l’exécution et payer les entreprises'
		),
		legalBasis: 'c',
		legalBasisJustification: 'Code de la commande publique : publicité, mise en concurrence, attribution et exécution des marchés.',
		dataSubjects: ['fournisseurs'],
		dataCategories: ['identite', 'vie_professionnelle', 'economique'],
		dataDetails:
			'Nom et coordonnées des représentants et contacts, identité des entrepreneurs individuels, SIRET, références et qualifications des personnes proposées, attestations fiscales et sociales, coordonnées bancaires.',
		sensitive: [],
		retention:
			'Dossier du marché attribué : 10 ans après la fin du marché (à vérifier).\nOffres non retenues : durée plus courte, à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Dix ans : indication d’une source secondaire, à vérifier (Code de la commande publique ; ' + DPACI_2009 + ').',
			weak: true
		},
		recipientsInternal: 'Maire, commission d’appel d’offres, secrétariat de mairie',
		recipientsExternal: 'Trésorerie, préfecture (contrôle de légalité), candidats évincés (informations prévues par les textes)',
		processors: 'Plateforme de dématérialisation des marchés (profil d’acheteur)',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK
	},
	{
		id: 'eau-assainissement',
		domain: 'Finances',
		name: 'Eau et assainissement : abonnés et facturation',
		description:
			'Quand la commune gère elle-même l’eau ou l’assainissement, elle tient le fichier des abonnés, relève les compteurs et facture les consommations.',
		purposes: lines(
			'Gérer les abonnements (arrivées, départs)',
			'Relever les compteurs',
			'Facturer et encaisser les redevances',
			'Suivre les impayés'
		),
		legalBasis: 'b',
		legalBasisJustification:
			'Abonnement au service public de l’eau et de l’assainissement (contrat d’abonnement et règlement de service : CGCT, art. L2224-12).',
		dataSubjects: ['usagers', 'proprietaires'],
		dataCategories: ['identite', 'vie_personnelle', 'economique', 'localisation'],
		dataDetails:
			'Identité et adresse de l’abonné et du propriétaire, numéro de compteur, index et consommations, factures, coordonnées bancaires en cas de prélèvement, impayés.',
		sensitive: [],
		retention:
			'Données de l’abonné : durée de l’abonnement, puis le temps de solder le compte.\nFactures et pièces comptables : durée d’utilité administrative fixée par l’instruction sur les documents comptables.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Pièces comptables : ' + DUA_2008 + '.',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, agent chargé des relevés',
		recipientsExternal: 'Trésorerie (recouvrement), agence de l’eau (redevances)',
		processors: 'Éditeur du logiciel de facturation ; imprimeur des factures',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Si l’eau est gérée par un syndicat, l’intercommunalité ou une entreprise délégataire, c’est souvent eux qui tiennent ce fichier : vérifiez avant d’ajouter cette fiche.'
		]
	},
	{
		id: 'associations-subventions',
		domain: 'Services',
		name: 'Associations : subventions et annuaire',
		description:
			'La commune reçoit les demandes de subvention des associations, les présente au conseil municipal, vérifie leur emploi et tient un annuaire des associations.',
		purposes: lines(
			'Instruire les demandes de subvention',
			'Contrôler l’emploi des subventions versées',
			'Tenir et publier l’annuaire des associations'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Soutien à la vie associative décidé par le conseil municipal (CGCT, art. L2121-29) ; contrôle des associations subventionnées (CGCT, art. L1611-4).',
		dataSubjects: ['habitants', 'usagers'],
		dataCategories: ['identite', 'economique'],
		dataDetails: 'Nom, fonction et coordonnées des dirigeants (président, trésorier, secrétaire), dossier de demande, comptes de l’association.',
		sensitive: [],
		retention:
			'Dossiers de subvention : durée à vérifier auprès des Archives départementales.\nAnnuaire : mis à jour chaque année ; coordonnées retirées quand le dirigeant change.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (' + DPACI_2009 + ' ; ' + DUA_2008 + ').',
			weak: true
		},
		recipientsInternal: 'Maire, adjoint à la vie associative, secrétariat de mairie, conseil municipal',
		recipientsExternal: 'Trésorerie (versement) ; public pour l’annuaire',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'Les coordonnées personnelles des dirigeants ne se publient dans l’annuaire ou sur le site qu’avec leur accord.'
		]
	},
	{
		id: 'bibliotheque',
		domain: 'Services',
		name: 'Bibliothèque : inscriptions et prêts',
		description:
			'La bibliothèque municipale inscrit les lecteurs, enregistre les prêts et les retours, relance les retards.',
		purposes: lines(
			'Inscrire les lecteurs',
			'Enregistrer les prêts et les retours',
			'Relancer les lecteurs en retard',
			'Établir des statistiques anonymes'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Service public de lecture publique créé par la commune (loi n° 2021-1717 du 21 décembre 2021 relative aux bibliothèques).',
		dataSubjects: ['usagers', 'enfants', 'parents'],
		dataCategories: ['identite', 'vie_personnelle', 'economique'],
		dataDetails:
			'Nom, prénoms, date de naissance, adresse, téléphone, e-mail, responsable légal pour un enfant, documents empruntés en cours, retards, cotisation.',
		sensitive: [],
		retention:
			'Inscription : tant que l’abonnement est actif, puis suppression après une période d’inactivité à fixer (par exemple 1 an).\nPrêts : effacés au retour du document, sauf document non rendu.',
		finalFate: 'destruction',
		retentionSource: {
			text: 'Pratique recommandée (ancienne norme de la CNIL sur les prêts) : à vérifier ; aucun texte récent ne fixe de durée chiffrée.',
			weak: true
		},
		recipientsInternal: 'Bibliothécaires et bénévoles de la bibliothèque',
		recipientsExternal: 'Trésorerie (cotisations), réseau de lecture publique départemental ou intercommunal s’il est partagé',
		processors: 'Éditeur du logiciel de bibliothèque (hébergé ou en ligne)',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'L’historique des lectures peut révéler des opinions ou une religion : ne le gardez pas après le retour des documents.'
		]
	},
	{
		id: 'affouage',
		domain: 'Services',
		name: 'Affouage (bois de chauffage de la forêt communale)',
		description:
			'Le conseil municipal réserve des lots de bois de la forêt communale aux habitants qui s’inscrivent. La mairie établit chaque année le rôle d’affouage et encaisse la participation.',
		purposes: lines(
			'Enregistrer les inscriptions des foyers',
			'Établir le rôle d’affouage et tirer au sort les lots',
			'Encaisser la participation des affouagistes'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code forestier : le conseil municipal peut réserver les bois de la forêt communale à l’affouage (articles L243-1 et suivants, à vérifier).',
		dataSubjects: ['habitants'],
		dataCategories: ['identite', 'economique'],
		dataDetails: 'Nom, adresse du foyer, lot attribué, garants désignés, paiement.',
		sensitive: [],
		retention: 'La saison d’affouage et le règlement ; rôles et pièces comptables : durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (rubrique « forêts » ou « agriculture » des tableaux de gestion ; ' +
				DUA_2008 +
				' pour les pièces comptables).',
			weak: true
		},
		recipientsInternal: 'Maire, garants de la coupe, secrétariat de mairie',
		recipientsExternal: 'Office national des forêts, trésorerie',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: ['Ne faites figurer sur le rôle que le nécessaire : nom, foyer, lot.']
	},
	{
		id: 'occupation-domaine-public',
		domain: 'Services',
		name: 'Occupation du domaine public et arrêtés de voirie',
		description:
			'La mairie délivre les autorisations d’occuper la voie publique (terrasses, échafaudages, bennes, déménagements) et les arrêtés de circulation ou de stationnement liés, et encaisse les redevances.',
		purposes: lines(
			'Instruire les demandes d’occupation du domaine public',
			'Prendre les arrêtés de voirie, de circulation et de stationnement',
			'Encaisser les redevances'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Code général de la propriété des personnes publiques, art. L2122-1 (titre nécessaire pour occuper le domaine public) ; pouvoirs de police de la circulation du maire (CGCT, art. L2213-1 et suivants).',
		dataSubjects: ['habitants', 'fournisseurs'],
		dataCategories: ['identite', 'localisation', 'economique'],
		dataDetails: 'Identité et coordonnées du demandeur ou de l’entreprise, lieu, dates et objet de l’occupation, immatriculation éventuelle, redevance.',
		sensitive: [],
		retention:
			'Autorisations : pendant leur validité, puis durée à vérifier.\nArrêtés : dans le registre des arrêtés.\nPièces comptables : durée de l’instruction sur les documents comptables.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre pour les demandes : à vérifier auprès des Archives départementales ; pièces comptables : ' + DUA_2008 + '.',
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie, services techniques',
		recipientsExternal: 'Trésorerie, gendarmerie (arrêtés de circulation), public (arrêtés affichés)',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK
	},
	{
		id: 'debits-de-boissons',
		domain: 'Administration générale',
		name: 'Débits de boissons et buvettes temporaires',
		description:
			'La mairie reçoit les déclarations d’ouverture, de mutation ou de transfert des débits de boissons et des restaurants, délivre le récépissé, et traite les demandes de buvettes temporaires des associations.',
		purposes: lines(
			'Recevoir les déclarations et délivrer les récépissés',
			'Tenir la liste des licences de la commune',
			'Autoriser les buvettes temporaires'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code de la santé publique : déclaration à la mairie avant l’ouverture, la mutation ou le transfert d’un débit de boissons (art. L3332-3 et suivants).',
		dataSubjects: ['fournisseurs', 'habitants'],
		dataCategories: ['identite', 'vie_professionnelle'],
		dataDetails:
			'Identité, date et lieu de naissance, adresse du déclarant, établissement, catégorie de licence, permis d’exploitation (formation), association demandeuse d’une buvette.',
		sensitive: [],
		retention: 'Tant que la licence existe dans la commune, puis durée à vérifier auprès des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (rubrique « commerce » ou « police » des tableaux de gestion).',
			weak: true
		},
		recipientsInternal: 'Maire, secrétariat de mairie',
		recipientsExternal: 'Services de l’État destinataires d’une copie de la déclaration (à vérifier selon la procédure : préfecture, parquet, douanes)',
		processors: '',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK
	},

	// ---- Administration générale -------------------------------------------------------------------
	{
		id: 'courrier-accueil',
		domain: 'Administration générale',
		name: 'Courrier et accueil du public (registre du courrier)',
		description:
			'La mairie enregistre le courrier reçu et envoyé dans un registre (papier ou logiciel), accueille le public au guichet et au téléphone et suit les demandes des habitants.',
		purposes: lines(
			'Enregistrer le courrier reçu et envoyé',
			'Transmettre les demandes au bon élu ou agent',
			'Accuser réception des demandes et suivre les réponses'
		),
		legalBasis: 'e',
		legalBasisJustification:
			'Fonctionnement des services municipaux ; accusé de réception des demandes adressées à l’administration (Code des relations entre le public et l’administration, art. L112-3).',
		dataSubjects: ['habitants', 'usagers', 'fournisseurs'],
		dataCategories: ['identite', 'autres'],
		dataDetails: 'Nom et adresse de l’expéditeur ou du destinataire, date, objet, service chargé de la réponse, suite donnée.',
		sensitive: [],
		retention:
			'Registre du courrier : durée et sort final à vérifier auprès des Archives départementales.\nCourriers eux-mêmes : classés dans le dossier qu’ils concernent et suivent sa durée.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Aucune durée sûre ici : à vérifier auprès des Archives départementales (' + DPACI_2009 + ').',
			weak: true
		},
		recipientsInternal: 'Secrétariat de mairie, maire et adjoints',
		recipientsExternal: '',
		processors: 'Éditeur du logiciel de courrier, s’il y en a un',
		dpiaHint: 'non_requise',
		dpiaReason: NO_HIGH_RISK,
		cautions: [
			'L’objet noté au registre reste bref et neutre : pas de détail sur la santé ou la vie privée.',
			'Le registre papier ne reste pas à la vue du public à l’accueil.'
		]
	},
	{
		id: 'archives-papier',
		domain: 'Administration générale',
		name: 'Archives papier de la mairie',
		description:
			'Les dossiers papier rangés dans les armoires et la salle des archives (registres, dossiers nominatifs, classeurs) sont des archives publiques. Classés par nom ou par date, ils sont concernés par le RGPD comme les fichiers informatiques.',
		purposes: lines(
			'Conserver les documents utiles à la commune et aux droits des personnes',
			'Éliminer les documents dont la durée est échue, avec le visa des Archives départementales',
			'Verser ou déposer les archives historiques'
		),
		legalBasis: 'c',
		legalBasisJustification:
			'Code du patrimoine : les documents produits ou reçus par la commune sont des archives publiques ; leur élimination se fait en accord avec les Archives départementales (art. L212-2).',
		dataSubjects: ['habitants', 'agents', 'elus', 'usagers'],
		dataCategories: ['identite', 'vie_personnelle', 'vie_professionnelle', 'economique', 'autres'],
		dataDetails: 'Tout ce que contiennent les dossiers des autres activités, sur papier.',
		sensitive: [],
		retention:
			'Selon chaque type de document, d’après les tableaux des instructions d’archivage ; aucune destruction sans le visa des Archives départementales.',
		finalFate: 'tri',
		retentionSource: {
			text: 'Code du patrimoine (art. L212-2 : élimination avec l’accord des Archives départementales) ; durées : ' +
				DPACI_2009 +
				' et ' +
				SIAF_2014 +
				'.',
			weak: false
		},
		recipientsInternal: 'Secrétariat de mairie, maire',
		recipientsExternal: 'Archives départementales (visa d’élimination, dépôt) ; public selon les délais de communicabilité',
		processors: 'Prestataire de destruction sécurisée ; archiviste itinérant du centre de gestion, le cas échéant',
		dpiaHint: 'non_requise',
		dpiaReason:
			'L’analyse d’impact se fait pour chaque activité d’origine ; l’archivage lui-même ne réunit a priori aucun critère de risque élevé.',
		cautions: [
			'Recensez aussi le papier : registre de l’urbanisme, dossier oublié dans une armoire, liste imprimée une fois par an.',
			'Aucune destruction d’archives publiques sans le visa des Archives départementales.',
			'Salle d’archives et armoires fermées à clé ; destruction par broyage ou par un prestataire qui remet un certificat.'
		]
	}
];
