// Deadlines in the commune's time zone (Europe/Paris): the 1-month answer to a rights request
// (art. 12.3, extendable by 2 months) and the 72 hours to notify a breach (art. 33).
// A period in months ends on the same date of the later month, or on its last day when that date
// does not exist (EU regulation 1182/71, art. 3): 31 January + 1 month → 28 (or 29) February.

import { parisParts, plural } from './french';

// « Today », dates and times in Paris and their French formatting live in french.ts (one place,
// client and server side); re-exported here for the deadline code that used them from here.
export { TIME_ZONE, parisDate, today, formatDate, formatParis } from './french';

/** "YYYY-MM-DD" + n calendar months, clamped to the end of the month. */
export function addMonths(isoDate: string, months: number): string {
	const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = index % 12;
	const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * "YYYY-MM-DDTHH:MM" read as Paris wall-clock time → the instant, or null when that time does not
 * exist (the hour skipped when clocks go forward). A time that occurs twice (clocks going back)
 * is taken at its first occurrence.
 */
export function fromParisLocal(local: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!m) return null;
	const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	// Paris is UTC+1 or UTC+2: try the earlier instant first.
	for (const offsetHours of [2, 1]) {
		const candidate = new Date(wall - offsetHours * 3_600_000);
		const p = parisParts(candidate);
		if (p.year === y && p.month === mo && p.day === d && p.hour === h && p.minute === mi) return candidate;
	}
	return null;
}

/** An instant as Paris wall-clock "YYYY-MM-DDTHH:MM" (for datetime-local inputs). */
export function toParisLocal(instant: Date): string {
	const p = parisParts(instant);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** End of a Paris calendar day as an instant (23:59:59.999 local). */
export function endOfParisDay(isoDate: string): Date {
	const next = addDays(isoDate, 1);
	const start = fromParisLocal(`${next}T00:00`)!;
	return new Date(start.getTime() - 1);
}

export function addDays(isoDate: string, days: number): string {
	const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface Deadline {
	/** Due instant. */
	due: Date;
	late: boolean;
	/** "il reste 3 jours", "il reste 5 h", "en retard de 2 jours" — in French. */
	text: string;
}

function span(ms: number): string {
	const hours = Math.floor(ms / 3_600_000);
	if (hours < 48) {
		const h = Math.max(hours, 0);
		const minutes = Math.floor((ms % 3_600_000) / 60_000);
		return h > 0 ? `${h} h${minutes ? ` ${String(minutes).padStart(2, '0')}` : ''}` : `${Math.max(minutes, 0)} min`;
	}
	const days = Math.floor(ms / 86_400_000);
	return plural(days, 'jour');
}

export function deadline(due: Date, now: Date = new Date()): Deadline {
	const ms = due.getTime() - now.getTime();
	return { due, late: ms < 0, text: ms >= 0 ? `il reste ${span(ms)}` : `en retard de ${span(-ms)}` };
}

/** Rights request: due one month after receipt (three when the person was told of an extension). */
export function requestDue(receivedOn: string, extended: boolean): string {
	return addMonths(receivedOn, extended ? 3 : 1);
}

/** Breach: the CNIL must be notified within 72 hours of discovery. */
export function breachDue(discoveredAt: Date): Date {
	return new Date(discoveredAt.getTime() + 72 * 3_600_000);
}
