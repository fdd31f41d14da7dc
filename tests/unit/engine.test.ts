import { describe, expect, it } from 'vitest';
import { dpdRecipe } from '../../src/lib/recipes/dpd';
import { cartographieRecipe } from '../../src/lib/recipes/cartographie';
import { registreRecipe } from '../../src/lib/recipes/registre';
import { securiteRecipe, THEMES } from '../../src/lib/recipes/securite';
import { RECIPES, findStep } from '../../src/lib/recipes';
import {
	addDays,
	blockers,
	collectionBlockers,
	completeness,
	coverage,
	missingFields,
	nextStep,
	obligationStatuses,
	parseFields,
	recipeErrors,
	recipeProgress,
	recordCompleteness,
	REVIEW_AFTER_DAYS,
	stepStatus,
	type CollectionInfo,
	type CommuneProgress,
	type StepRecord
} from '../../src/lib/recipes/engine';
import { textField } from '../../src/lib/recipes/fields';
import { OBLIGATIONS } from '../../src/lib/recipes/obligations';
import { activityKind, kindFields, SECURITY_FIELD_NAMES, supportKind } from '../../src/lib/recipes/records';
import type { Answers, CollectionStep, FormStep, Obligation, Recipe, Step } from '../../src/lib/recipes/types';
import { DPD_ANSWERS, DPD_STEP_IDS, PROFILE_ANSWERS } from '../helpers/answers';
import { addDays as addIsoDays, parisDate } from '../../src/lib/deadlines';

// ---- hand-built progress --------------------------------------------------------------------

type StepInit = Partial<StepRecord>;

function progressOf(
	init: { steps?: Record<string, StepInit>; collections?: Record<string, CollectionInfo>; confirmed?: string[] } = {}
): CommuneProgress {
	const steps = new Map<string, StepRecord>();
	for (const [key, s] of Object.entries(init.steps ?? {})) {
		steps.set(key, { answers: s.answers ?? {}, status: s.status ?? 'en_cours', completedAt: s.completedAt ?? null, version: s.version ?? 1 });
	}
	return { steps, collections: new Map(Object.entries(init.collections ?? {})), confirmed: new Set(init.confirmed ?? []) };
}

/** Every DPD step completed at `at`, with the shared valid answers (some overridden). */
function dpdCompleted(at: Date, overrides: Record<string, Answers> = {}): Record<string, StepInit> {
	const out: Record<string, StepInit> = {};
	for (const id of DPD_STEP_IDS) {
		out[`dpd/${id}`] = { answers: { ...DPD_ANSWERS[id], ...overrides[id] }, status: 'terminee', completedAt: at };
	}
	return out;
}

function step(recipe: Recipe, id: string): Step {
	const s = findStep(recipe, id);
	if (!s) throw new Error(`no step ${recipe.id}/${id}`);
	return s;
}

const form = (recipe: Recipe, id: string) => step(recipe, id) as FormStep;
const fieldsOf = (recipe: Recipe, id: string) => form(recipe, id).fields;

// Small recipes for the ordering rules: each step has its own required field.
function testRecipe(id: string, priority: 1 | 2 | 3, stepIds: string[]): Recipe {
	return {
		id,
		title: `Recette ${id}`,
		why: 'Pour les tests.',
		priority,
		steps: stepIds.map(
			(s): FormStep => ({
				kind: 'form',
				id: s,
				title: `Étape ${s}`,
				intro: 'Pour les tests.',
				minutes: 5,
				fields: [textField(`answer_${s}`, `Réponse ${s}`, { required: true })]
			})
		)
	};
}

const answered = (stepId: string): Answers => ({ [`answer_${stepId}`]: 'fait' });
const doneStep = (stepId: string, at: Date): StepInit => ({ answers: answered(stepId), status: 'terminee', completedAt: at });

const NOW = new Date('2027-06-15T10:00:00Z');

// ---- parseFields ----------------------------------------------------------------------------

describe('parseFields', () => {
	const identite = fieldsOf(dpdRecipe, 'identite');
	const lettre = fieldsOf(dpdRecipe, 'lettre');
	const activityFields = kindFields(activityKind);

	it('accepts empty answers, saved as empty, and reads only the named fields', () => {
		const { values, errors } = parseFields(
			[...identite, ...activityFields],
			{ lastName: '', firstName: '   ', email: undefined, hoursPerWeek: null, phone: 'pas lu', dataSubjects: '' },
			['lastName', 'firstName', 'email', 'hoursPerWeek', 'dataSubjects', 'dataCategories']
		);
		expect(errors).toEqual({});
		expect(values).toEqual({ lastName: '', firstName: '', email: '', hoursPerWeek: '', dataSubjects: [], dataCategories: [] });
	});

	it('trims text and keeps line breaks as \\n', () => {
		const { values, errors } = parseFields(identite, { lastName: '  Martin ', postalAddress: 'Mairie\r\n21250 Glanon\r\n' }, ['lastName', 'postalAddress']);
		expect(errors).toEqual({});
		expect(values).toEqual({ lastName: 'Martin', postalAddress: 'Mairie\n21250 Glanon' });
	});

	it('refuses invalid values with French messages keyed by field, and keeps the valid ones', () => {
		const { values, errors } = parseFields(
			[...fieldsOf(dpdRecipe, 'type'), ...identite],
			{ dpdKind: 'sous-traitant', lastName: 'Martin', email: 'pas-une-adresse', phone: 'abc', firstName: 'Sophie\u0007' },
			['dpdKind', 'lastName', 'email', 'phone', 'firstName']
		);
		expect(values).toEqual({ lastName: 'Martin' });
		expect(errors).toEqual({
			dpdKind: 'Forme de la désignation : choisissez une des propositions.',
			email: 'E-mail du délégué : l’adresse n’a pas la forme nom@domaine.fr.',
			phone: 'Téléphone : un numéro comme 03 80 12 34 56 ou +33 3 80 12 34 56.',
			firstName: 'Prénom : le texte contient des caractères invisibles ou illisibles ; retapez-le.'
		});
	});

	it('refuses a text longer than its maximum, and a value that is not text', () => {
		const { errors } = parseFields(identite, { lastName: 'x'.repeat(101), firstName: 42 }, ['lastName', 'firstName']);
		expect(errors).toEqual({
			lastName: 'Nom : 100 caractères au plus.',
			firstName: 'Prénom : la valeur envoyée n’est pas du texte.'
		});
	});

	it('reads checkboxes as arrays, drops empty entries, and refuses unknown choices', () => {
		const ok = parseFields(activityFields, { dataSubjects: ['habitants', '', 'agents'], dataCategories: ['identite'] }, ['dataSubjects', 'dataCategories']);
		expect(ok).toEqual({ values: { dataSubjects: ['habitants', 'agents'], dataCategories: ['identite'] }, errors: {} });

		const bad = parseFields(activityFields, { dataSubjects: ['habitants', 'martiens'], dataCategories: [3] }, ['dataSubjects', 'dataCategories']);
		expect(bad.values).toEqual({});
		expect(bad.errors).toEqual({
			dataSubjects: 'Personnes concernées : choisissez parmi les propositions.',
			dataCategories: 'Catégories de données : choix invalide.'
		});
	});

	it('takes a single string where an array is expected as a list of one', () => {
		const { values, errors } = parseFields(activityFields, { dataSubjects: 'habitants', sensitive: 'martiens' }, ['dataSubjects', 'sensitive']);
		expect(values).toEqual({ dataSubjects: ['habitants'] });
		expect(errors).toEqual({ sensitive: 'Lesquelles ? : choisissez parmi les propositions.' });
	});

	it('refuses a list where one value is expected', () => {
		const { values, errors } = parseFields(activityFields, { name: ['Cantine', 'École'], legalBasis: ['c', 'e'] }, ['name', 'legalBasis']);
		expect(values).toEqual({});
		expect(errors).toEqual({
			name: 'Nom de l’activité : une seule valeur est attendue.',
			legalBasis: 'Base légale : une seule valeur est attendue.'
		});
	});

	it('refuses references that are not record ids', () => {
		const id = '0b7c9a3e-4a51-4c1e-9a43-2a8f0d9e6b11';
		expect(parseFields(activityFields, { supports: [id] }, ['supports'])).toEqual({ values: { supports: [id] }, errors: {} });
		expect(parseFields(activityFields, { supports: ['pas-un-id'] }, ['supports']).errors).toEqual({ supports: 'Supports utilisés : élément inconnu.' });
	});

	it('accepts calendar dates that exist, and refuses the others', () => {
		const date = (v: string) => parseFields(lettre, { designationDate: v }, ['designationDate']);
		expect(date('2026-10-15')).toEqual({ values: { designationDate: '2026-10-15' }, errors: {} });
		expect(date('2028-02-29').errors).toEqual({});
		expect(date('2026-02-30').errors).toEqual({ designationDate: 'Date de prise d’effet : cette date n’existe pas.' });
		expect(date('2026-02-29').errors).toEqual({ designationDate: 'Date de prise d’effet : cette date n’existe pas.' });
		expect(date('2026-13-01').errors).toEqual({ designationDate: 'Date de prise d’effet : cette date n’existe pas.' });
		expect(date('1899-12-31').errors).toEqual({ designationDate: 'Date de prise d’effet : une date entre 1900 et 2100.' });
		expect(date('2101-01-01').errors).toEqual({ designationDate: 'Date de prise d’effet : une date entre 1900 et 2100.' });
		expect(date('15/10/2026').errors).toEqual({ designationDate: 'Date de prise d’effet : une date au format jj/mm/aaaa.' });
	});

	it('reads numbers with a decimal comma and refuses those out of range', () => {
		const hours = (v: unknown) => parseFields(identite, { hoursPerWeek: v }, ['hoursPerWeek']);
		const label = 'Temps consacré à la mission (heures par semaine)';
		expect(hours('1,5')).toEqual({ values: { hoursPerWeek: '1.5' }, errors: {} });
		expect(hours('40')).toEqual({ values: { hoursPerWeek: '40' }, errors: {} });
		expect(hours('0.5').errors).toEqual({});
		expect(hours('0,2').errors).toEqual({ hoursPerWeek: `${label} : un nombre entre 0,5 et 40.` });
		expect(hours('41').errors).toEqual({ hoursPerWeek: `${label} : un nombre entre 0,5 et 40.` });
		expect(hours('-3').errors).toEqual({ hoursPerWeek: `${label} : un nombre entre 0,5 et 40.` });
		expect(hours('deux').errors).toEqual({ hoursPerWeek: `${label} : un nombre, par exemple 6 ou 1,5.` });
		expect(hours(2).errors).toEqual({ hoursPerWeek: `${label} : la valeur envoyée n’est pas un nombre.` });
	});

	it('refuses a CNIL declaration dated after today (in Paris), with the reason', () => {
		const fields = fieldsOf(dpdRecipe, 'cnil');
		const today = parisDate(new Date());
		const parse = (declarationDate: string) => parseFields(fields, { declared: 'oui', declarationDate }, ['declared', 'declarationDate']);
		expect(parse(today).errors).toEqual({});
		expect(parse(addIsoDays(today, -400)).errors).toEqual({});
		const refused = parse(addIsoDays(today, 1)).errors.declarationDate;
		expect(refused).toMatch(/^Date de la déclaration : elle est après aujourd’hui\./);
		expect(refused).toContain('répondez « Non »');
		expect(parse(addIsoDays(today, 365)).errors.declarationDate).toBe(refused);
	});

	it('accepts only oui or non for a yes/no box', () => {
		const fields = fieldsOf(dpdRecipe, 'cnil');
		expect(parseFields(fields, { declared: 'oui' }, ['declared'])).toEqual({ values: { declared: 'oui' }, errors: {} });
		expect(parseFields(fields, { declared: 'peut-être' }, ['declared']).errors).toEqual({
			declared: 'La déclaration a été faite sur le site de la CNIL : répondez oui ou non.'
		});
	});
});

// ---- completeness -------------------------------------------------------------------------------

describe('completeness and missing answers', () => {
	const identite = fieldsOf(dpdRecipe, 'identite');
	const names = (fields: { name: string }[]) => fields.map((f) => f.name);

	it('requires the DPD’s organisation only for a shared or external DPD', () => {
		const partial = { lastName: 'Martin', firstName: 'Sophie', email: 'rgpd@mairie-glanon.fr' };
		expect(names(missingFields(identite, { ...partial, dpdKind: 'interne' }))).toEqual(['phone', 'postalAddress', 'hoursPerWeek']);
		for (const dpdKind of ['mutualise', 'externe']) {
			expect(names(missingFields(identite, { ...partial, dpdKind }))).toEqual(['organisation', 'phone', 'postalAddress', 'hoursPerWeek']);
		}

		const internal = completeness(identite, { ...partial, dpdKind: 'interne' });
		expect(internal).toMatchObject({ filled: 3, total: 6, percent: 50 });
		const shared = completeness(identite, { ...partial, dpdKind: 'mutualise', organisation: 'Centre de gestion 21' });
		expect(shared).toMatchObject({ filled: 4, total: 7, percent: 57 });
	});

	it('counts an empty list or blank text as missing, and a step with nothing required as complete', () => {
		const activity = kindFields(activityKind);
		expect(names(missingFields(activity, { dataSubjects: [], name: '  ' }))).toContain('dataSubjects');
		expect(names(missingFields(activity, { dataSubjects: [], name: '  ' }))).toContain('name');
		expect(completeness([textField('notes', 'Remarques')], {})).toEqual({ filled: 0, total: 0, percent: 100, missing: [] });
	});

	it('counts the security of a fiche as one item, filled by any heading', () => {
		const data = { name: 'Cantine', hasSensitive: 'non', transfers: 'non' };
		const without = recordCompleteness(activityKind, data, [SECURITY_FIELD_NAMES]);
		const withOne = recordCompleteness(activityKind, { ...data, securityBackup: 'Sauvegarde hebdomadaire' }, [SECURITY_FIELD_NAMES]);
		expect(withOne.total).toBe(without.total);
		expect(withOne.filled).toBe(without.filled + 1);
		expect(without.missing.map((f) => f.label)).toContain('Au moins une mesure de sécurité');
		expect(withOne.missing.map((f) => f.label)).not.toContain('Au moins une mesure de sécurité');
	});

	it('asks a support’s vendor nothing, but requires its name, place and users', () => {
		const c = recordCompleteness(supportKind, { category: 'papier', name: 'Registre de l’urbanisme' });
		expect(names(c.missing)).toEqual(['location', 'users']);
		expect(c).toMatchObject({ filled: 2, total: 4, percent: 50 });
	});
});

// ---- blockers and step status ---------------------------------------------------------------

describe('blockers and step status', () => {
	const type = step(dpdRecipe, 'type');
	const maireMessage = /Le maire ne peut pas être DPD/;

	it('blocks the DPD’s type step when the mayor is chosen (an error check)', () => {
		const p = progressOf({ steps: { 'dpd/type': { answers: { dpdKind: 'interne', position: 'maire' } } } });
		const out = blockers(dpdRecipe, type, p);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatch(maireMessage);
	});

	it('lets an elected deputy through: the warning explains, it does not block', () => {
		const p = progressOf({ steps: { 'dpd/type': { answers: { dpdKind: 'interne', position: 'adjoint' } } } });
		expect(blockers(dpdRecipe, type, p)).toEqual([]);
		expect(form(dpdRecipe, 'type').checks!({ position: 'adjoint' })).toEqual([expect.objectContaining({ severity: 'warning', field: 'position' })]);
	});

	it('warns, with the reason, when a shared or external DPD has no contact person at the mairie', () => {
		const checks = form(dpdRecipe, 'type').checks!;
		for (const dpdKind of ['mutualise', 'externe']) {
			const warned = checks({ dpdKind, position: 'exterieur' });
			expect(warned, dpdKind).toEqual([expect.objectContaining({ severity: 'warning', field: 'correspondent', message: expect.stringContaining('nommez un correspondant à la mairie') })]);
			expect(checks({ dpdKind, position: 'exterieur', correspondent: 'Sophie Martin, secrétaire' }), dpdKind).toEqual([]);
			expect(checks({ dpdKind, position: 'exterieur', correspondent: '   ' }), dpdKind).toHaveLength(1);
		}
		expect(checks({ dpdKind: 'interne', position: 'agent' })).toEqual([]);
		// A warning explains; it does not block the step.
		const p = progressOf({ steps: { 'dpd/type': { answers: { dpdKind: 'externe', position: 'exterieur' } } } });
		expect(blockers(dpdRecipe, type, p)).toEqual([]);
	});

	it('gives the recipe’s refusals once each, for its documents', () => {
		expect(recipeErrors(dpdRecipe, { dpdKind: 'interne', position: 'maire' })).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(maireMessage) })]);
		expect(recipeErrors(dpdRecipe, { dpdKind: 'interne', position: 'adjoint' })).toEqual([]);
	});

	it('lists missing answers, including those required by an earlier step’s answer', () => {
		expect(blockers(dpdRecipe, type, progressOf())).toEqual(['Réponse manquante : Forme de la désignation', 'Réponse manquante : Qui est-ce ?']);
		const shared = progressOf({ steps: { 'dpd/type': { answers: { dpdKind: 'mutualise', position: 'exterieur' } } } });
		expect(blockers(dpdRecipe, type, shared)).toEqual([
			'Réponse manquante : Avec quels organismes est-il partagé ?',
			'Réponse manquante : Date de la convention de mutualisation',
			'Réponse manquante : Parties à la convention'
		]);
		// The organisation of the identity step is required because of the type step's answer.
		const identite = progressOf({
			steps: {
				'dpd/type': { answers: { dpdKind: 'mutualise', position: 'exterieur', sharedWith: 'Centre de gestion 21' } },
				'dpd/identite': { answers: DPD_ANSWERS.identite }
			}
		});
		expect(blockers(dpdRecipe, step(dpdRecipe, 'identite'), identite)).toEqual(['Réponse manquante : Organisme du délégué']);
	});

	it('blocks the independence step too when the mayor was chosen earlier', () => {
		const p = progressOf({
			steps: { 'dpd/type': { answers: { dpdKind: 'interne', position: 'maire' } }, 'dpd/independance': { answers: DPD_ANSWERS.independance } }
		});
		const out = blockers(dpdRecipe, step(dpdRecipe, 'independance'), p);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatch(maireMessage);
	});

	it('gives a step its status from its row and its answers', () => {
		const key = 'dpd/type';
		expect(stepStatus(dpdRecipe, type, progressOf())).toBe('a_faire');
		expect(stepStatus(dpdRecipe, type, progressOf({ steps: { [key]: { answers: { dpdKind: '' } } } }))).toBe('a_faire');
		expect(stepStatus(dpdRecipe, type, progressOf({ steps: { [key]: { answers: { dpdKind: 'interne' } } } }))).toBe('en_cours');
		expect(stepStatus(dpdRecipe, type, progressOf({ steps: { [key]: { status: 'plus_tard' } } }))).toBe('plus_tard');
		expect(
			stepStatus(dpdRecipe, type, progressOf({ steps: { [key]: { answers: DPD_ANSWERS.type, status: 'terminee', completedAt: NOW } } }))
		).toBe('terminee');
	});

	it('puts a completed step back in progress when its answers become incomplete or blocked', () => {
		const key = 'dpd/type';
		const incomplete = progressOf({ steps: { [key]: { answers: { dpdKind: 'interne', position: '' }, status: 'terminee', completedAt: NOW } } });
		expect(stepStatus(dpdRecipe, type, incomplete)).toBe('en_cours');
		const blocked = progressOf({ steps: { [key]: { answers: { dpdKind: 'interne', position: 'maire' }, status: 'terminee', completedAt: NOW } } });
		expect(stepStatus(dpdRecipe, type, blocked)).toBe('en_cours');
		// An earlier step's answer can do it too: a shared DPD now needs an organisation.
		const identite = progressOf({
			steps: {
				'dpd/type': { answers: { dpdKind: 'externe', position: 'exterieur' }, status: 'terminee', completedAt: NOW },
				'dpd/identite': { answers: DPD_ANSWERS.identite, status: 'terminee', completedAt: NOW }
			}
		});
		expect(stepStatus(dpdRecipe, step(dpdRecipe, 'identite'), identite)).toBe('en_cours');
	});

	it('counts a collection step as started once it has a record', () => {
		const bureautique = step(cartographieRecipe, 'bureautique');
		const key = 'cartographie/bureautique';
		expect(stepStatus(cartographieRecipe, bureautique, progressOf({ collections: { [key]: { count: 0, incomplete: 0 } } }))).toBe('a_faire');
		expect(stepStatus(cartographieRecipe, bureautique, progressOf({ collections: { [key]: { count: 1, incomplete: 1 } } }))).toBe('en_cours');
	});
});

describe('collection blockers', () => {
	const bureautique = step(cartographieRecipe, 'bureautique') as CollectionStep;
	const catalogue = step(registreRecipe, 'catalogue') as CollectionStep;
	const fiches = step(registreRecipe, 'fiches') as CollectionStep;

	it('asks for a record, or for the "none" box where the step allows it', () => {
		expect(collectionBlockers(bureautique, undefined, {})).toEqual([
			'Ajoutez au moins un élément, ou cochez « Aucun fichier bureautique ne contient de données personnelles ».'
		]);
		expect(collectionBlockers(bureautique, { count: 0, incomplete: 0 }, { none: 'oui' })).toEqual([]);
		expect(collectionBlockers(bureautique, { count: 2, incomplete: 2 }, {})).toEqual([]);
	});

	it('ignores the "none" box where the step does not allow it', () => {
		expect(catalogue.allowNone).toBeUndefined();
		expect(collectionBlockers(catalogue, { count: 0, incomplete: 0 }, { none: 'oui' })).toEqual(['Ajoutez au moins un élément.']);
		expect(collectionBlockers(catalogue, { count: 3, incomplete: 3 }, {})).toEqual([]);
	});

	it('requires every record to be complete where the step says so', () => {
		expect(collectionBlockers(fiches, { count: 3, incomplete: 2 }, {})).toEqual(['2 éléments sont incomplets.']);
		expect(collectionBlockers(fiches, { count: 3, incomplete: 1 }, {})).toEqual(['1 élément est incomplet.']);
		expect(collectionBlockers(fiches, { count: 3, incomplete: 0 }, {})).toEqual([]);
		expect(collectionBlockers(fiches, { count: 0, incomplete: 0 }, {})).toEqual(['Ajoutez au moins un élément.']);
	});

	it('are what blockers() and stepStatus() use for collection steps', () => {
		const p = progressOf({
			steps: { 'registre/fiches': { status: 'terminee', completedAt: NOW }, 'cartographie/bureautique': { answers: { none: 'oui' }, status: 'terminee', completedAt: NOW } },
			collections: { 'registre/fiches': { count: 2, incomplete: 1 }, 'cartographie/bureautique': { count: 0, incomplete: 0 } }
		});
		expect(blockers(registreRecipe, fiches, p)).toEqual(['1 élément est incomplet.']);
		expect(stepStatus(registreRecipe, fiches, p)).toBe('en_cours');
		expect(blockers(cartographieRecipe, bureautique, p)).toEqual([]);
		expect(stepStatus(cartographieRecipe, bureautique, p)).toBe('terminee');
	});
});

// ---- recipe progress --------------------------------------------------------------------------

describe('recipe progress', () => {
	it('is "à faire" before anything, "en cours" once a step is started or put off', () => {
		const none = recipeProgress(dpdRecipe, progressOf(), NOW);
		expect(none).toMatchObject({ state: 'a_faire', done: 0, total: 6, completedAt: null, reviewDue: null });
		expect(none.minutesLeft).toBe(60);
		expect(recipeProgress(dpdRecipe, progressOf({ steps: { 'dpd/identite': { answers: { lastName: 'Martin' } } } }), NOW).state).toBe('en_cours');
		expect(recipeProgress(dpdRecipe, progressOf({ steps: { 'dpd/cnil': { status: 'plus_tard' } } }), NOW).state).toBe('en_cours');
	});

	it('counts the completed steps and the minutes left', () => {
		const steps = dpdCompleted(NOW);
		delete steps['dpd/cnil'];
		delete steps['dpd/publication'];
		const p = recipeProgress(dpdRecipe, progressOf({ steps }), NOW);
		expect(p).toMatchObject({ state: 'en_cours', done: 4, total: 6, minutesLeft: 25, completedAt: null });
		expect(p.steps.map((s) => s.status)).toEqual(['terminee', 'terminee', 'terminee', 'terminee', 'a_faire', 'a_faire']);
	});

	it('is "terminée" when every step is, dated by the last completion, and due for review a year after the oldest', () => {
		const first = new Date('2026-10-01T09:00:00Z');
		const last = new Date('2026-10-20T16:30:00Z');
		const steps = dpdCompleted(first);
		steps['dpd/publication']!.completedAt = last;
		const p = recipeProgress(dpdRecipe, progressOf({ steps }), NOW);
		expect(p).toMatchObject({ state: 'terminee', done: 6, total: 6, minutesLeft: 0, completedAt: last });
		// Due a year after the step confirmed longest ago: a review re-confirms every step.
		expect(p.reviewDue).toEqual(addDays(first, REVIEW_AFTER_DAYS));
		expect(REVIEW_AFTER_DAYS).toBe(365);
	});

	it('is "en cours", not "terminée", while a measure is only « prévu »', () => {
		const at = addDays(NOW, -10);
		const all = (value: (id: string) => string) => {
			const steps: Record<string, StepInit> = {};
			for (const t of THEMES) steps[`securite/${t.id}`] = { answers: Object.fromEntries(t.measures.map((m) => [`m_${m.id}`, value(m.id)])), status: 'terminee', completedAt: at };
			return progressOf({ steps });
		};
		expect(recipeProgress(securiteRecipe, all(() => 'fait'), NOW)).toMatchObject({ state: 'terminee', planned: 0, completedAt: at });
		expect(recipeProgress(securiteRecipe, all(() => 'na'), NOW).state).toBe('terminee');
		const first = THEMES[0]!.measures[0]!.id;
		const planned = recipeProgress(securiteRecipe, all((id) => (id === first ? 'prevu' : 'fait')), NOW);
		// Every step is confirmed, but one measure is only planned: the recipe is not done.
		expect(planned).toMatchObject({ state: 'en_cours', done: THEMES.length, total: THEMES.length, planned: 1, completedAt: null });
		expect(recipeProgress(securiteRecipe, all(() => 'prevu'), NOW)).toMatchObject({ state: 'en_cours', planned: THEMES.flatMap((t) => t.measures).length });
	});

	it('is "à revoir" exactly 365 days after completion, not a millisecond before', () => {
		const completed = new Date('2026-03-01T08:00:00Z');
		const p = progressOf({ steps: dpdCompleted(completed) });
		const due = new Date(completed.getTime() + 365 * 86_400_000);
		expect(due.toISOString()).toBe('2027-03-01T08:00:00.000Z');
		expect(recipeProgress(dpdRecipe, p, new Date(due.getTime() - 1)).state).toBe('terminee');
		expect(recipeProgress(dpdRecipe, p, due).state).toBe('a_revoir');
		expect(recipeProgress(dpdRecipe, p, addDays(due, 30)).state).toBe('a_revoir');
	});

	it('stays "à revoir" until every step is re-confirmed', () => {
		const completed = new Date('2025-01-10T08:00:00Z');
		const now = new Date('2026-02-01T08:00:00Z');
		const steps = dpdCompleted(completed);
		expect(recipeProgress(dpdRecipe, progressOf({ steps }), now).state).toBe('a_revoir');
		// Reviewing one step is not enough…
		steps['dpd/type']!.completedAt = now;
		expect(recipeProgress(dpdRecipe, progressOf({ steps }), now).state).toBe('a_revoir');
		// …every step must be confirmed again.
		for (const k of Object.keys(steps)) steps[k]!.completedAt = now;
		const reviewed = recipeProgress(dpdRecipe, progressOf({ steps }), now);
		expect(reviewed.state).toBe('terminee');
		expect(reviewed.reviewDue).toEqual(addDays(now, REVIEW_AFTER_DAYS));
	});

	it('is not "terminée" when a completed step has become incomplete', () => {
		const p = progressOf({ steps: dpdCompleted(NOW, { type: { position: 'maire' } }) });
		const r = recipeProgress(dpdRecipe, p, NOW);
		expect(r.state).toBe('en_cours');
		expect(r.completedAt).toBeNull();
		// The mayor blocks both the type and the independence steps.
		expect(r.steps.filter((s) => s.status !== 'terminee').map((s) => s.step.id)).toEqual(['type', 'independance']);
	});
});

// ---- next step ----------------------------------------------------------------------------------

describe('next step', () => {
	// Cookbook order: A (priority 2), B and C (priority 1). Priority first, then order: B, C, A.
	const A = testRecipe('a', 2, ['a1', 'a2']);
	const B = testRecipe('b', 1, ['b1', 'b2', 'b3']);
	const C = testRecipe('c', 1, ['c1']);
	const cookbook = [A, B, C];
	const at = (p: ReturnType<typeof nextStep>) => (p ? `${p.recipe.id}/${p.step.id}:${p.reason}` : null);

	it('starts with the first step of the first recipe by priority, then cookbook order', () => {
		expect(at(nextStep(cookbook, progressOf(), NOW))).toBe('b/b1:suite');
		const bDone = { 'b/b1': doneStep('b1', NOW), 'b/b2': doneStep('b2', NOW), 'b/b3': doneStep('b3', NOW) };
		expect(at(nextStep(cookbook, progressOf({ steps: bDone }), NOW))).toBe('c/c1:suite');
		expect(at(nextStep(cookbook, progressOf({ steps: { ...bDone, 'c/c1': doneStep('c1', NOW) } }), NOW))).toBe('a/a1:suite');
	});

	it('proposes the first step not done inside a recipe, even one in progress', () => {
		const p = progressOf({ steps: { 'b/b1': doneStep('b1', NOW), 'b/b2': { answers: { answer_b2: '' }, status: 'en_cours' } } });
		const next = nextStep(cookbook, p, NOW);
		expect(at(next)).toBe('b/b2:suite');
		expect(next?.status).toBe('a_faire');
		const started = progressOf({ steps: { 'b/b1': doneStep('b1', NOW), 'b/b2': { answers: { answer_b2: 'à moitié' } } } });
		// b2 answered but never completed: still the next step, in progress.
		expect(nextStep(cookbook, started, NOW)?.status).toBe('en_cours');
	});

	it('leaves the steps put off for later until every other step is done', () => {
		const later = progressOf({ steps: { 'b/b1': { status: 'plus_tard' } } });
		expect(at(nextStep(cookbook, later, NOW))).toBe('b/b2:suite');
		// Still after the other recipes' steps, even of a lower priority.
		const onlyLater = progressOf({
			steps: {
				'b/b1': { status: 'plus_tard' },
				'b/b2': doneStep('b2', NOW),
				'b/b3': doneStep('b3', NOW),
				'c/c1': doneStep('c1', NOW),
				'a/a1': doneStep('a1', NOW)
			}
		});
		expect(at(nextStep(cookbook, onlyLater, NOW))).toBe('a/a2:suite');
		onlyLater.steps.set('a/a2', { answers: answered('a2'), status: 'terminee', completedAt: NOW, version: 1 });
		const next = nextStep(cookbook, onlyLater, NOW);
		expect(at(next)).toBe('b/b1:plus_tard');
		expect(next?.status).toBe('plus_tard');
	});

	it('brings a recipe due for review back first, whatever its priority', () => {
		const longAgo = addDays(NOW, -400);
		const p = progressOf({ steps: { 'a/a1': doneStep('a1', longAgo), 'a/a2': doneStep('a2', longAgo) } });
		const next = nextStep(cookbook, p, NOW);
		expect(at(next)).toBe('a/a1:revoir');
		expect(next?.status).toBe('terminee');
		// A year has not passed yet: the normal order applies.
		expect(at(nextStep(cookbook, p, addDays(longAgo, 364)))).toBe('b/b1:suite');
	});

	it('has nothing to propose when every recipe is done and recent', () => {
		const steps: Record<string, StepInit> = {};
		for (const r of cookbook) for (const s of r.steps) steps[`${r.id}/${s.id}`] = doneStep(s.id, NOW);
		expect(nextStep(cookbook, progressOf({ steps }), NOW)).toBeNull();
	});

	it('starts the real cookbook with the commune profile, then the DPD', () => {
		expect(at(nextStep(RECIPES, progressOf(), NOW))).toBe('profil/questions:suite');
		const profile = { 'profil/questions': { answers: PROFILE_ANSWERS, status: 'terminee' as const, completedAt: NOW } };
		expect(at(nextStep(RECIPES, progressOf({ steps: profile }), NOW))).toBe('dpd/type:suite');
		expect(at(nextStep(RECIPES, progressOf({ steps: { ...profile, ...dpdCompleted(NOW) } }), NOW))).toBe('cartographie/bureautique:suite');
	});
});

// ---- obligations and coverage -------------------------------------------------------------------

describe('obligations and coverage', () => {
	const statusOf = (statuses: ReturnType<typeof obligationStatuses>, id: string) => {
		const s = statuses.find((x) => x.obligation.id === id);
		if (!s) throw new Error(`no obligation ${id}`);
		return { covered: s.covered, by: s.by };
	};

	it('covers an obligation when all the steps that satisfy it are done', () => {
		// dpd-designer: type, identite and lettre.
		const partial = dpdCompleted(NOW);
		delete partial['dpd/lettre'];
		let statuses = obligationStatuses(OBLIGATIONS, RECIPES, progressOf({ steps: partial }), NOW);
		expect(statusOf(statuses, 'dpd-designer')).toEqual({ covered: false, by: null });
		expect(statusOf(statuses, 'dpd-forme')).toEqual({ covered: true, by: 'recette' });

		statuses = obligationStatuses(OBLIGATIONS, RECIPES, progressOf({ steps: dpdCompleted(NOW) }), NOW);
		expect(statusOf(statuses, 'dpd-designer')).toEqual({ covered: true, by: 'recette' });
		expect(statusOf(statuses, 'dpd-publier-coordonnees')).toEqual({ covered: true, by: 'recette' });
	});

	it('does not count a step marked done whose answers no longer hold', () => {
		const statuses = obligationStatuses(OBLIGATIONS, RECIPES, progressOf({ steps: dpdCompleted(NOW, { type: { position: 'maire' } }) }), NOW);
		expect(statusOf(statuses, 'dpd-forme')).toEqual({ covered: false, by: null });
		expect(statusOf(statuses, 'dpd-conflit-interets')).toEqual({ covered: false, by: null });
		expect(statusOf(statuses, 'dpd-declarer-cnil')).toEqual({ covered: true, by: 'recette' });
	});

	it('covers an obligation confirmed by hand', () => {
		const statuses = obligationStatuses(OBLIGATIONS, RECIPES, progressOf({ confirmed: ['dpd-associer', 'dpd-designer'] }), NOW);
		expect(statusOf(statuses, 'dpd-associer')).toEqual({ covered: true, by: 'confirmation' });
		expect(statusOf(statuses, 'dpd-designer')).toEqual({ covered: true, by: 'confirmation' });
		expect(statusOf(statuses, 'reg-mise-a-jour')).toEqual({ covered: false, by: null });
		expect(coverage(statuses)).toMatchObject({ covered: 2, total: OBLIGATIONS.length });
	});

	it('proposes the next three open obligations by priority, then list order', () => {
		const o = (id: string, priority: 1 | 2 | 3, satisfiedBy: string[] = []): Obligation => ({
			id,
			group: 'Test',
			title: id,
			explanation: '',
			priority,
			reference: '',
			satisfiedBy
		});
		const list = [o('o-3a', 3), o('o-2a', 2), o('o-1a', 1, ['b/b1']), o('o-2b', 2), o('o-1b', 1), o('o-1c', 1)];
		const B = testRecipe('b', 1, ['b1']);
		const statuses = obligationStatuses(list, [B], progressOf({ steps: { 'b/b1': doneStep('b1', NOW) }, confirmed: ['o-2a'] }), NOW);
		const c = coverage(statuses);
		expect(c.covered).toBe(2);
		expect(c.total).toBe(6);
		expect(c.next.map((s) => s.obligation.id)).toEqual(['o-1b', 'o-1c', 'o-2b']);
		expect(coverage(statuses, 10).next.map((s) => s.obligation.id)).toEqual(['o-1b', 'o-1c', 'o-2b', 'o-3a']);
		// An obligation without steps is never covered by a recipe, only by hand.
		expect(obligationStatuses([o('o-x', 1)], [B], progressOf({ steps: { 'b/b1': doneStep('b1', NOW) } }), NOW)[0]).toMatchObject({ covered: false, by: null });
	});
});
