import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { formatDate, fromParisLocal } from '../../src/lib/deadlines';
import { noticeText, type NoticeInput } from '../../src/lib/documents/notice';
import { requestAnswerLetter } from '../../src/lib/documents/request-letter';
import { parseFields, recordCompleteness, visibleFields } from '../../src/lib/recipes/engine';
import {
	CONFORMITY_LABELS,
	conformityKind,
	conformityLabel,
	conformityResult,
	dpiaKind,
	FEARED_EVENTS,
	isHigh,
	noticeKind,
	PRINCIPLES,
	residualHigh,
	riskKind,
	riskPoints
} from '../../src/lib/recipes/assessments';
import { ART35_CASES, CRITERIA, dpiaVerdict, NOT_REQUIRED_LIST, REQUIRED_LIST } from '../../src/lib/recipes/dpia';
import { kindFields } from '../../src/lib/recipes/records';
import {
	actionIsLate,
	actionKind,
	actionToPlan,
	breachKind,
	breachNotInTime,
	PROCESSOR_CLAUSES,
	processorKind,
	requestIsLate,
	requestKind
} from '../../src/lib/recipes/registers';
import { MEASURES, securiteRecipe, securityByHeading, THEMES, themeScores } from '../../src/lib/recipes/securite';
import type { Answers, FormStep, RecordKind, Summary, SummaryContext } from '../../src/lib/recipes/types';

const NOW = new Date('2026-06-15T10:00:00Z');

function summarize(kind: RecordKind, data: Answers, ctx: Partial<SummaryContext> = {}): Summary {
	if (!kind.summary) throw new Error(`${kind.id} has no summary`);
	return kind.summary(data, { now: NOW, actions: [], ...ctx });
}

/** A date-time in Paris that exists. */
function paris(local: string): Date {
	const d = fromParisLocal(local);
	if (!d) throw new Error(`${local} does not exist in Paris`);
	return d;
}

// ---- DPIA screening -----------------------------------------------------------------------------

/** A screening that reached the criteria: no case of art. 35(3), neither list, the nine criteria reviewed. */
const NONE_ABOVE: Answers = { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune' };
const screened = (criteria: string[], extra: Answers = {}): Answers => ({ ...NONE_ABOVE, criteria, criteriaReviewed: 'oui', ...extra });
const ONE_DECIDED: Answers = { oneCriterionDecision: 'pas_aipd', oneCriterionWhy: 'Peu de données, deux agents.' };

describe('dpiaVerdict, in the order of the law', () => {
	it('lists the three cases of art. 35(3) and the entries that concern communes, with distinct values', () => {
		expect(ART35_CASES.map((o) => o.value)).toEqual(['evaluation-automatisee', 'sensibles-grande-echelle', 'surveillance-espace-public']);
		expect(ART35_CASES.map((o) => o.help)).toEqual([expect.stringContaining('35.3.a'), expect.stringContaining('35.3.b'), expect.stringContaining('35.3.c')]);
		expect(NOT_REQUIRED_LIST.map((o) => o.value)).toEqual(['liste-electorale', 'scolaire', 'rh-250', 'fournisseurs', 'acces-horaires', 'autre']);
		expect(REQUIRED_LIST.length).toBe(9);
		expect(new Set(REQUIRED_LIST.map((o) => o.value)).size).toBe(REQUIRED_LIST.length);
		expect(CRITERIA).toHaveLength(9);
		for (const list of [NOT_REQUIRED_LIST, REQUIRED_LIST, ART35_CASES]) expect(list.some((o) => o.value === 'aucune' || o.value === 'aucun')).toBe(false);
	});

	describe.each(ART35_CASES)('a case of art. 35(3): $value', (c) => {
		it('requires a DPIA by itself, before the lists and whatever the criteria, and does not call it a criterion', () => {
			const alone = dpiaVerdict({ art35Case: c.value });
			expect(alone.required).toBe(true);
			expect(alone.reason).toMatch(/^Analyse d’impact obligatoire : c’est un cas prévu par le RGPD lui-même \(article 35\.3\), qui suffit à lui seul/);
			expect(alone.reason).toContain(`« ${c.label} »`);
			expect(alone.reason).not.toMatch(/critère/);
			// Answers further down (an exempting list, no criterion) cannot undo it.
			expect(dpiaVerdict({ art35Case: c.value, onRequiredList: 'aucune', onNotRequiredList: 'scolaire', criteria: [], criteriaReviewed: 'oui' })).toEqual(alone);
		});
	});

	describe.each(REQUIRED_LIST)('on the "required" list: $value', (entry) => {
		it('requires a DPIA, naming the entry and the deliberation, before the exempting list and the criteria', () => {
			const alone = dpiaVerdict({ art35Case: 'aucun', onRequiredList: entry.value });
			expect(alone.required).toBe(true);
			expect(alone.reason).toContain(`« ${entry.label} »`);
			expect(alone.reason).toContain('2018-327');
			expect(alone.reason).toMatch(/^Analyse d’impact obligatoire/);
			// The "required" list is read before the "not required" one: a stale exemption does not change it.
			expect(dpiaVerdict({ art35Case: 'aucun', onRequiredList: entry.value, onNotRequiredList: 'scolaire', criteria: [], criteriaReviewed: 'oui' })).toEqual(alone);
			// Not before the GDPR's own cases are answered.
			expect(dpiaVerdict({ onRequiredList: entry.value }).required).toBeNull();
		});
	});

	describe.each(NOT_REQUIRED_LIST)('on the "not required" list: $value', (entry) => {
		it('needs no DPIA, naming the entry and the deliberation, whatever the criteria further down', () => {
			const alone = dpiaVerdict({ art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: entry.value });
			expect(alone.required).toBe(false);
			expect(alone.reason).toContain(`« ${entry.label} »`);
			expect(alone.reason).toContain('2019-118');
			expect(alone.reason).toMatch(/^Pas d’analyse d’impact/);
			const stale = dpiaVerdict({ art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: entry.value, criteria: CRITERIA.map((c) => c.value), criteriaReviewed: 'oui' });
			expect(stale).toEqual(alone);
			// Not before the "required" list is answered.
			expect(dpiaVerdict({ art35Case: 'aucun', onNotRequiredList: entry.value }).required).toBeNull();
		});
	});

	it('with no criterion: no DPIA, and says so', () => {
		const v = dpiaVerdict(screened([]));
		expect(v).toEqual({ required: false, reason: 'Pas d’analyse d’impact obligatoire : aucun des neuf critères de risque élevé n’est réuni.' });
	});

	it.each(CRITERIA.map((c) => [c.value, c] as const))('with one criterion (%s): the DPD decides and writes why', (_v, c) => {
		const open = dpiaVerdict(screened([c.value]));
		expect(open.required).toBeNull();
		expect(open.reason).toContain(c.label.toLowerCase());
		expect(open.reason).toContain('au délégué de décider');
		const no = dpiaVerdict(screened([c.value], ONE_DECIDED));
		expect(no.required).toBe(false);
		expect(no.reason).toMatch(/^Pas d’analyse d’impact obligatoire : un seul critère de risque élevé \(.+\) ; il en faut deux\. Décision du délégué : « Peu de données, deux agents\. »\.$/);
		const yes = dpiaVerdict(screened([c.value], { oneCriterionDecision: 'aipd', oneCriterionWhy: 'Enfants concernés.' }));
		expect(yes.required).toBe(true);
		expect(yes.reason).toContain('« Enfants concernés. »');
		// A decision without its reason is not a decision.
		expect(dpiaVerdict(screened([c.value], { oneCriterionDecision: 'pas_aipd', oneCriterionWhy: '  ' })).required).toBeNull();
	});

	it.each([2, 3, 9])('with %i criteria: a DPIA, naming each', (n) => {
		const chosen = CRITERIA.slice(0, n).map((c) => c.value);
		const v = dpiaVerdict(screened(chosen));
		expect(v.required).toBe(true);
		for (const c of CRITERIA.slice(0, n)) expect(v.reason, c.value).toContain(c.label.toLowerCase());
		for (const c of CRITERIA.slice(n)) expect(v.reason, c.value).not.toContain(c.label.toLowerCase());
		expect(v.reason).toMatch(new RegExp(`^Analyse d’impact nécessaire : ${n} critères de risque élevé sont réunis`));
	});

	it('counts any two criteria, not only the first ones', () => {
		const last = CRITERIA.slice(-2).map((c) => c.value);
		expect(dpiaVerdict(screened(last)).required).toBe(true);
	});

	it('does not conclude while the screening is incomplete', () => {
		for (const answers of [
			{},
			{ art35Case: '' },
			{ onRequiredList: 'accompagnement-social' },
			{ onNotRequiredList: 'scolaire' },
			{ art35Case: 'aucun' },
			{ art35Case: 'aucun', onRequiredList: '' },
			{ art35Case: 'aucun', onRequiredList: 'aucune' },
			{ ...NONE_ABOVE },
			{ ...NONE_ABOVE, criteria: ['sensibles', 'vulnerables'] },
			{ ...NONE_ABOVE, criteria: ['sensibles', 'vulnerables'], criteriaReviewed: 'non' }
		] as Answers[]) {
			const v = dpiaVerdict(answers);
			expect(v.required, JSON.stringify(answers)).toBeNull();
			expect(v.reason).toContain('pas terminé');
		}
	});

	it('reads missing or malformed criteria as none', () => {
		expect(dpiaVerdict({ ...NONE_ABOVE, criteriaReviewed: 'oui' }).required).toBe(false);
		expect(dpiaVerdict({ ...screened([]), criteria: 'sensibles,vulnerables' }).required).toBe(false);
	});

	it('shows each question only where the order needs it', () => {
		const shown = (a: Answers) => visibleFields(kindFields(dpiaKind), a).map((f) => f.name);
		// Nothing answered: only the first question applies (without JavaScript the page still shows
		// every question, each with its condition: src/lib/recipes/conditions.ts).
		expect(shown({})).toEqual(['art35Case', 'notes']);
		expect(shown({ art35Case: 'surveillance-espace-public' })).toEqual(['art35Case', 'notes']);
		expect(shown({ art35Case: 'aucun' })).toEqual(['art35Case', 'onRequiredList', 'notes']);
		// A list answered while the first question says a case of the GDPR: kept, but it opens nothing.
		expect(shown({ art35Case: 'surveillance-espace-public', onRequiredList: 'aucune', onNotRequiredList: 'aucune' })).toEqual(['art35Case', 'notes']);
		expect(shown({ art35Case: 'aucun', onRequiredList: 'localisation' })).toEqual(['art35Case', 'onRequiredList', 'notes']);
		expect(shown({ art35Case: 'aucun', onRequiredList: 'aucune' })).toEqual(['art35Case', 'onRequiredList', 'onNotRequiredList', 'notes']);
		expect(shown({ ...NONE_ABOVE, onNotRequiredList: 'scolaire' })).toEqual(['art35Case', 'onRequiredList', 'onNotRequiredList', 'notes']);
		expect(shown(NONE_ABOVE)).toEqual(['art35Case', 'onRequiredList', 'onNotRequiredList', 'criteria', 'criteriaReviewed', 'notes']);
		expect(shown(screened(['sensibles']))).toEqual(['art35Case', 'onRequiredList', 'onNotRequiredList', 'criteria', 'criteriaReviewed', 'oneCriterionDecision', 'oneCriterionWhy', 'notes']);
		// A complete screening is exactly one that concludes.
		const cases: Answers[] = [
			{ art35Case: 'sensibles-grande-echelle' },
			{ art35Case: 'aucun', onRequiredList: 'logement-social' },
			{ ...NONE_ABOVE, onNotRequiredList: 'scolaire' },
			screened([]),
			screened(['sensibles']),
			screened(['sensibles'], ONE_DECIDED),
			screened(['sensibles', 'vulnerables']),
			{},
			NONE_ABOVE
		];
		for (const a of cases) expect(recordCompleteness(dpiaKind, a).missing.length === 0, JSON.stringify(a)).toBe(dpiaVerdict(a).required !== null);
		expect(recordCompleteness(dpiaKind, NONE_ABOVE).missing.map((f) => f.name)).toEqual(['criteriaReviewed']);
		expect(recordCompleteness(dpiaKind, screened(['sensibles'])).missing.map((f) => f.name)).toEqual(['oneCriterionDecision', 'oneCriterionWhy']);
	});

	it('summarizes the verdict', () => {
		expect(summarize(dpiaKind, {})).toMatchObject({ label: 'Dépistage à terminer', tone: 'neutral' });
		expect(summarize(dpiaKind, { art35Case: 'surveillance-espace-public' })).toMatchObject({ label: 'AIPD nécessaire', tone: 'warn', detail: expect.stringContaining('article 35.3') });
		expect(summarize(dpiaKind, { ...NONE_ABOVE, onNotRequiredList: 'liste-electorale' })).toMatchObject({ label: 'AIPD non nécessaire', tone: 'ok', detail: expect.stringContaining('liste électorale') });
		expect(summarize(dpiaKind, { art35Case: 'aucun', onRequiredList: 'accompagnement-social' })).toMatchObject({ label: 'AIPD nécessaire', tone: 'warn' });
		expect(summarize(dpiaKind, screened(['sensibles', 'vulnerables']))).toMatchObject({ label: 'AIPD nécessaire', tone: 'warn', detail: expect.stringContaining('personnes vulnérables') });
	});
});

describe('DPIA screening of the catalogue entries', () => {
	/** The case or CNIL list entry matching each catalogue entry whose indication comes from one. */
	const LIST_ENTRY: Record<string, { art35?: string; notRequired?: string; required?: string }> = {
		videoprotection: { art35: 'surveillance-espace-public' },
		'listes-electorales': { notRequired: 'liste-electorale' },
		'inscriptions-scolaires': { notRequired: 'scolaire' },
		'cantine-periscolaire': { notRequired: 'scolaire' },
		'gestion-personnel': { notRequired: 'rh-250' },
		paie: { notRequired: 'rh-250' },
		recrutement: { notRequired: 'rh-250' },
		'ccas-aide-sociale': { required: 'accompagnement-social' }
	};
	const decided = CATALOGUE.filter((e) => e.dpiaHint === 'requise' || e.dpiaHint === 'non_requise');

	function screeningFor(entry: (typeof CATALOGUE)[number]): Answers {
		const list = LIST_ENTRY[entry.id];
		if (list?.art35) return { art35Case: list.art35 };
		if (list?.required) return { art35Case: 'aucun', onRequiredList: list.required };
		if (list?.notRequired) return { ...NONE_ABOVE, onNotRequiredList: list.notRequired };
		return screened([]);
	}

	it('covers the catalogue’s firm indications, and every one that cites a CNIL list or art. 35(3)', () => {
		expect(decided.length).toBeGreaterThan(20);
		expect(decided.filter((e) => e.dpiaHint === 'requise').map((e) => e.id).sort()).toEqual(['ccas-aide-sociale', 'videoprotection']);
		for (const e of CATALOGUE) {
			if (e.dpiaReason.includes('2019-118')) expect(LIST_ENTRY[e.id]?.notRequired, e.id).toBeDefined();
			if (e.dpiaReason.includes('2018-327')) expect(LIST_ENTRY[e.id]?.required, e.id).toBeDefined();
			if (e.dpiaReason.includes('35.3')) expect(LIST_ENTRY[e.id]?.art35, e.id).toBeDefined();
		}
		for (const id of Object.keys(LIST_ENTRY)) expect(decided.some((e) => e.id === id), id).toBe(true);
	});

	it('never calls a case of art. 35(3) a criterion', () => {
		for (const e of CATALOGUE.filter((x) => x.dpiaReason.includes('35.3'))) {
			expect(e.dpiaReason, e.id).not.toMatch(/critère de risque élevé \(RGPD/);
			expect(e.dpiaReason, e.id).toMatch(/suffit à lui seul/);
		}
	});

	it.each(decided.map((e) => [e.id, e] as const))('%s: the screening agrees with the indication', (_id, entry) => {
		const answers = screeningFor(entry);
		const fields = kindFields(dpiaKind);
		const parsed = parseFields(fields, answers, Object.keys(answers));
		expect(parsed.errors).toEqual({});
		expect(recordCompleteness(dpiaKind, parsed.values).missing).toEqual([]);
		const v = dpiaVerdict(parsed.values);
		expect(v.required).toBe(entry.dpiaHint === 'requise');
		// An indication and the verdict cite the same case, deliberation and entry.
		const list = LIST_ENTRY[entry.id];
		if (list?.art35) {
			expect(entry.dpiaReason).toContain('35.3');
			expect(v.reason).toContain(ART35_CASES.find((o) => o.value === list.art35)!.label);
		}
		if (list?.notRequired) {
			expect(entry.dpiaReason).toContain('2019-118');
			expect(v.reason).toContain(NOT_REQUIRED_LIST.find((o) => o.value === list.notRequired)!.label);
		}
		if (list?.required) {
			expect(entry.dpiaReason).toContain('2018-327');
			expect(v.reason).toContain(REQUIRED_LIST.find((o) => o.value === list.required)!.label);
		}
	});

	it('gives the examples of the brief', () => {
		expect(dpiaVerdict({ art35Case: 'surveillance-espace-public' }).required).toBe(true);
		expect(dpiaVerdict({ art35Case: 'aucun', onRequiredList: 'accompagnement-social' }).required).toBe(true);
		expect(dpiaVerdict({ ...NONE_ABOVE, onNotRequiredList: 'liste-electorale' }).required).toBe(false);
		expect(dpiaVerdict({ ...NONE_ABOVE, onNotRequiredList: 'scolaire' }).required).toBe(false);
		expect(dpiaVerdict({ ...NONE_ABOVE, onNotRequiredList: 'rh-250' }).required).toBe(false);
		// A "probable" entry (heat-wave register): vulnerable people and health data, two criteria.
		expect(CATALOGUE.find((e) => e.id === 'registre-canicule')?.dpiaHint).toBe('probable');
		expect(dpiaVerdict(screened(['vulnerables', 'sensibles'])).required).toBe(true);
	});
});

// ---- Conformity grid ----------------------------------------------------------------------------

function grid(value: string, overrides: Record<string, string> = {}): Answers {
	const a: Answers = {};
	for (const p of PRINCIPLES) {
		a[`p_${p.id}`] = overrides[p.id] ?? value;
		a[`p_${p.id}_why`] = `Justification : ${p.label}`;
	}
	return a;
}

describe('conformity grid', () => {
	it('has the eleven principles', () => {
		expect(PRINCIPLES.map((p) => p.id)).toEqual(['finalite', 'base_legale', 'minimisation', 'exactitude', 'conservation', 'information', 'droits', 'sous_traitants', 'transferts', 'securite', 'aipd']);
	});

	it('is to complete while a principle is unanswered', () => {
		expect(conformityResult({}, [])).toMatchObject({ result: 'a_completer', problems: [] });
		const partial = grid('conforme');
		delete partial.p_aipd;
		expect(conformityResult(partial, []).result).toBe('a_completer');
		// Problems already known are reported even before the end.
		expect(conformityResult({ ...partial, p_minimisation: 'non_conforme' }, [])).toMatchObject({ result: 'a_completer', problems: ['minimisation'], major: ['minimisation'] });
		expect(conformityResult({ ...grid('conforme'), p_droits: '' }, []).result).toBe('a_completer');
	});

	it('is conforme when every principle is conforme or not applicable', () => {
		expect(conformityResult(grid('conforme'), [])).toEqual({ result: 'conforme', problems: [], major: [], planned: false, toPlan: [] });
		expect(conformityResult(grid('na'), []).result).toBe('conforme');
		expect(conformityResult(grid('conforme', { transferts: 'na', aipd: 'na' }), []).result).toBe('conforme');
	});

	it('declares in the data which principles are major when breached', () => {
		expect(PRINCIPLES.filter((p) => p.major).map((p) => p.id)).toEqual(['finalite', 'base_legale', 'minimisation', 'conservation', 'information', 'droits', 'transferts', 'securite']);
		expect(PRINCIPLES.filter((p) => !p.major).map((p) => p.id)).toEqual(['exactitude', 'sous_traitants', 'aipd']);
	});

	const planned = { owner: 'La secrétaire', dueDate: '2026-09-01' };

	it('keeps a major non-conformity major until its action is done; a planned action only explains it', () => {
		for (const p of PRINCIPLES.filter((x) => x.major)) {
			const a = grid('conforme', { [p.id]: 'non_conforme' });
			expect(conformityResult(a, []), p.id).toMatchObject({ result: 'majeure', major: [p.id], planned: false, toPlan: [p.id] });
			const withPlan = conformityResult(a, [{ item: p.id, status: 'en_cours', ...planned }]);
			expect(withPlan, p.id).toMatchObject({ result: 'majeure', planned: true, toPlan: [] });
			expect(conformityLabel(withPlan)).toBe('Non-conformité majeure — action prévue');
			// The action done makes the principle conforme (the grid's resolveItem): then it is conforme.
			const resolved = { ...a, ...conformityKind.resolveItem!(a, p.id, 'Fait.') };
			expect(conformityResult(resolved, [{ item: p.id, status: 'fait', ...planned }]).result, p.id).toBe('conforme');
		}
	});

	it('does not count an action without owner and due date as a plan', () => {
		const a = grid('conforme', { minimisation: 'non_conforme', conservation: 'non_conforme' });
		const bare = [
			{ item: 'minimisation', status: 'a_faire', owner: '', dueDate: '' },
			{ item: 'conservation', status: 'a_faire' }
		];
		expect(conformityResult(a, bare)).toEqual({ result: 'majeure', problems: ['minimisation', 'conservation'], major: ['minimisation', 'conservation'], planned: false, toPlan: ['minimisation', 'conservation'] });
		expect(conformityLabel(conformityResult(a, bare))).toBe('Non-conformité majeure — action à planifier');
		// Owner alone, due date alone: not yet a plan either.
		expect(conformityResult(a, [{ item: 'minimisation', status: 'a_faire', owner: 'Le maire' }, { item: 'conservation', status: 'a_faire', dueDate: '2026-09-01' }]).toPlan).toEqual(['minimisation', 'conservation']);
		// Both planned; a done action or one for another item plans nothing.
		expect(conformityResult(a, [{ item: 'minimisation', status: 'a_faire', ...planned }, { item: 'conservation', status: 'en_cours', ...planned }])).toMatchObject({ result: 'majeure', planned: true });
		expect(conformityResult(a, [{ item: 'minimisation', status: 'a_faire', ...planned }, { item: 'conservation', status: 'fait', ...planned }]).toPlan).toEqual(['conservation']);
		expect(conformityResult(a, [{ item: 'minimisation', status: 'a_faire', ...planned }, { item: 'securite', status: 'a_faire', ...planned }]).toPlan).toEqual(['conservation']);
	});

	it('is minor when only minor principles are breached, planned or not', () => {
		const a = grid('conforme', { exactitude: 'non_conforme', sous_traitants: 'non_conforme' });
		expect(conformityResult(a, [])).toMatchObject({ result: 'mineure', major: [], planned: false });
		expect(conformityLabel(conformityResult(a, []))).toBe('Non-conformité mineure — action à planifier');
		const both = conformityResult(a, [{ item: 'exactitude', status: 'a_faire', ...planned }, { item: 'sous_traitants', status: 'a_faire', ...planned }]);
		expect(conformityLabel(both)).toBe('Non-conformité mineure — action prévue');
		// One major principle among them makes the grid major.
		expect(conformityResult({ ...a, p_information: 'non_conforme' }, []).result).toBe('majeure');
	});

	it('summarizes with a tone and the principles at fault, and offers one action per problem', () => {
		expect(summarize(conformityKind, {})).toEqual({ label: CONFORMITY_LABELS.a_completer, tone: 'neutral', detail: undefined });
		expect(summarize(conformityKind, grid('conforme'))).toEqual({ label: 'Conforme', tone: 'ok', detail: undefined });
		const a = grid('conforme', { base_legale: 'non_conforme', sous_traitants: 'non_conforme' });
		expect(summarize(conformityKind, a)).toEqual({
			label: 'Non-conformité majeure — action à planifier',
			tone: 'bad',
			detail: 'Non conforme : Base légale (majeure, action à planifier), Sous-traitants (mineure, action à planifier)'
		});
		// Actions with no owner and no due date: the same.
		expect(summarize(conformityKind, a, { actions: [{ item: 'base_legale', status: 'a_faire', title: 'x' }, { item: 'sous_traitants', status: 'en_cours', title: 'y' }] })).toMatchObject({
			label: 'Non-conformité majeure — action à planifier',
			tone: 'bad'
		});
		// Planned: still major (on screen as in the dossier), explained.
		expect(
			summarize(conformityKind, a, {
				actions: [
					{ item: 'base_legale', status: 'a_faire', title: 'x', ...planned },
					{ item: 'sous_traitants', status: 'en_cours', title: 'y', ...planned }
				]
			})
		).toEqual({ label: 'Non-conformité majeure — action prévue', tone: 'bad', detail: 'Non conforme : Base légale (majeure, action prévue), Sous-traitants (mineure, action prévue)' });
		expect(conformityKind.actionItems!(a)).toEqual([
			// The grid's justification becomes the action's details.
			{ item: 'base_legale', title: 'Mettre en conformité : base légale', details: String(a.p_base_legale_why ?? '') },
			{ item: 'sous_traitants', title: 'Mettre en conformité : sous-traitants', details: String(a.p_sous_traitants_why ?? '') }
		]);
		expect(conformityKind.actionItems!(grid('conforme'))).toEqual([]);
	});

	it('asks for a justification of each answer given', () => {
		const missing = (a: Answers) => recordCompleteness(conformityKind, a).missing.map((f) => f.name);
		expect(missing({})).toEqual(PRINCIPLES.map((p) => `p_${p.id}`));
		expect(missing({ ...grid('conforme'), p_finalite_why: '' })).toEqual(['p_finalite_why']);
		expect(missing(grid('na'))).toEqual([]);
	});
});

// ---- Risk assessment ----------------------------------------------------------------------------

function estimates(values: Record<string, [number, number] | [number, number, number, number]>): Answers {
	const a: Answers = {};
	for (const [event, [g, v, gr, vr]] of Object.entries(values)) {
		a[`${event}_gravite`] = String(g);
		a[`${event}_vraisemblance`] = String(v);
		if (gr !== undefined) a[`${event}_gravite_residuelle`] = String(gr);
		if (vr !== undefined) a[`${event}_vraisemblance_residuelle`] = String(vr);
	}
	return a;
}

describe('risk assessment', () => {
	it('has the three feared events of the CNIL method', () => {
		expect(FEARED_EVENTS.map((e) => e.id)).toEqual(['acces', 'modification', 'disparition']);
	});

	it('places each estimated event on the map, before and after the plan', () => {
		expect(riskPoints({})).toEqual([]);
		const a = estimates({ acces: [4, 3, 2, 2], disparition: [3, 1] });
		expect(riskPoints(a)).toEqual([
			{ event: 'acces', label: 'Accès illégitime aux données', gravite: 4, vraisemblance: 3, phase: 'avant' },
			{ event: 'acces', label: 'Accès illégitime aux données', gravite: 2, vraisemblance: 2, phase: 'apres' },
			{ event: 'disparition', label: 'Disparition des données', gravite: 3, vraisemblance: 1, phase: 'avant' }
		]);
		// Half an estimate is not a point.
		expect(riskPoints({ acces_gravite: '3' })).toEqual([]);
		expect(riskPoints({ ...estimates({ modification: [2, 2] }), modification_gravite_residuelle: '1' }).map((p) => p.phase)).toEqual(['avant']);
	});

	it('calls a risk high only when gravity and likelihood are both 3 or more', () => {
		for (let g = 1; g <= 4; g++) {
			for (let v = 1; v <= 4; v++) expect(isHigh({ gravite: g, vraisemblance: v }), `${g}×${v}`).toBe(g >= 3 && v >= 3);
		}
	});

	it('judges the residual risk on the re-estimate when there is one', () => {
		expect(residualHigh(estimates({ acces: [4, 4] })).map((p) => [p.event, p.phase])).toEqual([['acces', 'avant']]);
		expect(residualHigh(estimates({ acces: [4, 4, 2, 3] }))).toEqual([]);
		expect(residualHigh(estimates({ acces: [2, 2, 3, 3] })).map((p) => [p.event, p.phase])).toEqual([['acces', 'apres']]);
		expect(residualHigh(estimates({ acces: [3, 2], modification: [4, 4, 3, 4], disparition: [3, 3, 1, 1] })).map((p) => p.event)).toEqual(['modification']);
		expect(residualHigh(estimates({ acces: [3, 4], modification: [4, 3], disparition: [4, 4] })).map((p) => p.event)).toEqual(['acces', 'modification', 'disparition']);
	});

	it('summarizes: to do, consult the CNIL while a residual risk is high, validated by the mayor', () => {
		expect(summarize(riskKind, {})).toEqual({ label: 'À mener', tone: 'neutral' });
		const high = estimates({ acces: [4, 4], disparition: [2, 2] });
		expect(summarize(riskKind, high)).toEqual({ label: 'Risque résiduel élevé : consulter la CNIL', tone: 'bad', detail: 'Accès illégitime aux données' });
		expect(summarize(riskKind, { ...high, mayorDecision: 'validee' }).tone).toBe('bad');
		expect(summarize(riskKind, { ...high, cnilConsulted: 'oui' })).toEqual({ label: 'En cours', tone: 'warn' });
		expect(summarize(riskKind, { ...high, cnilConsulted: 'oui', mayorDecision: 'validee' })).toEqual({ label: 'Validée par le maire', tone: 'ok' });
		const reduced = estimates({ acces: [4, 4, 2, 2] });
		expect(summarize(riskKind, { ...reduced, mayorDecision: 'validee' })).toEqual({ label: 'Validée par le maire', tone: 'ok' });
		expect(summarize(riskKind, { ...reduced, mayorDecision: 'a_revoir' })).toEqual({ label: 'En cours', tone: 'warn' });
	});

	it('offers an action for each risk first estimated high, and asks about the CNIL only then', () => {
		const a = estimates({ acces: [4, 3, 1, 1], modification: [2, 4], disparition: [3, 3] });
		expect(riskKind.actionItems!(a)).toEqual([
			{ item: 'acces', title: 'Réduire le risque : accès illégitime aux données' },
			{ item: 'disparition', title: 'Réduire le risque : disparition des données' }
		]);
		const shown = (x: Answers) => visibleFields(kindFields(riskKind), x).map((f) => f.name);
		expect(shown(estimates({ acces: [2, 2] }))).not.toContain('cnilConsulted');
		expect(shown(estimates({ acces: [3, 3] }))).toContain('cnilConsulted');
		expect(shown(estimates({ acces: [3, 3, 1, 1] }))).not.toContain('cnilConsulted');
		expect(shown({ ...estimates({ acces: [3, 3] }), cnilConsulted: 'oui' })).toContain('cnilConsultedDate');
	});
});

// ---- Rights requests, breaches, processors, actions --------------------------------------------

describe('rights requests', () => {
	it('is late only once the due day is over in Paris, and never once answered', () => {
		const r = { receivedOn: '2026-03-10' };
		expect(requestIsLate(r, new Date('2026-04-10T21:59:59.999Z'))).toBe(false);
		expect(requestIsLate(r, new Date('2026-04-10T22:00:00.000Z'))).toBe(true);
		expect(requestIsLate({ ...r, answeredOn: '2026-05-01' }, new Date('2026-06-01T00:00:00Z'))).toBe(false);
		expect(requestIsLate({}, new Date('2030-01-01T00:00:00Z'))).toBe(false);
		expect(requestIsLate({ receivedOn: '' }, new Date('2030-01-01T00:00:00Z'))).toBe(false);
	});

	it('waits three months when extended, with the end-of-month rule', () => {
		const r = { receivedOn: '2026-01-31', extended: 'oui' };
		expect(requestIsLate(r, new Date('2026-04-30T21:59:00Z'))).toBe(false);
		expect(requestIsLate(r, new Date('2026-04-30T22:00:00Z'))).toBe(true);
		expect(requestIsLate({ ...r, extended: 'non' }, new Date('2026-02-28T23:00:00Z'))).toBe(true);
		expect(requestIsLate({ ...r, extended: 'non' }, new Date('2026-02-28T22:59:00Z'))).toBe(false);
	});

	it('summarizes the deadline and the answer', () => {
		expect(summarize(requestKind, {})).toEqual({ label: 'À compléter', tone: 'neutral' });
		const now = new Date('2026-04-07T10:00:00Z');
		expect(summarize(requestKind, { receivedOn: '2026-03-10' }, { now })).toEqual({ label: 'À répondre avant le 10 avril 2026 — il reste 3 jours', tone: 'warn' });
		expect(summarize(requestKind, { receivedOn: '2026-03-10', extended: 'oui' }, { now })).toEqual({ label: 'À répondre avant le 10 juin 2026 — il reste 64 jours', tone: 'warn' });
		expect(summarize(requestKind, { receivedOn: '2026-03-01' }, { now })).toEqual({ label: 'En retard : échéance dépassée (1er avril 2026)', tone: 'bad' });
		expect(summarize(requestKind, { receivedOn: '2026-03-10', answeredOn: '2026-04-10' }, { now })).toEqual({ label: 'Répondu le 10 avril 2026', tone: 'ok' });
		expect(summarize(requestKind, { receivedOn: '2026-03-10', answeredOn: '2026-04-11' }, { now })).toEqual({
			label: 'Répondu en retard, le 11 avril 2026',
			tone: 'warn',
			detail: 'Échéance : 10 avril 2026'
		});
		expect(summarize(requestKind, { receivedOn: '2026-03-10', extended: 'oui', answeredOn: '2026-05-20' }, { now }).tone).toBe('ok');
	});

	it('writes a model answer naming the right, the dates, the DPD and the CNIL', () => {
		const letter = requestAnswerLetter(
			{ name: 'Glanon', mayorName: 'Jean Dupont' },
			{ email: 'rgpd@mairie-glanon.fr' },
			{ requesterName: 'Paul Martin', right: 'acces', receivedOn: '2026-01-31' }
		);
		expect(letter.startsWith('Objet : votre demande d’accès du 31 janvier 2026')).toBe(true);
		// Without the civility: « Madame, Monsieur, » alone, never followed by the name.
		expect(letter.split('\n')[2]).toBe('Madame, Monsieur,');
		expect(letter).not.toContain('Paul Martin');
		expect(letter).toContain('Veuillez agréer, Madame, Monsieur, nos salutations distinguées.');
		expect(letter).toContain('la commune de Glanon');
		expect(letter).toContain('copie de ces données');
		expect(letter).toContain('réclamation à la CNIL');
		expect(letter).toContain('rgpd@mairie-glanon.fr');
		expect(letter).toContain('Le maire, Jean Dupont');
		expect(letter.endsWith('(Réponse à envoyer au plus tard le 28 février 2026.)')).toBe(true);

		const extended = requestAnswerLetter({ name: 'Glanon', mayorName: '' }, {}, { right: 'rectification', receivedOn: '2026-01-31', extended: 'oui' });
		expect(extended).toContain('votre demande de rectification du 31 janvier 2026');
		expect(extended).toContain('ont été corrigées');
		expect(extended).toContain('Madame, Monsieur,');
		expect(extended.endsWith('au plus tard le 30 avril 2026.)')).toBe(true);
		expect(requestAnswerLetter({ name: 'Glanon', mayorName: '' }, {}, { right: 'effacement' })).toContain('demande d’effacement du [date de réception]');
		expect(requestAnswerLetter({ name: 'Glanon', mayorName: '' }, {}, { right: 'opposition' })).toContain('[Décrivez ici la suite');
		expect(requestAnswerLetter({ name: 'Glanon', mayorName: '' }, {}, { right: 'autre' })).toContain('votre demande d’exercice de vos droits');
		expect(requestAnswerLetter({ name: 'Glanon', mayorName: '' }, {}, {})).not.toContain('au plus tard');
	});

	it('starts the model answer with « Madame, Monsieur, » or with the person’s name, never both', () => {
		const commune = { name: 'Glanon', mayorName: '' };
		const salutation = (letter: string) => letter.split('\n')[2];
		const madame = requestAnswerLetter(commune, {}, { requesterName: 'Dupont', requesterCivility: 'madame', right: 'acces' });
		expect(salutation(madame)).toBe('Madame Dupont,');
		expect(madame).not.toContain('Madame, Monsieur');
		expect(madame).toContain('Veuillez agréer, Madame, nos salutations distinguées.');
		const monsieur = requestAnswerLetter(commune, {}, { requesterName: 'Paul Martin', requesterCivility: 'monsieur', right: 'acces' });
		expect(salutation(monsieur)).toBe('Monsieur Paul Martin,');
		expect(monsieur).not.toContain('Madame');
		// A name without a civility, or a civility without a name.
		for (const request of [{ requesterName: 'Dupont' }, { requesterName: '  ' }, {}]) {
			const letter = requestAnswerLetter(commune, {}, { ...request, right: 'acces' });
			expect(salutation(letter)).toBe('Madame, Monsieur,');
			expect(letter).not.toContain('Dupont');
		}
		expect(salutation(requestAnswerLetter(commune, {}, { requesterCivility: 'madame', right: 'acces' }))).toBe('Madame,');
	});
});

describe('breaches', () => {
	const found = '2026-03-27T10:00';
	const risky = { discoveredAt: found, risk: 'risque' };

	it('must be notified within 72 real hours when there is a risk', () => {
		// Due 2026-03-30 11:00 Paris (the clocks went forward on the 29th).
		expect(breachNotInTime(risky, paris('2026-03-30T10:59'))).toBe(false);
		expect(breachNotInTime(risky, paris('2026-03-30T11:00'))).toBe(false);
		expect(breachNotInTime(risky, paris('2026-03-30T11:01'))).toBe(true);
		expect(breachNotInTime({ ...risky, risk: 'eleve' }, paris('2026-03-30T11:01'))).toBe(true);
		// Notified: judged on the notification date, not on today.
		const late = paris('2026-06-01T00:00');
		expect(breachNotInTime({ ...risky, cnilNotified: 'oui', cnilNotifiedAt: '2026-03-30T11:00' }, late)).toBe(false);
		expect(breachNotInTime({ ...risky, cnilNotified: 'oui', cnilNotifiedAt: '2026-03-30T11:01' }, late)).toBe(true);
	});

	it('never needs notifying without a risk decided, or with none', () => {
		const later = paris('2027-01-01T00:00');
		expect(breachNotInTime({ discoveredAt: found }, later)).toBe(false);
		expect(breachNotInTime({ discoveredAt: found, risk: 'aucun' }, later)).toBe(false);
		expect(breachNotInTime({ risk: 'risque' }, later)).toBe(false);
		expect(breachNotInTime({ discoveredAt: '2026-03-29T02:30', risk: 'risque' }, later)).toBe(false);
	});

	it('summarizes the 72 hours and the notification', () => {
		const at = (local: string) => ({ now: paris(local) });
		expect(summarize(breachKind, {})).toEqual({ label: 'À compléter', tone: 'neutral' });
		expect(summarize(breachKind, { discoveredAt: '2026-03-29T02:30' })).toEqual({ label: 'À compléter', tone: 'neutral' });
		expect(summarize(breachKind, { discoveredAt: found }, at('2026-03-30T10:00'))).toEqual({ label: 'Décider s’il faut notifier — il reste 1 h', tone: 'warn' });
		expect(summarize(breachKind, { discoveredAt: found }, at('2026-03-30T12:00'))).toEqual({ label: 'Décider s’il faut notifier — délai de 72 heures dépassé', tone: 'bad' });
		expect(summarize(breachKind, { discoveredAt: found, risk: 'aucun' }, at('2027-01-01T00:00'))).toEqual({ label: 'Documentée, sans notification', tone: 'ok' });
		expect(summarize(breachKind, risky, at('2026-03-28T12:00'))).toEqual({ label: 'Notifier la CNIL avant le 30 mars 2026 à 11:00 — il reste 46 h', tone: 'bad' });
		expect(summarize(breachKind, risky, at('2026-03-27T11:00'))).toEqual({ label: 'Notifier la CNIL avant le 30 mars 2026 à 11:00 — il reste 2 jours', tone: 'bad' });
		expect(summarize(breachKind, risky, at('2026-03-31T11:00'))).toEqual({ label: 'Notification en retard : délai dépassé depuis le 30 mars 2026 à 11:00', tone: 'bad' });
		expect(summarize(breachKind, { ...risky, cnilNotified: 'oui', cnilNotifiedAt: '2026-03-29T09:00' }, at('2027-01-01T00:00'))).toEqual({ label: 'Notifiée à la CNIL dans les délais', tone: 'ok' });
		expect(summarize(breachKind, { ...risky, cnilNotified: 'oui', cnilNotifiedAt: '2026-03-30T11:30' }, at('2027-01-01T00:00'))).toEqual({ label: 'Notifiée en retard, le 30 mars 2026 à 11:30', tone: 'warn' });
	});

	it('asks about the CNIL and the people only when the risk calls for it', () => {
		const shown = (a: Answers) => visibleFields(kindFields(breachKind), a).map((f) => f.name);
		expect(shown({ risk: 'aucun' })).not.toContain('cnilNotified');
		expect(shown({ risk: 'risque' })).toContain('cnilNotified');
		expect(shown({ risk: 'risque' })).not.toContain('peopleInformed');
		expect(shown({ risk: 'eleve' })).toEqual(expect.arrayContaining(['cnilNotified', 'peopleInformed']));
		expect(shown({ risk: 'eleve', cnilNotified: 'oui', peopleInformed: 'oui' })).toEqual(expect.arrayContaining(['cnilNotifiedAt', 'peopleInformedOn']));
		// A discovery time skipped by the clock change is refused, field by field.
		const parsed = parseFields(kindFields(breachKind), { discoveredAt: '2026-03-29T02:30', title: 'Courriel mal adressé' }, ['discoveredAt', 'title']);
		expect(Object.keys(parsed.errors)).toEqual(['discoveredAt']);
		expect(parsed.values).toEqual({ title: 'Courriel mal adressé' });
	});
});

describe('actions of the plan', () => {
	it('is late from the day after its due date in Paris, unless done', () => {
		const a = { status: 'a_faire', dueDate: '2026-06-30' };
		expect(actionIsLate(a, new Date('2026-06-30T21:59:00Z'))).toBe(false);
		expect(actionIsLate(a, new Date('2026-06-30T22:00:00Z'))).toBe(true);
		expect(actionIsLate({ ...a, status: 'en_cours' }, new Date('2026-07-02T00:00:00Z'))).toBe(true);
		expect(actionIsLate({ ...a, status: 'fait' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
		expect(actionIsLate({ status: 'a_faire' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
		expect(actionIsLate({ status: 'a_faire', dueDate: '' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
	});

	it('is « à planifier » without an owner or a due date', () => {
		expect(actionToPlan({ status: 'a_faire' })).toEqual({ owner: false, dueDate: false });
		expect(actionToPlan({ status: 'en_cours', owner: 'Le maire' })).toEqual({ owner: true, dueDate: false });
		expect(actionToPlan({ status: 'a_faire', owner: 'Le maire', dueDate: '2026-09-01' })).toBeNull();
		expect(actionToPlan({ status: 'fait' })).toBeNull();
	});

	it('summarizes its state', () => {
		const now = new Date('2026-07-01T08:00:00Z');
		expect(summarize(actionKind, { status: 'fait', doneOn: '2026-05-05', dueDate: '2026-01-01' }, { now })).toEqual({ label: 'Faite le 5 mai 2026', tone: 'ok' });
		expect(summarize(actionKind, { status: 'fait' }, { now })).toEqual({ label: 'Faite', tone: 'ok' });
		expect(summarize(actionKind, { status: 'a_faire', dueDate: '2026-06-30', owner: 'La secrétaire' }, { now })).toEqual({ label: `En retard (échéance ${formatDate('2026-06-30')})`, tone: 'bad' });
		expect(summarize(actionKind, { status: 'a_faire', dueDate: '2026-07-01', owner: 'La secrétaire' }, { now })).toEqual({ label: 'Pour le 1er juillet 2026', tone: 'neutral' });
		expect(summarize(actionKind, { status: 'a_faire', dueDate: '2026-07-01', owner: ' ' }, { now })).toEqual({ label: 'Pour le 1er juillet 2026 — responsable à désigner', tone: 'warn' });
		expect(summarize(actionKind, { status: 'a_faire', owner: 'La secrétaire' }, { now })).toEqual({ label: 'Échéance à fixer', tone: 'warn' });
		expect(summarize(actionKind, { status: 'a_faire' }, { now })).toEqual({ label: 'À planifier', tone: 'warn' });
	});

	it('asks for the date done only once done', () => {
		const missing = (a: Answers) => recordCompleteness(actionKind, a).missing.map((f) => f.name);
		const base = { title: 'Changer les mots de passe', originKind: 'manuel', owner: 'La secrétaire', dueDate: '2026-09-01', priority: '2' };
		expect(missing({ ...base, status: 'a_faire' })).toEqual([]);
		expect(missing({ ...base, status: 'fait' })).toEqual(['doneOn']);
	});
});

describe('processors', () => {
	it('is conforme with every article 28 clause and an end of contract', () => {
		const all = PROCESSOR_CLAUSES.map((c) => c.value);
		expect(all).toHaveLength(9);
		expect(summarize(processorKind, {})).toEqual({ label: 'À compléter', tone: 'neutral' });
		expect(summarize(processorKind, { name: 'Éditeur', clauses: all, endOfContract: 'suppression' })).toEqual({ label: 'Contrat conforme (9/9 clauses)', tone: 'ok' });
		expect(summarize(processorKind, { name: 'Éditeur', clauses: all.slice(1), endOfContract: 'suppression' })).toEqual({ label: 'Contrat à compléter (8/9 clauses)', tone: 'warn' });
		expect(summarize(processorKind, { name: 'Éditeur', clauses: all, endOfContract: 'non_prevu' }).tone).toBe('warn');
	});
});

// ---- Security basics ----------------------------------------------------------------------------

describe('security basics', () => {
	const ids = (theme: string) => THEMES.find((t) => t.id === theme)!.measures.map((m) => m.id);

	it('declares unique measures, each under one of the register headings', () => {
		expect(new Set(MEASURES.map((m) => m.id)).size).toBe(MEASURES.length);
		const headings = ['securityAccess', 'securityTrace', 'securitySoftware', 'securityBackup', 'securityEncryption', 'securityProcessors', 'securityOther'];
		for (const m of MEASURES) expect(headings, m.id).toContain(m.heading);
		expect(securiteRecipe.steps.map((s) => s.id)).toEqual(THEMES.map((t) => t.id));
	});

	it('scores each theme: done among the applicable measures', () => {
		const none = themeScores({});
		expect(none.map((s) => s.id)).toEqual(THEMES.map((t) => t.id));
		for (const s of none) expect(s).toMatchObject({ done: 0, planned: 0, percent: null });

		const [a, b, c, d] = ids('mots-de-passe');
		const score = themeScores({ [`m_${a}`]: 'fait', [`m_${b}`]: 'prevu', [`m_${c}`]: 'na', [`m_${d}`]: 'fait' }).find((s) => s.id === 'mots-de-passe');
		expect(score).toEqual({ id: 'mots-de-passe', title: 'Les mots de passe', done: 2, planned: 1, applicable: 3, percent: 67 });

		// Unanswered measures still count as applicable.
		expect(themeScores({ [`m_${a}`]: 'fait' }).find((s) => s.id === 'mots-de-passe')).toMatchObject({ done: 1, applicable: 4, percent: 25 });
		// Nothing applicable: no percentage.
		const allNa = Object.fromEntries(ids('sauvegardes').map((id) => [`m_${id}`, 'na']));
		expect(themeScores(allNa).find((s) => s.id === 'sauvegardes')).toMatchObject({ done: 0, applicable: 0, percent: null });
		const allDone = Object.fromEntries(ids('sauvegardes').map((id) => [`m_${id}`, 'fait']));
		expect(themeScores(allDone).find((s) => s.id === 'sauvegardes')).toMatchObject({ done: 3, applicable: 3, percent: 100 });
	});

	it('writes the measures done in the register, under their heading', () => {
		expect(securityByHeading({})).toEqual({});
		expect(
			securityByHeading({ m_mdp_personnels: 'fait', m_verrouillage: 'fait', m_sauvegarde_reguliere: 'fait', m_antivirus: 'prevu', m_usb_chiffrees: 'na', m_papier_cle: 'fait' })
		).toEqual({
			securityAccess: ['Comptes et mots de passe personnels', 'Verrouillage automatique des sessions'],
			securityBackup: ['Sauvegarde hebdomadaire sur disque externe'],
			securityOther: ['Dossiers papier sous clé']
		});
		const every = Object.fromEntries(MEASURES.map((m) => [`m_${m.id}`, 'fait']));
		expect(Object.values(securityByHeading(every)).flat()).toHaveLength(MEASURES.length);
	});

	it('puts every planned measure on the action plan', () => {
		for (const theme of THEMES) {
			const step = securiteRecipe.steps.find((s) => s.id === theme.id) as FormStep;
			const [first, second] = theme.measures;
			const answers = { [`m_${first!.id}`]: 'prevu', [`m_${second!.id}`]: 'fait' };
			// Each names its measure: raised elsewhere too (a grid), it is the same action.
			expect(step.actionItems!(answers), theme.id).toEqual([{ item: `m_${first!.id}`, title: `Sécurité : ${first!.label}`, measure: first!.id }]);
			expect(step.actionItems!({}), theme.id).toEqual([]);
		}
	});
});

// ---- Information notice ---------------------------------------------------------------------------

describe('information notice', () => {
	const base: NoticeInput = {
		commune: { name: 'Glanon', type: 'commune', address: 'Mairie, 2 rue de l’Église, 21250 Glanon', mayorName: 'Jean Dupont' },
		dpd: { email: 'rgpd@mairie-glanon.fr', postalAddress: 'Mairie\n21250 Glanon' },
		fiche: {
			name: 'Inscriptions à la cantine',
			purposes: 'Gérer les inscriptions\nFacturer les repas',
			legalBasis: 'e',
			legalBasisJustification: 'Service public de restauration scolaire',
			dataCategories: ['identite', 'economique'],
			retention: 'Deux ans après la fin de l’inscription',
			recipientsInternal: 'Secrétariat de mairie',
			processors: 'Éditeur du logiciel de cantine'
		},
		notice: { source: 'personne', mandatory: 'oui', mandatoryDetails: 'Nom et classe de l’enfant' }
	};
	const text = (n: ReturnType<typeof noticeText>) => n.paragraphs.map((p) => `${p.heading}\n${p.text}`).join('\n');
	const para = (n: ReturnType<typeof noticeText>, heading: string) => n.paragraphs.find((p) => p.heading === heading)?.text;

	it('writes an article 13 notice from the fiche, the commune and the DPD', () => {
		const n = noticeText(base);
		expect(n.article).toBe('13');
		expect(n.title).toBe('Vos données personnelles : Inscriptions à la cantine');
		expect(para(n, 'Qui traite vos données ?')).toBe(
			'La commune de Glanon, représentée par son maire, Jean Dupont (Mairie, 2 rue de l’Église, 21250 Glanon), est responsable du traitement « Inscriptions à la cantine ».'
		);
		expect(para(n, 'Pourquoi ?')).toBe(
			'Vos données servent à : gérer les inscriptions ; facturer les repas. La commune utilise ces données pour accomplir une mission de service public qui lui est confiée.'
		);
		expect(para(n, 'Devez-vous répondre ?')).toBe('Les informations demandées sont obligatoires : Nom et classe de l’enfant ; sans elles, votre demande ne pourra pas être traitée.');
		expect(para(n, 'Quelles données, et d’où viennent-elles ?')).toBeUndefined();
		expect(para(n, 'Qui les reçoit ?')).toBe('Secrétariat de mairie ; nos prestataires (Éditeur du logiciel de cantine), qui agissent sur nos instructions.');
		expect(para(n, 'Combien de temps ?')).toBe('Deux ans après la fin de l’inscription.');
		const rights = para(n, 'Vos droits')!;
		expect(rights).toContain('Vous pouvez demander l’accès à vos données, leur rectification, l’effacement, la limitation, l’opposition.');
		expect(rights).not.toContain('portabilité');
		expect(rights).not.toContain('consentement');
		expect(rights).toContain('par e-mail à rgpd@mairie-glanon.fr, ou par courrier : Mairie, 21250 Glanon');
		expect(rights).toContain('réclamation à la CNIL (www.cnil.fr)');
		expect(text(n)).not.toContain('[');
	});

	it('writes an article 14 notice when the data come from elsewhere, with their origin', () => {
		const n = noticeText({
			...base,
			fiche: { ...base.fiche, name: 'Liste électorale', legalBasis: 'c', legalBasisJustification: 'Code électoral' },
			notice: { source: 'autre', sourceDetails: 'Répertoire électoral unique tenu par l’INSEE', mandatory: 'oui' }
		});
		expect(n.article).toBe('14');
		expect(para(n, 'Quelles données, et d’où viennent-elles ?')).toBe(
			'État civil, identité, données d’identification, images ; Informations d’ordre économique et financier (revenus, coordonnées bancaires…). Elles proviennent de : Répertoire électoral unique tenu par l’INSEE.'
		);
		expect(para(n, 'Devez-vous répondre ?')).toBeUndefined();
		// The register's justification of the legal basis is internal: never pasted in the notice.
		expect(para(n, 'Pourquoi ?')).toContain('La commune utilise ces données parce que la loi le lui impose.');
		expect(text(n)).not.toContain('Code électoral');
		expect(para(n, 'Vos droits')).toContain('l’effacement, la limitation.');
		expect(para(n, 'Vos droits')).not.toContain('opposition');
	});

	it('tells how to withdraw consent when consent is the legal basis, and only then', () => {
		const consent = noticeText({
			...base,
			fiche: { ...base.fiche, name: 'Alerte SMS', legalBasis: 'a' },
			notice: { source: 'personne', mandatory: 'non', consentWithdraw: 'Répondre STOP au SMS' }
		});
		const rights = para(consent, 'Vos droits')!;
		expect(para(consent, 'Pourquoi ?')).toContain('La commune utilise ces données avec votre accord (votre consentement)');
		expect(rights).toContain('la portabilité, et retirer votre consentement à tout moment, aussi simplement que vous l’avez donné.');
		expect(rights).toContain('Pour vous désinscrire : Répondre STOP au SMS.');
		expect(rights).toContain('rgpd@mairie-glanon.fr');
		expect(rights).toContain('CNIL');
		expect(para(consent, 'Devez-vous répondre ?')).toBe('Répondre est facultatif.');

		const notConsent = noticeText({ ...base, notice: { ...base.notice, consentWithdraw: 'Répondre STOP au SMS' } });
		expect(para(notConsent, 'Vos droits')).not.toContain('désinscrire');
		expect(para(notConsent, 'Vos droits')).not.toContain('retirer votre consentement');
	});

	it('marks what is left to complete, and mentions transfers outside the EU', () => {
		const n = noticeText({ commune: { name: 'SIVOS des Trois Villages', type: 'syndicat', address: '', mayorName: '' }, dpd: {}, fiche: {}, notice: {} });
		expect(para(n, 'Qui traite vos données ?')).toMatch(/^SIVOS des Trois Villages, représentée par son président, est responsable du traitement/);
		const all = text(n);
		expect(all).toContain('[finalités à compléter dans le registre]');
		expect(all).toContain('Base légale à préciser');
		expect(all).toContain('[destinataires à préciser dans le registre]');
		expect(all).toContain('[durée à préciser dans le registre]');
		expect(all).toContain('Écrivez au délégué à la protection des données de la commune. Si vous estimez');
		const abroad = noticeText({ ...base, fiche: { ...base.fiche, transfers: 'oui', transferDetails: 'États-Unis, clauses contractuelles types' } });
		expect(para(abroad, 'Hors de l’Union européenne')).toBe('Des données sont transférées hors de l’Union européenne : États-Unis, clauses contractuelles types.');
		expect(para(noticeText(base), 'Hors de l’Union européenne')).toBeUndefined();
	});

	it('summarizes the notice, asking for consent details when the fiche rests on consent', () => {
		expect(summarize(noticeKind, {})).toEqual({ label: 'À rédiger', tone: 'neutral' });
		expect(summarize(noticeKind, { source: 'personne' })).toEqual({ label: 'Mention article 13', tone: 'ok' });
		expect(summarize(noticeKind, { source: 'autre' })).toEqual({ label: 'Mention article 14', tone: 'ok' });
		expect(summarize(noticeKind, { source: 'personne' }, { parent: { legalBasis: 'a' } })).toEqual({ label: 'Consentement à documenter', tone: 'warn' });
		expect(summarize(noticeKind, { source: 'personne', consentHow: 'Case', consentWithdraw: 'STOP', consentProof: 'Classeur' }, { parent: { legalBasis: 'a' } })).toEqual({
			label: 'Mention article 13',
			tone: 'ok'
		});
		// The consent fields apply only when the parent fiche rests on consent.
		const missing = (a: Answers) => recordCompleteness(noticeKind, a).missing.map((f) => f.name);
		const notice = { source: 'personne', mandatory: 'non', channels: ['formulaire'] };
		expect(missing(notice)).toEqual([]);
		expect(missing({ ...notice, __parent: { legalBasis: 'a' } })).toEqual(['consentHow', 'consentWithdraw', 'consentProof']);
		expect(missing({ source: 'autre', channels: ['site'] })).toEqual(['sourceDetails']);
	});
});
