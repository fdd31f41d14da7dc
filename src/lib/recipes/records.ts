// The kinds of records a commune keeps: the supports of the map and the register entries (fiches).
// Their fields are declared once; the forms, the register, the CSV export and the PDF read them here.
import type { CatalogueEntry } from '../catalogue/types';
import { lookupIn, type ConditionLookup } from './conditions';
import {
	booleanField,
	isAnswered,
	checkboxesField,
	radioField,
	recordsField,
	textareaField,
	textField
} from './fields';
import { conformityKind, dpiaKind, noticeKind, riskKind } from './assessments';
import { actionKind, breachKind, processorKind, requestKind, trainingKind } from './registers';
import type { Answers, FieldDef, Option, RecordKind, Retention } from './types';

// ---- Supports (the map) ------------------------------------------------------------------------

export const SUPPORT_CATEGORIES: Option[] = [
	{ value: 'bureautique', label: 'Fichiers bureautiques', help: 'Tableurs, documents, dossiers partagés sur les ordinateurs de la mairie.' },
	{ value: 'logiciel', label: 'Logiciels métier', help: 'État civil, élections, paie, facturation, cimetière… installés ou en ligne.' },
	{ value: 'materiel', label: 'Matériel', help: 'Ordinateurs, téléphones (y compris celui du maire), clés USB, disques externes, photocopieur.' },
	{ value: 'en_ligne', label: 'Services en ligne', help: 'Messagerie, stockage en ligne (« cloud »), site web, envoi de SMS.' },
	{ value: 'papier', label: 'Papier', help: 'Armoires, classeurs, registres (urbanisme, état civil), salle des archives.' }
];

/** For a support of category « Matériel »: which device, since the measures that protect it differ. */
export const SUPPORT_DEVICES: Option[] = [
	{ value: 'ordinateur', label: 'Ordinateur (fixe ou portable)' },
	{ value: 'telephone', label: 'Téléphone ou tablette', help: 'Y compris le téléphone personnel du maire s’il sert à la mairie.' },
	{ value: 'amovible', label: 'Clé USB ou disque externe' },
	{ value: 'appareil', label: 'Autre appareil', help: 'Photocopieur, box internet, appareil photo…' }
];

/**
 * What kind of support a support record is, for the security measures that protect it: its
 * category, or for « Matériel » the device (an unspecified device counts as « autre appareil »).
 */
export type SupportType = 'bureautique' | 'logiciel' | 'en_ligne' | 'papier' | 'ordinateur' | 'telephone' | 'amovible' | 'appareil';

export const SUPPORT_TYPES: readonly SupportType[] = ['bureautique', 'logiciel', 'en_ligne', 'papier', 'ordinateur', 'telephone', 'amovible', 'appareil'];

export function supportTypeOf(data: Answers): SupportType {
	const category = data.category;
	if (category === 'materiel') {
		const device = data.device;
		return typeof device === 'string' && (SUPPORT_TYPES as readonly string[]).includes(device) ? (device as SupportType) : 'appareil';
	}
	return typeof category === 'string' && (SUPPORT_TYPES as readonly string[]).includes(category) ? (category as SupportType) : 'appareil';
}

export const supportKind: RecordKind = {
	id: 'support',
	entity: 'support',
	copyable: true,
	singular: 'un support',
	plural: 'supports',
	titleField: 'name',
	sections: [
		{
			title: 'Le support',
			fields: [
				radioField('category', 'Type de support', SUPPORT_CATEGORIES, { required: true }),
				radioField('device', 'Quel matériel ?', SUPPORT_DEVICES, {
					required: true,
					help: 'Les mesures de sécurité ne sont pas les mêmes : le verrouillage de session protège un ordinateur, pas le téléphone du maire.',
					showIf: { field: 'category', equals: 'materiel' }
				}),
				textField('name', 'Nom', {
					required: true,
					help: 'Comment on l’appelle à la mairie.',
					example: 'Registre de l’urbanisme ; tableur « colis de Noël » ; téléphone du maire'
				}),
				textField('vendor', 'Éditeur ou fournisseur', {
					help: 'Pour un logiciel ou un service en ligne : qui le fournit.',
					example: 'JVS-Mairistem, Berger-Levrault, Orange…',
					showIf: { field: 'category', oneOf: ['logiciel', 'en_ligne'] }
				}),
				radioField(
					'hosting',
					'Où sont les données ?',
					[
						{ value: 'local', label: 'Sur place, à la mairie' },
						{ value: 'prestataire', label: 'Chez le fournisseur, en France ou dans l’Union européenne' },
						{ value: 'hors_ue', label: 'Chez un fournisseur hors de l’Union européenne, ou je ne sais pas' }
					],
					{
						help: 'Des données stockées hors de l’Union européenne sont un « transfert » que le registre doit mentionner.',
						showIf: { field: 'category', oneOf: ['logiciel', 'en_ligne'] }
					}
				),
				textField('location', 'Où se trouve-t-il ?', {
					required: true,
					help: 'L’endroit physique, ou l’ordinateur sur lequel il est.',
					example: 'Armoire du secrétariat ; ordinateur de l’accueil ; poche du maire'
				}),
				textField('users', 'Qui l’utilise ?', {
					required: true,
					example: 'La secrétaire ; le maire et les adjoints'
				}),
				textareaField('notes', 'Remarques', {
					help: 'Ce qui vous a frappé : une armoire qui ne ferme pas, un téléphone sans code…',
					max: 2000
				})
			]
		}
	]
};

// ---- Register entries (fiches, art. 30) ------------------------------------------------------

export const LEGAL_BASES: Option[] = [
	{ value: 'c', label: 'Obligation légale (art. 6.1.c)', help: 'Un texte oblige la commune à traiter ces données : état civil, listes électorales, paie…' },
	{ value: 'e', label: 'Mission d’intérêt public (art. 6.1.e)', help: 'La commune exerce une mission de service public ou ses pouvoirs : cantine, urbanisme, cimetière…' },
	{ value: 'a', label: 'Consentement (art. 6.1.a)', help: 'La personne a choisi librement de s’inscrire et peut se retirer : alerte SMS, lettre d’information…' },
	{ value: 'b', label: 'Contrat (art. 6.1.b)', help: 'Nécessaire à un contrat avec la personne : location de salle, abonnement à l’eau…' },
	{ value: 'd', label: 'Intérêts vitaux (art. 6.1.d)', help: 'Protéger la vie d’une personne, en urgence. Rare.' },
	{ value: 'f', label: 'Intérêt légitime (art. 6.1.f)', help: 'Ne peut pas servir aux missions de service public d’une commune ; seulement à des activités privées. Rare.' }
];

export const DATA_SUBJECTS: Option[] = [
	{ value: 'habitants', label: 'Habitants, administrés' },
	{ value: 'usagers', label: 'Usagers d’un service' },
	{ value: 'enfants', label: 'Enfants' },
	{ value: 'parents', label: 'Parents, responsables légaux' },
	{ value: 'agents', label: 'Agents de la commune' },
	{ value: 'candidats', label: 'Candidats à un emploi' },
	{ value: 'elus', label: 'Élus' },
	{ value: 'electeurs', label: 'Électeurs' },
	{ value: 'personnes_agees', label: 'Personnes âgées ou vulnérables' },
	{ value: 'beneficiaires_sociaux', label: 'Bénéficiaires d’aides sociales' },
	{ value: 'proprietaires', label: 'Propriétaires, demandeurs d’autorisation' },
	{ value: 'fournisseurs', label: 'Fournisseurs, entreprises (personnes physiques)' },
	{ value: 'visiteurs', label: 'Visiteurs, passants (images)' },
	{ value: 'defunts_familles', label: 'Défunts et leurs familles' }
];

/** The data categories of the CNIL's register model. */
export const DATA_CATEGORIES: Option[] = [
	{ value: 'identite', label: 'État civil, identité, données d’identification, images' },
	{ value: 'vie_personnelle', label: 'Vie personnelle (habitudes de vie, situation familiale…)' },
	{ value: 'vie_professionnelle', label: 'Vie professionnelle (CV, carrière, formation…)' },
	{ value: 'economique', label: 'Informations d’ordre économique et financier (revenus, coordonnées bancaires…)' },
	{ value: 'connexion', label: 'Données de connexion (adresse IP, journaux…)' },
	{ value: 'localisation', label: 'Données de localisation (déplacements, GPS…)' },
	{ value: 'internet', label: 'Données internet (cookies, traceurs…)' },
	{ value: 'autres', label: 'Autres catégories' }
];

export const SENSITIVE_DATA: Option[] = [
	{ value: 'sante', label: 'Santé, handicap', help: 'Donnée « sensible » (art. 9) : interdite sauf exception prévue par le texte.' },
	{ value: 'origine_religion_opinions', label: 'Origine, religion, opinions politiques ou syndicales, vie sexuelle', help: 'Données sensibles (art. 9) : une commune ne doit presque jamais les recueillir.' },
	{ value: 'biometrie', label: 'Biométrie (empreintes…) ou génétique' },
	{ value: 'infractions', label: 'Infractions, condamnations', help: 'Art. 10 : seulement sous le contrôle de l’autorité publique.' },
	{ value: 'nir', label: 'Numéro de sécurité sociale (NIR)', help: 'Autorisé seulement dans les cas du décret 2019-341 (paie, protection sociale…).' }
];

export const FINAL_FATES: Option[] = [
	{ value: 'destruction', label: 'Destruction', help: 'Pour des archives publiques, avec le visa des Archives départementales.' },
	{ value: 'versement', label: 'Versement aux archives', help: 'Conservation définitive (archives de la commune ou départementales).' },
	{ value: 'tri', label: 'Tri', help: 'Une partie est conservée (échantillon, dossiers significatifs), le reste détruit.' }
];

/** The seven headings of security measures in the CNIL's register model. */
export const SECURITY_HEADINGS: { name: string; label: string; example: string }[] = [
	{ name: 'securityAccess', label: 'Contrôle d’accès des utilisateurs', example: 'Mot de passe personnel, session verrouillée, armoire fermée à clé' },
	{ name: 'securityTrace', label: 'Traçabilité', example: 'Le logiciel garde l’historique des consultations et modifications' },
	{ name: 'securitySoftware', label: 'Protection des logiciels', example: 'Mises à jour automatiques, antivirus' },
	{ name: 'securityBackup', label: 'Sauvegarde des données', example: 'Sauvegarde hebdomadaire sur disque externe débranché après usage' },
	{ name: 'securityEncryption', label: 'Chiffrement des données', example: 'Clé USB chiffrée, site en https' },
	{ name: 'securityProcessors', label: 'Contrôle des sous-traitants', example: 'Contrat avec clauses RGPD (art. 28) signé avec l’éditeur' },
	{ name: 'securityOther', label: 'Autres mesures', example: 'Papier : registre rangé dans une armoire fermée à clé' }
];

export const DPIA_HINTS: Option[] = [
	{ value: 'non_requise', label: 'Non requise', help: 'Sur la liste de la CNIL des traitements dispensés, ou sans risque élevé.' },
	{ value: 'requise', label: 'Requise', help: 'Un des trois cas prévus par le RGPD lui-même (article 35.3), ou sur la liste de la CNIL des traitements qui exigent une analyse d’impact.' },
	{ value: 'probable', label: 'Probable', help: 'Plusieurs critères de risque élevé semblent réunis : à confirmer.' },
	{ value: 'a_examiner', label: 'À examiner au cas par cas' }
];

const securityFields: FieldDef[] = SECURITY_HEADINGS.map((h) =>
	textareaField(h.name, h.label, { example: h.example, max: 2000, exportLabel: `Mesures de sécurité — ${h.label}`, law: { art30: 'g', pia: [123] } })
);

/**
 * The fiche data a catalogue entry pre-fills: every key of the entry named after a field of the fiche,
 * as it is; the sensitive data answered from the list, the retention's source written out.
 */
export function ficheFromCatalogue(entry: CatalogueEntry): Answers {
	const data: Answers = {};
	for (const f of kindFields(activityKind)) if (Object.hasOwn(entry, f.name)) data[f.name] = (entry as unknown as Answers)[f.name];
	data.hasSensitive = entry.sensitive.length ? 'oui' : 'non';
	data.retentionSource = entry.retentionSource.text + (entry.retentionSource.url ? ` (${entry.retentionSource.url})` : '') + (entry.retentionSource.weak ? ' — source à confirmer' : '');
	for (const k of Object.keys(data)) if (!isAnswered(data[k])) delete data[k];
	return data;
}

export const activityKind: RecordKind = {
	id: 'activity',
	entity: 'fiche du registre',
	copyable: true,
	fromCatalogue: ficheFromCatalogue,
	singular: 'une fiche',
	plural: 'fiches du registre',
	titleField: 'name',
	sections: [
		{
			title: 'L’activité et ses finalités',
			intro: 'Une fiche par activité : ce que la commune fait avec des données personnelles, et pourquoi.',
			fields: [
				textField('name', 'Nom de l’activité', { law: { notice: '13.1.a', pia: [111] }, required: true, example: 'Inscriptions à la cantine scolaire', exportLabel: 'Nom du traitement' }),
				textareaField('description', 'Description', { law: { art30: 'b', pia: [111, 122] }, help: 'En deux phrases : ce qui se passe concrètement.', max: 2000, personal: true }),
				textareaField('purposes', 'Finalités', {
					law: { art30: 'b', notice: '13.1.c', pia: [111, 211] },
					required: true,
					help: 'La « finalité », c’est le but : à quoi servent les données. Une par ligne.',
					example: 'Gérer les inscriptions\nFacturer les repas\nAdapter les repas aux allergies',
					max: 3000,
					exportLabel: 'Finalité(s) du traitement'
				}),
				textField('jointController', 'Responsable conjoint', {
					law: { art30: 'a', notice: '13.1.a', pia: [112] },
					help: 'Un autre organisme qui décide avec la commune du but et des moyens (par exemple le CCAS ou l’intercommunalité). Laissez vide s’il n’y en a pas.',
					max: 300,
					exportLabel: 'Responsable conjoint du traitement'
				}),
				radioField('legalBasis', 'Base légale', LEGAL_BASES, {
					law: { notice: '13.1.c', pia: [212] },
					required: true,
					help: 'La « base légale » (article 6 du RGPD) est ce qui autorise la commune à traiter ces données. Il en faut une, et une seule.'
				}),
				// Internal (the text that founds the activity, for the register and the PIA): the notice
				// tells the legal basis in its own words, not this justification.
				textareaField('legalBasisJustification', 'Justification de la base légale', {
					law: { pia: [113, 212] },
					required: true,
					help: 'Le texte ou la mission qui fonde l’activité.',
					example: 'Code électoral, articles L16 et suivants',
					max: 2000
				})
			]
		},
		{
			title: 'Les personnes et les données',
			fields: [
				checkboxesField('dataSubjects', 'Personnes concernées', DATA_SUBJECTS, { law: { art30: 'c', pia: [121] }, required: true, exportLabel: 'Catégories de personnes concernées' }),
				textField('dataSubjectsOther', 'Autres personnes concernées', { law: { art30: 'c', pia: [121] }, max: 300 }),
				checkboxesField('dataCategories', 'Catégories de données', DATA_CATEGORIES, {
					law: { art30: 'c', notice: '14.1.d', pia: [121] },
					required: true,
					help: 'Ne recueillez que ce qui est nécessaire au but (« minimisation ») : une lettre d’information n’a besoin que d’une adresse e-mail.'
				}),
				textareaField('dataDetails', 'Détail des données', { law: { art30: 'c', notice: '14.1.d', pia: [121, 213] }, example: 'Nom, prénom, adresse, date de naissance des enfants, régime alimentaire', max: 3000 }),
				booleanField('hasSensitive', 'Des données sensibles sont-elles traitées ?', {
					law: { art30: 'c', pia: [121] },
					required: true,
					help: 'Santé, origine, religion, opinions, infractions, numéro de sécurité sociale…',
					exportLabel: 'Données sensibles'
				}),
				checkboxesField('sensitive', 'Lesquelles ?', SENSITIVE_DATA, {
					law: { art30: 'c', pia: [121] },
					required: true,
					showIf: { field: 'hasSensitive', equals: 'oui' },
					exportLabel: 'Catégories de données sensibles'
				}),
				textareaField('sensitiveJustification', 'Pourquoi ces données sensibles sont-elles nécessaires ?', {
					law: { art30: 'c', pia: [121] },
					required: true,
					showIf: { field: 'hasSensitive', equals: 'oui' },
					example: 'Allergies alimentaires déclarées par les parents pour adapter les repas (art. 9.2)',
					max: 2000
				})
			]
		},
		{
			title: 'Durées de conservation',
			intro: 'Combien de temps garder les données, puis qu’en faire. Une durée par catégorie si elles diffèrent.',
			fields: [
				textareaField('retention', 'Durées de conservation', {
					law: { art30: 'f', notice: '13.2.a', pia: [121, 122, 215] },
					required: true,
					example: 'Dossier actif : 2 ans après le dernier contact ; puis archives intermédiaires 5 ans',
					max: 3000,
					exportLabel: 'Durées de conservation'
				}),
				radioField('finalFate', 'Sort final à la fin de la conservation', FINAL_FATES, { law: { art30: 'f', pia: [122, 215] }, required: true }),
				textareaField('retentionSource', 'Source de la durée', {
					law: { art30: 'f', pia: [113, 215] },
					help: 'Le texte ou l’instruction d’archivage qui la fixe.',
					example: 'Instruction DGP/SIAF/2014/006 (archives communales)',
					max: 2000
				})
			]
		},
		{
			title: 'Destinataires et transferts',
			fields: [
				textareaField('recipientsInternal', 'Destinataires internes', { law: { art30: 'd', notice: '13.1.e', pia: [121] }, required: true, example: 'Secrétariat de mairie, maire et adjoints', max: 2000 }),
				textareaField('recipientsExternal', 'Organismes externes destinataires', { law: { art30: 'd', notice: '13.1.e', pia: [121] }, example: 'Préfecture, INSEE, trésorerie', max: 2000 }),
				textareaField('processors', 'Sous-traitants', {
					law: { art30: 'd', notice: '13.1.e', pia: [112, 226] },
					help: 'Un « sous-traitant » traite les données pour le compte de la commune (éditeur du logiciel, hébergeur, prestataire de paie). Un contrat doit l’encadrer (art. 28).',
					max: 2000
				}),
				booleanField('transfers', 'Des données partent-elles hors de l’Union européenne ?', {
					law: { art30: 'e', notice: '13.1.f', pia: [227] },
					required: true,
					help: 'Par exemple un service en ligne hébergé aux États-Unis.',
					exportLabel: 'Transferts hors UE'
				}),
				textareaField('transferDetails', 'Pays et garanties', {
					law: { art30: 'e', notice: '13.1.f', pia: [227] },
					required: true,
					showIf: { field: 'transfers', equals: 'oui' },
					example: 'États-Unis, clauses contractuelles types de la Commission européenne',
					max: 2000
				})
			]
		},
		{
			title: 'Mesures de sécurité',
			intro: 'Décrivez ce qui existe déjà, même simple ; le registre de la CNIL en prévoit sept rubriques. La fiche est complète dès qu’une mesure la protège : décrite ici, ou faite pour la mairie (recette « Sécuriser le quotidien ») et valable pour un de ses supports. « Aucune » n’est pas une mesure.',
			fields: securityFields
		},
		{
			title: 'Supports et analyse d’impact',
			fields: [
				recordsField('supports', 'Supports utilisés', 'support', {
					law: { pia: [123] },
					help: 'Les logiciels, fichiers, matériels et papiers recensés dans la cartographie qui servent à cette activité.',
					exportLabel: 'Logiciels et supports'
				}),
				radioField('dpiaHint', 'Analyse d’impact (AIPD) : première indication', DPIA_HINTS, {
					help: 'L’« analyse d’impact » est une étude des risques exigée pour les traitements à risque élevé. Cette indication sera confirmée plus tard, critère par critère.'
				}),
				textareaField('dpiaReason', 'Raison de l’indication', { max: 2000 })
			]
		}
	]
};

export const RECORD_KINDS: Record<string, RecordKind> = {
	support: supportKind,
	activity: activityKind,
	conformity: conformityKind,
	dpia: dpiaKind,
	risk: riskKind,
	notice: noticeKind,
	request: requestKind,
	breach: breachKind,
	processor: processorKind,
	action: actionKind,
	training: trainingKind
};

/**
 * Kinds that declare no retention: live records are kept as long as the commune uses the app (they
 * are its register, its proofs of compliance); a record removed from the lists (« supprimé ») is
 * really deleted one year after its removal — time enough to notice a mistaken removal.
 */
export const DEFAULT_RETENTION: Retention = {
	archivedYears: 1,
	basis: 'Documentation de conformité de la commune (article 5.2 du RGPD) : gardée tant que la commune utilise l’application ; une fiche supprimée est effacée définitivement un an après sa suppression.'
};

export function retentionOf(kind: RecordKind): Retention {
	return kind.retention ?? DEFAULT_RETENTION;
}

/** The fields of a kind that may hold a person's data (`personal: true`). */
export function personalFields(kind: RecordKind): FieldDef[] {
	return kindFields(kind).filter((f) => f.personal);
}

/** The declared kind of this id, or undefined: an id from a URL or a file may be anything ("constructor"…). */
export function findRecordKind(id: unknown): RecordKind | undefined {
	return typeof id === 'string' && Object.hasOwn(RECORD_KINDS, id) ? RECORD_KINDS[id] : undefined;
}

export function kindFields(kind: RecordKind): FieldDef[] {
	return kind.sections.flatMap((s) => s.fields);
}

/** The fields a kind's conditions may read: its own, and its parent record's as `__parent.x`. */
export function kindLookup(kind: RecordKind): ConditionLookup {
	const parent = kind.parentKind ? RECORD_KINDS[kind.parentKind] : undefined;
	return lookupIn(kindFields(kind), parent ? kindFields(parent).map((f) => ({ name: `__parent.${f.name}`, field: f, where: parent.entity })) : []);
}

/** A fiche counts as having security measures when at least one heading is described. */
export const SECURITY_FIELD_NAMES = SECURITY_HEADINGS.map((h) => h.name);

/**
 * An answer to a security heading that says there is no measure (« Aucune », « néant », « rien »…):
 * it is an answer, not a measure, and does not make the fiche's security complete.
 */
export function saysNoMeasure(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const t = value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return /^(aucune?( mesure( de securite)?)?( pour l instant| pour le moment)?|neant|rien|non|pas de mesure|sans|sans objet|na|n a|nc|ras|a faire|inconnue?|je ne sais pas|ne sais pas)?$/.test(t);
}
