// Recipe « Le profil de la commune » — about fifteen yes/no questions, asked first, from which the
// app proposes register entries (catalogue entries), supports of the map, processors (the vendors
// of the business software) and the security points that matter, each with its reason. Everything
// here is data: the questions are an ordinary form step (saving, history, progress, journal), and
// `PROFILE_RULES` says, per answer, what is proposed and why. The server (domain/profile.ts)
// creates the proposed records through the one write path, « proposé, non confirmé ».
import { CATALOGUE } from '../catalogue/entries';
import { conditionMet } from './conditions';
import { booleanField, checkboxesField, radioField, textField } from './fields';
import { MEASURES, THEMES } from './securite';
import type { Answers, Condition, Option, Recipe } from './types';

/** Below this population, the CCAS is optional (CASF art. L123-4, as amended by the loi NOTRe of 2015). */
export const CCAS_OPTIONAL_BELOW = 1500;

export const CCAS_OPTIONS: Option[] = [
	{ value: 'oui', label: 'Oui, la commune a un CCAS' },
	{ value: 'commune', label: 'Non : la commune exerce elle-même l’aide sociale' },
	{ value: 'cias', label: 'Non : l’aide sociale est confiée au CIAS de l’intercommunalité' }
];

export const AGENT_RANGES: Option[] = [
	{ value: '0', label: 'Aucun agent', help: 'Le maire et les élus font tout eux-mêmes.' },
	{ value: '1-2', label: '1 ou 2 agents' },
	{ value: '3-9', label: '3 à 9 agents' },
	{ value: '10-49', label: '10 à 49 agents' },
	{ value: '50+', label: '50 agents ou plus' }
];

/** The business software vendors most seen in small communes: a plain list, in alphabetical order. */
export const VENDORS: Option[] = [
	{ value: 'agedi', label: 'AGEDI' },
	{ value: 'berger-levrault', label: 'Berger-Levrault' },
	{ value: 'ciril', label: 'Ciril Group' },
	{ value: 'cosoluce', label: 'Cosoluce' },
	{ value: 'jvs', label: 'JVS-Mairistem' },
	{ value: 'segilog', label: 'Ségilog' },
	{ value: 'autre', label: 'Autre éditeur', help: 'Donnez son nom dans la case qui suit.' }
];

export const PROFILE_STEP_ID = 'questions';

export const profilRecipe: Recipe = {
	id: 'profil',
	title: 'Le profil de la commune',
	why:
		'Une quinzaine de questions sur ce que fait la commune : une école, une cantine, un site web, des agents… À partir de vos réponses, l’application propose les activités du registre, les supports de la cartographie, les prestataires et les points de sécurité qui vous concernent. Tout ce qu’elle propose reste « proposé » tant que vous ne l’avez pas confirmé.',
	priority: 1,
	page: 'profil',
	steps: [
		{
			kind: 'form',
			id: PROFILE_STEP_ID,
			title: 'Ce que fait la commune',
			intro:
				'Répondez par oui ou par non : chaque réponse dit à l’application ce qu’elle doit vous proposer. Rien n’est créé sans que vous le voyiez, et vous pourrez changer une réponse à tout moment.',
			minutes: 10,
			fields: [
				booleanField('ecole', 'La commune a-t-elle une école ?', {
					required: true,
					help: 'Une école maternelle ou élémentaire publique : la mairie inscrit les enfants (Code de l’éducation, art. L131-6).'
				}),
				booleanField('cantine', 'La commune gère-t-elle une cantine scolaire ?', {
					required: true,
					help: 'La restauration scolaire : inscriptions, facturation des repas, allergies déclarées par les parents.'
				}),
				booleanField('periscolaire', 'La commune organise-t-elle un accueil périscolaire ?', {
					required: true,
					help: 'La garderie du matin et du soir, le centre de loisirs du mercredi : inscriptions et facturation.'
				}),
				radioField('ccas', 'La commune a-t-elle un centre communal d’action sociale (CCAS) ?', CCAS_OPTIONS, {
					required: true,
					help: 'Le CCAS est un établissement public rattaché à la commune, qui aide les personnes en difficulté (aides facultatives, dossiers d’aide sociale, domiciliation).'
				}),
				booleanField('aines', 'La commune offre-t-elle un colis ou un repas aux aînés ?', {
					required: true,
					help: 'La liste des bénéficiaires (nom, adresse, âge) est un fichier de données personnelles, même tenue une fois par an.'
				}),
				booleanField('video', 'La commune a-t-elle des caméras de vidéoprotection ?', {
					required: true,
					help: 'Des caméras qui filment la voie publique ou un bâtiment communal : elles demandent une autorisation du préfet et une information des passants.'
				}),
				booleanField('police', 'La commune a-t-elle une police municipale ?', {
					required: true,
					help: 'Des agents de police municipale ou un garde champêtre.'
				}),
				booleanField('cameras', 'Les policiers municipaux portent-ils des caméras-piétons ?', {
					required: true,
					showIf: { field: 'police', equals: 'oui' },
					help: 'De petites caméras portées sur l’uniforme, déclenchées lors d’une intervention.'
				}),
				booleanField('site', 'La commune a-t-elle un site web ?', {
					required: true,
					help: 'Le site de la mairie, avec souvent un formulaire de contact et parfois des outils de mesure d’audience (« cookies »).'
				}),
				booleanField('newsletter', 'La commune envoie-t-elle une lettre d’information par e-mail ?', {
					required: true,
					help: 'Une « newsletter » : les habitants s’inscrivent avec leur adresse e-mail et peuvent se désinscrire.'
				}),
				booleanField('sms', 'La commune prévient-elle les habitants par SMS, appel ou e-mail en cas d’alerte ?', {
					required: true,
					help: 'Alertes météo, coupures d’eau, inondations : y compris des SMS envoyés depuis le téléphone du maire.'
				}),
				booleanField('salle', 'La commune loue-t-elle une salle des fêtes ou du matériel ?', {
					required: true,
					help: 'Les réservations gardent le nom, l’adresse et parfois le chèque de caution des locataires.'
				}),
				booleanField('cimetiere', 'La commune gère-t-elle un cimetière ?', {
					required: true,
					help: 'Les concessions, leurs titulaires et le registre des inhumations.'
				}),
				booleanField('eau', 'La commune facture-t-elle elle-même l’eau ou l’assainissement ?', {
					required: true,
					help: 'Un service d’eau « en régie » : la mairie tient le fichier des abonnés et envoie les factures. Répondez non si c’est un syndicat ou une entreprise.'
				}),
				radioField('agents', 'Combien la commune a-t-elle d’agents ?', AGENT_RANGES, {
					required: true,
					help: 'Les agents employés par la commune, titulaires ou non, même à temps partiel (secrétaire de mairie, agent technique, ATSEM…).'
				}),
				checkboxesField('vendors', 'Quels éditeurs de logiciels de gestion la mairie utilise-t-elle ?', VENDORS, {
					help: 'Les logiciels métier : état civil, élections, paie, comptabilité, facturation. Cochez tous ceux que vous utilisez ; ne cochez rien si la mairie n’en a pas. Ces éditeurs sont des « sous-traitants » : ils traitent des données pour la commune.'
				}),
				textField('vendorOther', 'Nom de l’autre éditeur', {
					required: true,
					showIf: { field: 'vendors', oneOf: ['autre'] },
					max: 200,
					example: 'Un éditeur régional'
				})
			]
		}
	]
};

// ---- The proposals -----------------------------------------------------------------------------

/** A support of the map the app proposes (its data as a support record takes it). */
export interface SupportProposal {
	/** Stable key: the same proposal is never created twice (origin `{ profil: 'support:<key>' }`). */
	key: string;
	data: Answers;
}

/** A processor the app proposes, attached to the activities (catalogue ids) it serves, where present. */
export interface ProcessorProposal {
	key: string;
	name: string;
	service: string;
	serves: string[];
}

/** What one answer (or every commune) brings, and why. */
export interface ProfileRule {
	id: string;
	/** Holds for the profile's answers; absent: every commune. */
	when?: Condition;
	/** « parce que vous avez une cantine », « toute commune tient l’état civil ». */
	why: string;
	/** Catalogue entries (ids of catalogue/entries.ts) that become register entries. */
	activities?: string[];
	supports?: SupportProposal[];
	processors?: ProcessorProposal[];
	/** Security measures (ids of securite.ts) that matter. */
	security?: string[];
	/** The question it answers, for « this answer no longer holds » (its field name). */
	question?: string;
}

/**
 * Where a support proposed by the profile usually is, and who uses it, in a small mairie: proposed
 * with it (to confirm or correct like the rest), by category — a hand-typed answer always wins.
 */
export const SUPPORT_DEFAULTS: Record<string, Answers> = {
	bureautique: { location: 'Ordinateur du secrétariat', users: 'La secrétaire de mairie' },
	logiciel: { location: 'Chez l’éditeur (en ligne) ou sur l’ordinateur du secrétariat', users: 'La secrétaire de mairie' },
	materiel: { location: 'Secrétariat de la mairie', users: 'La secrétaire de mairie et le maire' },
	en_ligne: { location: 'En ligne, chez le prestataire', users: 'La secrétaire de mairie et le maire' },
	papier: { location: 'Armoire du secrétariat', users: 'La secrétaire de mairie et le maire' }
};

/** A proposed support's data with the usual place and users of its category where it says none. */
export function supportProposalData(data: Answers): Answers {
	return { ...(SUPPORT_DEFAULTS[String(data.category)] ?? {}), ...data };
}

/** The activities a mairie's management suite typically serves (attached where they are in the register). */
const SUITE_SERVES = ['etat-civil', 'listes-electorales', 'paie', 'gestion-personnel', 'elus', 'cimetiere', 'location-salles', 'eau-assainissement', 'deliberations-arretes'];

const software = (vendor: Option): SupportProposal => ({
	key: `logiciel-${vendor.value}`,
	data: { category: 'logiciel', name: `Logiciels de gestion ${vendor.label}`, vendor: vendor.label }
});

export const PROFILE_RULES: ProfileRule[] = [
	// Every commune.
	{ id: 'etat-civil', why: 'car toute commune tient les registres de l’état civil', activities: ['etat-civil'] },
	{ id: 'elections', why: 'car toute commune tient ses listes électorales', activities: ['listes-electorales'] },
	{ id: 'recensement', why: 'car toute commune recense les jeunes de 16 ans', activities: ['recensement-citoyen'] },
	{ id: 'urbanisme', why: 'car toute commune reçoit les demandes d’urbanisme et tient leur registre', activities: ['urbanisme'] },
	{ id: 'actes', why: 'car toute commune prend des délibérations et des arrêtés et les publie', activities: ['deliberations-arretes'] },
	{ id: 'elus', why: 'car toute commune a des élus, et souvent leur verse des indemnités', activities: ['elus'] },
	{
		id: 'base',
		why: 'car toute mairie a au moins un ordinateur, une messagerie et des dossiers papier',
		supports: [
			{ key: 'ordinateur', data: { category: 'materiel', device: 'ordinateur', name: 'Ordinateur du secrétariat' } },
			{ key: 'messagerie', data: { category: 'en_ligne', name: 'Messagerie de la mairie' } },
			{ key: 'papier', data: { category: 'papier', name: 'Registres et dossiers papier de la mairie' } }
		],
		security: ['mdp_personnels', 'verrouillage', 'mises_a_jour', 'sauvegarde_reguliere', 'sauvegarde_debranchee', 'papier_cle', 'procedure_incident']
	},
	// By answer.
	{ id: 'ecole', question: 'ecole', when: { field: 'ecole', equals: 'oui' }, why: 'parce que vous avez une école', activities: ['inscriptions-scolaires'] },
	{
		id: 'cantine',
		question: 'cantine',
		when: { field: 'cantine', equals: 'oui' },
		why: 'parce que vous avez une cantine',
		activities: ['cantine-periscolaire'],
		supports: [{ key: 'portail-famille', data: { category: 'logiciel', name: 'Logiciel ou portail famille (cantine, périscolaire)' } }]
	},
	{
		id: 'periscolaire',
		question: 'periscolaire',
		when: { field: 'periscolaire', equals: 'oui' },
		why: 'parce que vous organisez un accueil périscolaire',
		activities: ['cantine-periscolaire'],
		supports: [{ key: 'portail-famille', data: { category: 'logiciel', name: 'Logiciel ou portail famille (cantine, périscolaire)' } }]
	},
	{
		id: 'ccas',
		question: 'ccas',
		when: { field: 'ccas', equals: 'oui' },
		why: 'parce que la commune a un CCAS (un établissement public distinct, qui tient son propre registre : cette fiche lui sert de base)',
		activities: ['ccas-aide-sociale'],
		security: ['papier_cle', 'ecran_public']
	},
	{
		id: 'aide-sociale',
		question: 'ccas',
		when: { field: 'ccas', equals: 'commune' },
		why: 'parce que la commune exerce elle-même l’aide sociale',
		activities: ['ccas-aide-sociale'],
		security: ['papier_cle', 'ecran_public']
	},
	{ id: 'aines', question: 'aines', when: { field: 'aines', equals: 'oui' }, why: 'parce que vous offrez un colis ou un repas aux aînés', activities: ['colis-aines'] },
	{
		id: 'video',
		question: 'video',
		when: { field: 'video', equals: 'oui' },
		why: 'parce que vous avez des caméras de vidéoprotection',
		activities: ['videoprotection'],
		supports: [{ key: 'enregistreur-video', data: { category: 'materiel', device: 'appareil', name: 'Enregistreur des caméras de vidéoprotection' } }],
		processors: [{ key: 'video', name: 'Installateur et mainteneur des caméras (nom à préciser)', service: 'Installation et maintenance du système de vidéoprotection', serves: ['videoprotection'] }],
		security: ['mdp_defaut', 'qui_acces']
	},
	{
		id: 'police',
		question: 'police',
		when: { field: 'police', equals: 'oui' },
		why: 'parce que vous avez une police municipale',
		security: ['qui_acces', 'code_telephones']
	},
	{
		id: 'cameras',
		question: 'cameras',
		when: { all: [{ field: 'police', equals: 'oui' }, { field: 'cameras', equals: 'oui' }] },
		why: 'parce que vos policiers municipaux portent des caméras-piétons',
		activities: ['cameras-pietons']
	},
	{
		id: 'site',
		question: 'site',
		when: { field: 'site', equals: 'oui' },
		why: 'parce que vous avez un site web',
		activities: ['site-web'],
		supports: [{ key: 'site', data: { category: 'en_ligne', name: 'Site web de la commune' } }],
		processors: [{ key: 'site', name: 'Hébergeur du site web (nom à préciser)', service: 'Hébergement du site web et de son formulaire de contact', serves: ['site-web'] }],
		security: ['mdp_defaut']
	},
	{
		id: 'newsletter',
		question: 'newsletter',
		when: { field: 'newsletter', equals: 'oui' },
		why: 'parce que vous envoyez une lettre d’information',
		activities: ['lettre-information'],
		supports: [{ key: 'newsletter', data: { category: 'en_ligne', name: 'Outil d’envoi de la lettre d’information' } }],
		processors: [{ key: 'newsletter', name: 'Outil d’envoi de la lettre d’information (nom à préciser)', service: 'Envoi de la lettre d’information par e-mail', serves: ['lettre-information'] }]
	},
	{
		id: 'sms',
		question: 'sms',
		when: { field: 'sms', equals: 'oui' },
		why: 'parce que vous prévenez les habitants par SMS ou par appel',
		activities: ['alerte-sms'],
		supports: [
			{ key: 'alerte-sms', data: { category: 'en_ligne', name: 'Service d’envoi des alertes (SMS, appels)' } },
			{ key: 'telephone-maire', data: { category: 'materiel', device: 'telephone', name: 'Téléphone du maire', location: 'Avec le maire', users: 'Le maire' } }
		],
		processors: [{ key: 'sms', name: 'Plateforme d’envoi des alertes (nom à préciser)', service: 'Envoi des SMS et appels d’alerte aux habitants', serves: ['alerte-sms'] }],
		security: ['code_telephones', 'perso_pro']
	},
	{ id: 'salle', question: 'salle', when: { field: 'salle', equals: 'oui' }, why: 'parce que vous louez une salle ou du matériel', activities: ['location-salles'] },
	{ id: 'cimetiere', question: 'cimetiere', when: { field: 'cimetiere', equals: 'oui' }, why: 'parce que vous gérez un cimetière', activities: ['cimetiere'] },
	{ id: 'eau', question: 'eau', when: { field: 'eau', equals: 'oui' }, why: 'parce que vous facturez l’eau ou l’assainissement', activities: ['eau-assainissement'] },
	{
		id: 'agents',
		question: 'agents',
		when: { field: 'agents', oneOf: ['1-2', '3-9', '10-49', '50+'] },
		why: 'parce que la commune emploie des agents',
		activities: ['paie', 'gestion-personnel'],
		security: ['qui_acces', 'sensibilisation']
	},
	{ id: 'recrutement', question: 'agents', when: { field: 'agents', oneOf: ['10-49', '50+'] }, why: 'parce que la commune emploie au moins dix agents et recrute', activities: ['recrutement'] },
	// One rule per vendor: its software on the map, and the vendor as a processor of the activities it serves.
	...VENDORS.filter((v) => v.value !== 'autre').map(
		(v): ProfileRule => ({
			id: `vendor-${v.value}`,
			question: 'vendors',
			when: { field: 'vendors', oneOf: [v.value] },
			why: `parce que la mairie utilise les logiciels de ${v.label}`,
			supports: [software(v)],
			processors: [{ key: `vendor-${v.value}`, name: v.label, service: 'Éditeur des logiciels de gestion de la mairie', serves: SUITE_SERVES }],
			security: ['qui_acces']
		})
	)
];

/**
 * The rule for the « autre » vendor, named by the answer: its key follows the name, so a second,
 * different « autre » vendor is a new proposal.
 */
export function otherVendorRule(answers: Answers): ProfileRule | null {
	const name = typeof answers.vendorOther === 'string' ? answers.vendorOther.trim() : '';
	if (!conditionMet({ field: 'vendors', oneOf: ['autre'] }, answers) || !name) return null;
	const slug = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
	return {
		id: `vendor-autre-${slug}`,
		question: 'vendors',
		why: `parce que la mairie utilise les logiciels de ${name}`,
		supports: [{ key: `logiciel-autre-${slug}`, data: { category: 'logiciel', name: `Logiciels de gestion ${name}`, vendor: name } }],
		processors: [{ key: `vendor-autre-${slug}`, name, service: 'Éditeur des logiciels de gestion de la mairie', serves: SUITE_SERVES }],
		security: ['qui_acces']
	};
}

/** The rules that hold for these answers (every commune's, then the answers'). */
export function applicableRules(answers: Answers): ProfileRule[] {
	const out = PROFILE_RULES.filter((r) => !r.when || conditionMet(r.when, answers));
	const other = otherVendorRule(answers);
	return other ? [...out, other] : out;
}

/** The rules tied to a question that no longer hold (the answer flipped to « non »). */
export function rulesNotApplying(answers: Answers): ProfileRule[] {
	return PROFILE_RULES.filter((r) => r.when && !conditionMet(r.when, answers));
}

/** Every proposal these answers make, each once, with the reasons that bring it (first reason first). */
export interface ProposalPlan {
	activities: { entryId: string; why: string[] }[];
	supports: { key: string; data: Answers; why: string[] }[];
	processors: (ProcessorProposal & { why: string[] })[];
	security: { measureId: string; themeId: string; label: string; why: string[] }[];
}

export function planProposals(answers: Answers): ProposalPlan {
	const plan: ProposalPlan = { activities: [], supports: [], processors: [], security: [] };
	const add = <T extends { why: string[] }>(list: T[], found: T | undefined, make: () => T, why: string) => {
		if (found) {
			if (!found.why.includes(why)) found.why.push(why);
		} else list.push(make());
	};
	for (const rule of applicableRules(answers)) {
		for (const id of rule.activities ?? []) add(plan.activities, plan.activities.find((a) => a.entryId === id), () => ({ entryId: id, why: [rule.why] }), rule.why);
		for (const s of rule.supports ?? []) add(plan.supports, plan.supports.find((x) => x.key === s.key), () => ({ ...s, why: [rule.why] }), rule.why);
		for (const p of rule.processors ?? []) add(plan.processors, plan.processors.find((x) => x.key === p.key), () => ({ ...p, why: [rule.why] }), rule.why);
		for (const m of rule.security ?? []) {
			const measure = MEASURES.find((x) => x.id === m)!;
			const theme = THEMES.find((t) => t.measures.includes(measure))!;
			add(plan.security, plan.security.find((x) => x.measureId === m), () => ({ measureId: m, themeId: theme.id, label: measure.label, why: [rule.why] }), rule.why);
		}
	}
	return plan;
}

/** The reason a proposal carries (« parce que vous avez une cantine ; parce que… »). */
export const whyText = (why: string[]) => why.join(' ; ');

// The declarations must name what exists: checked once, at load.
for (const rule of PROFILE_RULES) {
	for (const id of rule.activities ?? []) if (!CATALOGUE.some((e) => e.id === id)) throw new Error(`profile rule ${rule.id}: no catalogue entry ${id}`);
	for (const m of rule.security ?? []) if (!MEASURES.some((x) => x.id === m)) throw new Error(`profile rule ${rule.id}: no security measure ${m}`);
	for (const p of rule.processors ?? []) for (const id of p.serves) if (!CATALOGUE.some((e) => e.id === id)) throw new Error(`profile rule ${rule.id}: no catalogue entry ${id}`);
}
