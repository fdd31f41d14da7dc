// A risk assessment as a file for the CNIL's PIA tool (LINCnil/pia): { pia, answers, measures,
// evaluations, comments }, with the tool's question ids (shared/domain/peers.md). The context and
// fundamental principles come from the register fiche (each field answers the questions it declares
// in `law.pia`), its notice and its conformity grid; the risks from the three feared events; the
// validation from the DPD's opinion and the mayor's decision.
//
// The tool recomputes each part's state from the evaluations (LinCnil/pia,
// src/app/services/global-evaluation.service.ts, `verification`): a part is done only when every
// answer is filled and every evaluation has status 2 (« améliorable », with an action plan) or
// 3 (« acceptable ») and global_status 2. So the file carries an evaluation for every part the
// app has judged — 1.1 and 1.2 by the mayor's decision, 2.1 and 2.2 question by question from the
// conformity grid, 3.1 measure by measure (done: acceptable; planned: améliorable), 3.2–3.4 as
// améliorable with the plan and the after-plan estimate when the risk has a plan — and says
// `status` validated only when the mayor validated AND everything the tool checks is there
// (`toolGaps`), so that the tool shows the state the app shows.
import { itemFrom } from '../../recipes/action-origins';
import { FEARED_EVENTS, noticeKind, PRINCIPLES } from '../../recipes/assessments';
import { applies, labelled } from '../../recipes/fields';
import { PIA_QUESTIONS, piaFields, type PiaQuestion } from '../../recipes/law';
import { communeFacts, ficheSecurity, securityText } from '../../recipes/completeness';
import { activityKind, kindFields, LEGAL_BASES, SUPPORT_CATEGORIES, supportTypeOf, type SupportType } from '../../recipes/records';
import { MEASURES } from '../../recipes/securite';
import type { Answers, Option } from '../../recipes/types';
import type { Executor } from '../db';
import { DomainError } from '../domain/errors';
import { buildSnapshot, type Snapshot } from '../dossier/snapshot';
import { displayValue } from './register';
import { bodyName, formatDateNumeric } from '../../french';

/** An IndexedDB version some importers of the PIA tool looked for; the current one (pia.service.ts `importData`) ignores it. */
export const PIA_DB_VERSION = 201910230914;

export interface PiaAnswer {
	id: number;
	pia_id: number;
	reference_to: number;
	data: { text: string | null; gauge: number | null; list: string[] };
	created_at: string;
	updated_at: string;
}

export interface PiaMeasure {
	id: number;
	pia_id: number;
	title: string;
	content: string;
	placeholder: string;
	created_at: string;
	updated_at: string;
}

export interface PiaEvaluation {
	id: number;
	pia_id: number;
	reference_to: string;
	status: 0 | 1 | 2 | 3;
	evaluation_comment: string;
	action_plan_comment: string;
	evaluation_date: string | null;
	gauges: { x: number; y: number };
	estimated_implementation_date: string | null;
	person_in_charge: string;
	global_status: 0 | 1 | 2;
	created_at: string;
	updated_at: string;
}

export interface PiaFile {
	pia: {
		id: number;
		name: string;
		category: string;
		status: 0 | 1 | 2 | 3 | 4;
		author_name: string;
		evaluator_name: string;
		validator_name: string;
		dpos_names: string;
		dpo_status: 0 | 1;
		dpo_opinion: string;
		people_names: string;
		concerned_people_status: 0 | 1;
		concerned_people_opinion: string;
		concerned_people_searched_opinion: boolean;
		concerned_people_searched_content: string;
		rejection_reason: string;
		applied_adjustments: string;
		is_example: 0;
		is_archive: 0;
		progress: number;
		structure_id: number | null;
		structure_name: string;
		structure_sector_name: string;
		structure_data: null;
		created_at: string;
		updated_at: string;
		/** Read by the tool's importer under these spellings (and `dbVersion` must be present). */
		rejected_reason: string;
		applied_adjustements: string;
		dbVersion: number;
	};
	answers: PiaAnswer[];
	measures: PiaMeasure[];
	evaluations: PiaEvaluation[];
	comments: never[];
}

/** The feared events, in the PIA tool's order: item 3.2 access, 3.3 modification, 3.4 disappearance. */
export const PIA_RISK_ITEMS: { event: string; item: number }[] = [
	{ event: 'acces', item: 2 },
	{ event: 'modification', item: 3 },
	{ event: 'disparition', item: 4 }
];

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const labelOf = (options: Option[], v: unknown) => options.find((o) => o.value === v)?.label ?? str(v);

function escapeHtml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Paragraphs of plain text as the HTML the tool's editor keeps; empty parts left out. */
export function html(...parts: (string | null | undefined | false)[]): string {
	return parts
		.filter((p): p is string => typeof p === 'string' && p.trim() !== '')
		.map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
		.join('');
}

/** A text as a list of tags: one per line or per « ; », or per comma when the text is one phrase list. */
export function tags(text: unknown): string[] {
	const t = str(text);
	if (!t) return [];
	let items = t.split(/\r?\n|;/).map((x) => x.replace(/^[-•*]\s*/, '').trim()).filter(Boolean);
	if (items.length === 1) items = items[0]!.split(/,\s+/).map((x) => x.trim()).filter(Boolean);
	return [...new Set(items.map((x) => x.replace(/[.\s]+$/, '')))];
}

const gauge = (v: unknown): number => {
	const n = Number(v);
	return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 0;
};

/** The tool's parts a file must fill, with their questions (LINCnil/pia, src/assets/files/pia_architecture.json). */
export const PIA_TOOL_PARTS: { ref: string; questions: PiaQuestion[] }[] = [
	{ ref: '1.1', questions: [111, 112, 113] },
	{ ref: '1.2', questions: [121, 122, 123] },
	{ ref: '2.1', questions: [211, 212, 213, 214, 215] },
	{ ref: '2.2', questions: [221, 222, 223, 224, 225, 226, 227] }
];

/** The conformity grid's principle that judges each fundamental-principle question (2.1, 2.2). */
export const PIA_PRINCIPLE: Partial<Record<PiaQuestion, string>> = {
	211: 'finalite',
	212: 'base_legale',
	213: 'minimisation',
	214: 'exactitude',
	215: 'conservation',
	221: 'information',
	222: 'base_legale',
	223: 'droits',
	224: 'droits',
	225: 'droits',
	226: 'sous_traitants',
	227: 'transferts'
};

/** A measure named as planned rather than in place (« (prévue) », « à prévoir »). */
const PLANNED = /\bpr[ée]vue?s?\b|à prévoir|à venir|à mettre en place/i;

const isoDay = (d: unknown) => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00.000Z` : null);

/** The PIA file of one risk assessment of a snapshot (pure: same snapshot, same file). */
export function piaFromSnapshot(snapshot: Snapshot, riskRecordId: string): PiaFile {
	const risk = snapshot.records.find((r) => r.id === riskRecordId && r.kind === 'risk');
	if (!risk) throw new DomainError('Page introuvable', {}, 404);
	const ficheRecord = snapshot.records.find((r) => r.id === risk.parentId);
	const fiche: Answers = ficheRecord?.data ?? {};
	const gridRecord = snapshot.records.find((r) => r.kind === 'conformity' && r.parentId === risk.parentId);
	const grid: Answers = gridRecord?.data ?? {};
	const noticeRecord = snapshot.records.find((r) => r.kind === 'notice' && r.parentId === risk.parentId);
	const notice: Answers = noticeRecord?.data ?? {};
	const supports = snapshot.records.filter((r) => r.kind === 'support');
	const openActions = (kind: string, id: string | undefined, item: string) =>
		snapshot.records.filter((r) => r.kind === 'action' && id !== undefined && itemFrom(r.origin, kind, id) === item && r.data.status !== 'fait').map((r) => r.data);
	const dpd: Answers = { ...(snapshot.steps['dpd/type']?.answers ?? {}), ...(snapshot.steps['dpd/identite']?.answers ?? {}) };
	const a = risk.data;
	const created = risk.createdAt;
	const updated = risk.updatedAt;
	const dpdName = [str(dpd.firstName), str(dpd.lastName)].filter(Boolean).join(' ');
	const controller = bodyName(snapshot.commune);
	const gridAnswer = (id: string) => str(grid[`p_${id}`]);
	const why = (id: string) => {
		const answer = gridAnswer(id);
		if (!answer) return '';
		const label = answer === 'conforme' ? 'Conforme' : answer === 'non_conforme' ? 'Non conforme' : 'Non applicable';
		const p = PRINCIPLES.find((x) => x.id === id);
		return `Grille de conformité — ${p?.label ?? id} : ${label}${str(grid[`p_${id}_why`]) ? `. ${str(grid[`p_${id}_why`])}` : ''}`;
	};
	// Supports named with their type and place, for the fiche's « supports » answer.
	const names = new Map(
		supports.map((sp) => [sp.id, `${str(sp.data.name)} (${labelOf(SUPPORT_CATEGORIES, sp.data.category).toLowerCase()}${str(sp.data.location) ? `, ${str(sp.data.location)}` : ''})`])
	);
	const ficheFields = kindFields(activityKind).filter((f) => applies(f, fiche));
	// The notice's own fields (where the data come from, where it is given, the consent), seen with their fiche.
	const noticeSeen: Answers = { ...notice, __parent: fiche };
	const noticeFields = kindFields(noticeKind).filter((f, _, all) => applies(f, noticeSeen, all));
	// The security of the fiche as the register shows it: its own answers and the mairie's measures
	// done (« Sécuriser le quotidien ») that protect its supports.
	const facts = communeFacts((key) => snapshot.steps[key]?.answers, snapshot.records);
	const security = new Map(ficheSecurity(fiche, facts).headings.map((h) => [h.name, h]));
	const supportTypes = new Set<SupportType>(
		(Array.isArray(fiche.supports) ? (fiche.supports as unknown[]).map(String) : []).flatMap((id) => {
			const s = facts.supports.get(id);
			return s ? [supportTypeOf(s)] : [];
		})
	);

	const answers: PiaAnswer[] = [];
	const answer = (ref: number, data: Partial<PiaAnswer['data']>) =>
		answers.push({ id: answers.length + 1, pia_id: 1, reference_to: ref, data: { text: data.text ?? null, gauge: data.gauge ?? null, list: data.list ?? [] }, created_at: created, updated_at: updated });

	// What the register entry does not hold: the controller and the DPD, the notice, the grid, the rights.
	const rights = dpd.email ? `Les demandes sont adressées au délégué (${str(dpd.email)}) ou à la mairie, avec une réponse dans le mois.` : '';
	const before: Partial<Record<PiaQuestion, (string | false | undefined)[]>> = {
		112: [`Responsable du traitement : ${controller}${snapshot.commune.mayorName ? `, représentée par ${snapshot.commune.mayorName}` : ''}.`],
		221: [noticeRecord ? str(notice.source) && `Mention d’information rédigée (article ${notice.source === 'autre' ? '14' : '13'}).` : 'Aucune mention d’information n’est encore rédigée pour cette activité.'],
		222: [fiche.legalBasis !== 'a' && str(fiche.legalBasis) && `Sans objet : le traitement ne repose pas sur le consentement (${labelOf(LEGAL_BASES, fiche.legalBasis)}).`],
		223: [rights],
		224: [rights],
		225: [rights]
	};
	const after: Partial<Record<PiaQuestion, (string | false | undefined)[]>> = {
		112: [dpdName && `Délégué à la protection des données : ${dpdName}${str(dpd.organisation) ? ` (${str(dpd.organisation)})` : ''}.`],
		214: [
			str(a.modification_measures) && `Mesures contre la modification non désirée des données : ${str(a.modification_measures)}`,
			'Les personnes peuvent faire corriger leurs données inexactes (droit de rectification, article 16).'
		],
		227: [fiche.transfers === 'non' && 'Aucun transfert de données hors de l’Union européenne.']
	};
	for (const [q, principle] of Object.entries(PIA_PRINCIPLE)) (after[Number(q) as PiaQuestion] ??= []).push(why(principle));

	// 1 — Context and 2 — Fundamental principles: each question gets the fiche's fields that declare it
	// (FieldDef.law.pia), then its notice's, as « label : value », between what comes from elsewhere.
	for (const q of Object.keys(PIA_QUESTIONS).map(Number) as PiaQuestion[]) {
		const own = [...piaFields(ficheFields, q).map((f) => [f, fiche] as const), ...piaFields(noticeFields, q).map((f) => [f, notice] as const)].map(([f, data]) => {
			const sh = data === fiche ? security.get(f.name) : undefined;
			const value = sh ? securityText(sh) : displayValue(f, data[f.name], names);
			return value && labelled(f, value);
		});
		const t = html(...(before[q] ?? []), ...own, ...(after[q] ?? []));
		if (t) answer(q, { text: t });
	}

	// 3.1 — Measures: those the risk assessment names (one per item), then the mairie's security
	// basics that protect the fiche's supports, done or planned.
	const measures: PiaMeasure[] = [];
	const planned = new Set<PiaMeasure>();
	const measureFor = new Map<string, PiaMeasure>();
	const addMeasure = (title: string, content: string, isPlanned: boolean) => {
		const key = title.toLowerCase();
		const existing = measureFor.get(key);
		if (existing) {
			existing.content += content;
			return;
		}
		const m: PiaMeasure = { id: measures.length + 1, pia_id: 1, title, content, placeholder: 'Décrivez la mesure.', created_at: created, updated_at: updated };
		measures.push(m);
		measureFor.set(key, m);
		if (isPlanned) planned.add(m);
	};
	for (const e of FEARED_EVENTS) {
		for (const title of tags(a[`${e.id}_measures`])) {
			const isPlanned = PLANNED.test(title);
			addMeasure(title, html(`${isPlanned ? 'Mesure prévue' : 'Mesure existante'}. Contribue à traiter : ${e.label.toLowerCase()}.`), isPlanned);
		}
	}
	for (const m of MEASURES) {
		const state = facts.measures[`m_${m.id}`];
		if ((state !== 'fait' && state !== 'prevu') || !m.appliesTo.some((t) => supportTypes.has(t))) continue;
		addMeasure(m.registerText, html(`${state === 'fait' ? 'Mesure faite' : 'Mesure prévue'} pour la mairie (« Sécuriser le quotidien ») : ${m.label}.`), state === 'prevu');
	}

	// Who decided, and when: the mayor's decision after the DPD's opinion.
	const decided = a.mayorDecision === 'validee' ? 'validee' : a.mayorDecision === 'a_revoir' ? 'a_revoir' : '';
	const decisionDate = isoDay(a.mayorDecisionDate);
	const decisionText = decided
		? `${decided === 'validee' ? 'Analyse validée' : 'Analyse à revoir'} par ${snapshot.commune.mayorName || 'le maire'}${str(a.mayorDecisionDate) ? ` le ${formatDateNumeric(str(a.mayorDecisionDate))}` : ''}${str(a.dpdOpinion) ? ', après l’avis du délégué' : ''}.`
		: '';
	// An evaluation is validated (global_status 2) with the mayor's decision; « à corriger » waits for a correction (1).
	const evaluations: PiaEvaluation[] = [];
	const evaluate = (ref: string, status: 1 | 2 | 3, comment: string, plan: string, extra: Partial<PiaEvaluation> = {}) =>
		evaluations.push({
			id: evaluations.length + 1,
			pia_id: 1,
			reference_to: ref,
			status,
			evaluation_comment: html(comment, decisionText),
			action_plan_comment: status === 2 ? plan || html('Action à prévoir.') : '',
			evaluation_date: decisionDate,
			gauges: { x: 0, y: 0 },
			estimated_implementation_date: null,
			person_in_charge: '',
			global_status: decided === 'validee' ? (status === 1 ? 1 : 2) : 0,
			created_at: created,
			updated_at: updated,
			...extra
		});
	const planText = (actions: Answers[]) =>
		actions.map((x) => `Plan d’action : ${str(x.title)}${str(x.owner) ? ` — ${str(x.owner)}` : ''}${str(x.dueDate) ? `, échéance le ${formatDateNumeric(str(x.dueDate))}` : ''}.`);
	const firstDue = (actions: Answers[]) => actions.map((x) => str(x.dueDate)).filter(Boolean).sort()[0];

	// 3 — Risks: x1 impacts, x2 threats, x3 sources, x4 measures (tags), x5 severity, x6 likelihood.
	const riskEvaluations: (() => void)[] = [];
	for (const { event, item } of PIA_RISK_ITEMS) {
		const e = FEARED_EVENTS.find((x) => x.id === event)!;
		const base = 300 + item * 10;
		const list = (ref: number, v: unknown) => {
			const l = tags(v);
			if (l.length) answer(ref, { list: l });
		};
		list(base + 1, a[`${e.id}_impacts`]);
		list(base + 2, a[`${e.id}_threats`]);
		list(base + 3, a[`${e.id}_sources`]);
		list(base + 4, a[`${e.id}_measures`]);
		const justification = html(str(a[`${e.id}_justification`]));
		const g = gauge(a[`${e.id}_gravite`]);
		const v = gauge(a[`${e.id}_vraisemblance`]);
		if (g || justification) answer(base + 5, { text: justification || null, gauge: g });
		if (v || justification) answer(base + 6, { text: justification || null, gauge: v });
		if (!decided || !g || !v) continue;
		// A risk has a plan when actions are open for it, a measure is planned, or it was re-estimated
		// after the plan: « améliorable » (2), whose after-plan gauges and plan the tool shows.
		const gr = gauge(a[`${e.id}_gravite_residuelle`]);
		const vr = gauge(a[`${e.id}_vraisemblance_residuelle`]);
		const reestimated = Boolean(gr && vr);
		const actions = openActions('risk', risk.id, e.id);
		const plannedHere = tags(a[`${e.id}_measures`]).filter((t) => PLANNED.test(t));
		const hasPlan = reestimated || actions.length > 0 || plannedHere.length > 0;
		riskEvaluations.push(() =>
			evaluate(
				`3.${item}`,
				decided === 'a_revoir' ? 1 : hasPlan ? 2 : 3,
				[`Estimation initiale : gravité ${g}, vraisemblance ${v}.`, reestimated ? `Après le plan d’action : gravité ${gr}, vraisemblance ${vr}.` : hasPlan ? 'Risque résiduel non ré-estimé : estimation initiale reprise.' : ''].filter(Boolean).join(' '),
				html(...planText(actions), ...plannedHere.map((t) => `Mesure prévue : ${t}.`), reestimated ? `Risque après le plan : gravité ${gr}, vraisemblance ${vr}.` : ''),
				{
					gauges: reestimated ? { x: gr, y: vr } : { x: g, y: v },
					estimated_implementation_date: isoDay(firstDue(actions)),
					person_in_charge: str(actions[0]?.owner) || (hasPlan ? dpdName : '')
				}
			)
		);
	}

	if (decided) {
		// 1.1 and 1.2: the mayor's decision on the context as described.
		for (const ref of ['1.1', '1.2']) evaluate(ref, decided === 'a_revoir' ? 1 : 3, '', '');
		// 2.1 and 2.2: question by question, from the conformity grid; a non-conformity is « améliorable »
		// with its open actions as the plan; no notice written is « améliorable » too (the notice to write).
		for (const { ref, questions } of PIA_TOOL_PARTS.slice(2)) {
			for (const q of questions) {
				if (!answers.some((x) => x.reference_to === q)) continue;
				const principle = PIA_PRINCIPLE[q]!;
				const nonConforme = gridAnswer(principle) === 'non_conforme';
				const noNotice = q === 221 && !noticeRecord;
				const actions = nonConforme ? openActions('conformity', gridRecord?.id, principle) : [];
				const plan = html(...planText(actions), noNotice ? 'À faire : rédiger la mention d’information des personnes (recette « Informer les personnes »).' : '', nonConforme && !actions.length ? `À corriger : ${str(grid[`p_${principle}_why`]) || 'non-conformité relevée par la grille'}.` : '');
				evaluate(`${ref}.${q}`, decided === 'a_revoir' ? 1 : nonConforme || noNotice ? 2 : 3, why(principle), plan, {
					estimated_implementation_date: isoDay(firstDue(actions)),
					person_in_charge: str(actions[0]?.owner)
				});
			}
		}
		// 3.1: measure by measure, done or in place « acceptable », planned « améliorable ».
		for (const m of measures) evaluate(`3.1.${m.id}`, decided === 'a_revoir' ? 1 : planned.has(m) ? 2 : 3, '', html(`Mesure à mettre en place : ${m.title}.`));
		for (const push of riskEvaluations) push();
	}

	const rejection = decided === 'a_revoir' ? 'Décision du maire : analyse à revoir.' : '';
	const pia: PiaFile['pia'] = {
		id: 1,
		name: `AIPD — ${str(fiche.name) || 'activité sans nom'} (${snapshot.commune.name})`,
		category: controller,
		status: 0,
		author_name: dpdName,
		evaluator_name: dpdName,
		validator_name: snapshot.commune.mayorName,
		dpos_names: dpdName,
		dpo_status: str(a.dpdOpinion) && decided === 'validee' ? 1 : 0,
		dpo_opinion: str(a.dpdOpinion) ? [str(a.dpdOpinion), str(a.dpdOpinionDate) ? `(avis du ${formatDateNumeric(str(a.dpdOpinionDate))})` : ''].filter(Boolean).join(' ') : '',
		people_names: '',
		concerned_people_status: 0,
		concerned_people_opinion: '',
		concerned_people_searched_opinion: false,
		// 4.3 needs a reason when the people's opinion was not sought (global-evaluation.service.ts, `dpoValidation`).
		concerned_people_searched_content: decided ? 'L’avis des personnes concernées n’a pas été recherché : la commune n’a pas organisé de consultation pour cette analyse (article 35.9 du RGPD, « le cas échéant »).' : '',
		rejection_reason: rejection,
		applied_adjustments: '',
		is_example: 0,
		is_archive: 0,
		progress: 0,
		structure_id: null,
		structure_name: '',
		structure_sector_name: '',
		structure_data: null,
		created_at: created,
		updated_at: updated,
		rejected_reason: rejection,
		applied_adjustements: '',
		dbVersion: PIA_DB_VERSION
	};
	const file: PiaFile = { pia, answers, measures, evaluations, comments: [] };
	// Validated only when the mayor validated and the tool will agree; refused stays refused.
	pia.status = decided === 'a_revoir' ? 1 : decided === 'validee' && !toolGaps(file).length ? 2 : 0;
	pia.progress = toolProgress(file);
	return file;
}

/** The question's answer as the tool judges it filled (`answerIsValid`): risk x1–x4 lists, x5–x6 text and gauge, else text. */
function answerFilled(file: PiaFile, q: number): boolean {
	const x = file.answers.find((a) => a.reference_to === q);
	if (!x) return false;
	const kind = q % 10;
	if (q > 300 && kind <= 4) return x.data.list.length > 0;
	if (q > 300) return Boolean(x.data.text) && (x.data.gauge ?? 0) > 0;
	return Boolean(x.data.text);
}

/** The tool's parts with what it needs to call them done: answers, evaluations completed. */
function partsDone(file: PiaFile): { ref: string; filled: boolean; evaluated: boolean }[] {
	const ev = (ref: string) => file.evaluations.find((e) => e.reference_to === ref);
	const completed = (ref: string) => {
		const e = ev(ref);
		return Boolean(e && e.status > 1 && e.global_status === 2);
	};
	const out = PIA_TOOL_PARTS.map(({ ref, questions }) => ({
		ref,
		filled: questions.every((q) => answerFilled(file, q)),
		evaluated: ref.startsWith('1.') ? completed(ref) : questions.every((q) => completed(`${ref}.${q}`))
	}));
	out.push({ ref: '3.1', filled: file.measures.length > 0 && file.measures.every((m) => m.title && m.content), evaluated: file.measures.every((m) => completed(`3.1.${m.id}`)) });
	for (const { item } of PIA_RISK_ITEMS) {
		const base = 300 + item * 10;
		out.push({ ref: `3.${item}`, filled: [1, 2, 3, 4, 5, 6].every((x) => answerFilled(file, base + x)), evaluated: completed(`3.${item}`) });
	}
	return out;
}

/** What keeps the tool from calling the analysis done (plain French; empty: it agrees). */
export function toolGaps(file: PiaFile): string[] {
	const gaps = partsDone(file).flatMap((p) => [...(p.filled ? [] : [`Partie ${p.ref} : réponses incomplètes.`]), ...(p.evaluated ? [] : [`Partie ${p.ref} : évaluation non validée.`])]);
	const { pia } = file;
	if (!pia.dpos_names || !pia.dpo_opinion) gaps.push('Partie 4.3 : avis du délégué manquant.');
	if (!pia.concerned_people_searched_opinion && !pia.concerned_people_searched_content) gaps.push('Partie 4.3 : avis des personnes concernées, ou raison de ne pas l’avoir demandé, manquant.');
	return gaps;
}

/** The progress the tool computes (sid-status.service.ts, `setPiaProgress`), rounded. */
function toolProgress(file: PiaFile): number {
	let progress = file.pia.status > 0 ? 4 : 0;
	for (const p of partsDone(file)) progress += p.filled && p.evaluated ? 11.25 : p.filled ? 3.75 : 0;
	if (!toolGaps(file).some((g) => g.startsWith('Partie 4.3'))) progress += 6;
	return Math.min(100, Math.round(progress));
}


/** The PIA file of a commune's risk assessment, read from the database. */
export async function exportPia(db: Executor, communeId: string, riskRecordId: string): Promise<PiaFile> {
	const snapshot = await buildSnapshot(db, communeId);
	return piaFromSnapshot(snapshot, riskRecordId);
}
