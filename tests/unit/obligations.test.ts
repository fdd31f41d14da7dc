import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes/index';
import { ADVISORY_ANSWERS, OBLIGATION_GROUPS, OBLIGATIONS } from '../../src/lib/recipes/obligations';
import { isRecordCondition, obligationStatuses, type CommuneProgress, type StepRecord } from '../../src/lib/recipes/engine';
import { STEP_INDEX } from '../../src/lib/recipes/index';
import { kindFields, RECORD_KINDS } from '../../src/lib/recipes/records';
import { PROCESSOR_CLAUSES } from '../../src/lib/recipes/registers';
import { computeProgress, type ProgressRecord } from '../../src/lib/server/domain/recipes';
import { MEASURES, THEMES } from '../../src/lib/recipes/securite';
import type { AnswerCondition, Answers, CollectionStep, FieldDef, FormStep } from '../../src/lib/recipes/types';
import { DPD_ANSWERS } from '../helpers/answers';

// Every step of every recipe ("recipe/step"); satisfiedBy may only name these.
const STEP_IDS = RECIPES.flatMap((recipe) => recipe.steps.map((step) => `${recipe.id}/${step.id}`));

describe('GDPR obligations of a commune', () => {
	it('has between 95 and 110 obligations', () => {
		expect(OBLIGATIONS.length).toBeGreaterThanOrEqual(95);
		expect(OBLIGATIONS.length).toBeLessThanOrEqual(110);
	});

	it('has unique kebab-case ASCII ids', () => {
		const ids = OBLIGATIONS.map((o) => o.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
	});

	it('fills title, explanation and reference, and ranks each priority 1 to 3', () => {
		for (const o of OBLIGATIONS) {
			expect(o.title.trim(), o.id).not.toBe('');
			expect(o.explanation.trim(), o.id).not.toBe('');
			expect(o.reference.trim(), o.id).not.toBe('');
			expect([1, 2, 3], o.id).toContain(o.priority);
		}
	});

	it('puts about thirty obligations first', () => {
		const first = OBLIGATIONS.filter((o) => o.priority === 1).length;
		expect(first).toBeGreaterThanOrEqual(25);
		expect(first).toBeLessThanOrEqual(35);
	});

	it('names only existing steps in satisfiedBy, each once', () => {
		for (const o of OBLIGATIONS) {
			expect(new Set(o.satisfiedBy).size, o.id).toBe(o.satisfiedBy.length);
			for (const step of o.satisfiedBy) expect(STEP_IDS, `${o.id}: ${step}`).toContain(step);
		}
	});

	it('uses only declared groups, each declared group at least once', () => {
		expect(new Set(OBLIGATION_GROUPS).size).toBe(OBLIGATION_GROUPS.length);
		for (const o of OBLIGATIONS) expect(OBLIGATION_GROUPS, o.id).toContain(o.group);
		for (const g of OBLIGATION_GROUPS) expect(OBLIGATIONS.some((o) => o.group === g), g).toBe(true);
	});

	it('lists every step of every recipe, each once', () => {
		expect(new Set(STEP_IDS).size).toBe(STEP_IDS.length);
		expect(RECIPES.every((r) => r.steps.length > 0)).toBe(true);
	});

	it('gives every step of every recipe at least one obligation', () => {
		for (const step of STEP_IDS) {
			expect(
				OBLIGATIONS.some((o) => o.satisfiedBy.includes(step)),
				step
			).toBe(true);
		}
	});
});

// ---- covered by the answers, not by a finished step ------------------------------------------


const FORM_STEPS = new Map<string, FormStep>(
	RECIPES.flatMap((r) => r.steps.filter((s): s is FormStep => s.kind === 'form').map((s) => [`${r.id}/${s.id}`, s] as const))
);
const valuesOf = (f: FieldDef): string[] => (f.type === 'boolean' ? ['oui', 'non'] : (f.options ?? []).map((o) => o.value));
/** A field whose answer can complete its step and still be negative: « Non », or a measure only « prévue ». */
const negative = (f: FieldDef): string[] => (f.type === 'boolean' ? ['non'] : valuesOf(f).filter((v) => v === 'prevu'));

describe('obligations covered by the answers', () => {
	it('names, in each record condition, a collection step of satisfiedBy, a field of its kind and values it can take', () => {
		for (const o of OBLIGATIONS) {
			for (const c of (o.coveredWhen ?? []).filter(isRecordCondition)) {
				expect(o.satisfiedBy, o.id).toContain(c.step);
				const entry = STEP_INDEX.get(c.step);
				expect(entry?.step.kind, `${o.id}: ${c.step} is a collection step`).toBe('collection');
				const kind = RECORD_KINDS[(entry!.step as CollectionStep).recordKind]!;
				const def = kindFields(kind).find((f) => f.name === c.every.field);
				expect(def, `${o.id}: ${c.step}#${c.every.field}`).toBeDefined();
				expect(Boolean(c.every.values?.length) || Boolean(c.every.includes?.length), o.id).toBe(true);
				for (const v of [...(c.every.values ?? []), ...(c.every.includes ?? [])]) expect(valuesOf(def!), `${o.id}: ${c.every.field}=${v}`).toContain(v);
				if (c.every.values) for (const v of negative(def!)) expect(c.every.values, `${o.id}: ${c.every.field}`).not.toContain(v);
			}
		}
	});

	it('names, in each condition, a form step of satisfiedBy, one of its fields and values it can take', () => {
		for (const o of OBLIGATIONS) {
			for (const c of (o.coveredWhen ?? []).filter((x) => !isRecordCondition(x)) as AnswerCondition[]) {
				expect(o.satisfiedBy, o.id).toContain(c.step);
				const step = FORM_STEPS.get(c.step);
				expect(step, `${o.id}: ${c.step} is a form step`).toBeDefined();
				expect(c.anyOf.length, o.id).toBeGreaterThan(0);
				for (const { field, values } of c.anyOf) {
					const def = step!.fields.find((f) => f.name === field);
					expect(def, `${o.id}: ${c.step}#${field}`).toBeDefined();
					expect(values.length, `${o.id}: ${field}`).toBeGreaterThan(0);
					for (const v of values) expect(valuesOf(def!), `${o.id}: ${field}=${v}`).toContain(v);
					// A condition never accepts the negative answer it is there to refuse.
					for (const v of negative(def!)) expect(values, `${o.id}: ${field}`).not.toContain(v);
				}
			}
		}
	});

	it('decides every negative answer of every step that covers an obligation: a condition, or advisory with its reason', () => {
		const used = new Set(OBLIGATIONS.flatMap((o) => (o.coveredWhen ?? []).flatMap((c) => (isRecordCondition(c) ? [] : c.anyOf.map((a) => `${c.step}#${a.field}`)))));
		const audited: string[] = [];
		for (const key of new Set(OBLIGATIONS.flatMap((o) => o.satisfiedBy))) {
			const step = FORM_STEPS.get(key);
			if (!step) continue;
			for (const f of step.fields) {
				if (!f.required || negative(f).length === 0) continue;
				const id = `${key}#${f.name}`;
				audited.push(id);
				expect(used.has(id) !== Object.hasOwn(ADVISORY_ANSWERS, id), `${id}: a condition of an obligation, or advisory (not both)`).toBe(true);
			}
		}
		for (const [id, why] of Object.entries(ADVISORY_ANSWERS)) {
			expect(audited, `${id} is a negative answer of a covering step`).toContain(id);
			expect(why.trim(), id).not.toBe('');
		}
		// The audit saw the DPD's yes/no questions and every security measure.
		expect(audited).toContain('dpd/cnil#declared');
		expect(audited).toContain('dpd/publication#onWebsite');
		expect(audited.filter((id) => id.startsWith('securite/')).length).toBe(MEASURES.length);
	});

	// Hand-built progress: the given steps completed with these answers.
	const NOW = new Date('2026-12-01T10:00:00Z');
	const done = (steps: Record<string, Answers>): CommuneProgress => {
		const map = new Map<string, StepRecord>();
		for (const [key, answers] of Object.entries(steps)) map.set(key, { answers, status: 'terminee', completedAt: NOW, version: 1 });
		return { steps: map, collections: new Map(), confirmed: new Set() };
	};
	const dpdWith = (overrides: Record<string, Answers> = {}) =>
		Object.fromEntries(Object.entries(DPD_ANSWERS).map(([id, a]) => [`dpd/${id}`, { ...a, ...overrides[id] }]));
	const status = (progress: CommuneProgress, id: string) => obligationStatuses(OBLIGATIONS, RECIPES, progress).find((s) => s.obligation.id === id)!;

	it('leaves « Déclarer le DPD à la CNIL » open after a « Non », and says what is expected', () => {
		const no = status(done(dpdWith({ cnil: { declared: 'non', declarationDate: '', receiptNumber: '' } })), 'dpd-declarer-cnil');
		expect(no).toMatchObject({ covered: false, by: null });
		expect(no.unmet).toEqual(['« Oui » à « La déclaration a été faite sur le site de la CNIL »']);
		expect(status(done(dpdWith()), 'dpd-declarer-cnil')).toMatchObject({ covered: true, by: 'recette', unmet: [] });
	});

	it('leaves « Publier les coordonnées du DPD » open when published nowhere, covered when published at one place', () => {
		const nowhere = { onWebsite: 'non', onForms: 'non', atMairie: 'non', councilInformed: 'oui', staffInformed: 'oui' };
		const s = status(done(dpdWith({ publication: nowhere })), 'dpd-publier-coordonnees');
		expect(s.covered).toBe(false);
		expect(s.unmet[0]).toMatch(/^« Oui » à l’une de ces questions : « Coordonnées publiées sur le site de la commune », /);
		expect(status(done(dpdWith({ publication: { ...nowhere, atMairie: 'oui' } })), 'dpd-publier-coordonnees').covered).toBe(true);
		// Informing the council is advised, not required.
		expect(status(done(dpdWith({ publication: { ...DPD_ANSWERS.publication, councilInformed: 'non' } })), 'dpd-publier-coordonnees').covered).toBe(true);
	});

	it('leaves each of the three CNIL checks of the DPD open on a « Non »', () => {
		for (const [field, id] of [['checkCompetence', 'dpd-competences'], ['checkMeans', 'dpd-moyens'], ['checkIndependence', 'dpd-independance'], ['checkIndependence', 'dpd-conflit-interets']] as const) {
			expect(status(done(dpdWith({ independance: { [field]: 'non' } })), id).covered, `${field} → ${id}`).toBe(false);
			expect(status(done(dpdWith()), id).covered, id).toBe(true);
		}
	});

	it('leaves a security obligation open while a measure is only « prévue », covered once done or not applicable', () => {
		const theme = THEMES.find((t) => t.id === 'sauvegardes')!;
		const answers = (v: string) => Object.fromEntries(theme.measures.map((m) => [`m_${m.id}`, v]));
		expect(status(done({ 'securite/sauvegardes': answers('prevu') }), 'sec-sauvegardes')).toMatchObject({ covered: false });
		expect(status(done({ 'securite/sauvegardes': answers('prevu') }), 'sec-sauvegardes').unmet).toHaveLength(3);
		expect(status(done({ 'securite/sauvegardes': answers('fait') }), 'sec-sauvegardes').covered).toBe(true);
		expect(status(done({ 'securite/sauvegardes': { ...answers('fait'), m_sauvegarde_testee: 'na' } }), 'sec-sauvegardes').covered).toBe(true);
	});

	it('leaves the processors’ alert duty open when their contracts do not bind them', () => {
		const procedure = { alertWho: 'Le DPD', firstSteps: 'Débrancher', decides: 'Le maire', processorsBound: 'non' };
		const progress = done({ 'violations/procedure': procedure });
		progress.steps.set('sous-traitants/liste', { answers: { none: 'oui' }, status: 'terminee', completedAt: NOW, version: 1 });
		expect(status(progress, 'viol-alerte-sous-traitant').covered).toBe(false);
		expect(status(progress, 'viol-procedure').covered).toBe(true);
	});

	// Through computeProgress, which reads the records: a processor, a breach, an activity's grid.
	const stepRow = (key: string, answers: Answers = {}) => ({ key, answers, status: 'terminee' as const, completedAt: NOW, version: 1 });
	const fiche: ProgressRecord = { id: 'f1', kind: 'activity', data: { name: 'Cantine scolaire' }, parentId: null, proposal: null, confirmedAt: null };
	const processor = (data: Answers): ProgressRecord => ({
		id: 'p1',
		kind: 'processor',
		data: { name: 'Éditeur cantine', service: 'Logiciel hébergé', activities: ['f1'], transfers: 'non', endOfContract: 'suppression', clauses: PROCESSOR_CLAUSES.map((c) => c.value), ...data },
		parentId: null,
		proposal: null,
		confirmedAt: null
	});
	const procedure = { alertWho: 'Le DPD', firstSteps: 'Débrancher', decides: 'Le maire', processorsBound: 'oui' };
	const withRecords = (recs: ProgressRecord[]) => {
		const progress = computeProgress([stepRow('sous-traitants/liste', { none: 'oui' }), stepRow('violations/procedure', procedure), stepRow('violations/registre'), stepRow('conformite/grille')], [fiche, ...recs], []);
		// The records here carry only the answers under test: count them complete, so that the steps
		// are done and only the answers decide.
		for (const [key, info] of progress.collections) progress.collections.set(key, { ...info, incomplete: 0 });
		return obligationStatuses(OBLIGATIONS, RECIPES, progress);
	};
	const of = (statuses: ReturnType<typeof withRecords>, id: string) => statuses.find((s) => s.obligation.id === id)!;

	it('leaves the art. 28 obligations open while a processor’s contract lacks the clauses, or its end is « Rien n’est prévu »', () => {
		const good = withRecords([processor({})]);
		for (const id of ['st-contrat', 'st-sous-traitance-ulterieure', 'st-fin-contrat', 'st-audit']) expect(of(good, id).covered, id).toBe(true);
		const bad = withRecords([processor({ clauses: ['objet', 'confidentialite'], endOfContract: 'non_prevu' })]);
		for (const id of ['st-contrat', 'st-sous-traitance-ulterieure', 'st-fin-contrat', 'st-audit']) expect(of(bad, id).covered, id).toBe(false);
		expect(of(bad, 'st-fin-contrat').unmet).toEqual(['« Les données sont rendues à la commune » ou « Les données sont supprimées » à « À la fin du contrat » (à revoir : Éditeur cantine)']);
		expect(of(bad, 'st-audit').unmet[0]).toMatch(/^« Informations et audits permettant de vérifier le respect du contrat » coché à « Clauses présentes dans le contrat » \(à revoir : Éditeur cantine\)$/);
		// No processor at all (« aucun prestataire »): nothing to hold against the commune.
		expect(of(withRecords([]), 'st-contrat').covered).toBe(true);
	});

	it('leaves the CNIL notification open for a breach with a risk not notified, whatever the other breaches', () => {
		const breach = (id: string, data: Answers): ProgressRecord => ({ id, kind: 'breach', data: { title: id, ...data }, parentId: null, proposal: null, confirmedAt: null });
		const minor = breach('Clé USB retrouvée', { risk: 'aucun' });
		expect(of(withRecords([minor]), 'viol-notifier-72h').covered).toBe(true);
		const unnotified = withRecords([minor, breach('Ordinateur volé', { risk: 'risque', cnilNotified: 'non' })]);
		expect(of(unnotified, 'viol-notifier-72h')).toMatchObject({ covered: false });
		expect(of(unnotified, 'viol-notifier-72h').unmet[0]).toContain('« Oui » à « La CNIL a été notifiée »');
		expect(of(withRecords([breach('Ordinateur volé', { risk: 'risque', cnilNotified: 'oui' })]), 'viol-notifier-72h').covered).toBe(true);
	});

	it('leaves a principle open while an activity’s grid says « Non conforme », naming the activity', () => {
		const grid = (value: string): ProgressRecord => ({ id: 'g1', kind: 'conformity', data: { p_minimisation: value }, parentId: 'f1', proposal: null, confirmedAt: null });
		const s = of(withRecords([grid('non_conforme')]), 'prin-minimisation');
		expect(s.covered).toBe(false);
		expect(s.unmet).toEqual(['« Conforme » ou « Non applicable » à « Minimisation » (à revoir : Cantine scolaire)']);
		expect(of(withRecords([grid('conforme')]), 'prin-minimisation').covered).toBe(true);
	});
});
