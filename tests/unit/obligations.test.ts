import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes/index';
import { ADVISORY_ANSWERS, OBLIGATION_GROUPS, OBLIGATIONS } from '../../src/lib/recipes/obligations';
import { obligationStatuses, type CommuneProgress, type StepRecord } from '../../src/lib/recipes/engine';
import { MEASURES, THEMES } from '../../src/lib/recipes/securite';
import type { Answers, FieldDef, FormStep } from '../../src/lib/recipes/types';
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
	it('names, in each condition, a form step of satisfiedBy, one of its fields and values it can take', () => {
		for (const o of OBLIGATIONS) {
			for (const c of o.coveredWhen ?? []) {
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
		const used = new Set(OBLIGATIONS.flatMap((o) => (o.coveredWhen ?? []).flatMap((c) => c.anyOf.map((a) => `${c.step}#${a.field}`))));
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
});
