// Recipe « Sécuriser le quotidien » — the security basics small communes lack most, from the
// CNIL security guide (2024 edition) and the GIP's training (shared/domain/rgpd-communes.md §5,
// users.md). Each measure: done / planned (→ an action of the plan) / not applicable, with a note.
import { radioField, textareaField } from './fields';
import type { SupportType } from './records';
import type { Answers, FormStep, Option, Recipe } from './types';

export interface Measure {
	id: string;
	label: string;
	/** Why, in plain words. */
	help: string;
	/** Where it shows in the register's security section (one of the seven CNIL headings). */
	heading: 'securityAccess' | 'securityTrace' | 'securitySoftware' | 'securityBackup' | 'securityEncryption' | 'securityProcessors' | 'securityOther';
	/** The sentence written in the register when the measure is done. */
	registerText: string;
	/**
	 * The supports it protects (see `supportTypeOf`): a register entry shows it, and counts it, only
	 * when one of its supports is of these types. Session lock and antivirus protect the computers
	 * and what is on them, not the mayor's phone nor the paper files.
	 */
	appliesTo: readonly SupportType[];
}

/** What lives on the mairie's computers: office files, software, the computers themselves. */
const COMPUTERS: readonly SupportType[] = ['ordinateur', 'bureautique', 'logiciel'];
/** What is opened with an account and a password. */
const ACCOUNTS: readonly SupportType[] = [...COMPUTERS, 'en_ligne'];
/** Everything digital but phones and removable media: incident procedures, training. */
const DIGITAL: readonly SupportType[] = [...COMPUTERS, 'en_ligne'];

export interface Theme {
	id: string;
	title: string;
	intro: string;
	tip?: string;
	/** CNIL guide fiches this theme draws on. */
	cnil: string;
	measures: Measure[];
}

export const THEMES: Theme[] = [
	{
		id: 'mots-de-passe',
		title: 'Les mots de passe',
		intro: 'Un mot de passe faible ou partagé est la première porte d’entrée. La CNIL recommande au moins 12 caractères de quatre sortes, ou une phrase de passe de plusieurs mots.',
		tip: 'Une phrase de passe se retient mieux : « le chat de la mairie dort sur le radiateur ».',
		cnil: 'Fiche 4 « Authentifier les utilisateurs » ; délibération 2022-100',
		measures: [
			{ id: 'mdp_personnels', label: 'Chaque personne a son propre compte et son propre mot de passe, jamais partagé ni écrit sur un post-it', help: 'Un compte partagé empêche de savoir qui a fait quoi.', heading: 'securityAccess', registerText: 'Comptes et mots de passe personnels', appliesTo: ACCOUNTS },
			{ id: 'mdp_regle', label: 'Les mots de passe suivent la règle de la CNIL (12 caractères de quatre sortes, ou une phrase de passe)', help: 'Délibération 2022-100.', heading: 'securityAccess', registerText: 'Mots de passe conformes à la recommandation de la CNIL', appliesTo: ACCOUNTS },
			{ id: 'mdp_gestionnaire', label: 'Un gestionnaire de mots de passe est utilisé (par exemple KeePass)', help: 'Il retient des mots de passe différents pour chaque service.', heading: 'securityAccess', registerText: 'Gestionnaire de mots de passe', appliesTo: ACCOUNTS },
			{ id: 'mdp_defaut', label: 'Les mots de passe par défaut (box internet, photocopieur, logiciels) ont été changés', help: 'Ils sont connus de tous sur internet.', heading: 'securityAccess', registerText: 'Mots de passe par défaut changés', appliesTo: ['logiciel', 'en_ligne', 'appareil'] }
		]
	},
	{
		id: 'postes',
		title: 'Les ordinateurs',
		intro: 'Un ordinateur à jour, protégé et verrouillé quand on s’absente arrête la plupart des attaques courantes.',
		tip: 'Pour verrouiller en partant : touche Windows + L. Faites-en un réflexe, même pour deux minutes.',
		cnil: 'Fiche 6 « Sécuriser les postes de travail »',
		measures: [
			{ id: 'verrouillage', label: 'La session se verrouille automatiquement après quelques minutes d’inactivité', help: 'Réglage de Windows : écran de veille avec mot de passe, 5 minutes.', heading: 'securityAccess', registerText: 'Verrouillage automatique des sessions', appliesTo: COMPUTERS },
			{ id: 'mises_a_jour', label: 'Les mises à jour du système et des logiciels sont automatiques ; aucun système obsolète', help: 'Un Windows qui ne reçoit plus de mises à jour doit être remplacé.', heading: 'securitySoftware', registerText: 'Mises à jour automatiques', appliesTo: COMPUTERS },
			{ id: 'antivirus', label: 'Un antivirus et le pare-feu sont actifs', help: 'Celui fourni avec Windows suffit s’il est à jour.', heading: 'securitySoftware', registerText: 'Antivirus et pare-feu actifs', appliesTo: COMPUTERS },
			{ id: 'pas_admin', label: 'On travaille au quotidien sans les droits d’administrateur', help: 'Un logiciel malveillant ouvert par erreur fait alors beaucoup moins de dégâts.', heading: 'securitySoftware', registerText: 'Pas de droits d’administrateur au quotidien', appliesTo: COMPUTERS }
		]
	},
	{
		id: 'sauvegardes',
		title: 'Les sauvegardes',
		intro: 'Après une attaque par rançongiciel ou une panne, c’est la sauvegarde qui permet de rouvrir le service. Encore faut-il qu’elle soit débranchée (sinon elle est chiffrée avec le reste) et qu’on sache la restaurer.',
		tip: 'Deux disques qui alternent chaque semaine, dont un chez le maire : si l’un est perdu, l’autre est là.',
		cnil: 'Fiches 17 « Sauvegarder » et 18 « Prévoir la continuité »',
		measures: [
			{ id: 'sauvegarde_reguliere', label: 'Une sauvegarde est faite régulièrement (au moins chaque semaine) sur un disque externe', help: 'Ou par un service de sauvegarde de votre prestataire.', heading: 'securityBackup', registerText: 'Sauvegarde hebdomadaire sur disque externe', appliesTo: COMPUTERS },
			{ id: 'sauvegarde_debranchee', label: 'Le disque est débranché après chaque sauvegarde et gardé hors du bureau', help: 'Un disque resté branché est chiffré par le rançongiciel avec le reste.', heading: 'securityBackup', registerText: 'Disque de sauvegarde débranché après usage et conservé hors des locaux', appliesTo: COMPUTERS },
			{ id: 'sauvegarde_testee', label: 'La restauration a été testée : on a déjà récupéré un fichier depuis la sauvegarde', help: 'Une sauvegarde jamais testée est une promesse.', heading: 'securityBackup', registerText: 'Restauration testée', appliesTo: COMPUTERS }
		]
	},
	{
		id: 'mobiles',
		title: 'Téléphones et clés USB',
		intro: 'Un téléphone perdu sans code, c’est un fichier d’habitants ouvert à qui le trouve. Les clés USB se perdent et transportent des virus.',
		tip: 'Le téléphone du maire sert souvent à prévenir les habitants (alertes météo) : il contient leurs numéros. Un code de verrouillage, dès aujourd’hui.',
		cnil: 'Fiche 7 « Sécuriser l’informatique mobile »',
		measures: [
			{ id: 'code_telephones', label: 'Chaque téléphone utilisé pour la mairie a un code de verrouillage, y compris celui du maire', help: 'Et le verrouillage automatique après une minute.', heading: 'securityOther', registerText: 'Code de verrouillage sur les téléphones', appliesTo: ['telephone'] },
			{ id: 'usb_limites', label: 'Seules les clés USB de la mairie sont utilisées ; l’exécution automatique est désactivée', help: 'Une clé trouvée ou prêtée peut contenir un logiciel malveillant.', heading: 'securitySoftware', registerText: 'Usage des clés USB limité', appliesTo: ['amovible', ...COMPUTERS] },
			{ id: 'usb_chiffrees', label: 'Les clés et disques qui contiennent des données personnelles sont chiffrés et rangés sous clé', help: 'BitLocker sous Windows, ou une clé chiffrée.', heading: 'securityEncryption', registerText: 'Supports amovibles chiffrés', appliesTo: ['amovible'] },
			{ id: 'perso_pro', label: 'Pas de données de la mairie sur les messageries et comptes personnels', help: 'Une messagerie personnelle échappe à tout contrôle de la commune.', heading: 'securityOther', registerText: 'Séparation des usages personnels et professionnels', appliesTo: ['telephone', 'en_ligne'] }
		]
	},
	{
		id: 'acces',
		title: 'Qui a accès à quoi',
		intro: 'Chacun n’accède qu’à ce dont il a besoin, et les accès des personnes qui partent sont fermés. Le papier aussi : une armoire qui ferme à clé.',
		cnil: 'Fiches 5 « Gérer les habilitations » et 12 « Protéger les locaux »',
		measures: [
			{ id: 'qui_acces', label: 'Une liste dit qui a accès à quel logiciel et quel dossier ; les comptes des personnes parties sont fermés', help: 'Un ancien adjoint ne doit plus pouvoir se connecter.', heading: 'securityAccess', registerText: 'Habilitations tenues à jour', appliesTo: ACCOUNTS },
			{ id: 'papier_cle', label: 'Les dossiers papier contenant des données personnelles sont dans des armoires fermées à clé', help: 'Registres, dossiers d’aide sociale, dossiers du personnel.', heading: 'securityOther', registerText: 'Dossiers papier sous clé', appliesTo: ['papier'] },
			{ id: 'ecran_public', label: 'Les écrans et dossiers ne sont pas visibles du public à l’accueil', help: 'Un filtre de confidentialité ou un écran tourné suffit.', heading: 'securityOther', registerText: 'Écrans et dossiers hors de la vue du public', appliesTo: ['papier', ...COMPUTERS] }
		]
	},
	{
		id: 'incidents',
		title: 'En cas d’incident',
		intro: 'Savoir quoi faire dans la première heure limite les dégâts : débrancher l’ordinateur du réseau, prévenir, ne pas payer de rançon, noter ce qui s’est passé.',
		tip: 'Affichez les numéros utiles près de l’ordinateur : le prestataire informatique, le délégué, cybermalveillance.gouv.fr.',
		cnil: 'Fiche 19 « Gérer les incidents et les violations » ; fiche 3 « Impliquer et former »',
		measures: [
			{ id: 'procedure_incident', label: 'Chacun sait quoi faire en cas d’incident (débrancher du réseau, prévenir le délégué et le maire)', help: 'Une page affichée suffit.', heading: 'securityOther', registerText: 'Procédure en cas d’incident', appliesTo: DIGITAL },
			{ id: 'contacts_incident', label: 'Les numéros utiles sont affichés (prestataire, délégué, cybermalveillance.gouv.fr)', help: 'Le jour de l’incident, l’ordinateur où ils étaient peut être inaccessible.', heading: 'securityOther', registerText: 'Contacts d’urgence affichés', appliesTo: DIGITAL },
			{ id: 'sensibilisation', label: 'Les agents et les élus ont été sensibilisés (courriels piégés, mots de passe, clés USB)', help: 'La culture d’abord : les investissements ne servent à rien si personne n’a conscience des risques.', heading: 'securityOther', registerText: 'Agents et élus sensibilisés', appliesTo: [...DIGITAL, 'amovible'] }
		]
	}
];

export const MEASURES: Measure[] = THEMES.flatMap((t) => t.measures);

/** The title of the action that puts a measure in place, wherever it is raised from (one action per measure). */
export const measureActionTitle = (m: Pick<Measure, 'label'>) => `Sécurité : ${m.label}`;

export const MEASURE_ANSWERS: Option[] = [
	{ value: 'fait', label: 'C’est fait' },
	{ value: 'prevu', label: 'C’est prévu', help: 'Une action est ajoutée au plan d’action.' },
	{ value: 'na', label: 'Non applicable' }
];

/** The five habits printed on the poster for the mairie's office. */
export const POSTER_HABITS: { title: string; text: string }[] = [
	{ title: 'Je verrouille mon écran dès que je m’éloigne', text: 'Touche Windows + L. Même pour deux minutes.' },
	{ title: 'Un mot de passe à moi, long, jamais partagé', text: 'Une phrase de passe de plusieurs mots, ou 12 caractères de quatre sortes. Jamais sur un post-it.' },
	{ title: 'J’accepte les mises à jour', text: 'Elles bouchent les trous par lesquels entrent les attaques.' },
	{ title: 'Je sauvegarde, puis je débranche le disque', text: 'Chaque semaine. Un disque resté branché part avec le reste en cas d’attaque.' },
	{ title: 'Mon téléphone a un code', text: 'Celui du maire aussi : il contient les numéros des habitants.' }
];

function themeStep(t: Theme, index: number): FormStep {
	return {
		kind: 'form',
		id: t.id,
		title: t.title,
		intro: t.intro,
		tip: t.tip,
		minutes: 5 + t.measures.length * 2,
		fields: t.measures.flatMap((m) => [
			radioField(`m_${m.id}`, m.label, MEASURE_ANSWERS, { required: true, help: m.help }),
			textareaField(`m_${m.id}_note`, 'Remarque', { max: 1000, showIf: { field: `m_${m.id}`, answered: true } })
		]),
		panel: index === THEMES.length - 1 ? 'poster' : undefined,
		actionItems: (a) => t.measures.filter((m) => a[`m_${m.id}`] === 'prevu').map((m) => ({ item: `m_${m.id}`, title: measureActionTitle(m), measure: m.id })),
		actionOrigin: 'securite'
	};
}

export const securiteRecipe: Recipe = {
	id: 'securite',
	title: 'Sécuriser le quotidien',
	why:
		'Seules 12 % des communes du programme avaient commencé à sécuriser leurs données. Quelques habitudes simples — mots de passe, verrouillage, mises à jour, sauvegardes débranchées, code sur les téléphones — arrêtent la plupart des incidents, et la sauvegarde permet de repartir après une attaque.',
	priority: 1,
	after: ['cartographie'],
	steps: THEMES.map(themeStep)
};

export interface ThemeScore {
	id: string;
	title: string;
	done: number;
	planned: number;
	applicable: number;
	/** Done among applicable, in %; null when nothing applies or nothing is answered. */
	percent: number | null;
}

/** Score per theme: measures done among those that apply. */
export function themeScores(answers: Answers): ThemeScore[] {
	return THEMES.map((t) => {
		const values = t.measures.map((m) => answers[`m_${m.id}`]);
		const applicable = values.filter((v) => v === 'fait' || v === 'prevu' || v === undefined || v === '').length;
		const done = values.filter((v) => v === 'fait').length;
		const planned = values.filter((v) => v === 'prevu').length;
		const answered = values.filter((v) => typeof v === 'string' && v !== '').length;
		return { id: t.id, title: t.title, done, planned, applicable, percent: applicable && answered ? Math.round((done / applicable) * 100) : null };
	});
}

/**
 * Measures done, grouped by register security heading. With `supportTypes`, only those that apply
 * to one of these supports (a register entry's): a measure protects the supports it is declared for.
 */
export function securityByHeading(answers: Answers, supportTypes?: ReadonlySet<SupportType>): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const m of MEASURES) {
		if (answers[`m_${m.id}`] !== 'fait') continue;
		if (supportTypes && !m.appliesTo.some((t) => supportTypes.has(t))) continue;
		(out[m.heading] ??= []).push(m.registerText);
	}
	return out;
}
