// The app's own processing (outputs.md §8): the GIP is the controller of the accounts, sessions and
// journals; each commune is the controller of what it enters. This module says it once, for the
// privacy page (/confidentialite), its register entry (the same columns as the register export,
// REGISTER_COLUMNS) and the README. Durations come from `retention.ts` and the record kinds.
import { applies, displayValue, NOT_ANSWERED } from '../recipes/fields';
import { activityKind, kindFields, RECORD_KINDS, retentionOf } from '../recipes/records';
import type { Answers, RecordKind } from '../recipes/types';
import { plural } from '../french';
import { csvCell, REGISTER_COLUMNS } from './exports/register';
import { RETENTION } from './retention';

/** Who is responsible, from the environment (defaults say what to set). */
export interface PrivacyConfig {
	gipName: string;
	gipAddress: string;
	gipSiren: string;
	gipRepresentative: string;
	dpoName: string;
	dpoContact: string;
}

const DEFAULT_GIP = 'Le GIP qui met Super Chef RGPD à la disposition des communes';

/** `GIP_NAME`, `GIP_ADDRESS`, `GIP_SIREN`, `GIP_REPRESENTATIVE`, `DPO_NAME`, `DPO_CONTACT`. */
export function privacyConfig(env: Record<string, string | undefined>): PrivacyConfig {
	const v = (k: string) => (env[k] ?? '').trim();
	return {
		gipName: v('GIP_NAME') || DEFAULT_GIP,
		gipAddress: v('GIP_ADDRESS'),
		gipSiren: v('GIP_SIREN'),
		gipRepresentative: v('GIP_REPRESENTATIVE'),
		dpoName: v('DPO_NAME') || 'Le délégué à la protection des données (DPD) du GIP',
		dpoContact: v('DPO_CONTACT')
	};
}

const years = (n: number) => plural(n, 'an');
const months = (n: number) => `${n} mois`;
const hours = (n: number) => plural(n, 'heure');
const days = (n: number) => plural(n, 'jour');

/** What the app keeps, for how long, and why: one line per kind of data (the figures are the purge's). */
export function retentionLines(): { what: string; howLong: string; why: string }[] {
	const lines = [
		{ what: 'Compte (nom, adresse e-mail, empreinte du mot de passe, rôles)', howLong: 'tant que le compte existe ; supprimé quand vous le supprimez (page « Mon compte »)', why: 'Nécessaire pour vous connecter.' },
		{ what: 'Sessions de connexion', howLong: `${days(RETENTION.sessionDays)} sans utilisation, puis supprimées`, why: 'Rester connecté sans retaper le mot de passe ; « se déconnecter partout » les ferme toutes.' },
		{ what: 'Essais de connexion manqués (empreinte de l’adresse e-mail, adresse IP)', howLong: `${hours(RETENTION.loginAttemptHours)} après le dernier essai (ou la fin du blocage), puis supprimés`, why: 'Protéger les comptes contre les essais de mots de passe.' },
		{ what: 'Liens de réinitialisation du mot de passe', howLong: `${hours(RETENTION.passwordResetHours)} au plus, supprimés dès qu’ils ont servi`, why: 'Retrouver l’accès à son compte.' },
		{ what: 'Formulaires de création envoyés (votre compte et ce qui a été créé)', howLong: `${days(RETENTION.formTokenDays)}, puis supprimés`, why: 'Un double clic sur « Enregistrer » ne crée qu’une fiche.' },
		{ what: 'Pages des communes consultées par un formateur du GIP', howLong: `${months(RETENTION.consultationMonths)}, puis supprimées`, why: 'Traçabilité des accès (CNIL, délibération 2021-122 : 6 mois à 1 an).' },
		{
			what: 'Journal des modifications d’une commune (qui, quand, quoi)',
			howLong: 'tant que la commune utilise l’application ; les valeurs personnelles qu’il cite (le nom d’un habitant) sont effacées en même temps que la fiche qu’elles décrivent',
			why: 'Preuve de la conformité de la commune (article 5.2 du RGPD).'
		},
		{ what: 'Votre nom dans les entrées passées du journal, après la suppression de votre compte', howLong: 'comme simple texte, aussi longtemps que ces entrées', why: 'Le journal prouve qui a fait quoi.' }
	];
	for (const kind of Object.values(RECORD_KINDS) as RecordKind[]) {
		const r = retentionOf(kind);
		if (!kind.retention) continue;
		const live = r.years ? `${years(r.years)} ${r.fromLabel ?? ''}`.trim() : 'tant que la commune utilise l’application';
		lines.push({ what: `Fiches « ${kind.plural} » des communes`, howLong: `${live} ; une fiche supprimée l’est définitivement ${years(r.archivedYears)} après sa suppression`, why: r.basis });
	}
	const other = retentionOf({ ...activityKind, retention: undefined });
	lines.push({ what: 'Autres fiches des communes (registre, supports, analyses, actions…)', howLong: `tant que la commune utilise l’application ; une fiche supprimée l’est définitivement ${years(other.archivedYears)} après sa suppression`, why: other.basis });
	return lines;
}

/** The app's processing as a fiche of the register (the activity kind's fields), for the GIP's own register. */
export function appRegisterEntry(config: PrivacyConfig): Answers {
	return {
		name: 'Super Chef RGPD : comptes des utilisateurs et journal de l’application',
		description: `Application mise à la disposition des communes et de leurs établissements par ${config.gipName} pour tenir leur documentation RGPD. Le GIP est responsable des comptes, des sessions et des journaux ; chaque commune l’est de ce qu’elle y saisit.`,
		purposes: 'Permettre aux agents et aux élus des communes de se connecter et de tenir leur documentation RGPD\nProtéger l’accès aux comptes (sessions, limitation des essais de connexion)\nGarder la trace des modifications comme preuve de conformité\nOrganiser les formations du GIP (sessions, émargement)',
		legalBasis: 'e',
		legalBasisJustification: 'Mission d’intérêt public du GIP : l’accompagnement de ses membres dans la mise en conformité au RGPD.',
		dataSubjects: ['agents', 'elus'],
		dataSubjectsOther: 'Formateurs et administrateurs du GIP',
		dataCategories: ['identite', 'vie_professionnelle', 'connexion'],
		dataDetails: 'Nom, adresse e-mail, empreinte du mot de passe (Argon2id), communes et rôles, sessions (dates), essais de connexion manqués (empreinte de l’adresse e-mail, adresse IP), journal des modifications (auteur, date, contenu)',
		hasSensitive: 'non',
		retention: retentionLines()
			.map((l) => `${l.what} : ${l.howLong}`)
			.join('\n'),
		finalFate: 'destruction',
		retentionSource: 'Durées fixées par le GIP ; journalisation : CNIL, délibération 2021-122 (6 mois à 1 an) ; purge quotidienne automatique par l’application.',
		recipientsInternal: 'Administrateurs du GIP ; formateurs du GIP (lecture seule des communes inscrites à leurs formations) ; membres de chaque commune pour ce qui la concerne',
		recipientsExternal: 'Aucun',
		processors: 'Hébergeur de l’application (à préciser par le GIP)',
		transfers: 'non',
		securityAccess: 'Mot de passe personnel selon la règle de la CNIL, gardé sous forme d’empreinte (Argon2id) ; sessions de 30 jours révocables ; essais de connexion limités ; rôles par commune',
		securityTrace: 'Journal des modifications en ajout seul ; consultations des formateurs journalisées',
		securityEncryption: 'HTTPS (cookie de session « Secure ») ; seules les empreintes des jetons de session et de réinitialisation sont gardés',
		securityBackup: 'Sauvegardes de la base (commande npm run backup), à organiser par le GIP',
		dpiaHint: 'non_requise',
		dpiaReason: 'Aucun critère de risque élevé : pas de donnée sensible, pas de personne vulnérable, pas de surveillance.'
	};
}

/** The app's register entry as a CSV of one line, with the columns of the register export. */
export function appRegisterCsv(config: PrivacyConfig, today: string): string {
	const data = appRegisterEntry(config);
	const cells: Record<string, string> = {};
	for (const f of kindFields(activityKind)) cells[f.name] = displayValue(f, data[f.name], new Map()) || (applies(f, data) ? NOT_ANSWERED : '');
	cells._createdAt = today;
	cells._updatedAt = today;
	cells._controller = config.gipName;
	cells._representative = config.gipRepresentative || NOT_ANSWERED;
	cells._controllerAddress = config.gipAddress || NOT_ANSWERED;
	cells._controllerSiren = config.gipSiren;
	cells._dpd = config.dpoName;
	cells._dpdContact = config.dpoContact || NOT_ANSWERED;
	const lines = [REGISTER_COLUMNS.map((c) => csvCell(c.label)).join(';'), REGISTER_COLUMNS.map((c) => csvCell(cells[c.key] ?? '')).join(';')];
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
