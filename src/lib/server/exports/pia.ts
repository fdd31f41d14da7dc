// A risk assessment as a file for the CNIL's PIA tool (LINCnil/pia): { pia, answers, measures,
// evaluations, comments }, with the tool's question ids (shared/domain/peers.md). The context and
// fundamental principles come from the register fiche (each field answers the questions it declares
// in `law.pia`), its notice and its conformity grid; the risks from the three feared events; the
// validation from the DPD's opinion and the mayor's decision.
import { FEARED_EVENTS, noticeKind, PRINCIPLES } from '../../recipes/assessments';
import { applies, labelled } from '../../recipes/fields';
import { PIA_QUESTIONS, piaFields, type PiaQuestion } from '../../recipes/law';
import { activityKind, kindFields, LEGAL_BASES, SUPPORT_CATEGORIES } from '../../recipes/records';
import type { Answers, Option } from '../../recipes/types';
import type { Executor } from '../db';
import { DomainError } from '../domain/errors';
import { buildSnapshot, type Snapshot } from '../dossier/snapshot';
import { displayValue } from './register';
import { bodyName, formatDateNumeric } from '../../french';

/** The PIA tool's IndexedDB version its importer expects to find (it only checks the key exists). */
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

/** The PIA file of one risk assessment of a snapshot (pure: same snapshot, same file). */
export function piaFromSnapshot(snapshot: Snapshot, riskRecordId: string): PiaFile {
	const risk = snapshot.records.find((r) => r.id === riskRecordId && r.kind === 'risk');
	if (!risk) throw new DomainError('Page introuvable', {}, 404);
	const fiche: Answers = snapshot.records.find((r) => r.id === risk.parentId)?.data ?? {};
	const grid: Answers = snapshot.records.find((r) => r.kind === 'conformity' && r.parentId === risk.parentId)?.data ?? {};
	const notice: Answers = snapshot.records.find((r) => r.kind === 'notice' && r.parentId === risk.parentId)?.data ?? {};
	const supports = snapshot.records.filter((r) => r.kind === 'support');
	const dpd: Answers = { ...(snapshot.steps['dpd/type']?.answers ?? {}), ...(snapshot.steps['dpd/identite']?.answers ?? {}) };
	const a = risk.data;
	const created = risk.createdAt;
	const updated = risk.updatedAt;
	const dpdName = [str(dpd.firstName), str(dpd.lastName)].filter(Boolean).join(' ');
	const controller = bodyName(snapshot.commune);
	const why = (id: string) => {
		const answer = str(grid[`p_${id}`]);
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
	const noticeFields = kindFields(noticeKind).filter((f) => applies(f, noticeSeen));

	const answers: PiaAnswer[] = [];
	const answer = (ref: number, data: Partial<PiaAnswer['data']>) =>
		answers.push({ id: answers.length + 1, pia_id: 1, reference_to: ref, data: { text: data.text ?? null, gauge: data.gauge ?? null, list: data.list ?? [] }, created_at: created, updated_at: updated });

	// What the register entry does not hold: the controller and the DPD, the notice, the grid, the rights.
	const rights = dpd.email ? `Les demandes sont adressées au délégué (${str(dpd.email)}) ou à la mairie, avec une réponse dans le mois.` : '';
	const before: Partial<Record<PiaQuestion, (string | false | undefined)[]>> = {
		112: [`Responsable du traitement : ${controller}${snapshot.commune.mayorName ? `, représentée par ${snapshot.commune.mayorName}` : ''}.`],
		221: [str(notice.source) && `Mention d’information rédigée (article ${notice.source === 'autre' ? '14' : '13'}).`],
		222: [fiche.legalBasis !== 'a' && str(fiche.legalBasis) && `Sans objet : le traitement ne repose pas sur le consentement (${labelOf(LEGAL_BASES, fiche.legalBasis)}).`],
		223: [rights],
		224: [rights],
		225: [rights]
	};
	const after: Partial<Record<PiaQuestion, (string | false | undefined)[]>> = {
		112: [dpdName && `Délégué à la protection des données : ${dpdName}${str(dpd.organisation) ? ` (${str(dpd.organisation)})` : ''}.`],
		211: [why('finalite')],
		212: [why('base_legale')],
		213: [why('minimisation')],
		214: [why('exactitude')],
		215: [why('conservation')],
		221: [why('information')],
		223: [why('droits')],
		224: [why('droits')],
		225: [why('droits')],
		226: [why('sous_traitants')],
		227: [why('transferts')]
	};

	// 1 — Context and 2 — Fundamental principles: each question gets the fiche's fields that declare it
	// (FieldDef.law.pia), then its notice's, as « label : value », between what comes from elsewhere.
	for (const q of Object.keys(PIA_QUESTIONS).map(Number) as PiaQuestion[]) {
		const own = [...piaFields(ficheFields, q).map((f) => [f, fiche] as const), ...piaFields(noticeFields, q).map((f) => [f, notice] as const)].map(([f, data]) => {
			const value = displayValue(f, data[f.name], names);
			return value && labelled(f, value);
		});
		const t = html(...(before[q] ?? []), ...own, ...(after[q] ?? []));
		if (t) answer(q, { text: t });
	}

	// 3 — Measures: the texts of the three feared events, one measure per item.
	const measures: PiaMeasure[] = [];
	const measureFor = new Map<string, PiaMeasure>();
	for (const e of FEARED_EVENTS) {
		for (const title of tags(a[`${e.id}_measures`])) {
			const key = title.toLowerCase();
			const existing = measureFor.get(key);
			if (existing) {
				existing.content += html(`Contribue aussi à traiter : ${e.label.toLowerCase()}.`);
				continue;
			}
			const m: PiaMeasure = { id: measures.length + 1, pia_id: 1, title, content: html(`Mesure existante ou prévue. Contribue à traiter : ${e.label.toLowerCase()}.`), placeholder: 'Décrivez la mesure.', created_at: created, updated_at: updated };
			measures.push(m);
			measureFor.set(key, m);
		}
	}

	// 3 — Risks: x1 impacts, x2 threats, x3 sources, x4 measures (tags), x5 severity, x6 likelihood.
	const evaluations: PiaEvaluation[] = [];
	const decided = a.mayorDecision === 'validee' ? 'validee' : a.mayorDecision === 'a_revoir' ? 'a_revoir' : '';
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
		// The evaluation of the item carries the residual estimate (after the plan; as estimated when not re-estimated).
		const gr = gauge(a[`${e.id}_gravite_residuelle`]) || g;
		const vr = gauge(a[`${e.id}_vraisemblance_residuelle`]) || v;
		if (!g && !v) continue;
		const reestimated = Boolean(gauge(a[`${e.id}_gravite_residuelle`]) && gauge(a[`${e.id}_vraisemblance_residuelle`]));
		evaluations.push({
			id: evaluations.length + 1,
			pia_id: 1,
			reference_to: `3.${item}`,
			status: decided === 'validee' ? 3 : decided === 'a_revoir' ? 1 : 0,
			evaluation_comment: html(
				`Estimation initiale : gravité ${g || '?'}, vraisemblance ${v || '?'}.`,
				reestimated ? `Après le plan d’action : gravité ${gr}, vraisemblance ${vr}.` : 'Risque résiduel non ré-estimé : estimation initiale reprise.'
			),
			action_plan_comment: html(str(a[`${e.id}_measures`])),
			evaluation_date: str(a.mayorDecisionDate) ? `${str(a.mayorDecisionDate)}T00:00:00.000Z` : null,
			gauges: { x: gr, y: vr },
			estimated_implementation_date: null,
			person_in_charge: dpdName,
			global_status: decided ? 2 : 0,
			created_at: created,
			updated_at: updated
		});
	}

	const questions = 6 + 12 + 18;
	const answered = new Set(answers.map((x) => x.reference_to)).size;
	const status = decided === 'validee' ? 2 : decided === 'a_revoir' ? 1 : 0;
	return {
		pia: {
			id: 1,
			name: `AIPD — ${str(fiche.name) || 'activité sans nom'} (${snapshot.commune.name})`,
			category: controller,
			status: status as 0 | 1 | 2,
			author_name: dpdName,
			evaluator_name: dpdName,
			validator_name: snapshot.commune.mayorName,
			dpos_names: dpdName,
			dpo_status: str(a.dpdOpinion) && decided === 'validee' ? 1 : 0,
			dpo_opinion: [str(a.dpdOpinion), str(a.dpdOpinionDate) ? `(avis du ${formatDateNumeric(str(a.dpdOpinionDate))})` : ''].filter(Boolean).join(' '),
			people_names: '',
			concerned_people_status: 0,
			concerned_people_opinion: '',
			concerned_people_searched_opinion: false,
			concerned_people_searched_content: '',
			rejection_reason: decided === 'a_revoir' ? 'Décision du maire : analyse à revoir.' : '',
			applied_adjustments: '',
			is_example: 0,
			is_archive: 0,
			progress: Math.round((100 * answered) / questions),
			structure_id: null,
			structure_name: '',
			structure_sector_name: '',
			structure_data: null,
			created_at: created,
			updated_at: updated,
			rejected_reason: decided === 'a_revoir' ? 'Décision du maire : analyse à revoir.' : '',
			applied_adjustements: '',
			dbVersion: PIA_DB_VERSION
		},
		answers,
		measures,
		evaluations,
		comments: []
	};
}

/** The PIA file of a commune's risk assessment, read from the database. */
export async function exportPia(db: Executor, communeId: string, riskRecordId: string): Promise<PiaFile> {
	const snapshot = await buildSnapshot(db, communeId);
	return piaFromSnapshot(snapshot, riskRecordId);
}
