// Follow-up questions (issue 15): every condition is data that names a real field and real options,
// reads in French next to its question, opens its questions live in the browser from the same
// declaration, and leaves the answers of a question it closes stored but not counted.
import { describe, expect, it } from 'vitest';
import { appliesIn, conditionFields, conditionMet, conditionText, type ConditionLookup } from '../../src/lib/recipes/conditions';
import { recordCompleteness, stepLookup, visibleFields } from '../../src/lib/recipes/engine';
import { RECIPES } from '../../src/lib/recipes';
import { kindFields, kindLookup, RECORD_KINDS } from '../../src/lib/recipes/records';
import type { Condition, FieldDef } from '../../src/lib/recipes/types';
import { describeFields } from '../../src/lib/recipes/view';
import { shownFields } from '../../src/lib/follow-ups';

/** Every form of the app: each record kind, each form step, with where its conditions look. */
const FORMS: { name: string; fields: FieldDef[]; lookup: ConditionLookup }[] = [
	...Object.values(RECORD_KINDS).map((k) => ({ name: `fiche ${k.id}`, fields: kindFields(k), lookup: kindLookup(k) })),
	...RECIPES.flatMap((r) => r.steps.flatMap((s) => (s.kind === 'form' ? [{ name: `étape ${r.id}/${s.id}`, fields: s.fields, lookup: stepLookup(r, s) }] : [])))
];

type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] }>;

/** The leaves of a condition. */
function leaves(c: Condition): Leaf[] {
	if ('all' in c) return c.all.flatMap(leaves);
	if ('any' in c) return c.any.flatMap(leaves);
	return [c];
}

const byKind = (kind: string, name: string) => kindFields(RECORD_KINDS[kind]!).find((f) => f.name === name)!;
const text = (kind: string, name: string) => conditionText(byKind(kind, name).showIf!, kindLookup(RECORD_KINDS[kind]!));

describe('the declared conditions', () => {
	it('are there: the breach, the conformity grid and the DPIA screening ask their follow-ups by condition', () => {
		const conditional = (kind: string) => kindFields(RECORD_KINDS[kind]!).filter((f) => f.showIf).map((f) => f.name);
		expect(conditional('breach')).toEqual(['notNotifiedReason', 'cnilNotified', 'cnilNotifiedAt', 'cnilReference', 'lateReason', 'peopleInformed', 'peopleInformedOn', 'peopleInformedHow', 'notInformedReason']);
		// Eleven justifications, and the security measures missing (after « Non conforme » to « Sécurité »).
		expect(conditional('conformity')).toHaveLength(12);
		expect(conditional('conformity')).toContain('p_securite_mesures');
		expect(conditional('dpia')).toEqual(['onRequiredList', 'onNotRequiredList', 'criteria', 'criteriaReviewed', 'oneCriterionDecision', 'oneCriterionWhy']);
	});

	for (const form of FORMS) {
		it(`name existing fields and options, earlier in the form when in it (${form.name})`, () => {
			const order = form.fields.map((f) => f.name);
			for (const f of form.fields) {
				if (!f.showIf) continue;
				for (const leaf of leaves(f.showIf)) {
					if ('test' in leaf) {
						// A function is allowed only with its French wording.
						expect(leaf.text.trim(), f.name).not.toBe('');
						continue;
					}
					const found = form.lookup(leaf.field);
					expect(found, `${f.name} reads « ${leaf.field} »`).toBeDefined();
					const target = found!.field;
					if (order.includes(leaf.field)) expect(order.indexOf(leaf.field), `${f.name} comes after ${leaf.field}`).toBeLessThan(order.indexOf(f.name));
					const values = target.type === 'boolean' ? ['oui', 'non'] : (target.options ?? []).map((o) => o.value);
					if ('equals' in leaf) expect(values, `${f.name}: « ${leaf.equals} » is an answer of ${leaf.field}`).toContain(leaf.equals);
					if ('oneOf' in leaf) for (const v of leaf.oneOf) expect(values, `${f.name}: « ${v} » is an answer of ${leaf.field}`).toContain(v);
					if ('count' in leaf) expect(target.type, `${f.name} counts the boxes of ${leaf.field}`).toBe('checkboxes');
				}
				const sentence = conditionText(f.showIf, form.lookup);
				expect(sentence, f.name).toMatch(/^Si /);
				// The sentence names fields by their labels, never by their code.
				for (const name of conditionFields(f.showIf)) expect(sentence, f.name).not.toContain(`« ${name} »`);
			}
		});
	}
});

describe('the condition in French', () => {
	it('names the answer and the question', () => {
		expect(text('breach', 'cnilNotifiedAt')).toBe('Si vous avez répondu « Oui » à « La CNIL a été notifiée »');
		expect(text('breach', 'cnilNotified')).toBe(
			'Si vous avez répondu « Un risque pour les personnes » ou « Un risque élevé pour les personnes » à « Risque pour les personnes »'
		);
		expect(text('conformity', 'p_finalite_why')).toBe('Si vous avez répondu à « Finalité »');
		expect(text('request', 'answerSummary')).toBe('Si vous avez rempli « Date de la réponse »');
		expect(text('dpia', 'oneCriterionWhy')).toBe('Si vous avez coché un seul choix à « Critères réunis »');
		expect(text('support', 'vendor')).toMatch(/^Si vous avez répondu « [^»]+ » ou « [^»]+ » à « Type de support »$/);
		// A condition on the parent record, and on another step, says where it was answered.
		expect(text('notice', 'consentHow')).toBe('Si vous avez répondu « Consentement (art. 6.1.a) » à « Base légale » (fiche du registre)');
		const dpd = RECIPES.find((r) => r.id === 'dpd')!;
		const identite = dpd.steps.find((s) => s.id === 'identite')!;
		if (identite.kind !== 'form') throw new Error('form step');
		expect(conditionText(identite.fields.find((f) => f.name === 'organisation')!.showIf!, stepLookup(dpd, identite))).toBe(
			'Si vous avez répondu « Un DPD partagé avec d’autres organismes (DPD mutualisé) » ou « Un prestataire extérieur (DPD externe) » à « Forme de la désignation » (étape « Qui sera le délégué ? »)'
		);
		// The one function keeps its wording.
		expect(text('risk', 'cnilConsulted')).toBe('Si un risque reste élevé après le plan d’action (gravité et vraisemblance « Importante » ou « Maximale »)');
	});

	it('joins several parts with « et » and « ou »', () => {
		const lookup = kindLookup(RECORD_KINDS.breach!);
		const both: Condition = { all: [{ field: 'risk', equals: 'eleve' }, { field: 'peopleInformed', equals: 'non' }, { field: 'cnilNotified', equals: 'oui' }] };
		expect(conditionText(both, lookup)).toBe(
			'Si vous avez répondu « Un risque élevé pour les personnes » à « Risque pour les personnes », vous avez répondu « Non » à « Les personnes concernées ont été informées » et vous avez répondu « Oui » à « La CNIL a été notifiée »'
		);
		expect(conditionText({ any: [{ field: 'risk', equals: 'aucun' }, { field: 'title', answered: true }] }, lookup)).toBe(
			'Si vous avez répondu « Pas de risque pour les personnes » à « Risque pour les personnes » ou vous avez rempli « En quelques mots »'
		);
	});
});

describe('what applies', () => {
	const breach = kindFields(RECORD_KINDS.breach!);
	const names = (a: Record<string, unknown>) => visibleFields(breach, a).filter((f) => f.showIf).map((f) => f.name);

	it('opens the follow-ups of the answer chosen, and those of a follow-up only while it is asked', () => {
		expect(names({})).toEqual([]);
		expect(names({ risk: 'aucun' })).toEqual(['notNotifiedReason']);
		expect(names({ risk: 'risque' })).toEqual(['cnilNotified']);
		expect(names({ risk: 'risque', cnilNotified: 'oui' })).toEqual(['cnilNotified', 'cnilNotifiedAt', 'cnilReference', 'lateReason']);
		expect(names({ risk: 'eleve', peopleInformed: 'non' })).toEqual(['cnilNotified', 'peopleInformed', 'notInformedReason']);
		// The risk lowered afterwards: the answers about informing people stay stored, and open nothing.
		expect(names({ risk: 'risque', peopleInformed: 'oui', peopleInformedOn: '2026-12-01' })).toEqual(['cnilNotified']);
		expect(names({ risk: 'aucun', cnilNotified: 'oui' })).toEqual(['notNotifiedReason']);
	});

	it('counts a follow-up once opened, and not the answers of a closed one (kept, not counted)', () => {
		const kind = RECORD_KINDS.breach!;
		const base = { risk: 'risque', cnilNotified: 'oui' };
		expect(recordCompleteness(kind, base).missing.map((f) => f.name)).toContain('cnilNotifiedAt');
		const lowered = { risk: 'aucun', cnilNotified: 'oui', notNotifiedReason: 'Données chiffrées' };
		const c = recordCompleteness(kind, lowered);
		expect(c.missing.map((f) => f.name)).not.toContain('cnilNotifiedAt');
		expect(c.missing.map((f) => f.name)).not.toContain('cnilNotified');
		// The conformity grid: a justification is asked for each principle answered.
		const grid = RECORD_KINDS.conformity!;
		expect(recordCompleteness(grid, { p_finalite: 'conforme' }).missing.map((f) => f.name)).toContain('p_finalite_why');
		expect(recordCompleteness(grid, {}).missing.map((f) => f.name)).not.toContain('p_finalite_why');
	});

	it('sends the browser the same condition, answers given elsewhere already decided', () => {
		const notice = RECORD_KINDS.notice!;
		const views = describeFields(kindFields(notice), { __parent: { legalBasis: 'e' } }, {}, { lookup: kindLookup(notice) });
		const consent = views.find((v) => v.name === 'consentHow')!;
		// The parent's answer is known: not a live follow-up, hidden (even without JavaScript), its condition in words.
		expect(consent.live).toBeUndefined();
		expect(consent.visible).toBe(false);
		expect(consent.conditionText).toMatch(/^Si vous avez répondu « Consentement/);
		const details = views.find((v) => v.name === 'sourceDetails')!;
		expect(details.live).toEqual({ field: 'source', equals: 'autre' });
		expect(details.visible).toBe(false);
		// In the browser: the form's answers as they stand open it, and the parent's stays decided.
		expect(shownFields(views, {}).has('sourceDetails')).toBe(false);
		expect(shownFields(views, { source: 'autre' }).has('sourceDetails')).toBe(true);
		expect(shownFields(views, { source: 'autre' }).has('consentHow')).toBe(false);
		const consentViews = describeFields(kindFields(notice), { __parent: { legalBasis: 'a' } }, {}, { lookup: kindLookup(notice) });
		expect(shownFields(consentViews, {}).has('consentHow')).toBe(true);
		// The breach in the browser follows the server, follow-up of a follow-up included.
		const breachViews = describeFields(breach, {});
		for (const a of [{}, { risk: 'risque', cnilNotified: 'oui' }, { risk: 'aucun', cnilNotified: 'oui' }, { risk: 'eleve', peopleInformed: 'non' }]) {
			expect([...shownFields(breachViews, a)], JSON.stringify(a)).toEqual([...appliesIn(breach, a)]);
		}
		// The one function: always shown, its follow-up live.
		const risk = describeFields(kindFields(RECORD_KINDS.risk!), {});
		expect(risk.find((v) => v.name === 'cnilConsulted')!.visible).toBe(true);
		expect(risk.find((v) => v.name === 'cnilConsultedDate')!.live).toEqual({ field: 'cnilConsulted', equals: 'oui' });
	});

	it('reads a count of boxes and an answer of any kind', () => {
		expect(conditionMet({ field: 'criteria', count: 1 }, { criteria: ['a'] })).toBe(true);
		expect(conditionMet({ field: 'criteria', count: 1 }, { criteria: ['a', 'b'] })).toBe(false);
		expect(conditionMet({ field: 'criteria', count: 1 }, { criteria: 'a' })).toBe(false);
		expect(conditionMet({ field: 'x', answered: true }, { x: '  ' })).toBe(false);
		expect(conditionMet({ field: 'x', answered: true }, { x: ['a'] })).toBe(true);
		expect(conditionMet({ field: '__parent.legalBasis', equals: 'a' }, { __parent: { legalBasis: 'a' } })).toBe(true);
	});
});
