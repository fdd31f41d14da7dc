import { describe, expect, it } from 'vitest';
import { diff } from '../../src/lib/server/audit';

describe('audit diff', () => {
	it('lists only the fields whose value changes, as { avant, apres }', () => {
		const before = { name: 'Glanon', address: '', siren: '212103014', phone: '03 80 00 00 00' };
		expect(diff(before, { name: 'Glanon', address: '1 place de la Mairie', siren: '212103014' })).toEqual({
			address: { avant: '', apres: '1 place de la Mairie' }
		});
	});

	it('returns nothing when nothing changes, and ignores undefined values', () => {
		const before = { a: 1, b: 'x', c: null as string | null };
		expect(diff(before, { a: 1, b: 'x', c: null })).toEqual({});
		expect(diff(before, { b: undefined })).toEqual({});
	});

	it('tells null from an empty string, and compares dates and objects by value', () => {
		expect(diff({ siren: null as string | null }, { siren: '' })).toEqual({ siren: { avant: null, apres: '' } });
		const d = new Date('2024-05-01T10:00:00Z');
		expect(diff({ at: d }, { at: new Date(d.getTime()) })).toEqual({});
		expect(diff({ at: d }, { at: new Date(d.getTime() + 1000) })).toHaveProperty('at');
		expect(diff({ o: { x: [1, 2] } }, { o: { x: [1, 2] } })).toEqual({});
		expect(diff({ o: { x: [1, 2] } }, { o: { x: [2, 1] } })).toEqual({ o: { avant: { x: [1, 2] }, apres: { x: [2, 1] } } });
	});

	it('records a field the row did not have', () => {
		expect(diff({} as Record<string, unknown>, { role: 'dpd' })).toEqual({ role: { avant: undefined, apres: 'dpd' } });
	});
});
