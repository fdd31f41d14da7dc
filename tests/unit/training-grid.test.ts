import { describe, expect, it } from 'vitest';
import { activityOf, IDLE_AFTER_MINUTES, minutesAgoText, progressText, whereWorking } from '../../src/lib/training-grid';

const NOW = new Date('2040-03-13T10:00:00Z');
const ago = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

describe('the trainer’s grid', () => {
	it('never shows « 0/n » as progress', () => {
		expect(progressText('a_faire', 0, 6)).toBe('Pas commencée');
		expect(progressText('en_cours', 0, 2)).toBe('En cours');
		expect(progressText('en_cours', 1, 6)).toBe('En cours · 1/6 étapes');
		expect(progressText('terminee', 6, 6)).toBe('Terminée');
		expect(progressText('a_revoir', 6, 6)).toBe('À revoir');
	});

	it('flags a commune idle from 15 minutes, or that has done nothing yet', () => {
		expect(IDLE_AFTER_MINUTES).toBe(15);
		expect(activityOf({ at: ago(14), entity: 'organisme', entityId: 'x' }, NOW)).toMatchObject({ idle: false, minutesAgo: 14 });
		expect(activityOf({ at: ago(15), entity: 'organisme', entityId: 'x' }, NOW)).toMatchObject({ idle: true, minutesAgo: 15, where: { recipeId: null, label: 'Identité de la commune' } });
		expect(activityOf(null, NOW)).toEqual({ lastAt: null, minutesAgo: null, idle: true, where: null });
	});

	it('reads where a commune works from its latest entry: a step, a record of a recipe, or elsewhere', () => {
		expect(whereWorking({ entity: 'recette « Désigner le délégué »', entityId: 'dpd/type' }).recipeId).toBe('dpd');
		expect(whereWorking({ entity: 'étape aipd/depistage', entityId: 'whatever' }).recipeId).toBe('aipd');
		expect(whereWorking({ entity: 'violation de données', entityId: 'a-uuid' })).toEqual({ recipeId: 'violations', label: 'Gérer les violations de données › violation de données', short: 'Violation de données' });
		expect(whereWorking({ entity: 'membre', entityId: 'u' })).toEqual({ recipeId: null, label: 'Membres de la commune', short: 'Membres de la commune' });
		expect(whereWorking({ entity: 'recette « Désigner le délégué »', entityId: 'dpd/type' }).short).toBe('Qui sera le délégué ?');
	});

	it('says how long ago in words', () => {
		expect(minutesAgoText(null)).toBe('rien fait encore');
		expect(minutesAgoText(0)).toBe('à l’instant');
		expect(minutesAgoText(16)).toBe('il y a 16 min');
		expect(minutesAgoText(80)).toBe('il y a 1 h 20');
	});
});
