// Reading a register made elsewhere, as CSV or XLSX with the columns of our export (the CNIL
// model's): the table of cells, the columns matched to the fiche's fields (case, accents and
// punctuation ignored), and each cell turned back into the value the app stores.
import type ExcelJS from 'exceljs';
import { ownSecurityText } from '../../recipes/completeness';
import { NOT_ANSWERED } from '../../recipes/fields';
import { activityKind, kindFields, SECURITY_FIELD_NAMES } from '../../recipes/records';
import type { FieldDef } from '../../recipes/types';
import { DomainError } from '../domain/errors';
import { REGISTER_COLUMNS } from './register';
import { readXlsxInWorker } from './xlsx-worker';
import { checkZip } from './zip-guard';

export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Lower case, no accents, every run of punctuation or spaces as one space. */
export function normalizeHeader(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

export interface Table {
	/** The sheet's name (XLSX) or "CSV". */
	sheet: string;
	/** Spreadsheet row number of the header (1-based). */
	headerRow: number;
	headers: string[];
	/** Data rows with their spreadsheet row number. */
	rows: { line: number; cells: string[] }[];
}

function refuse(message: string): never {
	throw new DomainError(message, { file: message });
}

// ---- CSV ------------------------------------------------------------------------------------

/** Windows-1252's 0x80–0x9F (Node's decoder may read them as Latin-1 control codes): ’ œ € … */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** UTF-8 (with or without BOM), else Windows-1252 as Excel writes "CSV (séparateur : point-virgule)". */
export function decodeText(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80]! : String.fromCharCode(b))).join('');
	}
	return text.replace(/^\ufeff/, '');
}

/** RFC 4180 with the separator of the header line (« ; », « , » or tab); quoted cells may span lines. */
export function parseCsv(text: string): string[][] {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const count = (ch: string) => firstLine.split('"').filter((_, i) => i % 2 === 0).join('').split(ch).length - 1;
	const sep = [';', ',', '\t'].sort((a, b) => count(b) - count(a))[0]!;
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else cell += ch;
		} else if (ch === '"' && cell === '') quoted = true;
		else if (ch === sep) {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (quoted) refuse('Le fichier CSV est tronqué : un guillemet ouvert n’est jamais refermé.');
	if (cell !== '' || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

// ---- XLSX -----------------------------------------------------------------------------------

type CellValue = ExcelJS.CellValue;

export function cellText(value: CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
		if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? '');
		if ('text' in value) return cellText((value as { text: CellValue }).text);
		if ('error' in value) return '';
	}
	return String(value);
}

/** Columns read in a sheet: a register has about forty. */
export const MAX_IMPORT_COLUMNS = 200;

export interface ReadLimits {
	/** The worker's time and memory limits (tests lower them). */
	timeLimitMs?: number;
	memoryMb?: number;
}

/**
 * The sheets of a workbook, each cut at MAX_IMPORT_ROWS + 20 rows and MAX_IMPORT_COLUMNS columns.
 * The zip is checked by its declared sizes before anything is unpacked (`zip-guard.ts`), then read
 * with a streaming reader in a worker thread with memory and time limits (`xlsx-worker.ts`).
 */
async function readXlsx(bytes: Uint8Array, limits: ReadLimits = {}): Promise<{ name: string; rows: string[][] }[]> {
	const entries = checkZip(bytes);
	const sheets = await readXlsxInWorker(bytes, entries, { maxRows: MAX_IMPORT_ROWS + 20, maxColumns: MAX_IMPORT_COLUMNS, timeLimitMs: limits.timeLimitMs, memoryMb: limits.memoryMb });
	return sheets.map((s) => ({ name: s.name, rows: s.rows.map((cells) => cells.map((v) => cellText(v as CellValue))) }));
}

// ---- columns --------------------------------------------------------------------------------

export const FICHE_FIELDS = kindFields(activityKind);

/** Every header that names a field: its export label (our CSV/XLSX), its label, its key. */
const HEADER_INDEX = new Map<string, FieldDef>();
for (const f of FICHE_FIELDS) for (const h of [f.exportLabel, f.label, f.name]) if (h) HEADER_INDEX.set(normalizeHeader(h), f);
/** Our export's computed columns (dates, completeness, the organisation): read, never imported. */
const COMPUTED = new Set(REGISTER_COLUMNS.filter((c) => !c.field).map((c) => normalizeHeader(c.label)));

export interface ColumnMatch {
	index: number;
	header: string;
	field: FieldDef | null;
	/** Computed by the app (dates, completeness): not imported. */
	computed?: boolean;
}

export function matchColumns(headers: string[]): ColumnMatch[] {
	const seen = new Set<string>();
	return headers.map((header, index) => {
		const key = normalizeHeader(header);
		const field = HEADER_INDEX.get(key) ?? null;
		if (field && !seen.has(field.name)) {
			seen.add(field.name);
			return { index, header, field };
		}
		return { index, header, field: null, computed: COMPUTED.has(key) };
	});
}

const nameField = FICHE_FIELDS.find((f) => f.name === activityKind.titleField)!;

/** The table of a file: CSV, or the sheet of an XLSX workbook whose header matches most fields. */
export async function readTable(bytes: Uint8Array, limits: ReadLimits = {}): Promise<Table> {
	if (bytes.length > MAX_IMPORT_BYTES) refuse('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.');
	if (!bytes.length) refuse('Le fichier est vide.');
	const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
	const isOldExcel = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
	if (isOldExcel) refuse('Ce fichier est à l’ancien format Excel (.xls) : enregistrez-le au format .xlsx ou CSV, puis déposez-le à nouveau.');
	const sheets = isZip ? await readXlsx(bytes, limits) : [{ name: 'CSV', rows: parseCsv(decodeText(bytes)) }];
	let best: { sheet: string; headerRow: number; score: number; rows: string[][] } | null = null;
	for (const s of sheets) {
		for (let r = 0; r < Math.min(s.rows.length, 10); r++) {
			const matches = matchColumns(s.rows[r]!).filter((m) => m.field);
			if (!matches.some((m) => m.field === nameField)) continue;
			if (!best || matches.length > best.score) best = { sheet: s.name, headerRow: r + 1, score: matches.length, rows: s.rows };
		}
	}
	if (!best) {
		refuse(`Colonne « ${nameField.exportLabel} » introuvable dans les premières lignes : le fichier doit avoir les colonnes du registre (celles de l’export CSV ou Excel de l’application).`);
	}
	const headers = best.rows[best.headerRow - 1]!.map((h) => h.trim());
	const rows = best.rows
		.slice(best.headerRow)
		.map((cells, i) => ({ line: best!.headerRow + 1 + i, cells: cells.map((c) => c.replace(/\r\n?/g, '\n')) }))
		.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length > MAX_IMPORT_ROWS) refuse(`Le fichier compte ${rows.length} lignes : ${MAX_IMPORT_ROWS} au plus par import.`);
	return { sheet: best.sheet, headerRow: best.headerRow, headers, rows };
}

// ---- cells to values ------------------------------------------------------------------------

/** Our CSV defuses formulas with a leading apostrophe: take it off. */
const undefuse = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

/** The ways an option may be written: its label, the label without its "(art. …)", its value, the reference inside. */
function optionKeys(o: { value: string; label: string }): string[] {
	const keys = [o.label, o.value, o.label.replace(/\s*\([^)]*\)\s*$/, '')];
	const inner = /\(([^)]*)\)\s*$/.exec(o.label)?.[1];
	if (inner) keys.push(inner, inner.replace(/^art\.?\s*/i, ''));
	return keys.map(normalizeHeader).filter(Boolean);
}

function matchOption(field: FieldDef, text: string): string | null {
	const key = normalizeHeader(text);
	for (const o of field.options ?? []) if (optionKeys(o).includes(key)) return o.value;
	return null;
}

const YES = new Set(['oui', 'o', 'yes', 'y', 'vrai', 'true', 'x', '1']);
const NO = new Set(['non', 'n', 'no', 'faux', 'false', '0']);

/** A list cell: « ; » or line breaks between items (our export joins with « ; »). */
const splitList = (text: string) => text.split(/\s*[;\n]\s*/).map((x) => x.trim()).filter(Boolean);

/**
 * One cell as the form input the app would receive: option labels back to their values, lists split,
 * supports found by name. Returns the value, or a French message when the cell cannot be read.
 */
export function cellInput(field: FieldDef, raw: string, supportsByName: Map<string, string>): { value: string | string[]; missing?: string[] } | { error: string } {
	const text = undefuse(raw.trim());
	// « non renseigné », as our exports write an unanswered field, is no answer.
	if (!text || normalizeHeader(text) === normalizeHeader(NOT_ANSWERED)) return { value: field.type === 'checkboxes' || field.type === 'records' ? [] : '' };
	switch (field.type) {
		case 'radio':
		case 'select': {
			const v = matchOption(field, text);
			return v ? { value: v } : { error: `« ${text.slice(0, 80)} » n’est pas une des propositions (${(field.options ?? []).map((o) => o.label).join(' ; ')}).` };
		}
		case 'checkboxes': {
			const values: string[] = [];
			for (const item of splitList(text)) {
				const v = matchOption(field, item);
				if (!v) return { error: `« ${item.slice(0, 80)} » n’est pas une des propositions ; séparez les choix par « ; ».` };
				if (!values.includes(v)) values.push(v);
			}
			return { value: values };
		}
		case 'boolean': {
			const k = normalizeHeader(text);
			if (YES.has(k)) return { value: 'oui' };
			if (NO.has(k)) return { value: 'non' };
			return { error: `« ${text.slice(0, 40)} » : répondez Oui ou Non.` };
		}
		case 'records': {
			// Supports found by name; those the commune's cartography lacks are named in `missing`
			// (the import creates them), never a reason to drop the row.
			const ids: string[] = [];
			const missing: string[] = [];
			for (const item of splitList(text)) {
				if (item === '(supprimé)') continue;
				const id = supportsByName.get(normalizeHeader(item));
				if (id) {
					if (!ids.includes(id)) ids.push(id);
				} else if (!missing.some((m) => normalizeHeader(m) === normalizeHeader(item))) missing.push(item.slice(0, 200));
			}
			return missing.length ? { value: ids, missing } : { value: ids };
		}
		case 'date': {
			const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
			return { value: fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : text };
		}
		default:
			// A security column of our export ends with the mairie's measures: not the fiche's own answer.
			return { value: SECURITY_FIELD_NAMES.includes(field.name) ? ownSecurityText(text) : text };
	}
}
