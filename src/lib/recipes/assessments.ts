// Records attached to a register fiche: its conformity grid, its DPIA screening, its risk
// assessment (CNIL method) and its information notice. Facts: shared/domain/rgpd-communes.md §4–§6.
import { ART35_CASES, CRITERIA, dpiaVerdict, NOT_REQUIRED_LIST, ONE_CRITERION_DECISIONS, REQUIRED_LIST } from './dpia';
import {
	booleanField,
	checkboxesField,
	dateField,
	radioField,
	selectField,
	textareaField,
	yes
} from './fields';
import { MEASURES, measureActionTitle } from './securite';
import type { ActionItem, Answers, Condition, FieldDef, Option, RecordKind, Summary } from './types';

// ---- Conformity grid --------------------------------------------------------------------------

/**
 * The principles of the grid. `major`: breaching it harms the people whose data it is, so its
 * non-conformity is major until the corrective action is done (outputs.md §4): purpose, legal
 * basis, minimisation, retention, information, rights, transfers and security. The others are
 * minor: accuracy (an error is corrected on request, the right to rectification being itself
 * checked under « droits »), processors (the contract's paperwork; what the provider does with the
 * data is judged under « sécurité » and « transferts ») and the DPIA (a procedure, whose absence
 * when required is its own red flag of the dossier).
 */
/**
 * What the app already knows that answers a principle (`PRINCIPLES[].derivedFrom`), read by
 * `proposedGrid` (proposals.ts): the fiche's legal basis and its justification, its retention and
 * the retention's source, its information notice, the processors' contracts that name it, its
 * transfers, the security measures that protect it, its DPIA screening. A derived answer is
 * proposed with its reason and « proposé » until a person confirms the grid; the rest is asked.
 */
export type PrincipleSource = 'legalBasis' | 'retention' | 'notice' | 'processors' | 'transfers' | 'security' | 'dpia';

export const PRINCIPLE_SOURCES: Record<PrincipleSource, string> = {
	legalBasis: 'la base légale de la fiche du registre et sa justification',
	retention: 'la durée de conservation de la fiche et sa source',
	notice: 'la mention d’information de l’activité',
	processors: 'les contrats des sous-traitants liés à l’activité',
	transfers: 'la réponse de la fiche sur les transferts hors de l’Union européenne',
	security: 'les mesures de sécurité qui protègent l’activité',
	dpia: 'le dépistage de l’analyse d’impact de l’activité'
};

export const PRINCIPLES: { id: string; label: string; help: string; major: boolean; derivedFrom?: PrincipleSource }[] = [
	{ id: 'finalite', label: 'Finalité', major: true, help: 'Le but est précis, légitime et écrit ; les données ne servent pas à autre chose (pas de fichier de population, pas d’usage commercial).' },
	{ id: 'base_legale', derivedFrom: 'legalBasis', label: 'Base légale', major: true, help: 'Une base légale de l’article 6 est identifiée et justifiée (texte, mission, consentement…).' },
	{ id: 'minimisation', label: 'Minimisation', major: true, help: 'Seules les données nécessaires sont recueillies : une lettre d’information a besoin d’une adresse e-mail, pas d’un nom.' },
	{ id: 'exactitude', label: 'Exactitude', major: false, help: 'Les données sont tenues à jour ; les erreurs sont corrigées.' },
	{ id: 'conservation', derivedFrom: 'retention', label: 'Durée de conservation', major: true, help: 'Une durée est fixée et appliquée (tri, suppression ou versement aux archives).' },
	{ id: 'information', derivedFrom: 'notice', label: 'Information des personnes', major: true, help: 'Les personnes sont informées (mention sur le formulaire, affiche, site).' },
	{ id: 'droits', label: 'Droits des personnes', major: true, help: 'Les personnes peuvent accéder à leurs données, les faire corriger, s’opposer… et savent à qui écrire.' },
	{ id: 'sous_traitants', derivedFrom: 'processors', label: 'Sous-traitants', major: false, help: 'Chaque prestataire qui traite les données a un contrat avec les clauses de l’article 28.' },
	{ id: 'transferts', derivedFrom: 'transfers', label: 'Transferts hors UE', major: true, help: 'Pas de transfert hors de l’Union européenne, ou un transfert encadré.' },
	{ id: 'securite', derivedFrom: 'security', label: 'Sécurité', major: true, help: 'Accès protégés, sauvegardes, mises à jour, papier sous clé.' },
	{ id: 'aipd', derivedFrom: 'dpia', label: 'Analyse d’impact', major: false, help: 'Le dépistage est fait ; l’analyse d’impact est menée si elle est nécessaire.' }
];

export const CONFORMITY_ANSWERS: Option[] = [
	{ value: 'conforme', label: 'Conforme' },
	{ value: 'non_conforme', label: 'Non conforme' },
	{ value: 'na', label: 'Non applicable' }
];

/**
 * The principle whose non-conformity may name the security measures that are missing: each one
 * becomes the same action as the measure « prévue » in « Sécuriser le quotidien » (one per measure).
 */
const MEASURES_PRINCIPLE = 'securite';
const measuresField = (id: string) => `p_${id}_mesures`;

const principleFields: FieldDef[] = PRINCIPLES.flatMap((p) => [
	radioField(`p_${p.id}`, p.label, CONFORMITY_ANSWERS, { required: true, help: p.help }),
	textareaField(`p_${p.id}_why`, `${p.label} : justification`, {
		required: true,
		showIf: { field: `p_${p.id}`, answered: true },
		help: 'En une phrase : pourquoi cette réponse.',
		max: 1500
	}),
	...(p.id === MEASURES_PRINCIPLE
		? [
				checkboxesField(
					measuresField(p.id),
					'Sécurité : les mesures qui manquent',
					MEASURES.map((m) => ({ value: m.id, label: m.label })),
					{
						showIf: { field: `p_${p.id}`, equals: 'non_conforme' },
						help: 'Facultatif. Chaque mesure cochée devient une action du plan — la même que si elle était « prévue » dans « Sécuriser le quotidien » : une seule action par mesure, pour toute la mairie.'
					}
				)
			]
		: [])
]);

/** The non-conformities of a grid as actions: one per principle, or one per missing security measure when named. */
export function conformityItems(a: Answers): (ActionItem & { principle: string })[] {
	return PRINCIPLES.filter((p) => a[`p_${p.id}`] === 'non_conforme').flatMap((p) => {
		const details = typeof a[`p_${p.id}_why`] === 'string' ? String(a[`p_${p.id}_why`]) : '';
		const named = Array.isArray(a[measuresField(p.id)]) ? (a[measuresField(p.id)] as string[]) : [];
		const missing = MEASURES.filter((m) => named.includes(m.id));
		if (missing.length) return missing.map((m) => ({ principle: p.id, item: `${p.id}.${m.id}`, title: measureActionTitle(m), details, measure: m.id }));
		return [{ principle: p.id, item: p.id, title: `Mettre en conformité : ${p.label.toLowerCase()}`, details }];
	});
}

export type ConformityResult = 'a_completer' | 'conforme' | 'mineure' | 'majeure';

export const CONFORMITY_LABELS: Record<ConformityResult, string> = {
	a_completer: 'À compléter',
	conforme: 'Conforme',
	mineure: 'Non-conformité mineure',
	majeure: 'Non-conformité majeure'
};

/** An action of the plan as the grid sees it (owner and due date: a plan has both). */
export interface PlanAction {
	item: string;
	status: string;
	owner?: string;
	dueDate?: string;
}

/** An action not done with an owner and a due date: a plan. Without them it is « à planifier » (outputs.md §4). */
export const isPlanned = (x: Pick<PlanAction, 'status' | 'owner' | 'dueDate'>) => x.status !== 'fait' && Boolean(x.owner?.trim()) && Boolean(x.dueDate?.trim());

export interface ConformityOutcome {
	result: ConformityResult;
	/** The principles answered « non conforme », in the grid's order. */
	problems: string[];
	/** Those of the problems whose principle is major. */
	major: string[];
	/** Every problem has a planned action (owner and due date). */
	planned: boolean;
	/** Problems with no planned action. */
	toPlan: string[];
}

/**
 * Conforme when every principle is conforme or n/a. A non-conformity on a major principle is major
 * until its action is done (which makes the principle conforme); a planned action only explains it.
 * On the other principles it is minor.
 */
export function conformityResult(a: Answers, actions: PlanAction[]): ConformityOutcome {
	const problems = PRINCIPLES.filter((p) => a[`p_${p.id}`] === 'non_conforme').map((p) => p.id);
	const major = PRINCIPLES.filter((p) => p.major && problems.includes(p.id)).map((p) => p.id);
	// A principle is planned when each of its actions (one, or one per missing measure) is.
	const items = conformityItems(a);
	const toPlan = problems.filter((id) => items.filter((i) => i.principle === id).some((i) => !actions.some((x) => x.item === i.item && isPlanned(x))));
	const planned = problems.length > 0 && toPlan.length === 0;
	const outcome = (result: ConformityResult): ConformityOutcome => ({ result, problems, major, planned, toPlan });
	if (PRINCIPLES.some((p) => !a[`p_${p.id}`])) return outcome('a_completer');
	if (!problems.length) return outcome('conforme');
	return outcome(major.length ? 'majeure' : 'mineure');
}

/** The result in words: « Non-conformité majeure — action prévue », « … — action à planifier ». */
export function conformityLabel(o: Pick<ConformityOutcome, 'result' | 'planned'>): string {
	if (o.result !== 'majeure' && o.result !== 'mineure') return CONFORMITY_LABELS[o.result];
	return `${CONFORMITY_LABELS[o.result]} — ${o.planned ? 'action prévue' : 'action à planifier'}`;
}

/** The principles at fault, each with its weight and whether it is planned: « Base légale (majeure, action prévue) ». */
export function conformityProblemsText(o: Pick<ConformityOutcome, 'problems' | 'major' | 'toPlan'>): string {
	return o.problems
		.map((id) => `${PRINCIPLES.find((p) => p.id === id)?.label ?? id} (${o.major.includes(id) ? 'majeure' : 'mineure'}, ${o.toPlan.includes(id) ? 'action à planifier' : 'action prévue'})`)
		.join(', ');
}

export const conformityKind: RecordKind = {
	id: 'conformity',
	parentKind: 'activity',
	entity: 'grille de conformité',
	singular: 'une grille de conformité',
	plural: 'grilles de conformité',
	titleField: 'title',
	sections: [
		{
			title: 'Les principes, un par un',
			intro: 'Pour chaque principe du RGPD : conforme, non conforme ou non applicable, avec une phrase de justification. Chaque non-conformité peut devenir une action du plan en un clic.',
			fields: principleFields
		}
	],
	summary: (a, ctx) => {
		const outcome = conformityResult(a, ctx.actions);
		const { result } = outcome;
		const tone = result === 'conforme' ? 'ok' : result === 'majeure' ? 'bad' : result === 'mineure' ? 'warn' : 'neutral';
		return { label: conformityLabel(outcome), tone, detail: outcome.problems.length ? `Non conforme : ${conformityProblemsText(outcome)}` : undefined };
	},
	actionItems: (a) => conformityItems(a).map(({ principle: _, ...i }) => i),
	actionOrigin: 'conformite',
	// The action done: the principle becomes conforme, the action noted in its justification. For a
	// missing measure, the measure leaves the list; the principle is conforme when none is left.
	resolveItem: (a, item, note) => {
		const [principle, measure] = item.split('.') as [string, string | undefined];
		const field = `p_${principle}`;
		const why = { [`${field}_why`]: [String(a[`${field}_why`] ?? '').trim(), note].filter(Boolean).join(' ') };
		if (!measure) return { [field]: 'conforme', ...why };
		const named = Array.isArray(a[measuresField(principle)]) ? (a[measuresField(principle)] as string[]) : [];
		const left = named.filter((m) => m !== measure);
		return { [measuresField(principle)]: left, ...why, ...(left.length ? {} : { [field]: 'conforme' }) };
	}
};

// ---- DPIA screening ---------------------------------------------------------------------------

export const dpiaKind: RecordKind = {
	id: 'dpia',
	parentKind: 'activity',
	entity: 'dépistage AIPD',
	singular: 'un dépistage',
	plural: 'dépistages',
	titleField: 'title',
	sections: [
		{
			title: '1. Les cas prévus par le RGPD lui-même',
			intro: 'L’article 35.3 du RGPD cite trois cas où l’analyse d’impact est toujours obligatoire. Ce ne sont pas des « critères » à additionner : un seul suffit, et le dépistage s’arrête là.',
			fields: [
				radioField('art35Case', 'L’activité correspond-elle à l’un de ces trois cas ?', [...ART35_CASES, { value: 'aucun', label: 'Non, à aucun de ces trois cas' }], { required: true })
			]
		},
		{
			title: '2. La liste des traitements qui exigent une analyse',
			intro: 'La CNIL a publié la liste des traitements pour lesquels l’analyse d’impact est toujours obligatoire (délibération 2018-327).',
			fields: [
				selectField('onRequiredList', 'L’activité figure-t-elle sur la liste des traitements qui exigent une analyse ?', [{ value: 'aucune', label: 'Non, elle n’y figure pas' }, ...REQUIRED_LIST], {
					required: true,
					showIf: { field: 'art35Case', equals: 'aucun' }
				})
			]
		},
		{
			title: '3. La liste des traitements dispensés',
			intro: 'La CNIL a aussi publié une liste de traitements qui n’ont pas besoin d’analyse d’impact (délibération 2019-118). Si l’activité y figure, le dépistage s’arrête là.',
			fields: [
				selectField('onNotRequiredList', 'L’activité figure-t-elle sur la liste des traitements dispensés ?', [{ value: 'aucune', label: 'Non, elle n’y figure pas' }, ...NOT_REQUIRED_LIST], {
					required: true,
					showIf: { field: 'onRequiredList', equals: 'aucune' }
				})
			]
		},
		{
			title: '4. Les neuf critères de risque élevé',
			intro: 'Pour une activité qui n’est dans aucun de ces cas : cochez les critères réunis (lignes directrices européennes WP248). À partir de deux, une analyse d’impact est nécessaire ; avec un seul, c’est au délégué de décider et d’écrire pourquoi dans les remarques.',
			fields: [
				checkboxesField('criteria', 'Critères réunis', CRITERIA, {
					showIf: { field: 'onNotRequiredList', equals: 'aucune' }
				}),
				booleanField('criteriaReviewed', 'J’ai examiné les neuf critères', {
					required: true,
					showIf: { field: 'onNotRequiredList', equals: 'aucune' }
				}),
				radioField('oneCriterionDecision', 'Un seul critère est réuni : votre décision', ONE_CRITERION_DECISIONS, {
					required: true,
					help: 'Avec un seul critère, l’analyse d’impact n’est pas obligatoire ; c’est au délégué de décider si le risque justifie quand même d’en faire une.',
					showIf: { field: 'criteria', count: 1 }
				}),
				textareaField('oneCriterionWhy', 'Pourquoi cette décision', {
					required: true,
					example: 'Un seul critère (personnes vulnérables) ; peu de données, conservées un mois, consultées par deux agents : pas d’analyse d’impact.',
					max: 2000,
					showIf: { field: 'criteria', count: 1 }
				}),
				textareaField('notes', 'Remarques', { max: 2000 })
			]
		}
	],
	summary: (a) => {
		const v = dpiaVerdict(a);
		return v.required === null
			? { label: 'Dépistage à terminer', tone: 'neutral', detail: v.reason }
			: v.required
				? { label: 'AIPD nécessaire', tone: 'warn', detail: v.reason }
				: { label: 'AIPD non nécessaire', tone: 'ok', detail: v.reason };
	}
};

// ---- Risk assessment (CNIL method) ------------------------------------------------------------

export const SCALE: Option[] = [
	{ value: '1', label: '1 — Négligeable' },
	{ value: '2', label: '2 — Limitée' },
	{ value: '3', label: '3 — Importante' },
	{ value: '4', label: '4 — Maximale' }
];

export const FEARED_EVENTS: { id: string; label: string; intro: string; examples: { impacts: string; threats: string; sources: string; measures: string } }[] = [
	{
		id: 'acces',
		label: 'Accès illégitime aux données',
		intro: 'Quelqu’un qui ne devrait pas voit les données : un dossier lu par un tiers, un fichier envoyé à la mauvaise personne, un ordinateur volé.',
		examples: {
			impacts: 'Atteinte à la vie privée, gêne, discrimination, usurpation d’identité',
			threats: 'Vol d’ordinateur, consultation par un tiers à l’accueil, courriel mal adressé',
			sources: 'Personne extérieure, agent non habilité, pirate',
			measures: 'Mots de passe personnels, verrouillage automatique, armoire fermée à clé'
		}
	},
	{
		id: 'modification',
		label: 'Modification non désirée des données',
		intro: 'Les données sont changées à tort : une erreur de saisie, une falsification, un virus.',
		examples: {
			impacts: 'Décision prise sur une information fausse, aide refusée à tort',
			threats: 'Erreur de saisie, logiciel malveillant, modification volontaire',
			sources: 'Agent, pirate, erreur humaine',
			measures: 'Droits d’accès limités, historique des modifications, antivirus'
		}
	},
	{
		id: 'disparition',
		label: 'Disparition des données',
		intro: 'Les données sont perdues : panne, rançongiciel, incendie, dossier jeté par erreur.',
		examples: {
			impacts: 'Service interrompu, démarches à refaire, droits perdus',
			threats: 'Rançongiciel, panne de disque, incendie, destruction par erreur',
			sources: 'Pirate, accident, erreur humaine',
			measures: 'Sauvegarde sur disque externe débranché, testée ; copie hors de la mairie'
		}
	}
];

function riskFields(e: (typeof FEARED_EVENTS)[number]): FieldDef[] {
	return [
		textareaField(`${e.id}_impacts`, 'Impacts sur les personnes', { required: true, example: e.examples.impacts, max: 2000 }),
		textareaField(`${e.id}_threats`, 'Menaces', { required: true, example: e.examples.threats, max: 2000 }),
		textareaField(`${e.id}_sources`, 'Sources de risque', { required: true, example: e.examples.sources, max: 2000 }),
		textareaField(`${e.id}_measures`, 'Mesures existantes ou prévues', { required: true, example: e.examples.measures, max: 3000 }),
		radioField(`${e.id}_gravite`, 'Gravité', SCALE, { required: true, help: 'À quel point les conséquences seraient graves pour les personnes.' }),
		radioField(`${e.id}_vraisemblance`, 'Vraisemblance', SCALE, { required: true, help: 'À quel point cela risque d’arriver, vu les mesures et les sources de risque.' }),
		textareaField(`${e.id}_justification`, 'Justification de l’estimation', { required: true, max: 2000 }),
		radioField(`${e.id}_gravite_residuelle`, 'Gravité après le plan d’action', SCALE, { help: 'Une fois les actions prévues réalisées : ré-estimez.' }),
		radioField(`${e.id}_vraisemblance_residuelle`, 'Vraisemblance après le plan d’action', SCALE)
	];
}

export interface RiskPoint {
	event: string;
	label: string;
	gravite: number;
	vraisemblance: number;
	phase: 'avant' | 'apres';
}

/** The points of the 4×4 map: each feared event before, and after the action plan when re-estimated. */
export function riskPoints(a: Answers): RiskPoint[] {
	const out: RiskPoint[] = [];
	for (const e of FEARED_EVENTS) {
		const g = Number(a[`${e.id}_gravite`]);
		const v = Number(a[`${e.id}_vraisemblance`]);
		if (g && v) out.push({ event: e.id, label: e.label, gravite: g, vraisemblance: v, phase: 'avant' });
		const gr = Number(a[`${e.id}_gravite_residuelle`]);
		const vr = Number(a[`${e.id}_vraisemblance_residuelle`]);
		if (gr && vr) out.push({ event: e.id, label: e.label, gravite: gr, vraisemblance: vr, phase: 'apres' });
	}
	return out;
}

/** High risk: gravity and likelihood both "Importante" or "Maximale". */
export const isHigh = (p: { gravite: number; vraisemblance: number }) => p.gravite >= 3 && p.vraisemblance >= 3;

/** The residual risks still high (re-estimated after the plan, or as first estimated when not yet). */
export function residualHigh(a: Answers): RiskPoint[] {
	const points = riskPoints(a);
	return FEARED_EVENTS.map((e) => points.find((p) => p.event === e.id && p.phase === 'apres') ?? points.find((p) => p.event === e.id && p.phase === 'avant'))
		.filter((p): p is RiskPoint => Boolean(p))
		.filter(isHigh);
}

export const riskKind: RecordKind = {
	id: 'risk',
	parentKind: 'activity',
	entity: 'analyse des risques',
	singular: 'une analyse des risques',
	plural: 'analyses des risques',
	titleField: 'title',
	sections: [
		...FEARED_EVENTS.map((e) => ({ title: e.label, intro: e.intro, fields: riskFields(e) })),
		{
			title: 'Avis et décision',
			intro: 'Le délégué donne son avis ; le maire, responsable du traitement, décide. Si un risque reste élevé après le plan d’action, la CNIL doit être consultée avant de mettre en œuvre le traitement (article 36).',
			fields: [
				textareaField('dpdOpinion', 'Avis du délégué', { required: true, max: 3000 }),
				dateField('dpdOpinionDate', 'Date de l’avis', { required: true }),
				radioField(
					'mayorDecision',
					'Décision du maire',
					[
						{ value: 'validee', label: 'Analyse validée' },
						{ value: 'a_revoir', label: 'À revoir' }
					],
					{ required: true }
				),
				dateField('mayorDecisionDate', 'Date de la décision', { required: true }),
				booleanField('cnilConsulted', 'La CNIL a été consultée (article 36)', {
					// Read from twelve answers (each risk re-estimated or not): a function, always shown with its text.
					showIf: { test: (a) => residualHigh(a).length > 0, text: 'un risque reste élevé après le plan d’action (gravité et vraisemblance « Importante » ou « Maximale »)' }
				}),
				dateField('cnilConsultedDate', 'Date de la consultation', { showIf: { field: 'cnilConsulted', equals: 'oui' } })
			]
		}
	],
	summary: (a) => {
		const high = residualHigh(a);
		if (!riskPoints(a).length) return { label: 'À mener', tone: 'neutral' };
		if (high.length && !yes(a, 'cnilConsulted')) {
			return { label: 'Risque résiduel élevé : consulter la CNIL', tone: 'bad', detail: high.map((p) => p.label).join(', ') };
		}
		if (a.mayorDecision === 'validee') return { label: 'Validée par le maire', tone: 'ok' };
		return { label: 'En cours', tone: 'warn' };
	},
	actionItems: (a) =>
		FEARED_EVENTS.filter((e) => Number(a[`${e.id}_gravite`]) >= 3 && Number(a[`${e.id}_vraisemblance`]) >= 3).map((e) => ({
			item: e.id,
			title: `Réduire le risque : ${e.label.toLowerCase()}`
		})),
	actionOrigin: 'risque'
};

// ---- Information notice and consent -----------------------------------------------------------

/** Attached records see their parent's data as `__parent` (e.g. the fiche's legal basis). */
export const parentOf = (a: Answers): Answers => (a.__parent && typeof a.__parent === 'object' ? (a.__parent as Answers) : {});
/** The consent questions: for a fiche whose legal basis is consent (the parent's answer). */
const PARENT_IS_CONSENT: Condition = { field: '__parent.legalBasis', equals: 'a' };

export const noticeKind: RecordKind = {
	id: 'notice',
	parentKind: 'activity',
	entity: 'mention d’information',
	singular: 'une mention d’information',
	plural: 'mentions d’information',
	titleField: 'title',
	sections: [
		{
			title: 'Ce que la mention doit dire en plus du registre',
			intro: 'La mention d’information est rédigée à partir de la fiche du registre (finalités, base légale, destinataires, durées) et des coordonnées du délégué. Complétez ce qui ne s’y trouve pas.',
			fields: [
				radioField(
					'source',
					'D’où viennent les données ?',
					[
						{ value: 'personne', label: 'De la personne elle-même (formulaire, guichet…)', help: 'Mention de l’article 13, à donner au moment du recueil.' },
						{ value: 'autre', label: 'D’un autre organisme ou d’une autre personne', help: 'Mention de l’article 14 (par exemple la liste électorale, issue de l’INSEE), à donner dans le mois.' }
					],
					{ required: true, law: { pia: [122] } }
				),
				textareaField('sourceDetails', 'Origine des données', { required: true, showIf: { field: 'source', equals: 'autre' }, example: 'Répertoire électoral unique tenu par l’INSEE', max: 1000, law: { pia: [122] } }),
				radioField(
					'mandatory',
					'Fournir les données est-il obligatoire ?',
					[
						{ value: 'oui', label: 'Oui, sinon la démarche ne peut pas aboutir' },
						{ value: 'non', label: 'Non, c’est facultatif' },
						{ value: 'partiel', label: 'Certaines données seulement' }
					],
					{ required: true, showIf: { field: 'source', equals: 'personne' } }
				),
				textareaField('mandatoryDetails', 'Lesquelles sont obligatoires, et que se passe-t-il sinon ?', { showIf: { field: 'mandatory', oneOf: ['partiel', 'oui'] }, max: 1000 }),
				checkboxesField(
					'channels',
					'Où la mention est-elle donnée ?',
					[
						{ value: 'formulaire', label: 'Sur le formulaire papier ou en ligne' },
						{ value: 'site', label: 'Sur le site de la commune' },
						{ value: 'affiche', label: 'Par une affiche à la mairie' },
						{ value: 'courrier', label: 'Par courrier ou e-mail' }
					],
					{ required: true, law: { pia: [221] } }
				)
			]
		},
		{
			title: 'Le consentement',
			intro: 'Pour une activité fondée sur le consentement (alerte SMS, lettre d’information…) : la personne doit pouvoir dire oui librement, et se retirer aussi facilement. La commune doit pouvoir prouver le consentement.',
			fields: [
				textareaField('consentHow', 'Comment le consentement est-il recueilli ?', {
					required: true,
					showIf: PARENT_IS_CONSENT,
					law: { pia: [222] },
					example: 'Case à cocher non pré-cochée sur le formulaire d’inscription, signé et daté',
					max: 1500
				}),
				textareaField('consentWithdraw', 'Comment la personne peut-elle le retirer ?', {
					required: true,
					showIf: PARENT_IS_CONSENT,
					law: { pia: [222] },
					example: 'Répondre STOP au SMS, ou un e-mail à la mairie ; désinscription sous 48 h',
					max: 1500
				}),
				textareaField('consentProof', 'Où la preuve du consentement est-elle gardée ?', {
					required: true,
					showIf: PARENT_IS_CONSENT,
					law: { pia: [222] },
					example: 'Formulaires signés dans le classeur « alerte » ; export daté du service SMS',
					max: 1500
				})
			]
		}
	],
	summary: (a, ctx) => {
		const consentNeeded = ctx.parent?.legalBasis === 'a';
		if (!a.source) return { label: 'À rédiger', tone: 'neutral' };
		if (consentNeeded && !(a.consentHow && a.consentWithdraw && a.consentProof)) return { label: 'Consentement à documenter', tone: 'warn' };
		return { label: a.source === 'autre' ? 'Mention article 14' : 'Mention article 13', tone: 'ok' };
	}
};
