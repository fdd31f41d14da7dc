import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/lib/recipes/index';
import { OBLIGATION_GROUPS, OBLIGATIONS } from '../../src/lib/recipes/obligations';

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
