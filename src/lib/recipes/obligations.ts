// The GDPR obligations of a French commune, grouped and ranked (1 = do first). A recipe step lists
// the obligations it satisfies; here `satisfiedBy` names those steps ("recipe/step"): the
// obligation is met once every listed step is completed and, when a step can be completed with a
// negative answer, the answers named by `coveredWhen` are the ones that meet it (a « Non » to
// « déclaré à la CNIL ? » completes the step but leaves the obligation open). An empty list means
// the DPD confirms the obligation by hand until a recipe takes it over.
// Each obligation cites its source: GDPR article, CNIL deliberation or guide, French code.
import { profilRecipe } from './profile';
import { PROCESSOR_CLAUSES } from './registers';
import type { AnswerCondition, Obligation, RecordCondition } from './types';

/** « Oui » to these yes/no questions of the step (all of them). */
const yesTo = (step: string, ...fields: string[]): AnswerCondition[] => fields.map((field) => ({ step, anyOf: [{ field, values: ['oui'] }] }));
/** « Oui » to at least one of these yes/no questions of the step. */
const yesToOneOf = (step: string, ...fields: string[]): AnswerCondition[] => [{ step, anyOf: fields.map((field) => ({ field, values: ['oui'] })) }];
/** Security measures « C’est fait » or « Non applicable »: one only « prévue » leaves the obligation open. */
const measuresDone = (step: string, ...ids: string[]): AnswerCondition[] => ids.map((id) => ({ step, anyOf: [{ field: `m_${id}`, values: ['fait', 'na'] }] }));

/** Every record the collection step lists answers the field with one of these values (where it applies). */
const everyRecord = (step: string, field: string, ...values: string[]): RecordCondition[] => [{ step, every: { field, values } }];
/** Every processor's contract has these art. 28 clauses ticked. */
const clauses = (...values: string[]): RecordCondition[] => [{ step: 'sous-traitants/liste', every: { field: 'clauses', includes: values } }];
/** Every activity's conformity grid says « Conforme » or « Non applicable » for the principle. */
const principle = (id: string): RecordCondition[] => everyRecord('conformite/grille', `p_${id}`, 'conforme', 'na');

/**
 * Negative answers that leave every obligation of their step covered, and why. Every other yes/no
 * question or security measure of a step that covers an obligation is named by a `coveredWhen`
 * (a test holds both lists to every step's fields).
 */
export const ADVISORY_ANSWERS: Record<string, string> = {
	'dpd/publication#councilInformed': 'Informer le conseil municipal est conseillé, pas exigé (art. 37.7 demande la publication et la communication à la CNIL).',
	'dpd/publication#staffInformed': 'Informer les agents est conseillé, pas exigé.',
	'registre/organisation#reviewPlanned': 'La relecture annuelle relève de « Mettre à jour le registre », confirmée à la main ; le registre est tenu sans elle.',
	'securite/mots-de-passe#m_mdp_gestionnaire': 'Un gestionnaire de mots de passe est un outil recommandé, pas une obligation.',
	'securite/mobiles#m_usb_limites': 'Couvert par « Chiffrer les portables, les clés USB… », confirmée à la main.',
	'securite/mobiles#m_usb_chiffrees': 'Couvert par « Chiffrer les portables, les clés USB… », confirmée à la main.',
	'securite/incidents#m_procedure_incident': 'La procédure en cas de violation est couverte par la recette « Gérer les violations de données ».',
	'securite/incidents#m_contacts_incident': 'Une bonne pratique du guide de la CNIL, sans obligation propre dans la liste.',
	// The profile's yes/no questions describe the commune: « non » (no school, no website) misses nothing.
	...Object.fromEntries(
		profilRecipe.steps.flatMap((step) =>
			step.kind === 'form'
				? step.fields
						.filter((f) => f.type === 'boolean' && f.required)
						.map((f) => [`${profilRecipe.id}/${step.id}#${f.name}`, 'Une question du profil décrit la commune : « non » ne manque à aucune obligation, il dit seulement ce qui n’est pas à recenser.'])
				: []
		)
	)
};

const DPD = 'Délégué à la protection des données';
const CARTO = 'Cartographie des données';
const REG = 'Registre des traitements';
const PRIN = 'Principes et conformité des traitements';
const AIPD = 'Analyse d’impact et risques';
const SEC = 'Sécurité des données';
const INFO = 'Information et consentement';
const DROITS = 'Droits des personnes';
const VIOL = 'Violations de données';
const ST = 'Sous-traitants';
const TR = 'Transferts hors UE';
const ORG = 'Organisation, formation et documentation';

/** The group names, in display order. */
export const OBLIGATION_GROUPS: string[] = [DPD, CARTO, REG, PRIN, AIPD, SEC, INFO, DROITS, VIOL, ST, TR, ORG];

const GUIDE_SECURITE = 'CNIL, Guide de la sécurité des données personnelles (2024)';

export const OBLIGATIONS: Obligation[] = [
	// ——— Délégué à la protection des données (DPD) ———
	{
		id: 'dpd-designer',
		group: DPD,
		title: 'Désigner un délégué à la protection des données',
		explanation:
			'Toute commune, même très petite, doit avoir un délégué à la protection des données (DPD) : la personne qui conseille le maire et veille au respect du RGPD. La désignation est faite par un arrêté du maire.',
		priority: 1,
		reference: 'RGPD art. 37.1.a',
		satisfiedBy: ['dpd/type', 'dpd/identite', 'dpd/lettre']
	},
	{
		id: 'dpd-forme',
		group: DPD,
		title: 'Choisir entre un DPD interne, mutualisé ou externe',
		explanation:
			'Le DPD peut être un agent de la mairie, une personne partagée avec d’autres communes (centre de gestion, syndicat, intercommunalité) ou un prestataire. S’il n’est pas sur place, un agent de la mairie lui sert de relais (un « correspondant »).',
		priority: 2,
		reference: 'RGPD art. 37.3 et 37.6',
		satisfiedBy: ['dpd/type']
	},
	{
		id: 'dpd-competences',
		group: DPD,
		title: 'Choisir un DPD qui a les connaissances nécessaires',
		explanation:
			'Le DPD est choisi pour ses connaissances du droit des données et du fonctionnement de la mairie. Aucun diplôme n’est exigé, mais il doit pouvoir se former.',
		priority: 2,
		reference: 'RGPD art. 37.5',
		satisfiedBy: ['dpd/independance'],
		coveredWhen: yesTo('dpd/independance', 'checkCompetence')
	},
	{
		id: 'dpd-conflit-interets',
		group: DPD,
		title: 'Écarter tout conflit d’intérêts : le maire ne peut pas être DPD',
		explanation:
			'Le DPD ne peut pas contrôler ses propres décisions : le maire, responsable des fichiers, ne peut pas l’être, et la CNIL le déconseille pour un conseiller municipal. Si la secrétaire de mairie est choisie, il faut noter comment son temps et son indépendance sont garantis.',
		priority: 1,
		reference: 'RGPD art. 38.6',
		satisfiedBy: ['dpd/type', 'dpd/independance'],
		coveredWhen: yesTo('dpd/independance', 'checkIndependence')
	},
	{
		id: 'dpd-moyens',
		group: DPD,
		title: 'Donner au DPD du temps, des moyens, de la formation et l’accès aux données',
		explanation:
			'Le DPD dispose d’un temps réservé à sa mission, d’outils, de formations pour entretenir ses connaissances et d’un accès aux fichiers et aux services. Sans temps dédié, la mission reste sur le papier.',
		priority: 2,
		reference: 'RGPD art. 38.2',
		satisfiedBy: ['dpd/identite', 'dpd/independance'],
		coveredWhen: yesTo('dpd/independance', 'checkMeans')
	},
	{
		id: 'dpd-independance',
		group: DPD,
		title: 'Garantir l’indépendance du DPD et son lien direct avec le maire',
		explanation:
			'Personne ne donne d’instruction au DPD sur la façon de mener sa mission, il ne peut pas être sanctionné pour l’avoir faite, et il rend compte directement au maire. En retour, il est tenu au secret sur ce qu’il apprend ; la lettre de mission écrit ces garanties.',
		priority: 2,
		reference: 'RGPD art. 38.3 et 38.5',
		satisfiedBy: ['dpd/independance', 'dpd/lettre'],
		coveredWhen: yesTo('dpd/independance', 'checkIndependence')
	},
	{
		id: 'dpd-lettre-mission',
		group: DPD,
		title: 'Écrire et signer la lettre de mission du DPD',
		explanation:
			'La lettre de mission dit ce que fait le DPD (conseiller, contrôler, tenir le registre, être le contact de la CNIL), le temps et les moyens qui lui sont donnés. Elle est signée par le maire et par le DPD.',
		priority: 1,
		reference: 'RGPD art. 39.1 ; CNIL, guide du délégué à la protection des données, annexe 2 (modèle de lettre de mission)',
		satisfiedBy: ['dpd/lettre']
	},
	{
		id: 'dpd-declarer-cnil',
		group: DPD,
		title: 'Déclarer le DPD à la CNIL',
		explanation:
			'La désignation se déclare sur le formulaire en ligne de la CNIL (l’autorité qui contrôle le respect du RGPD). Gardez le numéro d’accusé de réception : il prouve la démarche.',
		priority: 1,
		reference: 'RGPD art. 37.7',
		satisfiedBy: ['dpd/cnil'],
		coveredWhen: yesTo('dpd/cnil', 'declared')
	},
	{
		id: 'dpd-publier-coordonnees',
		group: DPD,
		title: 'Publier les coordonnées du DPD',
		explanation:
			'Les habitants doivent pouvoir joindre le DPD pour toute question sur leurs données : son contact figure sur le site de la commune et sur les formulaires, de préférence une adresse de fonction (dpd@…). Le conseil municipal et les agents sont informés de sa désignation.',
		priority: 1,
		reference: 'RGPD art. 37.7 et 38.4',
		satisfiedBy: ['dpd/publication'],
		coveredWhen: yesToOneOf('dpd/publication', 'onWebsite', 'onForms', 'atMairie')
	},
	{
		id: 'dpd-associer',
		group: DPD,
		title: 'Associer le DPD dès le début de chaque nouveau projet',
		explanation:
			'Le DPD est consulté avant de choisir un logiciel, d’installer des caméras ou de créer un fichier, pas une fois tout décidé. Il est plus simple de protéger les données dès le départ.',
		priority: 2,
		reference: 'RGPD art. 38.1',
		satisfiedBy: []
	},

	// ——— Cartographie des données ———
	{
		id: 'carto-bureautique',
		group: CARTO,
		title: 'Recenser les fichiers bureautiques contenant des données personnelles',
		explanation:
			'Tableurs, courriers, listes et dossiers partagés contiennent souvent des noms, adresses ou téléphones. Les recenser permet de savoir quoi inscrire au registre et quoi protéger.',
		priority: 1,
		reference: 'RGPD art. 30.1 et 5.2',
		satisfiedBy: ['cartographie/bureautique']
	},
	{
		id: 'carto-logiciels',
		group: CARTO,
		title: 'Recenser les logiciels métier',
		explanation:
			'État civil, élections, paie, facturation, cimetière : chaque logiciel contient des données personnelles. Notez aussi qui le fournit et où il est hébergé.',
		priority: 1,
		reference: 'RGPD art. 30.1 et 5.2',
		satisfiedBy: ['cartographie/logiciel']
	},
	{
		id: 'carto-materiels',
		group: CARTO,
		title: 'Recenser les matériels qui stockent des données',
		explanation:
			'Ordinateurs, disques externes, clés USB, photocopieurs et téléphones gardent des données, y compris le téléphone d’un élu qui sert à prévenir les habitants par SMS. On ne protège bien que ce que l’on connaît.',
		priority: 2,
		reference: 'RGPD art. 32.1 et 5.2',
		satisfiedBy: ['cartographie/materiel']
	},
	{
		id: 'carto-en-ligne',
		group: CARTO,
		title: 'Recenser les services en ligne utilisés',
		explanation:
			'Messagerie, site internet, stockage en ligne (« cloud »), outils d’inscription ou de paiement : ces services hébergent des données hors de la mairie. Ils doivent figurer dans la cartographie.',
		priority: 2,
		reference: 'RGPD art. 30.1 et 5.2',
		satisfiedBy: ['cartographie/en_ligne']
	},
	{
		id: 'carto-papier',
		group: CARTO,
		title: 'Recenser les dossiers et archives papier',
		explanation:
			'Le RGPD s’applique aussi aux fichiers papier rangés par nom ou par date : registres, dossiers d’urbanisme, listes annuelles, armoires d’archives. Ce sont les plus souvent oubliés.',
		priority: 1,
		reference: 'RGPD art. 2.1 et 30.1',
		satisfiedBy: ['cartographie/papier']
	},

	// ——— Registre des traitements ———
	{
		id: 'reg-tenir',
		group: REG,
		title: 'Tenir un registre des activités de traitement',
		explanation:
			'Le registre est la liste écrite de tout ce que la commune fait avec des données personnelles (un « traitement » : état civil, cantine, paie…). C’est le premier document que demande la CNIL.',
		priority: 1,
		reference: 'RGPD art. 30.1',
		satisfiedBy: ['registre/catalogue', 'registre/fiches', 'registre/organisation']
	},
	{
		id: 'reg-recenser-activites',
		group: REG,
		title: 'Recenser toutes les activités de la commune',
		explanation:
			'État civil, élections, école, urbanisme, cimetière, paie, colis des aînés : chaque activité qui utilise des données a sa fiche. Le profil de la commune et son catalogue aident à ne rien oublier.',
		priority: 1,
		reference: 'RGPD art. 30.1',
		satisfiedBy: ['profil/questions', 'registre/catalogue']
	},
	{
		id: 'reg-responsable',
		group: REG,
		title: 'Indiquer le responsable du traitement et le DPD',
		explanation:
			'Le registre nomme le responsable, c’est-à-dire la commune représentée par le maire, et donne les coordonnées du DPD. Si un fichier est géré à deux (avec le CCAS ou l’intercommunalité), l’autre responsable est aussi indiqué.',
		priority: 2,
		reference: 'RGPD art. 30.1.a',
		satisfiedBy: ['registre/organisation', 'registre/fiches']
	},
	{
		id: 'reg-finalites',
		group: REG,
		title: 'Écrire le but de chaque traitement',
		explanation:
			'Chaque fiche dit à quoi servent les données (la « finalité ») : délivrer un acte, inscrire un enfant à la cantine, payer les agents. Un but précis permet de juger quelles données sont utiles.',
		priority: 2,
		reference: 'RGPD art. 30.1.b',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-personnes-donnees',
		group: REG,
		title: 'Décrire les personnes concernées et les données utilisées',
		explanation:
			'Chaque fiche indique de qui on parle (habitants, enfants, agents, élus…) et quels types de données sont utilisés (identité, adresse, situation familiale, coordonnées bancaires…).',
		priority: 2,
		reference: 'RGPD art. 30.1.c',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-destinataires',
		group: REG,
		title: 'Indiquer qui reçoit les données',
		explanation:
			'Chaque fiche liste les destinataires : services de la mairie, administrations (préfecture, INSEE, trésorerie), prestataires. Un destinataire est toute personne ou organisme à qui les données sont communiquées.',
		priority: 2,
		reference: 'RGPD art. 30.1.d',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-transferts',
		group: REG,
		title: 'Signaler les données envoyées hors de l’Union européenne',
		explanation:
			'Si un logiciel ou un service en ligne stocke les données hors de l’Union européenne, la fiche le dit, avec le pays et la protection prévue. Le plus souvent, la réponse est « aucun transfert ».',
		priority: 2,
		reference: 'RGPD art. 30.1.e',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-durees',
		group: REG,
		title: 'Indiquer combien de temps les données sont gardées',
		explanation:
			'Chaque fiche fixe une durée de conservation pour chaque type de données, puis leur sort final : destruction, tri ou versement aux archives.',
		priority: 2,
		reference: 'RGPD art. 30.1.f',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-securite',
		group: REG,
		title: 'Décrire les mesures de sécurité de chaque traitement',
		explanation:
			'Chaque fiche résume comment les données sont protégées : qui y a accès, mots de passe, sauvegardes, chiffrement, contrôle des prestataires. Une description générale suffit.',
		priority: 2,
		reference: 'RGPD art. 30.1.g',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-donnees-sensibles',
		group: REG,
		title: 'Signaler dans le registre les données sensibles et le numéro de sécurité sociale',
		explanation:
			'La fiche indique si elle contient des données de santé, des données sur les infractions ou le numéro de sécurité sociale (NIR). Ces données demandent plus de précautions.',
		priority: 2,
		reference: 'RGPD art. 9, 10 et 87 ; modèle de registre de la CNIL',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'reg-ecrit',
		group: REG,
		title: 'Tenir le registre par écrit et pouvoir le présenter à la CNIL',
		explanation:
			'Le registre est un document écrit, papier ou électronique, tenu par une personne désignée. La CNIL peut le demander à tout moment : la commune sait qui le fournit et sous quelle forme.',
		priority: 2,
		reference: 'RGPD art. 30.3 et 30.4',
		satisfiedBy: ['registre/organisation']
	},
	{
		id: 'reg-mise-a-jour',
		group: REG,
		title: 'Mettre le registre et la cartographie à jour à chaque changement',
		explanation:
			'Un nouveau logiciel, un nouvel ordinateur ou une nouvelle démarche modifie la cartographie et le registre. Chaque fiche garde la date de sa dernière mise à jour, et une revue par an retire ce qui n’existe plus.',
		priority: 2,
		reference: 'RGPD art. 30.1 et 5.2',
		satisfiedBy: []
	},

	// ——— Principes et conformité des traitements ———
	{
		id: 'prin-base-legale',
		group: PRIN,
		title: 'Vérifier que chaque traitement repose sur une base légale',
		explanation:
			'Une « base légale » est la raison qui autorise à utiliser les données : pour une commune, le plus souvent une obligation prévue par la loi ou une mission de service public, parfois un contrat ou l’accord de la personne. Elle est notée dans chaque fiche du registre.',
		priority: 1,
		reference: 'RGPD art. 5.1.a et 6.1',
		satisfiedBy: ['registre/fiches']
	},
	{
		id: 'prin-finalite',
		group: PRIN,
		title: 'N’utiliser les données que pour le but prévu',
		explanation:
			'Des données recueillies pour un but ne servent pas à autre chose sans vérifier que c’est compatible : l’état civil ne sert pas à envoyer des félicitations sans l’accord des familles, et l’on ne croise pas les fichiers pour constituer un fichier de toute la population.',
		priority: 2,
		reference: 'RGPD art. 5.1.b et 6.4',
		satisfiedBy: ['conformite/grille'],
		coveredWhen: principle('finalite')
	},
	{
		id: 'prin-minimisation',
		group: PRIN,
		title: 'Ne demander que les données vraiment nécessaires',
		explanation:
			'C’est la « minimisation » : pour une lettre d’information, une adresse électronique suffit, sans nom ni date de naissance. Chaque formulaire est relu pour retirer les questions inutiles et signaler les réponses facultatives.',
		priority: 2,
		reference: 'RGPD art. 5.1.c',
		satisfiedBy: ['conformite/grille'],
		coveredWhen: principle('minimisation')
	},
	{
		id: 'prin-exactitude',
		group: PRIN,
		title: 'Tenir les données exactes et à jour',
		explanation:
			'Une adresse ou un numéro faux peut priver quelqu’un d’un courrier ou d’une alerte. Les erreurs signalées sont corrigées sans tarder.',
		priority: 3,
		reference: 'RGPD art. 5.1.d',
		satisfiedBy: ['conformite/grille'],
		coveredWhen: principle('exactitude')
	},
	{
		id: 'prin-conservation',
		group: PRIN,
		title: 'Supprimer ou archiver les données à la fin de leur durée de conservation',
		explanation:
			'Les données ne sont pas gardées « au cas où » : une fois la durée atteinte, elles sont détruites, triées ou versées aux archives. Les instructions des Archives de France donnent ces durées pour chaque type de dossier communal.',
		priority: 2,
		reference: 'RGPD art. 5.1.e ; instructions DGP/SIAF/2014/006 et DAF/DPACI/RES/2009/018',
		satisfiedBy: ['conformite/grille'],
		coveredWhen: principle('conservation')
	},
	{
		id: 'prin-archives-visa',
		group: PRIN,
		title: 'Ne détruire des archives publiques qu’avec le visa des Archives départementales',
		explanation:
			'Les documents de la mairie sont des archives publiques : avant toute destruction, la liste des documents est envoyée aux Archives départementales, qui donnent leur accord (le « visa »).',
		priority: 2,
		reference: 'Code du patrimoine L212-2',
		satisfiedBy: []
	},
	{
		id: 'prin-sensibles',
		group: PRIN,
		title: 'Ne traiter des données sensibles que dans les cas permis',
		explanation:
			'Santé, religion, opinions politiques, origine, orientation sexuelle sont des données « sensibles », interdites sauf exceptions prévues par le RGPD. Par exemple, l’école ne demande la santé d’un enfant que si c’est utile pour l’accueillir (allergie), jamais sa religion.',
		priority: 1,
		reference: 'RGPD art. 9.1 et 9.2',
		satisfiedBy: []
	},
	{
		id: 'prin-infractions',
		group: PRIN,
		title: 'Ne pas tenir de fichier des infractions hors du cadre légal',
		explanation:
			'Les informations sur les infractions et les condamnations ne peuvent être utilisées que dans les cas prévus par la loi. Une commune ne tient pas de « liste noire » d’habitants.',
		priority: 3,
		reference: 'RGPD art. 10',
		satisfiedBy: []
	},
	{
		id: 'prin-nir',
		group: PRIN,
		title: 'N’utiliser le numéro de sécurité sociale que dans les cas autorisés',
		explanation:
			'Le numéro de sécurité sociale (NIR) n’est permis que pour certains usages, comme la paie des agents ou l’aide sociale. Il n’est pas demandé pour s’inscrire à un service municipal.',
		priority: 1,
		reference: 'Décret 2019-341 ; RGPD art. 87',
		satisfiedBy: []
	},
	{
		id: 'prin-liste-electorale',
		group: PRIN,
		title: 'Refuser toute utilisation commerciale de la liste électorale',
		explanation:
			'Un électeur, un candidat ou un parti peut consulter la liste électorale, mais pas pour un usage commercial (revente, prospection). Le maire peut demander l’usage prévu et refuser s’il craint un tel usage.',
		priority: 1,
		reference: 'Code électoral L37',
		satisfiedBy: []
	},
	{
		id: 'prin-canicule',
		group: PRIN,
		title: 'Tenir le registre des personnes vulnérables sur simple demande et pour les alertes seulement',
		explanation:
			'L’inscription au registre canicule est volontaire, faite par la personne ou un proche. Il ne sert que lorsque le préfet déclenche le plan d’alerte, et les données de santé n’y ont en principe pas leur place.',
		priority: 2,
		reference: 'Code de l’action sociale et des familles L121-6-1',
		satisfiedBy: []
	},
	{
		id: 'prin-ccas',
		group: PRIN,
		title: 'Traiter aussi la conformité du CCAS',
		explanation:
			'Le centre communal d’action sociale (CCAS) est un établissement public distinct de la commune : il est responsable de ses propres fichiers et doit lui aussi avoir un DPD et un registre.',
		priority: 2,
		reference: 'RGPD art. 4.7 et 37.1.a ; Code de l’action sociale et des familles L123-6',
		satisfiedBy: []
	},
	{
		id: 'prin-protection-conception',
		group: PRIN,
		title: 'Penser à la protection des données dès la conception d’un projet',
		explanation:
			'Avant de lancer un service ou d’acheter un logiciel, on prévoit les données utiles, qui y accède, la durée de conservation et la sécurité. Les outils sont réglés par défaut sur le choix le plus protecteur (rien de publié ni de partagé sans décision).',
		priority: 2,
		reference: 'RGPD art. 25.1 et 25.2',
		satisfiedBy: []
	},
	{
		id: 'prin-videoprotection-autorisation',
		group: PRIN,
		title: 'Obtenir l’autorisation du préfet avant d’installer des caméras sur la voie publique',
		explanation:
			'Une vidéoprotection de la voie publique ou d’un lieu ouvert au public demande une autorisation préfectorale, valable cinq ans et renouvelable. Les caméras ne filment pas l’intérieur des habitations.',
		priority: 2,
		reference: 'Code de la sécurité intérieure L251-1 et suivants, L252-1',
		satisfiedBy: []
	},
	{
		id: 'prin-videoprotection-conservation',
		group: PRIN,
		title: 'Effacer les images de vidéoprotection au plus tard après un mois',
		explanation:
			'Les enregistrements sont détruits dans le délai fixé par l’autorisation du préfet, jamais plus d’un mois, sauf enquête judiciaire. Les caméras figurent aussi dans le registre.',
		priority: 2,
		reference: 'Code de la sécurité intérieure L252-5',
		satisfiedBy: []
	},

	// ——— Analyse d’impact et risques ———
	{
		id: 'aipd-evaluer-besoin',
		group: AIPD,
		title: 'Vérifier pour chaque traitement si une analyse d’impact est obligatoire',
		explanation:
			'Une analyse d’impact (AIPD) est une étude des risques pour les personnes, obligatoire quand un traitement peut leur nuire gravement, par exemple des caméras surveillant la voie publique. La question se pose pour chaque fiche du registre.',
		priority: 1,
		reference: 'RGPD art. 35.1 et 35.3',
		satisfiedBy: ['aipd/depistage']
	},
	{
		id: 'aipd-liste-obligatoire',
		group: AIPD,
		title: 'Faire une analyse d’impact pour les traitements de la liste de la CNIL',
		explanation:
			'La CNIL liste les traitements qui en demandent toujours une, par exemple le suivi social ou médico-social des personnes (aide sociale du CCAS) ou la surveillance constante des agents.',
		priority: 2,
		reference: 'RGPD art. 35.4 ; CNIL, délibération 2018-327',
		satisfiedBy: ['aipd/depistage', 'aipd/risques']
	},
	{
		id: 'aipd-liste-dispense',
		group: AIPD,
		title: 'Consulter la liste des traitements dispensés d’analyse d’impact',
		explanation:
			'La CNIL liste aussi les traitements qui n’en demandent pas, comme la gestion des listes électorales, de la cantine scolaire ou du personnel d’une petite structure. Cela évite un travail inutile.',
		priority: 3,
		reference: 'RGPD art. 35.5 ; CNIL, délibération 2019-118',
		satisfiedBy: ['aipd/depistage']
	},
	{
		id: 'aipd-criteres',
		group: AIPD,
		title: 'Appliquer les neuf critères européens : deux critères ou plus, analyse d’impact',
		explanation:
			'Hors des listes de la CNIL, on compte les critères remplis : données sensibles, personnes vulnérables, surveillance, grande échelle, croisement de fichiers… Dès deux critères, l’analyse d’impact est en principe nécessaire.',
		priority: 2,
		reference: 'RGPD art. 35.1 ; lignes directrices WP248 rév.01 (G29, reprises par le CEPD)',
		satisfiedBy: ['aipd/depistage', 'aipd/risques']
	},
	{
		id: 'aipd-contenu',
		group: AIPD,
		title: 'Donner à l’analyse d’impact son contenu minimum',
		explanation:
			'L’analyse décrit le traitement, montre qu’il est nécessaire et proportionné, évalue les risques (accès illégitime, modification, disparition des données) et liste les mesures prévues.',
		priority: 2,
		reference: 'RGPD art. 35.7',
		satisfiedBy: ['registre/fiches', 'conformite/grille', 'aipd/risques']
	},
	{
		id: 'aipd-avis-dpd',
		group: AIPD,
		title: 'Demander l’avis du DPD sur l’analyse d’impact',
		explanation:
			'Le maire demande l’avis du DPD pendant l’analyse, et cet avis est gardé avec elle.',
		priority: 3,
		reference: 'RGPD art. 35.2 et 39.1.c',
		satisfiedBy: ['aipd/risques']
	},
	{
		id: 'aipd-consultation-cnil',
		group: AIPD,
		title: 'Consulter la CNIL si un risque élevé demeure',
		explanation:
			'Si, malgré les mesures prévues, le risque pour les personnes reste élevé, la commune doit consulter la CNIL avant de lancer le traitement.',
		priority: 3,
		reference: 'RGPD art. 36.1',
		satisfiedBy: []
	},
	{
		id: 'risq-evaluer',
		group: AIPD,
		title: 'Évaluer les risques de chaque traitement',
		explanation:
			'Même sans analyse d’impact, on se demande ce qui arriverait aux personnes si leurs données étaient volées, modifiées ou perdues, et avec quelle probabilité. Les mesures de sécurité en découlent.',
		priority: 2,
		reference: `RGPD art. 32.1 et 32.2 ; ${GUIDE_SECURITE}, fiche 20`,
		satisfiedBy: []
	},

	// ——— Sécurité des données ———
	{
		id: 'sec-mots-de-passe',
		group: SEC,
		title: 'Exiger des mots de passe solides',
		explanation:
			'La CNIL recommande au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou une phrase de passe d’au moins 7 mots, sans changement imposé à date fixe. Les mots de passe ne sont jamais notés ni enregistrés en clair (pas de post-it).',
		priority: 1,
		reference: 'CNIL, délibération 2022-100',
		satisfiedBy: ['securite/mots-de-passe'],
		coveredWhen: measuresDone('securite/mots-de-passe', 'mdp_personnels', 'mdp_regle', 'mdp_defaut')
	},
	{
		id: 'sec-habilitations',
		group: SEC,
		title: 'Donner à chacun son propre compte et les seuls accès utiles à son travail',
		explanation:
			'Un compte partagé empêche de savoir qui a fait quoi : chaque agent ou élu a son identifiant, et n’accède qu’aux dossiers utiles (les dossiers d’aide sociale ne sont pas ouverts à tous). Les droits sont revus à chaque arrivée ou départ.',
		priority: 2,
		reference: `RGPD art. 32.1.b ; ${GUIDE_SECURITE}, fiches 4 et 5`,
		satisfiedBy: ['securite/mots-de-passe', 'securite/acces'],
		coveredWhen: [...measuresDone('securite/mots-de-passe', 'mdp_personnels'), ...measuresDone('securite/acces', 'qui_acces')]
	},
	{
		id: 'sec-verrouillage',
		group: SEC,
		title: 'Verrouiller automatiquement les ordinateurs en cas d’absence',
		explanation:
			'L’écran se verrouille tout seul après quelques minutes sans activité, et l’agent le verrouille lui-même en quittant son bureau. À l’accueil, un écran ouvert est lisible par tous.',
		priority: 1,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 6`,
		satisfiedBy: ['securite/postes'],
		coveredWhen: measuresDone('securite/postes', 'verrouillage')
	},
	{
		id: 'sec-poste-travail',
		group: SEC,
		title: 'Tenir les ordinateurs à jour et protégés',
		explanation:
			'Mises à jour automatiques, antivirus et pare-feu actifs, pas de droits d’administrateur pour l’usage courant, pas de système qui n’est plus mis à jour. La prise en main à distance ne se fait qu’avec l’accord de l’agent.',
		priority: 1,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 6`,
		satisfiedBy: ['securite/postes'],
		coveredWhen: measuresDone('securite/postes', 'mises_a_jour', 'antivirus', 'pas_admin')
	},
	{
		id: 'sec-sauvegardes',
		group: SEC,
		title: 'Sauvegarder régulièrement les données, hors de la mairie',
		explanation:
			'Une sauvegarde régulière, chiffrée, gardée hors du bureau et débranchée après usage, permet de repartir après une panne, un vol ou une attaque informatique. Un essai de restauration, au moins une fois par an, vérifie qu’elle fonctionne.',
		priority: 1,
		reference: `RGPD art. 32.1.c et 32.1.d ; ${GUIDE_SECURITE}, fiche 17`,
		satisfiedBy: ['securite/sauvegardes'],
		coveredWhen: measuresDone('securite/sauvegardes', 'sauvegarde_reguliere', 'sauvegarde_debranchee', 'sauvegarde_testee')
	},
	{
		id: 'sec-telephones',
		group: SEC,
		title: 'Protéger les téléphones mobiles par un code de verrouillage',
		explanation:
			'Un téléphone qui contient des numéros d’habitants ou la messagerie de la mairie se verrouille par un code et se met à jour. En cas de perte, il doit pouvoir être bloqué à distance.',
		priority: 1,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 7`,
		satisfiedBy: ['securite/mobiles'],
		coveredWhen: measuresDone('securite/mobiles', 'code_telephones')
	},
	{
		id: 'sec-chiffrement',
		group: SEC,
		title: 'Chiffrer les portables, les clés USB et les envois de données sensibles',
		explanation:
			'Le chiffrement rend les données illisibles sans la clé : une clé USB perdue, un portable volé ou un fichier envoyé par erreur ne révèle alors rien. Les clés USB sont rangées sous clé, et celles d’origine inconnue ne sont pas branchées.',
		priority: 2,
		reference: `RGPD art. 32.1.a ; ${GUIDE_SECURITE}, fiches 7, 13 et 21`,
		satisfiedBy: []
	},
	{
		id: 'sec-papier',
		group: SEC,
		title: 'Ranger les dossiers papier sous clé et fermer les bureaux',
		explanation:
			'Les dossiers papier contenant des données personnelles sont dans des armoires et des bureaux fermés, hors de la vue du public. Les papiers jetés passent au broyeur, pas à la poubelle.',
		priority: 1,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 12`,
		satisfiedBy: ['securite/acces'],
		coveredWhen: measuresDone('securite/acces', 'papier_cle', 'ecran_public')
	},
	{
		id: 'sec-messagerie',
		group: SEC,
		title: 'Apprendre à repérer les courriels piégés',
		explanation:
			'Beaucoup d’attaques commencent par un courriel qui imite un fournisseur ou une administration (« hameçonnage »). On vérifie l’expéditeur, et on ne clique ni n’ouvre une pièce jointe douteuse.',
		priority: 2,
		reference: `RGPD art. 32.1 et 32.4 ; ${GUIDE_SECURITE}, fiche 2`,
		satisfiedBy: ['securite/incidents'],
		coveredWhen: measuresDone('securite/incidents', 'sensibilisation')
	},
	{
		id: 'sec-usage-perso',
		group: SEC,
		title: 'Séparer les usages personnels et professionnels',
		explanation:
			'Les fichiers de la mairie ne vont pas sur une messagerie ou un téléphone personnels, et l’ordinateur de la mairie ne sert pas à un usage privé.',
		priority: 3,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 2`,
		satisfiedBy: ['securite/mobiles'],
		coveredWhen: measuresDone('securite/mobiles', 'perso_pro')
	},
	{
		id: 'sec-maintenance-fin-de-vie',
		group: SEC,
		title: 'Encadrer la maintenance et effacer les matériels mis au rebut',
		explanation:
			'Un technicien n’intervient qu’en présence d’un agent ou avec son accord. Avant de jeter, vendre ou rendre un ordinateur, un disque ou un photocopieur, ses données sont effacées de façon sûre.',
		priority: 3,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 15`,
		satisfiedBy: []
	},
	{
		id: 'sec-tracer',
		group: SEC,
		title: 'Garder une trace des accès aux logiciels sensibles',
		explanation:
			'Les logiciels qui contiennent des données sensibles (aide sociale, vidéoprotection) enregistrent qui s’est connecté et ce qui a été consulté. Ces traces permettent de comprendre un incident.',
		priority: 3,
		reference: `RGPD art. 32.1 ; ${GUIDE_SECURITE}, fiche 16`,
		satisfiedBy: []
	},
	{
		id: 'sec-continuite',
		group: SEC,
		title: 'Prévoir comment continuer le service après une panne ou une attaque',
		explanation:
			'Un plan simple dit qui appeler, comment travailler sans informatique et dans quel ordre tout remettre en route. Il est imprimé, car l’informatique peut être indisponible.',
		priority: 3,
		reference: `RGPD art. 32.1.c ; ${GUIDE_SECURITE}, fiche 18`,
		satisfiedBy: []
	},

	// ——— Information et consentement ———
	{
		id: 'info-mentions-collecte',
		group: INFO,
		title: 'Informer les personnes au moment où l’on recueille leurs données',
		explanation:
			'Chaque formulaire, papier ou en ligne, porte une « mention d’information » : qui utilise les données, pourquoi, pendant combien de temps, et comment exercer ses droits.',
		priority: 1,
		reference: 'RGPD art. 13',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'info-contenu',
		group: INFO,
		title: 'Donner toutes les informations obligatoires dans chaque mention',
		explanation:
			'La mention indique le responsable, le contact du DPD, le but et la base légale, les destinataires, la durée de conservation, les droits, le droit de se plaindre à la CNIL et si la réponse est obligatoire.',
		priority: 2,
		reference: 'RGPD art. 13.1 et 13.2',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'info-indirecte',
		group: INFO,
		title: 'Informer aussi quand les données viennent d’un autre organisme',
		explanation:
			'Quand la commune reçoit des données d’ailleurs (INSEE pour la liste électorale, autre administration), les personnes sont informées dans un délai d’un mois au plus, sauf si la loi prévoit cette transmission.',
		priority: 3,
		reference: 'RGPD art. 14',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'info-langage-clair',
		group: INFO,
		title: 'Informer en termes simples et faciles à trouver',
		explanation:
			'L’information est rédigée en phrases courtes, sans jargon, et facile d’accès : à l’accueil, sur le formulaire, sur le site. Une page « Données personnelles » sur le site réunit l’essentiel.',
		priority: 3,
		reference: 'RGPD art. 12.1',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'info-droit-image',
		group: INFO,
		title: 'Demander l’accord avant de publier la photo d’une personne reconnaissable',
		explanation:
			'Pour le bulletin municipal, le site ou les réseaux sociaux, une personne reconnaissable donne son accord avant publication ; pour un enfant, ce sont ses parents.',
		priority: 2,
		reference: 'RGPD art. 6.1.a ; Code civil art. 9',
		satisfiedBy: []
	},
	{
		id: 'cons-quand',
		group: INFO,
		title: 'Demander le consentement quand le service est facultatif',
		explanation:
			'Le consentement est l’accord de la personne. Il est la bonne base pour les services facultatifs, comme l’alerte par SMS ou la lettre d’information, mais pas pour les démarches imposées par la loi.',
		priority: 2,
		reference: 'RGPD art. 6.1.a',
		satisfiedBy: []
	},
	{
		id: 'cons-valide',
		group: INFO,
		title: 'Recueillir un accord libre, précis et donné par un geste clair',
		explanation:
			'La personne coche elle-même une case jamais précochée, présentée à part des autres informations, après avoir su à quoi elle s’engage. Refuser ne lui fait perdre aucun service obligatoire.',
		priority: 2,
		reference: 'RGPD art. 4.11, 7.2 et 7.4',
		satisfiedBy: []
	},
	{
		id: 'cons-preuve',
		group: INFO,
		title: 'Garder la preuve du consentement',
		explanation:
			'La commune doit pouvoir montrer qui a donné son accord, quand et sur quel texte : le formulaire signé ou l’enregistrement de l’inscription en ligne, par exemple pour le fichier d’alerte inondation.',
		priority: 1,
		reference: 'RGPD art. 7.1',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'cons-retrait',
		group: INFO,
		title: 'Permettre de retirer son accord aussi facilement qu’on l’a donné',
		explanation:
			'Un lien de désinscription, un SMS « STOP » ou un simple mot à l’accueil suffisent. Après le retrait, la personne est retirée de la liste.',
		priority: 2,
		reference: 'RGPD art. 7.3',
		satisfiedBy: ['information/mentions']
	},
	{
		id: 'cons-cookies',
		group: INFO,
		title: 'Demander l’accord avant de déposer des cookies non indispensables',
		explanation:
			'Les cookies sont de petits fichiers déposés par le site sur l’appareil du visiteur. Ceux qui servent à la publicité ou aux réseaux sociaux demandent son accord, avec un bouton « Tout refuser » aussi visible que « Tout accepter » ; les statistiques de fréquentation en sont dispensées si elles restent anonymes et réservées à la commune.',
		priority: 2,
		reference: 'Loi 78-17 art. 82 ; CNIL, délibérations 2020-091 et 2020-092',
		satisfiedBy: []
	},

	// ——— Droits des personnes ———
	{
		id: 'droits-procedure',
		group: DROITS,
		title: 'Organiser la réponse aux demandes des personnes',
		explanation:
			'Une procédure simple dit qui reçoit la demande (accueil, courriel, DPD), qui la traite et comment on répond. La réponse est gratuite, et une pièce d’identité n’est demandée qu’en cas de doute sérieux sur l’identité du demandeur.',
		priority: 1,
		reference: 'RGPD art. 12.2, 12.5 et 12.6',
		satisfiedBy: ['droits/procedure'],
		coveredWhen: yesTo('droits/procedure', 'modelKnown')
	},
	{
		id: 'droits-delai',
		group: DROITS,
		title: 'Répondre aux demandes dans le délai d’un mois',
		explanation:
			'La commune répond dans un mois à compter de la réception de la demande. Ce délai peut être prolongé de deux mois pour une demande complexe, à condition de prévenir la personne dans le premier mois.',
		priority: 1,
		reference: 'RGPD art. 12.3',
		satisfiedBy: ['droits/procedure', 'droits/demandes']
	},
	{
		id: 'droits-refus-motive',
		group: DROITS,
		title: 'Expliquer tout refus et indiquer les recours',
		explanation:
			'Si la commune ne donne pas suite, elle dit pourquoi dans le délai d’un mois et rappelle que la personne peut se plaindre à la CNIL ou saisir le juge.',
		priority: 2,
		reference: 'RGPD art. 12.4',
		satisfiedBy: ['droits/procedure', 'droits/demandes']
	},
	{
		id: 'droits-acces',
		group: DROITS,
		title: 'Permettre à chacun d’obtenir une copie de ses données',
		explanation:
			'Le « droit d’accès » permet à une personne de savoir si la commune a des données sur elle, lesquelles, pourquoi et pour combien de temps, et d’en recevoir une copie.',
		priority: 2,
		reference: 'RGPD art. 15',
		satisfiedBy: ['droits/procedure', 'droits/demandes']
	},
	{
		id: 'droits-rectification',
		group: DROITS,
		title: 'Corriger les données inexactes à la demande',
		explanation:
			'Une personne peut faire corriger ou compléter ses données, et demander qu’on cesse de les utiliser le temps de vérifier (« limitation »). Pour l’état civil, la correction d’un acte suit ses propres règles, que l’agent explique.',
		priority: 2,
		reference: 'RGPD art. 16 et 18',
		satisfiedBy: ['droits/procedure', 'droits/demandes']
	},
	{
		id: 'droits-effacement',
		group: DROITS,
		title: 'Effacer les données quand la personne le demande et que rien ne l’empêche',
		explanation:
			'Le « droit à l’effacement » s’applique par exemple à une inscription facultative, mais pas quand la loi oblige à garder les données (état civil, listes électorales). Les destinataires des données effacées ou corrigées sont prévenus.',
		priority: 2,
		reference: 'RGPD art. 17.1, 17.3.b et 19',
		satisfiedBy: []
	},
	{
		id: 'droits-opposition',
		group: DROITS,
		title: 'Examiner les demandes d’opposition',
		explanation:
			'Une personne peut s’opposer à un traitement fondé sur une mission de service public pour des raisons tenant à sa situation. La commune arrête, sauf motif impérieux ou traitement imposé par la loi.',
		priority: 3,
		reference: 'RGPD art. 21.1',
		satisfiedBy: []
	},
	{
		id: 'droits-portabilite',
		group: DROITS,
		title: 'Remettre ses données à la personne dans un format lisible par ordinateur, quand c’est prévu',
		explanation:
			'La « portabilité » ne vaut que pour les données fournies par la personne sur la base de son accord ou d’un contrat (par exemple une location de salle), pas pour les missions de service public.',
		priority: 3,
		reference: 'RGPD art. 20.1 et 20.3',
		satisfiedBy: []
	},
	{
		id: 'droits-decision-automatisee',
		group: DROITS,
		title: 'Ne pas laisser un logiciel décider seul d’une situation individuelle',
		explanation:
			'Une décision importante pour une personne (une aide, une place en crèche) n’est pas prise par un calcul automatique sans examen par un agent, sauf cas prévus et encadrés.',
		priority: 3,
		reference: 'RGPD art. 22.1',
		satisfiedBy: []
	},
	{
		id: 'droits-suivi',
		group: DROITS,
		title: 'Tenir la liste des demandes reçues et des réponses',
		explanation:
			'Pour chaque demande : date de réception, type de droit, réponse donnée et date. Cette liste prouve que les délais sont tenus.',
		priority: 2,
		reference: 'RGPD art. 5.2 et 12.3',
		satisfiedBy: ['droits/demandes']
	},

	// ——— Violations de données ———
	{
		id: 'viol-reconnaitre',
		group: VIOL,
		title: 'Savoir reconnaître une violation de données',
		explanation:
			'Une « violation » est une perte, un vol, une destruction, une modification ou un accès non autorisé à des données : ordinateur volé, courriel envoyé au mauvais destinataire, virus qui chiffre les fichiers, dossier égaré.',
		priority: 2,
		reference: 'RGPD art. 4.12',
		satisfiedBy: []
	},
	{
		id: 'viol-procedure',
		group: VIOL,
		title: 'Prévoir une procédure interne en cas de violation',
		explanation:
			'Chacun sait qu’il doit prévenir tout de suite le DPD et le maire, et la procédure dit qui évalue, qui déclare à la CNIL et qui informe les personnes.',
		priority: 2,
		reference: `RGPD art. 33 et 34 ; ${GUIDE_SECURITE}, fiche 19`,
		satisfiedBy: ['violations/procedure']
	},
	{
		id: 'viol-notifier-72h',
		group: VIOL,
		title: 'Déclarer une violation à la CNIL dans les 72 heures',
		explanation:
			'Si la violation présente un risque pour les personnes, la commune la déclare en ligne à la CNIL au plus tard 72 heures après l’avoir découverte : faits, données et personnes concernées, conséquences, mesures prises, contact du DPD. Les informations manquantes peuvent être envoyées ensuite.',
		priority: 1,
		reference: 'RGPD art. 33.1, 33.3 et 33.4',
		satisfiedBy: ['violations/procedure', 'violations/registre'],
		coveredWhen: everyRecord('violations/registre', 'cnilNotified', 'oui')
	},
	{
		id: 'viol-informer-personnes',
		group: VIOL,
		title: 'Informer les personnes en cas de risque élevé',
		explanation:
			'Si la violation peut nuire gravement aux personnes (données de santé, coordonnées bancaires…), la commune les prévient sans tarder, en termes simples, avec les précautions à prendre.',
		priority: 2,
		reference: 'RGPD art. 34.1 et 34.2',
		satisfiedBy: ['violations/procedure', 'violations/registre'],
		coveredWhen: everyRecord('violations/registre', 'peopleInformed', 'oui')
	},
	{
		id: 'viol-registre',
		group: VIOL,
		title: 'Noter chaque violation dans un registre interne',
		explanation:
			'Toute violation, même sans gravité et même non déclarée à la CNIL, est inscrite : date, faits, données et personnes concernées, effets, mesures prises. Ce registre peut être demandé par la CNIL.',
		priority: 1,
		reference: 'RGPD art. 33.5',
		satisfiedBy: ['violations/registre']
	},
	{
		id: 'viol-alerte-sous-traitant',
		group: VIOL,
		title: 'Exiger des prestataires qu’ils signalent toute violation sans délai',
		explanation:
			'Un prestataire qui subit une violation sur les données de la commune doit la prévenir immédiatement, pour qu’elle puisse respecter le délai de 72 heures.',
		priority: 2,
		reference: 'RGPD art. 33.2',
		satisfiedBy: ['violations/procedure', 'sous-traitants/liste'],
		coveredWhen: [...yesTo('violations/procedure', 'processorsBound'), ...clauses('assistance')]
	},

	// ——— Sous-traitants ———
	{
		id: 'st-recenser',
		group: ST,
		title: 'Recenser les prestataires qui traitent des données pour la commune',
		explanation:
			'Un « sous-traitant » traite des données pour le compte de la commune : éditeur de logiciel hébergé, hébergeur du site, prestataire de paie ou de maintenance. La cartographie des logiciels et services en ligne permet de les repérer.',
		priority: 1,
		reference: 'RGPD art. 28.1',
		satisfiedBy: ['cartographie/logiciel', 'cartographie/en_ligne', 'sous-traitants/liste']
	},
	{
		id: 'st-garanties',
		group: ST,
		title: 'Choisir des prestataires qui offrent des garanties suffisantes',
		explanation:
			'Avant de signer, la commune vérifie que le prestataire sait protéger les données (sécurité, hébergement, engagements écrits). La cybersécurité est prévue dans les contrats informatiques.',
		priority: 2,
		reference: 'RGPD art. 28.1',
		satisfiedBy: []
	},
	{
		id: 'st-contrat',
		group: ST,
		title: 'Signer un contrat avec des clauses RGPD avec chaque prestataire',
		explanation:
			'Le contrat décrit les données confiées, le but, la durée, et oblige le prestataire à suivre les instructions de la commune, à protéger les données et à l’aider à répondre aux habitants.',
		priority: 1,
		reference: 'RGPD art. 28.3',
		satisfiedBy: ['sous-traitants/liste'],
		coveredWhen: clauses(...PROCESSOR_CLAUSES.map((c) => c.value))
	},
	{
		id: 'st-sous-traitance-ulterieure',
		group: ST,
		title: 'Encadrer le recours du prestataire à d’autres prestataires',
		explanation:
			'Le prestataire ne confie pas les données à un autre sans l’accord écrit de la commune, et il lui impose les mêmes obligations.',
		priority: 3,
		reference: 'RGPD art. 28.2 et 28.4',
		satisfiedBy: ['sous-traitants/liste'],
		coveredWhen: clauses('sous_traitants')
	},
	{
		id: 'st-fin-contrat',
		group: ST,
		title: 'Récupérer ou faire supprimer les données à la fin du contrat',
		explanation:
			'Quand un contrat prend fin, le prestataire rend les données à la commune ou les supprime, selon son choix. Pensez-y avant de changer de logiciel.',
		priority: 2,
		reference: 'RGPD art. 28.3.g',
		satisfiedBy: ['sous-traitants/liste'],
		coveredWhen: everyRecord('sous-traitants/liste', 'endOfContract', 'restitution', 'suppression')
	},
	{
		id: 'st-audit',
		group: ST,
		title: 'Pouvoir vérifier que le prestataire respecte ses engagements',
		explanation:
			'Le contrat permet à la commune de demander des preuves ou de faire contrôler le prestataire. En pratique, on demande ses attestations et sa documentation de sécurité.',
		priority: 3,
		reference: 'RGPD art. 28.3.h',
		satisfiedBy: ['sous-traitants/liste'],
		coveredWhen: clauses('audits')
	},

	// ——— Transferts hors UE ———
	{
		id: 'tr-identifier',
		group: TR,
		title: 'Repérer les données envoyées ou hébergées hors de l’Union européenne',
		explanation:
			'Certains services en ligne (messagerie, stockage, formulaires) hébergent ou consultent les données hors de l’Union européenne : il faut le demander au fournisseur ou le lire dans son contrat. Un tel transfert est signalé dans les mentions d’information.',
		priority: 2,
		reference: 'RGPD art. 44 et 13.1.f',
		satisfiedBy: ['sous-traitants/liste']
	},
	{
		id: 'tr-adequation',
		group: TR,
		title: 'Vérifier si le pays de destination est reconnu comme protecteur',
		explanation:
			'La Commission européenne reconnaît certains pays comme offrant une protection équivalente (« décision d’adéquation ») : le transfert vers ces pays est alors permis sans formalité de plus.',
		priority: 3,
		reference: 'RGPD art. 45',
		satisfiedBy: []
	},
	{
		id: 'tr-garanties',
		group: TR,
		title: 'Encadrer les autres transferts par des garanties écrites',
		explanation:
			'Vers un autre pays, le transfert n’est permis qu’avec des garanties, le plus souvent les « clauses contractuelles types » de la Commission européenne signées par le fournisseur. Un hébergement dans l’Union européenne évite la question.',
		priority: 2,
		reference: 'RGPD art. 46.1 et 46.2.c',
		satisfiedBy: ['sous-traitants/liste', 'conformite/grille']
	},
	{
		id: 'tr-derogations',
		group: TR,
		title: 'Réserver les exceptions aux transferts ponctuels',
		explanation:
			'Sans adéquation ni garanties, un transfert n’est possible que dans des cas limités (accord explicite de la personne informée des risques, besoin d’un contrat avec elle…), et jamais de façon habituelle.',
		priority: 3,
		reference: 'RGPD art. 49.1',
		satisfiedBy: []
	},

	// ——— Organisation, formation et documentation ———
	{
		id: 'org-responsabilite-maire',
		group: ORG,
		title: 'Faire comprendre au maire qu’il reste responsable',
		explanation:
			'Le responsable du traitement est la commune, représentée par le maire : désigner un DPD ne le décharge pas de sa responsabilité. Le maire décide des mesures et y consacre les moyens.',
		priority: 1,
		reference: 'RGPD art. 24.1',
		satisfiedBy: []
	},
	{
		id: 'org-preuves',
		group: ORG,
		title: 'Rassembler les preuves de conformité dans un dossier',
		explanation:
			'La commune doit pouvoir montrer ce qu’elle a fait : désignation du DPD, registre, mentions d’information, contrats, procédures, registre des violations, formations. C’est le principe de « responsabilité » (accountability).',
		priority: 2,
		reference: 'RGPD art. 5.2 et 24.1',
		satisfiedBy: []
	},
	{
		id: 'org-plan-action',
		group: ORG,
		title: 'Établir un plan d’action par priorités et le suivre',
		explanation:
			'Les obligations non encore remplies sont classées par ordre d’importance, avec une personne et une date pour chacune. Le plan est revu régulièrement avec le maire.',
		priority: 2,
		reference: 'RGPD art. 24.1',
		satisfiedBy: ['plan/actions']
	},
	{
		id: 'org-sensibiliser',
		group: ORG,
		title: 'Sensibiliser tous les agents et les élus',
		explanation:
			'La sécurité dépend d’abord des personnes : chacun doit connaître les gestes simples (mot de passe, verrouillage, courriels douteux) et savoir qui prévenir en cas de problème.',
		priority: 1,
		reference: 'RGPD art. 39.1.b et 32.4',
		satisfiedBy: ['securite/incidents'],
		coveredWhen: measuresDone('securite/incidents', 'sensibilisation')
	},
	{
		id: 'org-former',
		group: ORG,
		title: 'Former les agents qui manient des données personnelles',
		explanation:
			'Les agents de l’accueil, de l’état civil, du social et de la paie reçoivent une formation adaptée à leur poste. La date, le sujet et les participants de chaque formation sont notés dans le dossier de conformité.',
		priority: 2,
		reference: 'RGPD art. 39.1.b et 5.2',
		satisfiedBy: []
	},
	{
		id: 'org-charte',
		group: ORG,
		title: 'Fixer par une charte les règles d’usage des données pour les agents et les élus',
		explanation:
			'Agents et élus n’utilisent les données que pour leurs fonctions, selon les consignes du maire, et restent discrets sur ce qu’ils voient. La charte informatique écrit ces règles et celles d’usage des ordinateurs, téléphones et messageries ; elle est remise à chaque nouvel arrivant.',
		priority: 2,
		reference: `RGPD art. 29 et 32.4 ; ${GUIDE_SECURITE}, fiche 2`,
		satisfiedBy: []
	},
	{
		id: 'org-cooperation-cnil',
		group: ORG,
		title: 'Coopérer avec la CNIL, notamment en cas de contrôle',
		explanation:
			'La CNIL peut contrôler sur place, en ligne ou sur pièces. La commune répond à ses demandes et lui fournit d’abord le registre, les procédures et les documents de sécurité ; le DPD est son interlocuteur.',
		priority: 2,
		reference: 'RGPD art. 31 et 39.1.e',
		satisfiedBy: []
	},
	{
		id: 'org-bilan-annuel',
		group: ORG,
		title: 'Faire un bilan annuel avec le maire',
		explanation:
			'Une fois par an, le DPD présente au maire ce qui a été fait, les incidents, les demandes reçues et ce qui reste à faire. Ce bilan nourrit le plan d’action.',
		priority: 3,
		reference: 'RGPD art. 38.3 et 39.1.b',
		satisfiedBy: []
	}
];
