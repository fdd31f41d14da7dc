// One place for « today » and for French formatting, client and server side: the commune lives in
// Europe/Paris, so « today » is the Paris calendar date (a designation act made at 00:35 in Paris
// is dated that day, not the day before as `toISOString().slice(0, 10)`, in UTC, would say), and a
// date is written « 6 décembre 2026 », « 1er décembre 2026 ». Storage keeps ISO dates ("YYYY-MM-DD")
// and instants: only what people read goes through here. Also numbers (« 1 943 »), plurals,
// elision (« commune d’Aubigny », « du Mans ») and the names of downloaded files.
import { dateFormat } from './intl';

export const TIME_ZONE = 'Europe/Paris';

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** The wall-clock parts of an instant in Paris. */
export function parisParts(instant: Date) {
	const parts = PARIS_PARTS.formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The calendar date in Paris of an instant, "YYYY-MM-DD". */
export function parisDate(instant: Date): string {
	const p = parisParts(instant);
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Today in Paris, "YYYY-MM-DD" (the date stored, shown, and put in file names). */
export function today(now: Date = new Date()): string {
	return parisDate(now);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** « 1 décembre » → « 1er décembre », at the start of a formatted date. */
const firstOfMonth = (text: string) => text.replace(/^1(\s)/, '1er$1');

/** "YYYY-MM-DD" → « 6 décembre 2026 », « 1er décembre 2026 ». */
export function formatDate(isoDate: string): string {
	return firstOfMonth(dateFormat({ dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)));
}

/** Like formatDate, for a value that may be missing or malformed (a placeholder then). */
export function formatDateOr(value: unknown, placeholder = '[date]'): string {
	return typeof value === 'string' && ISO_DATE.test(value) ? formatDate(value) : placeholder;
}

/** "YYYY-MM-DD" → « 06/12/2026 » (notes written into answers, the PIA tool's fields). */
export function formatDateNumeric(isoDate: string): string {
	return isoDate.slice(0, 10).split('-').reverse().join('/');
}

/** An instant in Paris: « 6 décembre 2026 à 00:35 », or its date alone. */
export function formatParis(instant: Date, withTime = true): string {
	return firstOfMonth(
		dateFormat(withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE } : { dateStyle: 'long', timeZone: TIME_ZONE }).format(instant)
	);
}

/**
 * A Paris wall-clock date-time as stored by a datetime field ("YYYY-MM-DDTHH:MM"), with its time
 * zone, for what an auditor reads: « 12 mars 2026 à 14 h 05 (heure de Paris) ».
 */
export function formatParisLocal(local: string): string {
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(local);
	if (!m) return local;
	return `${formatDate(m[1]!)} à ${Number(m[2])} h ${m[3]} (heure de Paris)`;
}

/** An instant in Paris, short: « 06/12/2026 00:35 » (tables, « modifié le »). */
export function formatShort(instant: Date | string): string {
	return dateFormat({ dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(instant));
}

/** The Paris wall-clock time of an instant: « 00:35 ». */
export function formatTime(instant: Date): string {
	return dateFormat({ timeStyle: 'short', timeZone: TIME_ZONE }).format(instant);
}

/** "YYYY-MM" → « décembre 2026 ». */
export function formatMonth(isoMonth: string): string {
	return dateFormat({ month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`));
}

const numbers = new Map<number, Intl.NumberFormat>();

/** « 1 943 », « 2,5 »: French grouping and decimal comma (at most `decimals` decimals). */
export function formatNumber(n: number, decimals = 2): string {
	let f = numbers.get(decimals);
	if (!f) numbers.set(decimals, (f = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: decimals })));
	return f.format(n);
}

/** A decimal typed with a point or a comma (« 2.5 ») written the French way (« 2,5 »). */
export function frenchDecimal(value: string): string {
	return value.replace('.', ',');
}

/**
 * « 0 fiche », « 1 fiche », « 3 fiches »: in French, 0 and 1 take the singular. The plural is the
 * singular plus « s » unless given.
 */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
	return `${formatNumber(n)} ${Math.abs(n) >= 2 ? pluralForm : singular}`;
}

/** The word alone, singular or plural for n (« est » / « sont »). */
export function pluralWord(n: number, singular: string, pluralForm = `${singular}s`): string {
	return Math.abs(n) >= 2 ? pluralForm : singular;
}

// Vowels, and the « h » of names, which French elides (d’Hauteville); proper nouns with an
// aspirated h are rare among communes and the register only names them.
const ELIDES = /^[aeiouyhàâäéèêëîïôöùûüœæ]/i;

/**
 * « de » before a place name, elided or contracted: « de Glanon », « d’Aubigny », « d’Yvré »,
 * « du Mans » (Le Mans), « des Andelys » (Les Andelys), « de La Rochelle ».
 */
export function ofPlace(name: string): string {
	const n = name.trim();
	if (/^le\s/i.test(n)) return `du ${n.slice(3).trimStart()}`;
	if (/^les\s/i.test(n)) return `des ${n.slice(4).trimStart()}`;
	return ELIDES.test(n) ? `d’${n}` : `de ${n}`;
}

/** « de » before a common noun: « demande d’accès », « demande de rectification ». */
export function ofWord(word: string): string {
	return ELIDES.test(word.trim()) ? `d’${word.trim()}` : `de ${word.trim()}`;
}

/**
 * How a body is named: a commune by « Commune d’Aubigny » (title) or « la commune d’Aubigny »
 * (in a sentence); another body (CCAS, syndicat…) by its own name.
 */
export function bodyName(body: { name: string; type?: string | null }, form: 'title' | 'sentence' = 'title'): string {
	if (body.type !== 'commune') return body.name;
	return `${form === 'title' ? 'Commune' : 'la commune'} ${ofPlace(body.name)}`;
}

/** How a person is addressed: « Madame », « Monsieur » (the value stored by a civility field). */
export const CIVILITIES = [
	{ value: 'madame', label: 'Madame' },
	{ value: 'monsieur', label: 'Monsieur' }
];

/** « Madame » or « Monsieur » for a stored civility, '' when unknown. */
export function civilityWord(civility: unknown): string {
	return CIVILITIES.find((c) => c.value === civility)?.label ?? '';
}

/**
 * A word agreeing with a person: the feminine form for « madame », the masculine for « monsieur »,
 * and `neutral` when the civility is unknown (never « désigné(e) »).
 */
export function agreeing(civility: unknown, forms: { feminine: string; masculine: string; neutral: string }): string {
	return civility === 'madame' ? forms.feminine : civility === 'monsieur' ? forms.masculine : forms.neutral;
}

/** « Mairie d’Aubigny », « mairie du Mans ». */
export function mairieOf(name: string, capital = true): string {
	return `${capital ? 'Mairie' : 'mairie'} ${ofPlace(name)}`;
}

/**
 * A download's file name: ASCII letters, digits, dots, underscores and dashes only (accents
 * dropped, not turned into dashes: « Saint-Étienne » → « Saint-Etienne »), one dash between words,
 * at most 150 characters, then the extension.
 */
export function downloadName(parts: (string | number)[], extension: string): string {
	const base = parts
		.map((p) => String(p))
		.join('-')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[œŒæÆ]/g, (c) => ({ œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' })[c]!)
		.replace(/[^A-Za-z0-9._]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 150)
		.replace(/-+$/, '');
	return `${base || 'document'}.${extension}`;
}
