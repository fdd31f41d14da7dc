// What the app proposes from what it already knows, for a person to confirm (issue 15, « confirm,
// don't type »): the DPIA screening a catalogue hint stands for, and the principles of the
// conformity grid it can answer from the other records. Pure: the server gathers the facts.
// Which principle is derivable, and from what, is declared on PRINCIPLES (`derivedFrom`).
import { CATALOGUE } from '../catalogue/entries';
import { formatParis } from '../french';
import { CONFORMITY_ANSWERS, PRINCIPLES, type PrincipleSource } from './assessments';
import { dpiaVerdict, type DpiaVerdict } from './dpia';
import { isAnswered } from './fields';
import { LEGAL_BASES } from './records';
import { PROCESSOR_CLAUSES } from './registers';
import type { Answers } from './types';

// ---- DPIA screening -----------------------------------------------------------------------------

/** The first three questions answered « no »: the screening goes on to the nine criteria. */
const NOT_LISTED: Answers = { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune' };

/**
 * The screening a catalogue entry's hint stands for, where it names a case of the law or a CNIL
 * list entry: the answers that give the same verdict in the CNIL order. The entries not named
 * here with the hint « non requise » mean « none of the nine criteria » (`NO_CRITERIA`); the hints
 * « probable » and « à examiner » are never proposed: they are answered criterion by criterion.
 */
export const DPIA_SCREENINGS: Record<string, Answers> = {
	'listes-electorales': { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'liste-electorale' },
	'inscriptions-scolaires': { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'scolaire' },
	'cantine-periscolaire': { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'scolaire' },
	'gestion-personnel': { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'rh-250' },
	paie: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'rh-250' },
	recrutement: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'rh-250' },
	'ccas-aide-sociale': { art35Case: 'aucun', onRequiredList: 'accompagnement-social' },
	videoprotection: { art35Case: 'surveillance-espace-public' }
};

/** « Non requise » without a list entry: none of the nine criteria is met. */
export const NO_CRITERIA: Answers = { ...NOT_LISTED, criteria: [], criteriaReviewed: 'oui' };

export interface DpiaProposal {
	/** The screening's answers (validated by the kind's schemas when written). */
	answers: Answers;
	verdict: DpiaVerdict;
	/** Why the app proposes it: the catalogue's reason. */
	why: string;
}

/**
 * The screening proposed for a register entry, from its DPIA hint (and the catalogue entry it came
 * from), or null when it must be answered criterion by criterion (« probable », « à examiner », no
 * hint, or « requise » without a named case).
 */
export function proposedScreening(fiche: Answers, catalogueId: string | undefined): DpiaProposal | null {
	const hint = fiche.dpiaHint;
	if (hint !== 'non_requise' && hint !== 'requise') return null;
	const named = catalogueId ? DPIA_SCREENINGS[catalogueId] : undefined;
	const base = named ?? (hint === 'non_requise' ? NO_CRITERIA : null);
	if (!base) return null;
	const verdict = dpiaVerdict(base);
	// A hint the answers would contradict (a fiche changed since) is not proposed.
	if (verdict.required !== (hint === 'requise')) return null;
	const reason = typeof fiche.dpiaReason === 'string' && fiche.dpiaReason.trim() ? fiche.dpiaReason.trim() : '';
	const entry = catalogueId ? CATALOGUE.find((e) => e.id === catalogueId) : undefined;
	const why = `${entry ? `indication du catalogue (« ${entry.name} »)` : 'indication de la fiche du registre'}${reason ? ` : ${reason}` : ''}`;
	return { answers: { ...base, notes: `Proposé par l’application d’après l’${why}` }, verdict, why };
}

// ---- Conformity grid ----------------------------------------------------------------------------

/** What the app knows of a register entry, for the grid's principles (gathered by the server). */
export interface GridFacts {
	fiche: Answers;
	/** Its information notice, if any: complete and confirmed (or typed by a person)? */
	notice: { data: Answers; createdAt: Date | string; complete: boolean } | null;
	/** The processors whose records name this activity. */
	processors: { name: string; clauses: number }[];
	/** Its DPIA screening's verdict (null: none, or not complete), and whether its risk analysis is complete. */
	dpia: { verdict: DpiaVerdict; riskDone: boolean } | null;
	/** The security measures that protect it (its own answers and the mairie's), in words. */
	security: string[];
}

export interface PrincipleProposal {
	id: string;
	label: string;
	/** The answer proposed (`CONFORMITY_ANSWERS`), or null: asked. */
	answer: string | null;
	/** Why: the proposed answer's justification, or why the app cannot answer. */
	why: string;
}

const firstLine = (v: unknown) => String(v ?? '').split('\n')[0]!.trim();
const cut = (t: string, n = 160) => (t.length > n ? `${t.slice(0, n - 1).trimEnd()}…` : t);
const says = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const CHANNELS: Record<string, string> = { formulaire: 'sur le formulaire', site: 'sur le site', affiche: 'par affiche', courrier: 'par courrier ou e-mail' };

/** How each source of `PrincipleSource` answers its principle. */
const DERIVE: Record<PrincipleSource, (f: GridFacts) => { answer: string | null; why: string }> = {
	legalBasis: ({ fiche }) => {
		const base = LEGAL_BASES.find((b) => b.value === fiche.legalBasis)?.label;
		if (!base) return { answer: null, why: 'La fiche du registre ne donne pas encore de base légale.' };
		if (!says(fiche.legalBasisJustification)) return { answer: null, why: 'La base légale de la fiche n’est pas encore justifiée.' };
		return { answer: 'conforme', why: `Base légale de la fiche du registre : ${base.toLowerCase()} — ${cut(String(fiche.legalBasisJustification).trim())}` };
	},
	retention: ({ fiche }) => {
		if (!says(fiche.retention)) return { answer: null, why: 'La fiche du registre ne fixe pas encore de durée de conservation.' };
		const source = String(fiche.retentionSource ?? '').trim();
		if (!source) return { answer: null, why: 'La durée de conservation de la fiche n’a pas de source : dites d’où elle vient.' };
		if (/source à confirmer/i.test(source)) return { answer: null, why: 'La source de la durée de conservation est à confirmer (auprès des Archives départementales) : à vous de juger.' };
		return { answer: 'conforme', why: `Durée fixée dans la fiche du registre (« ${cut(firstLine(fiche.retention), 100)} »), source : ${cut(source, 140)}` };
	},
	notice: ({ notice }) => {
		if (!notice) return { answer: 'non_conforme', why: 'Aucune mention d’information n’est rédigée pour cette activité (recette « Informer les personnes »).' };
		if (!notice.complete) return { answer: null, why: 'La mention d’information de cette activité est commencée mais pas terminée (ou pas encore confirmée).' };
		const article = notice.data.source === 'autre' ? '14' : '13';
		const where = (Array.isArray(notice.data.channels) ? (notice.data.channels as string[]) : []).map((c) => CHANNELS[c] ?? c);
		return { answer: 'conforme', why: `Mention d’information rédigée le ${formatParis(new Date(notice.createdAt), false)} (article ${article})${where.length ? `, donnée ${where.join(', ')}` : ''}.` };
	},
	processors: ({ fiche, processors }) => {
		const total = PROCESSOR_CLAUSES.length;
		if (processors.length) {
			const short = processors.filter((p) => p.clauses < total);
			if (short.length) return { answer: 'non_conforme', why: `Contrat sans toutes les clauses de l’article 28 : ${short.map((p) => `${p.name} (${p.clauses}/${total})`).join(', ')}.` };
			return { answer: 'conforme', why: `Contrats vérifiés, avec les ${total} clauses de l’article 28 : ${processors.map((p) => p.name).join(', ')}.` };
		}
		if (says(fiche.processors) && !/^(aucun|néant|neant|non|sans)\b/i.test(String(fiche.processors).trim())) {
			return { answer: null, why: `La fiche cite des sous-traitants (« ${cut(String(fiche.processors).trim(), 80)} ») dont le contrat n’est pas encore vérifié (recette « Encadrer les sous-traitants »).` };
		}
		return { answer: 'na', why: 'Aucun sous-traitant n’est déclaré pour cette activité (fiche du registre, sous-traitants).' };
	},
	transfers: ({ fiche }) => {
		if (fiche.transfers === 'non') return { answer: 'conforme', why: 'Aucune donnée ne part hors de l’Union européenne (fiche du registre).' };
		if (fiche.transfers === 'oui') return { answer: null, why: 'Des données partent hors de l’Union européenne : jugez si les garanties données dans la fiche suffisent.' };
		return { answer: null, why: 'La fiche du registre ne dit pas encore si des données partent hors de l’Union européenne.' };
	},
	security: ({ security }) =>
		security.length
			? { answer: 'conforme', why: `Mesures qui protègent cette activité : ${cut(security.join(' ; '), 220)}.` }
			: { answer: 'non_conforme', why: 'Aucune mesure de sécurité ne protège encore cette activité (fiche du registre, recette « Sécuriser le quotidien »).' },
	dpia: ({ dpia }) => {
		if (!dpia || dpia.verdict.required === null) return { answer: null, why: 'Le dépistage de l’analyse d’impact n’est pas encore fait (ou pas encore confirmé) pour cette activité.' };
		if (!dpia.verdict.required) return { answer: 'conforme', why: `Dépistage fait : ${dpia.verdict.reason}` };
		return dpia.riskDone
			? { answer: 'conforme', why: 'Dépistage fait, analyse d’impact nécessaire et menée (analyse des risques complète).' }
			: { answer: 'non_conforme', why: 'Analyse d’impact nécessaire d’après le dépistage, pas encore menée.' };
	}
};

/** Every principle of the grid, with the answer the app proposes (or null: asked) and why. */
export function proposedGrid(facts: GridFacts): PrincipleProposal[] {
	return PRINCIPLES.map((p) => {
		if (!p.derivedFrom) return { id: p.id, label: p.label, answer: null, why: 'L’application ne peut pas le savoir : à vous de répondre.' };
		return { id: p.id, label: p.label, ...DERIVE[p.derivedFrom](facts) };
	});
}

/** The grid's answers for the principles the app answers: `p_x` and its justification `p_x_why`. */
export function gridAnswers(proposals: PrincipleProposal[]): Answers {
	const out: Answers = {};
	for (const p of proposals) {
		if (!p.answer) continue;
		out[`p_${p.id}`] = p.answer;
		out[`p_${p.id}_why`] = `Proposé par l’application : ${p.why}`;
	}
	return out;
}

export const answerLabel = (v: string | null) => (v ? (CONFORMITY_ANSWERS.find((o) => o.value === v)?.label ?? v) : 'À répondre');

/** Whether a grid's answer was written by the app (its justification says so). */
export const proposedByApp = (data: Answers, id: string) => isAnswered(data[`p_${id}`]) && String(data[`p_${id}_why`] ?? '').startsWith('Proposé par l’application');
