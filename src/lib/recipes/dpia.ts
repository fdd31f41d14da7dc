// DPIA screening (analyse d'impact, AIPD), in the CNIL's decision order
// (shared/domain/rgpd-communes.md §4): the "not required" list (délibération 2019-118) → no DPIA;
// the "required" list (délibération 2018-327) → DPIA; otherwise the nine criteria of the European
// guidelines (WP248): two or more → DPIA.
import type { Answers, Option } from './types';

/** Entries of the CNIL list of processing for which no DPIA is required, that concern communes. */
export const NOT_REQUIRED_LIST: Option[] = [
	{ value: 'liste-electorale', label: 'Gestion de la liste électorale de la commune' },
	{ value: 'scolaire', label: 'Affaires scolaires, périscolaires et petite enfance gérées par une collectivité (cantine, garderie, inscriptions)' },
	{ value: 'rh-250', label: 'Gestion du personnel (RH, paie) d’un organisme de moins de 250 personnes, sans profilage' },
	{ value: 'fournisseurs', label: 'Gestion des relations avec les fournisseurs' },
	{ value: 'acces-horaires', label: 'Contrôle d’accès aux locaux et gestion des horaires, sans biométrie' },
	{ value: 'autre', label: 'Un autre type de la liste de la CNIL (12 types en tout : voir la délibération 2019-118)' }
];

/** Entries of the CNIL list of processing that always require a DPIA, that may concern communes. */
export const REQUIRED_LIST: Option[] = [
	{ value: 'accompagnement-social', label: 'Accompagnement social ou médico-social des personnes (CCAS, aide sociale)' },
	{ value: 'alertes-sociales', label: 'Alertes et signalements en matière sociale et sanitaire' },
	{ value: 'logement-social', label: 'Instruction des demandes et gestion des logements sociaux' },
	{ value: 'sante-etablissement', label: 'Données de santé traitées par un établissement de santé ou médico-social (EHPAD, foyer…)' },
	{ value: 'surveillance-agents', label: 'Surveillance constante de l’activité des agents' },
	{ value: 'biometrie-vulnerables', label: 'Biométrie de personnes vulnérables (élèves, personnes âgées…)' },
	{ value: 'localisation', label: 'Données de localisation à grande échelle' },
	{ value: 'profilage-exclusion', label: 'Profilage pouvant exclure une personne d’un service, d’un droit ou d’un contrat' },
	{ value: 'autre', label: 'Un autre type de la liste de la CNIL (délibération 2018-327)' }
];

/** The nine criteria of the European data protection board's guidelines (WP248). */
export const CRITERIA: Option[] = [
	{ value: 'evaluation', label: 'Évaluation ou notation de personnes', help: 'Par exemple classer des demandeurs d’aide selon un score.' },
	{ value: 'decision-automatique', label: 'Décision automatique avec un effet juridique ou similaire', help: 'Un logiciel accorde ou refuse seul une aide.' },
	{ value: 'surveillance', label: 'Surveillance systématique', help: 'Caméras sur la voie publique, suivi de l’activité des agents.' },
	{ value: 'sensibles', label: 'Données sensibles ou très personnelles', help: 'Santé, situation sociale, infractions, numéro de sécurité sociale…' },
	{ value: 'grande-echelle', label: 'Grande échelle', help: 'Beaucoup de personnes, de données, une longue durée ou un vaste territoire.' },
	{ value: 'croisement', label: 'Croisement ou combinaison de fichiers', help: 'Rapprocher deux fichiers créés pour des buts différents.' },
	{ value: 'vulnerables', label: 'Personnes vulnérables', help: 'Enfants, personnes âgées, malades, personnes en difficulté sociale, agents face à leur employeur.' },
	{ value: 'innovant', label: 'Usage innovant ou nouvelle technologie', help: 'Reconnaissance faciale, objets connectés…' },
	{ value: 'exclusion', label: 'Empêche d’exercer un droit ou de bénéficier d’un service', help: 'Le traitement conditionne l’accès à une aide ou un service.' }
];

export interface DpiaVerdict {
	/** null while the screening is not answered enough to conclude. */
	required: boolean | null;
	/** In plain French: which list entry or which criteria. */
	reason: string;
}

const label = (list: Option[], v: unknown) => list.find((o) => o.value === v)?.label ?? String(v);

export function dpiaVerdict(a: Answers): DpiaVerdict {
	if (a.onNotRequiredList && a.onNotRequiredList !== 'aucune') {
		return {
			required: false,
			reason: `Pas d’analyse d’impact : l’activité figure sur la liste de la CNIL des traitements dispensés (délibération 2019-118) — « ${label(NOT_REQUIRED_LIST, a.onNotRequiredList)} ».`
		};
	}
	if (a.onRequiredList && a.onRequiredList !== 'aucune') {
		return {
			required: true,
			reason: `Analyse d’impact obligatoire : l’activité figure sur la liste de la CNIL des traitements qui l’exigent (délibération 2018-327) — « ${label(REQUIRED_LIST, a.onRequiredList)} ».`
		};
	}
	if (!a.onNotRequiredList || !a.onRequiredList || a.criteriaReviewed !== 'oui') {
		return { required: null, reason: 'Le dépistage n’est pas terminé : répondez aux deux listes de la CNIL puis aux neuf critères.' };
	}
	const chosen = (Array.isArray(a.criteria) ? a.criteria : []) as string[];
	const names = chosen.map((c) => label(CRITERIA, c).toLowerCase());
	if (chosen.length >= 2) {
		return {
			required: true,
			reason: `Analyse d’impact nécessaire : ${chosen.length} critères de risque élevé sont réunis (${names.join(' ; ')}) ; à partir de deux, le comité européen de la protection des données la recommande.`
		};
	}
	return {
		required: false,
		reason:
			chosen.length === 1
				? `Pas d’analyse d’impact obligatoire : un seul critère de risque élevé (${names[0]}) ; il en faut deux. Restez attentif si l’activité change.`
				: 'Pas d’analyse d’impact obligatoire : aucun des neuf critères de risque élevé n’est réuni.'
	};
}
