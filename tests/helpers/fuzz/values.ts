// The hostile values of the fuzz test and the request bodies made from them. A generated case stays
// small and printable (fast-check prints it on failure): huge strings and files are named here and
// only materialized when the request is built.
import fc from 'fast-check';

/** Strings of 60 000 to 100 000 characters, made when the request is built. */
export const HUGE = {
	ascii: () => 'x'.repeat(100_000),
	accents: () => 'é'.repeat(60_000),
	emoji: () => '\u{1F600}'.repeat(30_000),
	spaces: () => ' '.repeat(100_000),
	lines: () => 'ligne\r\n'.repeat(15_000),
	nul: () => 'a\u0000'.repeat(50_000),
	html: () => '<script>alert(1)</script>'.repeat(4_000),
	digits: () => '9'.repeat(100_000)
} as const;
export type HugeKind = keyof typeof HUGE;

/** A file's content: random bytes, or one of the world's real files (maybe damaged). */
export type FileContent =
	| { src: 'bytes'; v: number[] }
	| { src: 'huge' }
	| { src: 'empty' }
	/** One of the world's files (an export, a register…), bytes overwritten, maybe cut short. */
	| { src: 'world'; name: string; patch: [number, number][]; cut: number | null }
	/** The world's JSON export with values replaced at some paths (path index, value index). */
	| { src: 'json'; name: string; edits: [number, number][] };

export type FormValue =
	| { t: 'text'; v: string }
	| { t: 'huge'; v: HugeKind }
	/** Raw bytes, mostly not valid UTF-8. */
	| { t: 'bytes'; v: number[] }
	| { t: 'file'; name: string; mime: string; content: FileContent };

export interface FormEntry {
	name: string;
	value: FormValue;
}

export type BodyEncoding = 'multipart' | 'urlencoded' | 'text-plain' | 'broken-multipart';

// ---- strings -----------------------------------------------------------------------------------

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD800b', '\uDC00\uD800', 'x\uD83D'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u200b', '\u200e', '\u202e', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ufffe', '\uffff', '\r', '\n', '\t', '\r\n'];
const NUMBERS = ['-1', '0', '-0', '1e308', '-1e308', '1e309', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '2147483648', '-2147483649', '1.5', '1,5', '0x1F', '1_000', ' 7 ', '٣', '²', '1e-7', '00012', '+3', '999999999999999999999999'];
export const BAD_DATES = ['2026-02-30', '2026-02-29', '2024-02-29', '0000-00-00', '99999-01-01', '2026-13-01', '2026-00-10', '1899-12-31', '1900-01-01', '2100-12-31', '2101-01-01', '31/12/2026', '2026-1-1', '2026-03-29T02:30', '2026-10-25T02:30', '2026-06-01T24:00', '2026-06-01T23:60', '2026-06-01T14:30:00Z', '2026-06-01 14:30', '+275760-09-13', '-000001-01-01', '2026-W10', '9999-12-31T23:59'];
const INJECTION = ["' OR '1'='1", "'; DROP TABLE users; --", '../../../etc/passwd', '%00', '%FF', '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '[object Object]', 'null', 'undefined', 'true', 'false', '[]', '{}', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '//evil.example', 'https://evil.example/', '/\\evil.example', '\\\\evil.example', '/%2F%2Fevil.example', '=cmd|" /C calc"!A0', '@SUM(1+1)'];
const BLANK = ['', ' ', '\t', '   \n  ', '\u00a0', '\u3000'];
const UUIDISH = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '{00000000-0000-4000-8000-000000000000}', '00000000-0000-4000-8000-00000000000', '00000000000040008000000000000000', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ'];

/** One character that forms care about: control, invisible, lone surrogate, or any code point. */
const weirdChar = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...CONTROL, ...LONE_SURROGATES) },
	{ weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
	{ weight: 2, arbitrary: fc.constantFrom('é', 'É', 'ç', 'œ', '’', '«', '»', '€', 'ß', 'İ', 'ǅ', '\u0301', '𝔘', '🙂', '👩‍👩‍👧') }
);

/** Any text a hostile client may send in a field. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: weirdChar, maxLength: 40 }) },
	{ weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
	{ weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
	{ weight: 2, arbitrary: fc.constantFrom(...BAD_DATES) },
	{ weight: 2, arbitrary: fc.constantFrom(...INJECTION) },
	{ weight: 1, arbitrary: fc.constantFrom(...BLANK) },
	{ weight: 1, arbitrary: fc.oneof(fc.uuid(), fc.constantFrom(...UUIDISH)) },
	{ weight: 1, arbitrary: fc.integer().map(String) },
	{ weight: 1, arbitrary: fc.double().map(String) },
	{ weight: 1, arbitrary: fc.tuple(fc.constantFrom('Texte', 'Mairie', 'oui'), fc.constantFrom(...CONTROL, ...LONE_SURROGATES)).map(([a, b]) => a + b + a) }
);

/** Bytes that are not UTF-8 (lone continuation bytes, overlong forms, encoded surrogates…). */
const BROKEN_UTF8 = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3]];
export const brokenBytes: fc.Arbitrary<number[]> = fc.oneof(
	fc.constantFrom(...BROKEN_UTF8),
	fc.tuple(fc.constantFrom(...BROKEN_UTF8), fc.constantFrom('Mairie ', 'oui', '2026-01-01')).map(([b, s]) => [...new TextEncoder().encode(s), ...b]),
	fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 48 })
);

export const FILE_NAMES = ['registre.csv', 'registre.xlsx', 'export.json', 'photo.png', '', '.', '../../etc/passwd', 'é"\r\n;.csv', 'nom\u0000nul.json', 'x'.repeat(300) + '.json', 'CON', 'fichier sans extension'];
export const FILE_TYPES = ['text/csv', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream', 'text/plain', 'image/png', ''];

// ---- materializing --------------------------------------------------------------------------

/** The world's files, by name, and the JSON document the 'json' edits start from. */
export interface FileSources {
	files: Record<string, Uint8Array>;
	json: Record<string, unknown>;
}

/** Values the JSON edits put in place: wrong types, bounds, dates that do not exist. */
const JSON_VALUES: unknown[] = [null, -1, 0, 1e308, -1e308, 2147483648, 1.5, '', ' ', 'x'.repeat(5000), '2026-02-30', '0000-00-00T00:00:00Z', [], {}, true, '\u0000', '\uD800', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', { x: 1 }, [null], ['x'], 'recipe:inconnue', 'activity', 'dpd'];

/** Every path of a JSON value, in a stable order (depth first), up to `limit`. */
function jsonPaths(value: unknown, limit = 5000): (string | number)[][] {
	const out: (string | number)[][] = [];
	const walk = (v: unknown, path: (string | number)[]) => {
		if (out.length >= limit) return;
		out.push(path);
		if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
		else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
	};
	walk(value, []);
	return out.slice(1);
}

const pathCache = new WeakMap<object, (string | number)[][]>();

function editJson(doc: Record<string, unknown>, edits: [number, number][]): Record<string, unknown> {
	const copy = structuredClone(doc);
	let paths = pathCache.get(doc);
	if (!paths) pathCache.set(doc, (paths = jsonPaths(doc)));
	for (const [p, v] of edits) {
		const path = paths[p % paths.length]!;
		let parent: unknown = copy;
		for (const key of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[key] : undefined;
		if (!parent || typeof parent !== 'object') continue;
		const last = path[path.length - 1]!;
		const value = JSON_VALUES[v % JSON_VALUES.length];
		// Index 0 deletes the key instead: a missing field.
		if (v % 7 === 0) delete (parent as Record<string | number, unknown>)[last];
		else (parent as Record<string | number, unknown>)[last] = value;
	}
	return copy;
}

export function fileBytes(content: FileContent, sources: FileSources): Uint8Array {
	switch (content.src) {
		case 'bytes':
			return Uint8Array.from(content.v);
		case 'huge':
			return new TextEncoder().encode(HUGE.lines());
		case 'empty':
			return new Uint8Array(0);
		case 'world': {
			const base = sources.files[content.name];
			if (!base) throw new Error(`no world file ${content.name}`);
			const bytes = Uint8Array.from(base);
			for (const [at, b] of content.patch) if (bytes.length) bytes[at % bytes.length] = b;
			return content.cut === null ? bytes : bytes.slice(0, content.cut % (bytes.length + 1));
		}
		case 'json':
			return new TextEncoder().encode(JSON.stringify(editJson(sources.json, content.edits)));
	}
}

export function textOf(value: FormValue): string {
	if (value.t === 'text') return value.v;
	if (value.t === 'huge') return HUGE[value.v]();
	if (value.t === 'bytes') return new TextDecoder().decode(Uint8Array.from(value.v));
	return value.name;
}

// ---- bodies -------------------------------------------------------------------------------------

const BOUNDARY = '----SuperChefFuzzBoundary7MA4YWxkTrZu0gW';
const encoder = new TextEncoder();

/** As browsers write a multipart name: quotes and line breaks percent-encoded. */
function dispositionName(s: string): string {
	return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Percent-encodes bytes as application/x-www-form-urlencoded does (space as +). */
function formEncode(bytes: Uint8Array): string {
	let out = '';
	for (const b of bytes) {
		const c = String.fromCharCode(b);
		if (/[A-Za-z0-9*\-._]/.test(c)) out += c;
		else if (b === 0x20) out += '+';
		else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

function valueBytes(value: FormValue, sources: FileSources): Uint8Array {
	if (value.t === 'bytes') return Uint8Array.from(value.v);
	if (value.t === 'file') return fileBytes(value.content, sources);
	return encoder.encode(textOf(value));
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

export function multipartBody(entries: FormEntry[], sources: FileSources): Uint8Array<ArrayBuffer> {
	const parts: Uint8Array[] = [];
	for (const { name, value } of entries) {
		let head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${dispositionName(name)}"`;
		if (value.t === 'file') head += `; filename="${dispositionName(value.name)}"\r\nContent-Type: ${value.mime || 'application/octet-stream'}`;
		parts.push(encoder.encode(head + '\r\n\r\n'), valueBytes(value, sources), encoder.encode('\r\n'));
	}
	parts.push(encoder.encode(`--${BOUNDARY}--\r\n`));
	return concat(parts);
}

export interface Body {
	contentType: string;
	bytes: Uint8Array<ArrayBuffer>;
}

/** The request body for these entries; `cut` shortens a broken multipart body. */
export function encodeBody(entries: FormEntry[], encoding: BodyEncoding, sources: FileSources, cut = 0): Body {
	switch (encoding) {
		case 'multipart':
			return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, bytes: multipartBody(entries, sources) };
		case 'broken-multipart': {
			const whole = multipartBody(entries, sources);
			// Cut short (a dropped connection), or announced with another boundary.
			return cut % 2 === 0
				? { contentType: `multipart/form-data; boundary=${BOUNDARY}`, bytes: whole.slice(0, cut % Math.max(whole.length - 1, 1)) }
				: { contentType: 'multipart/form-data; boundary=autre-frontiere', bytes: whole };
		}
		case 'urlencoded': {
			const pairs = entries.map(({ name, value }) => {
				const bytes = value.t === 'file' ? encoder.encode(value.name) : valueBytes(value, sources);
				return `${formEncode(encoder.encode(name))}=${formEncode(bytes)}`;
			});
			return { contentType: 'application/x-www-form-urlencoded', bytes: encoder.encode(pairs.join('&')) };
		}
		case 'text-plain':
			return {
				contentType: 'text/plain;charset=UTF-8',
				bytes: concat(entries.map(({ name, value }) => concat([encoder.encode(`${name}=`), valueBytes(value, sources), encoder.encode('\r\n')])))
			};
	}
}
