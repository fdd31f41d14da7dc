// One action per measure: the origins of an action, and the grid's missing security measures as actions.
import { describe, expect, it } from 'vitest';
import { alsoKey, itemFrom, originRefs, renameOriginIds } from '../../src/lib/recipes/action-origins';
import { conformityItems, conformityKind, conformityResult } from '../../src/lib/recipes/assessments';
import { proposedDueDate, proposedOwner } from '../../src/lib/recipes/plan';
import { conformityGrid } from '../helpers/answers';

describe('the origins of an action', () => {
	const origin = { kind: 'step', id: 'securite/mobiles', item: 'm_code_telephones', measure: 'code_telephones', [alsoKey('conformity', 'g-2')]: 'securite.code_telephones', [alsoKey('conformity', 'g-1')]: 'securite.code_telephones' };

	it('lists the first origin, then the others by key, and finds the item of each place', () => {
		expect(originRefs(origin)).toEqual([
			{ kind: 'step', id: 'securite/mobiles', item: 'm_code_telephones' },
			{ kind: 'conformity', id: 'g-1', item: 'securite.code_telephones' },
			{ kind: 'conformity', id: 'g-2', item: 'securite.code_telephones' }
		]);
		expect(itemFrom(origin, 'conformity', 'g-2')).toBe('securite.code_telephones');
		expect(itemFrom(origin, 'step', 'securite/mobiles')).toBe('m_code_telephones');
		expect(itemFrom(origin, 'conformity', 'g-3')).toBeNull();
		expect(originRefs({ catalogue: 'etat-civil' })).toEqual([]);
	});

	it('renames every record id of its origins (an import), and refuses an unknown one', () => {
		const rename = (id: string, kind: string) => (kind === 'step' ? id : ({ 'g-1': 'n-1', 'g-2': 'n-2' } as Record<string, string>)[id] ?? null);
		expect(originRefs(renameOriginIds(origin, rename)!).map((o) => o.id)).toEqual(['securite/mobiles', 'n-1', 'n-2']);
		expect(renameOriginIds({ kind: 'conformity', id: 'g-9', item: 'securite' }, rename)).toBeNull();
	});
});

describe('the grid’s missing security measures', () => {
	const grid = { ...conformityGrid({ securite: 'non_conforme', information: 'non_conforme' }), p_securite_mesures: ['usb_chiffrees', 'code_telephones'] };

	it('are one action each, named by their measure, in the measures’ order; the other principles one action', () => {
		expect(conformityItems(grid).map((i) => [i.item, i.measure])).toEqual([
			['information', undefined],
			['securite.code_telephones', 'code_telephones'],
			['securite.usb_chiffrees', 'usb_chiffrees']
		]);
		expect(conformityKind.actionItems!({ ...grid, p_securite_mesures: [] }).map((i) => i.item)).toEqual(['information', 'securite']);
	});

	it('leave the list one by one when done; the principle is conforme when none is left', () => {
		const once = conformityKind.resolveItem!(grid, 'securite.code_telephones', 'Fait.');
		expect(once).toEqual({ p_securite_mesures: ['usb_chiffrees'], p_securite_why: 'Vérifié : sécurité. Fait.' });
		const twice = conformityKind.resolveItem!({ ...grid, ...once }, 'securite.usb_chiffrees', 'Fait aussi.');
		expect(twice).toMatchObject({ p_securite_mesures: [], p_securite: 'conforme' });
	});

	it('make the principle planned only when each of its measures has a planned action', () => {
		const planned = { status: 'a_faire', owner: 'Martine', dueDate: '2027-01-01' };
		const info = { item: 'information', ...planned };
		expect(conformityResult(grid, [info, { item: 'securite.code_telephones', ...planned }]).toPlan).toEqual(['securite']);
		expect(conformityResult(grid, [info, { item: 'securite.code_telephones', ...planned }, { item: 'securite.usb_chiffrees', ...planned }]).planned).toBe(true);
	});
});

describe('the proposals of the table', () => {
	it('propose the DPD by name, and a due date from the priority (months end on the month’s last day)', () => {
		expect(proposedOwner({ firstName: ' Martine ', lastName: 'Durand' })).toBe('Martine Durand');
		expect(proposedOwner({})).toBe('');
		expect(proposedDueDate('1', '2026-12-06')).toBe('2027-01-06');
		expect(proposedDueDate('2', '2026-11-30')).toBe('2027-02-28');
		expect(proposedDueDate('3', '2026-12-06')).toBe('2027-06-06');
		expect(proposedDueDate(undefined, '2026-12-06')).toBe('2027-03-06');
	});
});
