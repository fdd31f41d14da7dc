// The compliance dossier's content, derived from a data snapshot and the recipe modules (the same
// declarations as the wizard: no second source of truth). Pure: the same snapshot, version and date
// give the same content, hence the same PDF.
import { itemFrom } from '../../recipes/action-origins';
import { bodyName as bodyNameOf, ofPlace, formatDate, formatMonth, formatNumber, formatParis, formatParisLocal, frenchDecimal, parisDate } from '../../french';
import { DOCUMENT_TEMPLATES } from '../../documents/templates';
import { noticeText } from '../../documents/notice';
import { conformityLabel, conformityProblemsText, conformityResult, FEARED_EVENTS, PRINCIPLES, residualHigh, riskPoints, SCALE, type PlanAction, type RiskPoint } from '../../recipes/assessments';
import { dpiaVerdict } from '../../recipes/dpia';
import { coverage, obligationStatuses, recipeProgress, RECIPE_STATE_LABELS, type ObligationStatus } from '../../recipes/engine';
import { applies, isAnswered, shortLabel } from '../../recipes/fields';
import { dpdRecipe } from '../../recipes/dpd';
import { art30Groups } from '../../recipes/law';
import { RECIPES } from '../../recipes';
import { OBLIGATIONS } from '../../recipes/obligations';
import { activityKind, kindFields, RECORD_KINDS, SUPPORT_CATEGORIES, supportKind } from '../../recipes/records';
import { actionIsLate, actionToPlan, breachNotInTime, requestIsLate } from '../../recipes/registers';
import { MEASURES, MEASURE_ANSWERS, THEMES, themeScores } from '../../recipes/securite';
import type { Answers, FieldDef, RecordKind } from '../../recipes/types';
import { communeFacts, pendingProposal, securityText } from '../../recipes/completeness';
import { judge, type CommuneCompleteness } from '../completeness';
import { recordTitle } from '../domain/records';
import { computeProgress } from '../domain/recipes';
import { displayValue } from '../exports/register';
import type { Snapshot, SnapshotRecord } from './snapshot';

/** « importé le 6 décembre 2026 depuis un fichier »: what a file brought, never shown as recorded here. */
function importedFrom(at: string): string {
	return `importé le ${formatParis(new Date(at), false)} depuis un fichier`;
}
const isIso = (v: string) => v !== '' && !Number.isNaN(Date.parse(v));

export type Block =
	| { t: 'h1' | 'h2' | 'h3'; text: string; id: string }
	| { t: 'p'; text: string; style?: 'muted' | 'bold' | 'alert' | 'ok' }
	| { t: 'kv'; caption: string; rows: [string, string][] }
	/** `links`: per row, the heading (its text) the row's last cell links to. */
	| { t: 'table'; caption: string; columns: string[]; widths: number[]; rows: string[][]; links?: (string | undefined)[] }
	| { t: 'list'; items: string[] }
	| { t: 'riskmap'; caption: string; points: RiskPoint[] }
	| { t: 'signatures'; place: string; date: string; signatures: { role: string; name: string }[] }
	| { t: 'pagebreak' };

export interface DossierMeta {
	version: number;
	generatedAt: Date;
	generatedByName: string;
	fingerprint: string;
	/** "EXERCICE" on every page for practice communes. */
	watermark?: string;
}

export interface Cover {
	title: string;
	commune: string;
	lines: [string, string][];
}

export interface DossierModel {
	title: string;
	cover: Cover;
	blocks: Block[];
	footer: string;
}

const NR = 'non renseigné';

/** A field's value as the dossier prints it: dates and numbers in French, options by their label. */
export function fieldText(field: FieldDef, value: unknown, names: Map<string, string>): string {
	if (!isAnswered(value)) return '';
	if (field.type === 'date' && typeof value === 'string') return formatDate(value);
	if (field.type === 'datetime' && typeof value === 'string') return formatParisLocal(value);
	if (field.type === 'number') return String(value).replace('.', ',');
	return displayValue(field, value, names);
}
const v = (x: unknown) => (isAnswered(x) ? String(Array.isArray(x) ? x.join(' ; ') : x) : NR);

export interface RedFlag {
	id: string;
	label: string;
	/**
	 * What the check found: « a_traiter » (something to do), « rien » (the check ran on something
	 * and found nothing), « non_verifie » (nothing to check it on: no activity, no due date…).
	 * « Rien à signaler » is printed for « rien » only.
	 */
	state: 'a_traiter' | 'rien' | 'non_verifie';
	/** What was measured, with its counts: « 8 grilles sur 9 non remplies ». */
	measured: string;
	/** The records or measures at fault. */
	items: string[];
	/** The dossier section (its first-level heading) the row refers to. */
	section: string;
}

/** The dossier's first-level headings, named once: the red flags refer to them. */
export const SECTIONS = {
	synthese: 'Synthèse',
	dpd: 'Le délégué à la protection des données',
	registre: 'Le registre des activités de traitement',
	cartographie: 'La cartographie des supports',
	conformite: 'La conformité des activités',
	aipd: 'Analyses d’impact et risques',
	securite: 'Les mesures de sécurité de base',
	information: 'Information des personnes et consentement',
	soustraitants: 'Les sous-traitants',
	demandes: 'Les demandes d’exercice des droits',
	violations: 'Les violations de données',
	plan: 'Le plan d’action',
	preuves: 'Index des preuves et journal',
	signatures: 'Signatures'
} as const;

/** « 1 activité », « 8 activités ». */
const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The state of a check of `found` problems among `total` things checked. */
const stateOf = (found: number, total: number): RedFlag['state'] => (found > 0 ? 'a_traiter' : total > 0 ? 'rien' : 'non_verifie');

/** What an auditor looks for first, computed at the dossier's date. Each row says what it measured. */
export function redFlags(s: Snapshot, now: Date, statuses: ObligationStatus[] = obligationStatuses(OBLIGATIONS, RECIPES, progressOf(s), now)): RedFlag[] {
	const recs = s.records;
	const fiches = recs.filter((r) => r.kind === 'activity');
	const T = fiches.length;
	const name = (r: SnapshotRecord) => recordTitle(RECORD_KINDS[r.kind]!, r.data);
	const child = (p: SnapshotRecord, kind: string) => recs.find((r) => r.parentId === p.id && r.kind === kind);
	const judged = snapshotCompleteness(s);
	const noFiche = 'Aucune activité au registre : rien à vérifier';
	/** A check on each activity of the register. */
	const perFiche = (id: string, label: string, section: string, faulty: SnapshotRecord[], measured: (n: number) => string, detail: (f: SnapshotRecord) => string = name): RedFlag => ({
		id,
		label,
		state: stateOf(faulty.length, T),
		measured: T ? measured(faulty.length) : noFiche,
		items: faulty.map(detail),
		section
	});

	// The conformity grids: not filled, and the major non-conformities.
	const grids = fiches.map((f) => ({ f, grid: child(f, 'conformity') }));
	const outcomes = grids.map(({ f, grid }) => ({ f, grid, res: grid ? conformityResult(grid.data, gridActions(s, grid.id)) : null }));
	const notFilled = outcomes.filter((o) => !o.res || o.res.result === 'a_completer');
	const started = notFilled.filter((o) => o.res).length;
	const majors = outcomes.filter((o) => o.res?.result === 'majeure');
	const majorCount = majors.reduce((n, o) => n + o.res!.major.length, 0);
	const majorUnplanned = majors.reduce((n, o) => n + o.res!.major.filter((id) => o.res!.toPlan.includes(id)).length, 0);
	const principle = (id: string) => PRINCIPLES.find((p) => p.id === id)?.label ?? id;

	// The plan: actions not done, those « à planifier », those late.
	const open = recs.filter((r) => r.kind === 'action' && r.data.status !== 'fait');
	const toPlan = open.map((r) => ({ r, gap: actionToPlan(r.data)! })).filter((x) => x.gap);
	const neither = toPlan.filter((x) => !x.gap.owner && !x.gap.dueDate).length;
	const noOwner = toPlan.filter((x) => x.gap.owner === false && x.gap.dueDate).length;
	const noDue = toPlan.filter((x) => x.gap.owner && !x.gap.dueDate).length;
	const dated = open.filter((r) => isAnswered(r.data.dueDate));
	const late = open.filter((r) => actionIsLate(r.data, now));

	const processors = recs.filter((r) => r.kind === 'processor');
	const unchecked = processors.filter((r) => RECORD_KINDS.processor!.summary!(r.data, { now, actions: [] }).tone !== 'ok');
	const processorsListed = s.steps['sous-traitants/liste']?.status === 'terminee';

	const requests = recs.filter((r) => r.kind === 'request');
	const breaches = recs.filter((r) => r.kind === 'breach');
	const toNotify = breaches.filter((r) => r.data.risk === 'risque' || r.data.risk === 'eleve');
	const secAnswers = securityAnswers(s);
	const applicableMeasures = MEASURES.filter((m) => secAnswers[`m_${m.id}`] !== 'na');
	const missingMeasures = applicableMeasures.filter((m) => secAnswers[`m_${m.id}`] !== 'fait');

	const flags: RedFlag[] = [
		{
			id: 'registre',
			label: 'Registre des activités',
			state: T ? 'rien' : 'a_traiter',
			measured: T ? `${count(T, 'activité inscrite', 'activités inscrites')} au registre` : 'Aucune activité inscrite au registre',
			items: [],
			section: SECTIONS.registre
		},
		(() => {
			const proposed = recs.filter((r) => r.proposal);
			const pending = proposed.filter((r) => pendingProposal(r));
			const pendingFiches = pending.filter((r) => r.kind === 'activity').length;
			return {
				id: 'proposes',
				label: 'Éléments proposés par l’application, non confirmés',
				state: stateOf(pending.length, proposed.length),
				measured: proposed.length
					? `${pending.length} élément${pending.length > 1 ? 's' : ''} sur ${proposed.length} proposé${proposed.length > 1 ? 's' : ''} par l’application non confirmé${pending.length > 1 ? 's' : ''} par une personne nommée${pendingFiches ? ` (dont ${count(pendingFiches, 'activité du registre', 'activités du registre')})` : ''}`
					: 'Rien n’a été proposé par l’application : tout a été saisi par la commune',
				items: pending.map((r) => `${capitalize(RECORD_KINDS[r.kind]?.singular.replace(/^une? /, '') ?? r.kind)} « ${name(r)} » — ${r.proposal!.why}`),
				section: SECTIONS.registre
			};
		})(),
		perFiche('base', 'Base légale non décidée', SECTIONS.registre, fiches.filter((f) => !isAnswered(f.data.legalBasis)), (n) => `${n} activité${n > 1 ? 's' : ''} sur ${T} sans base légale`),
		perFiche('conservation', 'Durée de conservation non décidée', SECTIONS.registre, fiches.filter((f) => !isAnswered(f.data.retention)), (n) => `${n} activité${n > 1 ? 's' : ''} sur ${T} sans durée de conservation`),
		perFiche(
			'securite-aucune',
			'Activités sans mesure de sécurité',
			SECTIONS.registre,
			fiches.filter((f) => !judged.security(f.data).satisfied),
			(n) => {
				const none = fiches.filter((f) => { const sec = judged.security(f.data); return !sec.satisfied && sec.declaredNone; }).length;
				return `${n} activité${n > 1 ? 's' : ''} sur ${T} sans aucune mesure de sécurité${none ? ` (dont ${none} déclarant « Aucune »)` : ''}`;
			},
			(f) => `${name(f)}${judged.security(f.data).declaredNone ? ' (« Aucune »)' : ''}`
		),
		perFiche('grilles', 'Grilles de conformité non remplies', SECTIONS.conformite, notFilled.map((o) => o.f), (n) => `${n} grille${n > 1 ? 's' : ''} sur ${T} non remplie${n > 1 ? 's' : ''}${started ? ` (dont ${started} commencée${started > 1 ? 's' : ''})` : ''}`),
		{
			id: 'majeures',
			label: 'Non-conformités majeures',
			// Only the grids filled say something: with none filled, the check did not run.
			state: majorCount ? 'a_traiter' : outcomes.some((o) => o.res && o.res.result !== 'a_completer') ? 'rien' : 'non_verifie',
			measured: majorCount
				? `${count(majorCount, 'non-conformité majeure', 'non-conformités majeures')} dans ${count(majors.length, 'activité', 'activités')}, ${majorUnplanned} sans action prévue (responsable et échéance)`
				: outcomes.some((o) => o.res && o.res.result !== 'a_completer')
					? `Aucune non-conformité majeure dans ${((n) => (n > 1 ? `les ${n} grilles remplies` : 'la grille remplie'))(outcomes.filter((o) => o.res && o.res.result !== 'a_completer').length)}`
					: 'Aucune grille remplie : rien à vérifier',
			items: majors.map((o) => `${name(o.f)} : ${o.res!.major.map((id) => `${principle(id)} (${o.res!.toPlan.includes(id) ? 'action à planifier' : 'action prévue'})`).join(', ')}`),
			section: SECTIONS.conformite
		},
		(() => {
			const faulty = fiches.filter((f) => {
				const screening = child(f, 'dpia');
				if (!screening || dpiaVerdict(screening.data).required !== true) return false;
				const risk = child(f, 'risk');
				return !risk || judged.of(RECORD_KINDS.risk!, risk).missing.length > 0;
			});
			const unscreened = fiches.filter((f) => !child(f, 'dpia') || dpiaVerdict(child(f, 'dpia')!.data).required === null).length;
			const n = faulty.length;
			return {
				id: 'aipd',
				label: 'Analyse d’impact nécessaire mais non faite',
				// An activity not screened may need one: then the check cannot say « rien ».
				state: n ? ('a_traiter' as const) : unscreened || !T ? ('non_verifie' as const) : ('rien' as const),
				measured: T
					? `${n} analyse${n > 1 ? 's' : ''} d’impact nécessaire${n > 1 ? 's' : ''} non menée${n > 1 ? 's' : ''} à terme ; ${unscreened} activité${unscreened > 1 ? 's' : ''} sur ${T} sans dépistage terminé`
					: noFiche,
				items: faulty.map(name),
				section: SECTIONS.aipd
			};
		})(),
		(() => {
			const risks = recs.filter((r) => r.kind === 'risk');
			const faulty = risks.filter((r) => residualHigh(r.data).length > 0 && r.data.cnilConsulted !== 'oui');
			return {
				id: 'cnil36',
				label: 'Risque résiduel élevé non soumis à la CNIL',
				state: stateOf(faulty.length, risks.length),
				measured: risks.length ? `${faulty.length} analyse${faulty.length > 1 ? 's' : ''} des risques sur ${risks.length} avec un risque résiduel élevé sans consultation de la CNIL` : 'Aucune analyse des risques : rien à vérifier',
				items: faulty.map((r) => name(recs.find((p) => p.id === r.parentId) ?? r)),
				section: SECTIONS.aipd
			};
		})(),
		perFiche('information', 'Activités sans mention d’information', SECTIONS.information, fiches.filter((f) => !child(f, 'notice')), (n) => `${n} activité${n > 1 ? 's' : ''} sur ${T} sans mention d’information rédigée`),
		{
			id: 'sous-traitants',
			label: 'Sous-traitants sans contrat vérifié',
			state: unchecked.length ? 'a_traiter' : processors.length || processorsListed ? 'rien' : 'non_verifie',
			measured: processors.length
				? `${unchecked.length} sous-traitant${unchecked.length > 1 ? 's' : ''} sur ${processors.length} sans les clauses de l’article 28 vérifiées`
				: processorsListed
					? 'Aucun sous-traitant, liste terminée'
					: 'Aucun sous-traitant enregistré, et la liste n’est pas terminée : rien à vérifier',
			items: unchecked.map(name),
			section: SECTIONS.soustraitants
		},
		{
			id: 'securite',
			label: 'Mesures de sécurité de base manquantes',
			state: stateOf(missingMeasures.length, applicableMeasures.length),
			measured: `${missingMeasures.length} mesure${missingMeasures.length > 1 ? 's' : ''} sur ${applicableMeasures.length} non faite${missingMeasures.length > 1 ? 's' : ''} (${missingMeasures.filter((m) => secAnswers[`m_${m.id}`] === 'prevu').length} prévue${missingMeasures.filter((m) => secAnswers[`m_${m.id}`] === 'prevu').length > 1 ? 's' : ''}, ${missingMeasures.filter((m) => !isAnswered(secAnswers[`m_${m.id}`])).length} sans réponse)`,
			items: missingMeasures.map((m) => m.label),
			section: SECTIONS.securite
		},
		{
			id: 'a-planifier',
			label: 'Actions du plan à planifier',
			state: stateOf(toPlan.length, open.length),
			measured: open.length
				? `${toPlan.length} action${toPlan.length > 1 ? 's' : ''} sur ${open.length} non faite${open.length > 1 ? 's' : ''} sans responsable ou sans échéance${toPlan.length ? ` : ${[neither ? `${neither} sans responsable ni échéance` : '', noOwner ? `${noOwner} sans responsable` : '', noDue ? `${noDue} sans échéance` : ''].filter(Boolean).join(', ')}` : ''}`
				: 'Aucune action en cours au plan : rien à vérifier',
			items: toPlan.map((x) => name(x.r)),
			section: SECTIONS.plan
		},
		{
			id: 'actions',
			label: 'Actions du plan en retard',
			// Late is measured on the actions with a due date: without one, nothing can be said.
			state: stateOf(late.length, dated.length),
			measured: open.length
				? `${late.length} action${late.length > 1 ? 's' : ''} en retard sur ${dated.length} avec une échéance${open.length > dated.length ? ` ; ${open.length - dated.length} action${open.length - dated.length > 1 ? 's' : ''} sans échéance, dont le retard ne peut être mesuré` : ''}`
				: 'Aucune action en cours au plan : rien à vérifier',
			items: late.map(name),
			section: SECTIONS.plan
		},
		(() => {
			const faulty = requests.filter((r) => requestIsLate(r.data, now));
			return {
				id: 'demandes',
				label: 'Demandes d’exercice des droits en retard',
				state: stateOf(faulty.length, requests.length),
				measured: requests.length ? `${faulty.length} demande${faulty.length > 1 ? 's' : ''} sur ${requests.length} sans réponse après l’échéance` : 'Aucune demande enregistrée : rien à vérifier',
				items: faulty.map(name),
				section: SECTIONS.demandes
			};
		})(),
		(() => {
			const faulty = breaches.filter((r) => breachNotInTime(r.data, now));
			return {
				id: 'violations',
				label: 'Violations non notifiées dans les délais',
				state: stateOf(faulty.length, toNotify.length),
				measured: breaches.length
					? `${faulty.length} violation${faulty.length > 1 ? 's' : ''} sur ${toNotify.length} à notifier non notifiée${faulty.length > 1 ? 's' : ''} dans les 72 heures (${count(breaches.length, 'violation enregistrée', 'violations enregistrées')})`
					: 'Aucune violation enregistrée : rien à vérifier',
				items: faulty.map(name),
				section: SECTIONS.violations
			};
		})(),
		// The delegate's obligations, from the same statuses as the obligations page.
		...OBLIGATION_FLAGS.map(({ obligationId, flagId, label, notDone }) => {
			const status = statuses.find((st) => st.obligation.id === obligationId)!;
			const items = status.covered ? [] : status.unmet.length ? status.unmet.map((u) => `Réponse attendue : ${u}.`) : [notDone];
			return { id: flagId, label, state: status.covered ? ('rien' as const) : ('a_traiter' as const), measured: status.covered ? 'Enregistré' : 'Non enregistré', items, section: SECTIONS.dpd };
		})
	];
	return flags;
}

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** Who confirmed what the app proposed, in the dossier's words. */
function confirmationText(r: SnapshotRecord): string {
	if (!r.proposal) return 'Saisie par la commune';
	if (!r.confirmedAt) return `Proposé, non confirmé (${r.proposal.why})`;
	return `Proposée par l’application (${r.proposal.why}), confirmée par ${r.confirmedByName ?? 'une personne dont le compte a été supprimé'} le ${formatParis(new Date(r.confirmedAt), false)}`;
}

/** Ends with one full stop. */
const sentence = (t: string) => (/[.!?]$/.test(t) ? t.replace(/\.\.$/, '.') : `${t}.`);

/** A red flag's state in words. */
export const RED_FLAG_STATES: Record<RedFlag['state'], string> = { a_traiter: 'À traiter', rien: 'Rien à signaler', non_verifie: 'Non vérifiable' };

/** The completeness of the snapshot's records, judged as the app judges them (server/completeness.ts). */
export function snapshotCompleteness(s: Snapshot): CommuneCompleteness {
	const facts = communeFacts((key) => s.steps[key]?.answers, s.records);
	return judge(facts, new Map(s.records.map((r) => [r.id, r.data])));
}

/** Obligations whose being open is a red flag of the dossier (their status is the obligations page's). */
export const OBLIGATION_FLAGS = [
	{ obligationId: 'dpd-declarer-cnil', flagId: 'dpd', label: 'Délégué non déclaré à la CNIL', notDone: 'La déclaration du délégué sur le site de la CNIL n’est pas enregistrée.' },
	{ obligationId: 'dpd-publier-coordonnees', flagId: 'dpd-publication', label: 'Coordonnées du délégué non publiées', notDone: 'La publication des coordonnées du délégué n’est pas enregistrée.' }
];

function securityAnswers(s: Snapshot): Answers {
	const out: Answers = {};
	for (const t of THEMES) Object.assign(out, s.steps[`securite/${t.id}`]?.answers ?? {});
	return out;
}

function progressOf(s: Snapshot) {
	return computeProgress(
		Object.entries(s.steps).map(([key, st]) => ({
			key,
			answers: st.answers,
			status: st.status as 'en_cours' | 'plus_tard' | 'terminee',
			completedAt: st.completedAt ? new Date(st.completedAt) : null,
			version: 0
		})),
		s.records,
		s.confirmations.map((c) => c.obligationId)
	);
}

const fieldOf = (kind: RecordKind, name: string): FieldDef | undefined => kindFields(kind).find((f) => f.name === name);

export function buildDossier(s: Snapshot, meta: DossierMeta): DossierModel {
	const now = meta.generatedAt;
	const c = s.commune;
	const bodyName = bodyNameOf(c);
	const dpd = recipeAnswersFrom(s, 'dpd');
	const dpdName = [dpd.firstName, dpd.lastName].filter(isAnswered).join(' ') || NR;
	const progress = progressOf(s);
	const recs = s.records;
	const byKind = (k: string) => recs.filter((r) => r.kind === k);
	const names = new Map(recs.map((r) => [r.id, recordTitle(RECORD_KINDS[r.kind] ?? supportKind, r.data)]));
	const fiches = byKind('activity');
	const judged = snapshotCompleteness(s);
	const blocks: Block[] = [];
	let n = 0;
	const h = (t: 'h1' | 'h2' | 'h3', text: string) => blocks.push({ t, text, id: `s${++n}` });
	const p = (text: string, style?: 'muted' | 'bold' | 'alert' | 'ok') => blocks.push({ t: 'p', text, style });
	const date = (iso: string | null | undefined) => (iso ? formatDate(parisDate(new Date(iso))) : NR);

	// 3. Synthèse --------------------------------------------------------------------------------
	h('h1', SECTIONS.synthese);
	const statuses = obligationStatuses(OBLIGATIONS, RECIPES, progress, now);
	const cov = coverage(statuses, 5);
	const recipeRows = RECIPES.map((r) => {
		const rp = recipeProgress(r, progress, now);
		return [r.title, RECIPE_STATE_LABELS[rp.state], `${rp.done} / ${rp.total}`, rp.completedAt ? formatDate(parisDate(rp.completedAt)) : '—'];
	});
	p(`Obligations couvertes : ${cov.covered} sur ${cov.total}. Recettes terminées : ${recipeRows.filter((r) => r[1] === 'Terminée').length} sur ${RECIPES.length}. Activités au registre : ${fiches.length}.`, 'bold');
	h('h2', 'Points d’attention');
	const flags = redFlags(s, now, statuses);
	p('Chaque point dit ce qui a été vérifié et combien d’éléments sont en cause. « Rien à signaler » veut dire que la vérification a porté sur au moins un élément sans rien trouver ; « Non vérifiable », qu’il n’y avait rien sur quoi la faire.', 'muted');
	blocks.push({
		t: 'table',
		caption: 'Points qu’un contrôleur regarde en premier',
		columns: ['Point', 'État', 'Ce qui a été mesuré', 'Voir'],
		widths: [0.24, 0.13, 0.45, 0.18],
		rows: flags.map((f) => [
			f.label,
			f.state === 'a_traiter' && f.items.length ? `${RED_FLAG_STATES[f.state]} (${f.items.length})` : RED_FLAG_STATES[f.state],
			sentence(`${f.measured}.${f.items.length ? ` ${f.items.slice(0, 12).join(' ; ')}${f.items.length > 12 ? ` ; et ${f.items.length - 12} autres` : ''}` : ''}`),
			`« ${f.section} »`
		]),
		links: flags.map((f) => f.section)
	});
	h('h2', 'Avancement des recettes');
	blocks.push({ t: 'table', caption: 'État de chaque recette', columns: ['Recette', 'État', 'Étapes', 'Terminée le'], widths: [0.46, 0.18, 0.14, 0.22], rows: recipeRows });
	if (cov.next.length) {
		h('h2', 'Prochaines obligations à traiter');
		blocks.push({ t: 'list', items: cov.next.map((o) => `${o.obligation.title} (priorité ${o.obligation.priority} — ${o.obligation.reference})`) });
	}

	// 4. Le délégué ------------------------------------------------------------------------------
	h('h1', SECTIONS.dpd);
	// One table per step of the « Désigner le délégué » recipe, its fields as declared (those that apply).
	for (const step of dpdRecipe.steps) {
		if (step.kind !== 'form') continue;
		blocks.push({ t: 'kv', caption: step.title, rows: step.fields.filter((f) => applies(f, dpd, step.fields)).map((f) => [shortLabel(f), fieldText(f, dpd[f.name], names) || NR]) });
	}

	// 5. Le registre -----------------------------------------------------------------------------
	h('h1', SECTIONS.registre);
	const org = s.steps['registre/organisation']?.answers ?? {};
	h('h2', 'Fiche de l’organisme');
	blocks.push({
		t: 'kv',
		caption: 'Fiche commune à toutes les activités',
		rows: [
			['Responsable du traitement', controllerText(c)],
			['Adresse', c.address || NR],
			['SIREN', c.siren ?? NR],
			['Contact', [c.email, c.phone].filter(Boolean).join(' — ') || NR],
			['Délégué à la protection des données', `${dpdName}${isAnswered(dpd.email) ? ` — ${String(dpd.email)}` : ''}`],
			['Tenue du registre', v(org.keeper)],
			['Forme', v(org.format)],
			['Dernière relecture', isAnswered(org.lastReview) ? formatDate(String(org.lastReview)) : NR],
			['Nombre d’activités', String(fiches.length)]
		]
	});
	blocks.push({
		t: 'table',
		caption: 'Liste des activités',
		columns: ['Activité', 'Base légale', 'Complétude', 'À compléter'],
		widths: [0.4, 0.2, 0.12, 0.28],
		rows: fiches.map((f) => {
			const done = judged.of(activityKind, f);
			return [names.get(f.id)!, displayValue(fieldOf(activityKind, 'legalBasis')!, f.data.legalBasis, names) || NR, `${done.percent} %`, done.missing.map(shortLabel).join(', ')];
		})
	});
	// Each fiche as its fields declare it: the items of art. 30(1) in order, then the CNIL model's.
	const groups = art30Groups(kindFields(activityKind).filter((fd) => fd.name !== activityKind.titleField));
	for (const f of fiches) {
		const security = new Map(judged.security(f.data).headings.map((sh) => [sh.name, sh]));
		h('h2', names.get(f.id)!);
		const proposal = pendingProposal(f);
		const row = (field: FieldDef): [string, string] => {
			const sh = security.get(field.name);
			// A security heading: the fiche's answer, then the mairie's measures that protect its supports.
			const value = sh ? securityText(sh) : fieldText(field, f.data[field.name], names);
			return [field.exportLabel?.replace(/^Mesures de sécurité — /, '') ?? field.label, value || NR];
		};
		for (const g of groups) {
			if (g.item === 'a') {
				// The controller and the DPD are the commune's; the entry's own item (a) fields between them.
				const rows: [string, string][] = [
					['Responsable du traitement', controllerText(c)],
					...g.fields.map(row),
					['Délégué', dpdName],
					['Création de la fiche', date(f.createdAt)],
					['Confirmation', confirmationText(f)],
					['Dernière mise à jour', date(f.updatedAt)]
				];
				blocks.push({ t: 'kv', caption: `${names.get(f.id)} — responsable (art. 30.1.a)`, rows });
				if (proposal) blocks.push({ t: 'p', style: 'alert', text: `Proposé, non confirmé : ${proposal.why}. Aucune personne de la commune n’a encore confirmé cette fiche : ses réponses sont celles que l’application a proposées.` });
				continue;
			}
			if (!g.fields.length) continue;
			h('h3', g.heading);
			blocks.push({ t: 'kv', caption: `${names.get(f.id)} — ${g.heading}`, rows: g.fields.map(row) });
		}
	}

	// 6. Cartographie, conformité, risques, sécurité ---------------------------------------------
	h('h1', SECTIONS.cartographie);
	const supports = byKind('support');
	blocks.push({
		t: 'table',
		caption: 'Supports contenant des données personnelles',
		columns: ['Support', 'Type', 'Où', 'Qui l’utilise', 'Remarques'],
		widths: [0.24, 0.16, 0.2, 0.18, 0.22],
		rows: supports.map((r) => [names.get(r.id)!, SUPPORT_CATEGORIES.find((o) => o.value === r.data.category)?.label ?? NR, v(r.data.location), v(r.data.users), isAnswered(r.data.notes) ? String(r.data.notes) : ''])
	});
	const noneSteps = SUPPORT_CATEGORIES.filter((cat) => s.steps[`cartographie/${cat.value}`]?.answers.none === 'oui').map((cat) => cat.label);
	if (noneSteps.length) p(`Déclaré sans objet : ${noneSteps.join(', ')}.`, 'muted');

	h('h1', SECTIONS.conformite);
	const actionsFor = (id: string) => gridActions(s, id);
	blocks.push({
		t: 'table',
		caption: 'Résultat de la grille de conformité par activité',
		columns: ['Activité', 'Résultat', 'Principes non conformes'],
		widths: [0.38, 0.27, 0.35],
		rows: fiches.map((f) => {
			const grid = recs.find((r) => r.parentId === f.id && r.kind === 'conformity');
			if (!grid) return [names.get(f.id)!, 'Grille non remplie', ''];
			const res = conformityResult(grid.data, actionsFor(grid.id));
			return [names.get(f.id)!, conformityLabel(res), conformityProblemsText(res)];
		})
	});

	h('h1', SECTIONS.aipd);
	blocks.push({
		t: 'table',
		caption: 'Dépistage de l’analyse d’impact par activité',
		columns: ['Activité', 'Verdict', 'Raison'],
		widths: [0.28, 0.17, 0.55],
		rows: fiches.map((f) => {
			const sc = recs.find((r) => r.parentId === f.id && r.kind === 'dpia');
			if (!sc) return [names.get(f.id)!, 'Dépistage non fait', isAnswered(f.data.dpiaHint) ? `Indication du catalogue : ${String(f.data.dpiaReason ?? f.data.dpiaHint)}` : ''];
			const verdict = dpiaVerdict(sc.data);
			return [names.get(f.id)!, verdict.required === null ? 'À terminer' : verdict.required ? 'AIPD nécessaire' : 'Non nécessaire', verdict.reason];
		})
	});
	const level = (x: unknown) => SCALE.find((o) => o.value === x)?.label ?? NR;
	for (const r of byKind('risk')) {
		const parentName = names.get(r.parentId ?? '') ?? 'Activité';
		h('h2', `Analyse des risques : ${parentName}`);
		const points = riskPoints(r.data);
		if (points.length) blocks.push({ t: 'riskmap', caption: `Carte des risques — ${parentName}`, points });
		blocks.push({
			t: 'table',
			caption: `Risques de l’activité ${parentName}`,
			columns: ['Événement redouté', 'Gravité', 'Vraisemblance', 'Gravité après plan', 'Vraisemblance après plan'],
			widths: [0.28, 0.18, 0.18, 0.18, 0.18],
			rows: FEARED_EVENTS.map((e) => [e.label, level(r.data[`${e.id}_gravite`]), level(r.data[`${e.id}_vraisemblance`]), level(r.data[`${e.id}_gravite_residuelle`]), level(r.data[`${e.id}_vraisemblance_residuelle`])])
		});
		for (const e of FEARED_EVENTS) {
			h('h3', e.label);
			blocks.push({
				t: 'kv',
				caption: `${parentName} — ${e.label}`,
				rows: [
					['Impacts', v(r.data[`${e.id}_impacts`])],
					['Menaces', v(r.data[`${e.id}_threats`])],
					['Sources de risque', v(r.data[`${e.id}_sources`])],
					['Mesures', v(r.data[`${e.id}_measures`])],
					['Justification', v(r.data[`${e.id}_justification`])]
				]
			});
		}
		const high = residualHigh(r.data);
		blocks.push({
			t: 'kv',
			caption: `${parentName} — avis et décision`,
			rows: [
				['Avis du délégué', `${v(r.data.dpdOpinion)} (${isAnswered(r.data.dpdOpinionDate) ? formatDate(String(r.data.dpdOpinionDate)) : 'date non renseignée'})`],
				['Décision du maire', `${r.data.mayorDecision === 'validee' ? 'Analyse validée' : r.data.mayorDecision === 'a_revoir' ? 'À revoir' : NR} (${isAnswered(r.data.mayorDecisionDate) ? formatDate(String(r.data.mayorDecisionDate)) : 'date non renseignée'})`],
				['Risque résiduel élevé', high.length ? `${high.map((x) => x.label).join(', ')} — consultation de la CNIL (art. 36) : ${r.data.cnilConsulted === 'oui' ? `faite le ${isAnswered(r.data.cnilConsultedDate) ? formatDate(String(r.data.cnilConsultedDate)) : NR}` : 'non faite'}` : 'Aucun']
			]
		});
	}

	h('h1', SECTIONS.securite);
	const secAnswers = securityAnswers(s);
	blocks.push({
		t: 'table',
		caption: 'Score par thème',
		columns: ['Thème', 'Faites', 'Prévues', 'Score'],
		widths: [0.46, 0.18, 0.18, 0.18],
		rows: themeScores(secAnswers).map((t) => [t.title, `${t.done} sur ${t.applicable}`, String(t.planned), t.percent === null ? '—' : `${t.percent} %`])
	});
	blocks.push({
		t: 'table',
		caption: 'État de chaque mesure',
		columns: ['Mesure', 'État', 'Remarque'],
		widths: [0.55, 0.15, 0.3],
		rows: MEASURES.map((m) => [m.label, MEASURE_ANSWERS.find((o) => o.value === secAnswers[`m_${m.id}`])?.label ?? NR, isAnswered(secAnswers[`m_${m.id}_note`]) ? String(secAnswers[`m_${m.id}_note`]) : ''])
	});

	// 7. Information, sous-traitants, demandes, violations ---------------------------------------
	h('h1', SECTIONS.information);
	for (const nr of byKind('notice')) {
		const fiche = recs.find((r) => r.id === nr.parentId);
		const text = noticeText({ commune: c, dpd, fiche: fiche?.data ?? {}, notice: nr.data });
		h('h2', text.title);
		p(`Mention de l’article ${text.article}, donnée : ${v((nr.data.channels as string[] | undefined)?.join(', '))}.`, 'muted');
		for (const para of text.paragraphs) p(`${para.heading} ${para.text}`);
		if (fiche?.data.legalBasis === 'a') {
			blocks.push({
				t: 'kv',
				caption: `Consentement — ${text.title}`,
				rows: [
					['Recueil du consentement', v(nr.data.consentHow)],
					['Retrait', v(nr.data.consentWithdraw)],
					['Preuve conservée', v(nr.data.consentProof)]
				]
			});
		}
	}
	const withoutNotice = fiches.filter((f) => !recs.some((r) => r.parentId === f.id && r.kind === 'notice'));
	if (withoutNotice.length) p(`Activités sans mention d’information rédigée : ${withoutNotice.map((f) => names.get(f.id)).join(', ')}.`, 'alert');

	h('h1', SECTIONS.soustraitants);
	blocks.push({
		t: 'table',
		caption: 'Sous-traitants et clauses de l’article 28',
		columns: ['Sous-traitant', 'Service', 'Activités', 'Contrat'],
		widths: [0.22, 0.28, 0.28, 0.22],
		rows: byKind('processor').map((r) => [names.get(r.id)!, v(r.data.service), Array.isArray(r.data.activities) ? r.data.activities.map((id) => names.get(String(id)) ?? '(supprimée)').join(', ') : NR, RECORD_KINDS.processor!.summary!(r.data, { now, actions: [] }).label])
	});

	h('h1', SECTIONS.demandes);
	blocks.push({
		t: 'table',
		caption: 'Registre des demandes',
		columns: ['Personne', 'Droit', 'Reçue le', 'État'],
		widths: [0.24, 0.24, 0.16, 0.36],
		rows: byKind('request').map((r) => [names.get(r.id)!, displayValue(fieldOf(RECORD_KINDS.request!, 'right')!, r.data.right, names) || NR, isAnswered(r.data.receivedOn) ? formatDate(String(r.data.receivedOn)) : NR, RECORD_KINDS.request!.summary!(r.data, { now, actions: [] }).label])
	});

	h('h1', SECTIONS.violations);
	blocks.push({
		t: 'table',
		caption: 'Registre des violations',
		columns: ['Violation', 'Découverte', 'Nature', 'Suite'],
		widths: [0.32, 0.2, 0.18, 0.3],
		rows: byKind('breach').map((r) => [
			names.get(r.id)!,
			isAnswered(r.data.discoveredAt) ? formatParisLocal(String(r.data.discoveredAt)) : NR,
			displayValue(fieldOf(RECORD_KINDS.breach!, 'nature')!, r.data.nature, names) || NR,
			RECORD_KINDS.breach!.summary!(r.data, { now, actions: [] }).label
		])
	});

	// One block per breach: every field of the kind's declaration that applies to it (art. 33.5),
	// in the declared order, so that none can be forgotten.
	for (const r of byKind('breach')) {
		h('h2', names.get(r.id)!);
		blocks.push({ t: 'kv', caption: `Violation — ${names.get(r.id)}`, rows: breachRows(r.data, names, now) });
	}

	// 8. Plan d'action ---------------------------------------------------------------------------
	h('h1', SECTIONS.plan);
	const actionRows = byKind('action').sort((a, b) => String(a.data.dueDate || '9999').localeCompare(String(b.data.dueDate || '9999')));
	blocks.push({
		t: 'table',
		caption: 'Actions du plan',
		columns: ['Action', 'Responsable', 'Échéance', 'Priorité', 'État'],
		widths: [0.4, 0.18, 0.14, 0.1, 0.18],
		rows: actionRows.map((r) => [names.get(r.id)!, v(r.data.owner), isAnswered(r.data.dueDate) ? formatDate(String(r.data.dueDate)) : NR, v(r.data.priority), RECORD_KINDS.action!.summary!(r.data, { now, actions: [] }).label])
	});

	// 9. Preuves et journal ----------------------------------------------------------------------
	h('h1', SECTIONS.preuves);
	h('h2', 'Documents produits par l’application');
	blocks.push({
		t: 'table',
		caption: 'Documents produits',
		columns: ['Document', 'Produit le', 'Par', 'Empreinte SHA-256'],
		widths: [0.34, 0.18, 0.16, 0.32],
		rows: [
			...s.documents.map((d) =>
				d.importedAt
					? [`${DOCUMENT_TEMPLATES[d.kind]?.title ?? d.title} (${importedFrom(d.importedAt)} ; le PDF n’est pas dans cette installation)`, isIso(d.generatedAt) ? formatParis(new Date(d.generatedAt)) : NR, d.generatedByName ? `${d.generatedByName}, d’après le fichier` : NR, `${d.sha256} (empreinte déclarée par le fichier)`]
					: [DOCUMENT_TEMPLATES[d.kind]?.title ?? d.title, formatParis(new Date(d.generatedAt)), d.generatedByName || NR, d.sha256]
			),
			...byKind('notice').map((nr) => [`Mention d’information : ${names.get(nr.parentId ?? '') ?? ''}`, formatParis(new Date(nr.updatedAt)), '—', nr.importedAt ? importedFrom(nr.importedAt) : 'rédigée dans l’application']),
			...byKind('training').map((t) => [`Attestation de formation : ${v(t.data.title)} (${v(t.data.participant)})`, isAnswered(t.data.date) ? formatDate(String(t.data.date)) : NR, v(t.data.trainer), t.importedAt ? `${importedFrom(t.importedAt)} (déclarée par le fichier, non vérifiée)` : 'enregistrée par le formateur du GIP'])
		]
	});
	h('h2', 'Extrait du journal des modifications');
	p(
		s.audit.total
			? `${s.audit.total} modifications enregistrées du ${formatParis(new Date(s.audit.from!), false)} au ${formatParis(new Date(s.audit.to!), false)}. Le journal complet, qui ne peut être ni modifié ni effacé, est consultable dans l’application.`
			: 'Aucune modification enregistrée.'
	);
	const importedRecords = s.records.filter((r) => r.importedAt);
	if (importedRecords.length) {
		const dates = [...new Set(importedRecords.map((r) => r.importedAt!))].sort().map(importedFrom);
		p(`${importedRecords.length} ${importedRecords.length > 1 ? 'enregistrements de ce dossier ont été importés' : 'enregistrement de ce dossier a été importé'} (${dates.join(', ')}) : leur contenu et leur historique sont ceux du fichier.`);
	}
	if (s.importedAudit) {
		const ia = s.importedAudit;
		p(
			`Historique importé : ${ia.total} ${ia.total > 1 ? 'entrées' : 'entrée'} du ${formatParis(new Date(ia.from), false)} au ${formatParis(new Date(ia.to), false)}, ${ia.importedAt.map(importedFrom).join(', ')}. Elles racontent ce que dit le fichier : elles n’ont pas été enregistrées dans cette installation et ne sont pas comptées ci-dessus.`
		);
	}
	blocks.push({
		t: 'table',
		caption: 'Modifications par mois',
		columns: ['Mois', 'Modifications', 'Principaux objets'],
		widths: [0.18, 0.18, 0.64],
		rows: s.audit.months.map((m) => [
			formatMonth(m.month),
			String(m.count),
			Object.entries(m.entities)
				.sort((a, b) => b[1] - a[1])
				.slice(0, 5)
				.map(([e, k]) => `${e} (${k})`)
				.join(', ')
		])
	});

	// 10. Signatures -----------------------------------------------------------------------------
	h('h1', SECTIONS.signatures);
	p(`Le présent dossier rassemble les éléments de la démarche de mise en conformité de ${bodyName} à la date du ${formatParis(now, false)}. Son empreinte SHA-256 (${meta.fingerprint}) permet de vérifier qu’il correspond aux données enregistrées.`);
	blocks.push({
		t: 'signatures',
		place: c.name,
		date: formatParis(now, false),
		signatures: [
			{ role: c.type === 'commune' ? 'Le maire, responsable du traitement' : 'Le président, responsable du traitement', name: c.mayorName },
			{ role: 'Le délégué à la protection des données', name: dpdName === NR ? '' : dpdName }
		]
	});

	const title = `Dossier de conformité RGPD — ${bodyName}`;
	return {
		title,
		cover: {
			title: 'Dossier de conformité au RGPD',
			commune: bodyName,
			lines: [
				['Code INSEE', c.inseeCode ?? NR],
				['Population', c.population ? `${formatNumber(c.population)} habitants` : NR],
				['Adresse', c.address || NR],
				['Responsable du traitement', controllerText(c)],
				['Délégué à la protection des données', dpdName],
				['Date du dossier', formatParis(now)],
				['Version', String(meta.version)],
				['Produit par', meta.generatedByName || NR],
				['Empreinte SHA-256', meta.fingerprint]
			]
		},
		blocks,
		footer: `${bodyName} — dossier v${meta.version} — empreinte ${meta.fingerprint}`
	};
}

/**
 * The controller as the law names it: the body, represented by its executive — « commune de Glanon,
 * représentée par Jean Bernard, maire » (elision by ofPlace, as bodyName: « commune d’Aubigny »).
 */
export function controllerText(c: { name: string; type?: string | null; mayorName: string }): string {
	const who = c.mayorName.trim();
	if (c.type === 'commune') return `commune ${ofPlace(c.name)}, représentée par ${who ? `${who}, maire` : 'son maire (nom non renseigné)'}`;
	return `${c.name}, en la personne de son président${who ? `, ${who}` : ' (nom non renseigné)'}`;
}

/** The rows of a breach's block: its declared fields that apply (the title is the heading), then its status. */
export function breachRows(data: Answers, names: Map<string, string>, now: Date): [string, string][] {
	const kind = RECORD_KINDS.breach!;
	const fields = kindFields(kind);
	const rows: [string, string][] = fields
		.filter((f) => f.name !== kind.titleField && applies(f, data, fields))
		.map((f) => [f.label, fieldText(f, data[f.name], names) || NR]);
	rows.push(['Suite donnée', kind.summary!(data, { now, actions: [] }).label]);
	return rows;
}

/** The plan's actions made from a conformity grid, with their owner and due date. */
function gridActions(s: Snapshot, gridId: string): PlanAction[] {
	return s.records
		.filter((a) => a.kind === 'action' && itemFrom(a.origin, 'conformity', gridId) !== null)
		.map((a) => ({ item: itemFrom(a.origin, 'conformity', gridId) ?? '', status: String(a.data.status ?? ''), owner: String(a.data.owner ?? ''), dueDate: String(a.data.dueDate ?? '') }));
}

function recipeAnswersFrom(s: Snapshot, recipeId: string): Answers {
	const out: Answers = {};
	for (const [key, st] of Object.entries(s.steps)) if (key.startsWith(`${recipeId}/`)) Object.assign(out, st.answers);
	return out;
}

/** The dossier's first-level headings, in order. */
export function sectionTitles(model: DossierModel): string[] {
	return model.blocks.flatMap((b) => (b.t === 'h1' ? [b.text] : []));
}
