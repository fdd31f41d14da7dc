// DPIA screening (analyse d'impact, AIPD), in the order the law sets (shared/domain/outputs.md §1):
// 1. the three cases of the GDPR itself (art. 35(3)): one of them is enough, whatever the rest;
// 2. the CNIL list of processing that always requires one (délibération 2018-327) → DPIA;
// 3. the CNIL list of processing that never needs one (délibération 2019-118) → no DPIA;
// 4. otherwise the nine criteria of the European guidelines (WP248): two or more → DPIA; one → the
//    DPD decides and writes why; none → no DPIA. The verdict always says why.
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

/** The three cases in which the GDPR itself requires a DPIA (art. 35(3)): not criteria, each is enough. */
export const ART35_CASES: Option[] = [
	{
		value: 'evaluation-automatisee',
		label: 'Évaluation systématique et approfondie de personnes, fondée sur un traitement automatisé (y compris le profilage), sur laquelle se fondent des décisions qui les affectent juridiquement ou de façon similaire',
		help: 'Article 35.3.a du RGPD. Par exemple un logiciel qui note les demandeurs et décide seul de l’attribution d’une aide.'
	},
	{
		value: 'sensibles-grande-echelle',
		label: 'Traitement à grande échelle de données sensibles (santé, opinions, origine…) ou de données relatives aux condamnations et infractions',
		help: 'Article 35.3.b du RGPD, données des articles 9 et 10. Par exemple un fichier de santé tenu pour tout un territoire.'
	},
	{
		value: 'surveillance-espace-public',
		label: 'Surveillance systématique à grande échelle d’une zone accessible au public',
		help: 'Article 35.3.c du RGPD. Par exemple la vidéoprotection de la voie publique.'
	}
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

/** With exactly one criterion, the DPD decides (and writes why). */
export const ONE_CRITERION_DECISIONS: Option[] = [
	{ value: 'pas_aipd', label: 'Pas d’analyse d’impact' },
	{ value: 'aipd', label: 'Mener quand même une analyse d’impact' }
];

/** How many of the nine criteria are ticked (a malformed answer counts none). */
export function criteriaCount(a: Answers): number {
	return Array.isArray(a.criteria) ? a.criteria.length : 0;
}

export interface DpiaVerdict {
	/** null while the screening is not answered enough to conclude. */
	required: boolean | null;
	/** In plain French: which list entry or which criteria. */
	reason: string;
}

const label = (list: Option[], v: unknown) => list.find((o) => o.value === v)?.label ?? String(v);

const NOT_FINISHED = 'Le dépistage n’est pas terminé : répondez aux questions dans l’ordre (cas prévus par le RGPD, puis les deux listes de la CNIL, puis les neuf critères).';

export function dpiaVerdict(a: Answers): DpiaVerdict {
	// 1. The GDPR's own cases decide alone: nothing further down can undo them.
	if (!a.art35Case) return { required: null, reason: NOT_FINISHED };
	if (a.art35Case !== 'aucun') {
		return {
			required: true,
			reason: `Analyse d’impact obligatoire : c’est un cas prévu par le RGPD lui-même (article 35.3), qui suffit à lui seul — « ${label(ART35_CASES, a.art35Case)} ».`
		};
	}
	// 2. The list of processing that always requires one.
	if (!a.onRequiredList) return { required: null, reason: NOT_FINISHED };
	if (a.onRequiredList !== 'aucune') {
		return {
			required: true,
			reason: `Analyse d’impact obligatoire : l’activité figure sur la liste de la CNIL des traitements qui l’exigent (délibération 2018-327) — « ${label(REQUIRED_LIST, a.onRequiredList)} ».`
		};
	}
	// 3. The list of processing that never needs one.
	if (!a.onNotRequiredList) return { required: null, reason: NOT_FINISHED };
	if (a.onNotRequiredList !== 'aucune') {
		return {
			required: false,
			reason: `Pas d’analyse d’impact : l’activité figure sur la liste de la CNIL des traitements dispensés (délibération 2019-118) — « ${label(NOT_REQUIRED_LIST, a.onNotRequiredList)} ».`
		};
	}
	// 4. The nine criteria.
	if (a.criteriaReviewed !== 'oui') return { required: null, reason: NOT_FINISHED };
	const chosen = (criteriaCount(a) ? a.criteria : []) as string[];
	const names = chosen.map((c) => label(CRITERIA, c).toLowerCase());
	if (chosen.length >= 2) {
		return {
			required: true,
			reason: `Analyse d’impact nécessaire : ${chosen.length} critères de risque élevé sont réunis (${names.join(' ; ')}) ; à partir de deux, le comité européen de la protection des données la recommande.`
		};
	}
	if (chosen.length === 1) {
		const why = typeof a.oneCriterionWhy === 'string' ? a.oneCriterionWhy.trim() : '';
		if (!a.oneCriterionDecision || !why) return { required: null, reason: `Le dépistage n’est pas terminé : un seul critère de risque élevé (${names[0]}) ; au délégué de décider, en écrivant pourquoi.` };
		return a.oneCriterionDecision === 'aipd'
			? { required: true, reason: `Analyse d’impact décidée par le délégué : un seul critère de risque élevé (${names[0]}), mais « ${why} ».` }
			: { required: false, reason: `Pas d’analyse d’impact obligatoire : un seul critère de risque élevé (${names[0]}) ; il en faut deux. Décision du délégué : « ${why} ».` };
	}
	return { required: false, reason: 'Pas d’analyse d’impact obligatoire : aucun des neuf critères de risque élevé n’est réuni.' };
}
