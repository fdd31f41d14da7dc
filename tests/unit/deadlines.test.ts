import { describe, expect, it } from 'vitest';
import {
	addDays,
	addMonths,
	breachDue,
	deadline,
	endOfParisDay,
	formatDate,
	formatParis,
	fromParisLocal,
	parisDate,
	requestDue,
	toParisLocal
} from '../../src/lib/deadlines';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Paris wall-clock time that must exist. */
function paris(local: string): Date {
	const d = fromParisLocal(local);
	if (!d) throw new Error(`${local} does not exist in Paris`);
	return d;
}

describe('addMonths', () => {
	it.each([
		['2026-03-15', 1, '2026-04-15'],
		['2026-01-31', 1, '2026-02-28'],
		['2028-01-31', 1, '2028-02-29'],
		['2026-03-31', 1, '2026-04-30'],
		['2026-05-31', 1, '2026-06-30'],
		['2026-08-31', 1, '2026-09-30'],
		['2026-01-30', 1, '2026-02-28'],
		['2026-02-28', 1, '2026-03-28'],
		['2026-12-15', 1, '2027-01-15'],
		['2026-12-31', 1, '2027-01-31'],
		['2026-11-30', 3, '2027-02-28'],
		['2026-10-31', 3, '2027-01-31'],
		['2027-11-30', 3, '2028-02-29'],
		['2026-01-31', 12, '2027-01-31'],
		['2028-02-29', 12, '2029-02-28'],
		['2026-07-10', 0, '2026-07-10'],
		['2026-03-31', -1, '2026-02-28'],
		['2026-01-15', -1, '2025-12-15']
	])('%s + %i month(s) = %s', (from, months, expected) => {
		expect(addMonths(from, months)).toBe(expected);
	});
});

describe('addDays', () => {
	it('crosses months, years and leap days', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		// The clock change does not make a day disappear or repeat.
		expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
		expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
	});
});

describe('Paris wall clock', () => {
	it('reads winter time as UTC+1 and summer time as UTC+2', () => {
		expect(paris('2026-01-15T09:30').toISOString()).toBe('2026-01-15T08:30:00.000Z');
		expect(paris('2026-07-15T09:30').toISOString()).toBe('2026-07-15T07:30:00.000Z');
		expect(paris('2026-12-31T23:59').toISOString()).toBe('2026-12-31T22:59:00.000Z');
		expect(paris('2027-01-01T00:00').toISOString()).toBe('2026-12-31T23:00:00.000Z');
	});

	it('returns null for the hour skipped on the last Sunday of March', () => {
		expect(paris('2026-03-29T01:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
		expect(fromParisLocal('2026-03-29T02:00')).toBeNull();
		expect(fromParisLocal('2026-03-29T02:30')).toBeNull();
		expect(fromParisLocal('2026-03-29T02:59')).toBeNull();
		expect(paris('2026-03-29T03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
		// Another year: 2027's last Sunday of March is the 28th.
		expect(fromParisLocal('2027-03-28T02:15')).toBeNull();
		expect(fromParisLocal('2027-03-29T02:15')).not.toBeNull();
	});

	it('takes the first occurrence of the hour repeated in October (still summer time)', () => {
		expect(paris('2026-10-25T01:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
		expect(paris('2026-10-25T02:00').toISOString()).toBe('2026-10-25T00:00:00.000Z');
		expect(paris('2026-10-25T02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(paris('2026-10-25T02:59').toISOString()).toBe('2026-10-25T00:59:00.000Z');
		expect(paris('2026-10-25T03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
		// Both occurrences read back as the same wall clock.
		expect(toParisLocal(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30');
		expect(toParisLocal(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30');
	});

	it('refuses malformed or impossible values', () => {
		for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-04-31T08:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01 10:00', '2026-01-01', '2026-01-01T10:00:00', '26-01-01T10:00']) {
			expect(fromParisLocal(bad), bad).toBeNull();
		}
	});

	it('round-trips every existing quarter hour of the clock-change weekends', () => {
		for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
			for (let h = 0; h < 24; h++) {
				for (const m of [0, 15, 30, 45]) {
					const local = `${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
					const instant = fromParisLocal(local);
					if (day === '2026-03-29' && h === 2) {
						expect(instant, local).toBeNull();
						continue;
					}
					expect(instant, local).not.toBeNull();
					expect(toParisLocal(instant!), local).toBe(local);
				}
			}
		}
	});

	it('gives the Paris calendar date of an instant, not the UTC one', () => {
		expect(parisDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
		expect(parisDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
		expect(parisDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
		expect(parisDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
	});
});

describe('endOfParisDay', () => {
	it('is 23:59:59.999 Paris time, whatever the offset that day', () => {
		expect(endOfParisDay('2026-01-15').toISOString()).toBe('2026-01-15T22:59:59.999Z');
		expect(endOfParisDay('2026-07-01').toISOString()).toBe('2026-07-01T21:59:59.999Z');
		// The day the clocks go forward (23 hours) and back (25 hours).
		expect(endOfParisDay('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
		expect(endOfParisDay('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
		expect(endOfParisDay('2026-12-31').toISOString()).toBe('2026-12-31T22:59:59.999Z');
		expect(parisDate(endOfParisDay('2026-03-28'))).toBe('2026-03-28');
		expect(parisDate(new Date(endOfParisDay('2026-03-28').getTime() + 1))).toBe('2026-03-29');
	});
});

describe('breachDue: 72 real hours', () => {
	it('ends three days later at the same wall-clock time outside a clock change', () => {
		const found = paris('2026-05-12T16:45');
		expect(breachDue(found).getTime() - found.getTime()).toBe(72 * HOUR);
		expect(toParisLocal(breachDue(found))).toBe('2026-05-15T16:45');
		expect(toParisLocal(breachDue(paris('2026-12-30T08:00')))).toBe('2027-01-02T08:00');
	});

	it('ends one hour later on the wall clock across the spring change', () => {
		const found = paris('2026-03-27T10:00');
		const due = breachDue(found);
		expect(due.getTime() - found.getTime()).toBe(72 * HOUR);
		expect(due.toISOString()).toBe('2026-03-30T09:00:00.000Z');
		expect(toParisLocal(due)).toBe('2026-03-30T11:00');
	});

	it('ends one hour earlier on the wall clock across the autumn change', () => {
		const found = paris('2026-10-23T10:00');
		const due = breachDue(found);
		expect(due.getTime() - found.getTime()).toBe(72 * HOUR);
		expect(due.toISOString()).toBe('2026-10-26T08:00:00.000Z');
		expect(toParisLocal(due)).toBe('2026-10-26T09:00');
		// Discovered during the repeated hour (first occurrence, summer time).
		const inRepeat = paris('2026-10-25T02:30');
		expect(toParisLocal(breachDue(inRepeat))).toBe('2026-10-28T01:30');
	});
});

describe('requestDue: one month, three when extended', () => {
	it.each([
		['2026-03-10', false, '2026-04-10'],
		['2026-03-10', true, '2026-06-10'],
		['2026-01-31', false, '2026-02-28'],
		['2028-01-31', false, '2028-02-29'],
		['2026-03-31', false, '2026-04-30'],
		['2026-11-30', true, '2027-02-28'],
		['2026-12-31', false, '2027-01-31']
	])('received %s, extended %s → %s', (received, extended, due) => {
		expect(requestDue(received, extended)).toBe(due);
	});
});

describe('deadline texts', () => {
	const now = new Date('2026-06-01T12:00:00Z');
	const at = (ms: number) => deadline(new Date(now.getTime() + ms), now);

	it('counts minutes, then hours and minutes, then whole days from 48 hours', () => {
		expect(at(0)).toMatchObject({ late: false, text: 'il reste 0 min' });
		expect(at(59_000).text).toBe('il reste 0 min');
		expect(at(25 * 60_000).text).toBe('il reste 25 min');
		expect(at(HOUR).text).toBe('il reste 1 h');
		expect(at(HOUR + 5 * 60_000).text).toBe('il reste 1 h 05');
		expect(at(HOUR + 30 * 60_000).text).toBe('il reste 1 h 30');
		expect(at(47 * HOUR + 59 * 60_000).text).toBe('il reste 47 h 59');
		expect(at(48 * HOUR).text).toBe('il reste 2 jours');
		expect(at(3 * DAY + 23 * HOUR).text).toBe('il reste 3 jours');
		expect(at(31 * DAY).text).toBe('il reste 31 jours');
	});

	it('says how late, once the due instant is passed', () => {
		expect(at(-1)).toMatchObject({ late: true, text: 'en retard de 0 min' });
		expect(at(-10 * 60_000)).toMatchObject({ late: true, text: 'en retard de 10 min' });
		expect(at(-DAY)).toMatchObject({ late: true, text: 'en retard de 24 h' });
		expect(at(-2 * DAY)).toMatchObject({ late: true, text: 'en retard de 2 jours' });
		expect(at(-10 * DAY - HOUR).text).toBe('en retard de 10 jours');
	});

	it('keeps the due instant', () => {
		const due = new Date('2026-06-03T08:00:00Z');
		expect(deadline(due, now).due).toBe(due);
	});

	it('counts the 72 hours of a breach in real hours across the clock change', () => {
		const found = paris('2026-03-27T10:00');
		const due = breachDue(found);
		// At 10:00 on the Monday (Paris), one real hour is left, not none.
		expect(deadline(due, paris('2026-03-30T10:00')).text).toBe('il reste 1 h');
		expect(deadline(due, paris('2026-03-30T11:00')).late).toBe(false);
		expect(deadline(due, paris('2026-03-30T11:01'))).toMatchObject({ late: true, text: 'en retard de 1 min' });
	});
});

describe('French formats', () => {
	it('writes dates with "1er" and Paris time', () => {
		expect(formatDate('2026-03-01')).toBe('1er mars 2026');
		expect(formatDate('2026-03-11')).toBe('11 mars 2026');
		expect(formatDate('2026-12-31')).toBe('31 décembre 2026');
		expect(formatParis(new Date('2026-03-30T09:00:00Z'))).toBe('30 mars 2026 à 11:00');
		expect(formatParis(new Date('2026-01-30T09:00:00Z'))).toBe('30 janvier 2026 à 10:00');
		expect(formatParis(new Date('2026-06-30T22:30:00Z'), false)).toMatch(/^1(er)? juillet 2026$/);
	});
});
