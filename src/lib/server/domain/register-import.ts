// Importing an existing register (CSV or XLSX with the CNIL model's columns) in two steps:
// a preview that writes nothing, then the confirmation that creates the fiches in one transaction.
// The rows read at the preview travel in the page as JSON, signed (HMAC-SHA256, a key drawn when
// the server starts, bound to the commune and the user); the confirmation checks the signature
// and validates every value again with the fiche's schemas before writing.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { parseFields } from '../../recipes/engine';
import { activityKind, RECORD_KINDS } from '../../recipes/records';
import type { Db, Executor } from '../db';
import { records } from '../db/schema';
import { cellInput, FICHE_FIELDS, matchColumns, normalizeHeader, readTable } from '../exports/register-parse';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError } from './errors';
import { createRecords, writerOf, type NewRecord } from './record-writes';
import { recordTitle } from './records';

/** The kind the register import creates, and the kind its « supports » column names. */
const FICHE_KIND = activityKind;
const SUPPORTS_KIND = FICHE_FIELDS.find((f) => f.name === 'supports')?.recordKind ?? '';

export interface ImportProblem {
	/** Spreadsheet row number (the header is row 1 in a file that starts with it). */
	line: number;
	column: string;
	message: string;
}

export interface ImportRow {
	line: number;
	input: Record<string, string | string[]>;
	/** Supports the row names that the commune's cartography lacks: created with the fiche. */
	newSupports?: string[];
}

export interface RegisterPreview {
	filename: string;
	sheet: string;
	/** Columns read, and the field each fills. */
	columns: { header: string; field: string }[];
	ignored: string[];
	/** What will be created. */
	fiches: { line: number; name: string; filled: number }[];
	/** Every row that cannot be read (not created), with the reason. */
	problems: ImportProblem[];
	/** What will be created besides, row by row (a support missing from the cartography). */
	warnings: ImportProblem[];
	/** The supports the import will add to the cartography, to be completed there. */
	newSupports: string[];
	payload: string;
	signature: string;
}

const holder = globalThis as typeof globalThis & { __superChefImportKey?: Buffer };
function key(): Buffer {
	holder.__superChefImportKey ??= randomBytes(32);
	return holder.__superChefImportKey;
}

function sign(access: Pick<Access, 'user' | 'commune'>, payload: string): string {
	return createHmac('sha256', key()).update(`${access.commune.id}\n${access.user.id}\n${payload}`).digest('hex');
}

const labelOf = (name: string) => {
	const f = FICHE_FIELDS.find((x) => x.name === name);
	return f ? (f.exportLabel ?? f.label) : name;
};

async function liveNames(db: Executor, communeId: string, kind: string): Promise<Map<string, string>> {
	const rows = await db
		.select({ id: records.id, data: records.data })
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, kind), isNull(records.archivedAt)));
	return new Map(rows.map((r) => [normalizeHeader(recordTitle(RECORD_KINDS[kind]!, r.data)), r.id]));
}

/** Checks one row as the form would; returns its problems (none: the row will be created). */
function checkRow(row: ImportRow, existing: Set<string>): ImportProblem[] {
	const names = Object.keys(row.input);
	const { errors } = parseFields(FICHE_FIELDS, row.input, names);
	const problems = Object.entries(errors).map(([name, message]) => ({ line: row.line, column: labelOf(name), message }));
	const name = typeof row.input.name === 'string' ? row.input.name.trim() : '';
	if (!name) problems.unshift({ line: row.line, column: labelOf('name'), message: 'la case est vide : chaque fiche a besoin d’un nom.' });
	else if (existing.has(normalizeHeader(name))) problems.unshift({ line: row.line, column: labelOf('name'), message: `une fiche « ${name} » existe déjà dans le registre (ou plus haut dans le fichier) : ligne ignorée.` });
	return problems;
}

/** Reads the file and says what would be created and which rows cannot be read. Writes nothing. */
export async function previewRegisterImport(db: Executor, access: Access, filename: string, bytes: Uint8Array): Promise<RegisterPreview> {
	assertCanEdit(access);
	const table = await readTable(bytes);
	const columns = matchColumns(table.headers);
	const [supports, fiches] = await Promise.all([liveNames(db, access.commune.id, SUPPORTS_KIND), liveNames(db, access.commune.id, FICHE_KIND.id)]);
	const existing = new Set(fiches.keys());
	const problems: ImportProblem[] = [];
	const warnings: ImportProblem[] = [];
	const accepted: ImportRow[] = [];
	const newSupports = new Map<string, string>();
	for (const { line, cells } of table.rows) {
		const input: Record<string, string | string[]> = {};
		const rowProblems: ImportProblem[] = [];
		const rowWarnings: ImportProblem[] = [];
		const missing: string[] = [];
		for (const col of columns) {
			if (!col.field) continue;
			const read = cellInput(col.field, cells[col.index] ?? '', supports);
			if ('error' in read) rowProblems.push({ line, column: col.header, message: read.error });
			else {
				input[col.field.name] = read.value;
				for (const name of read.missing ?? []) {
					missing.push(name);
					rowWarnings.push({ line, column: col.header, message: `« ${name.slice(0, 80)} » n’est pas dans la cartographie de la commune : le support sera créé avec la fiche ; complétez-le ensuite (type, lieu, utilisateurs).` });
				}
			}
		}
		const row: ImportRow = missing.length ? { line, input, newSupports: missing } : { line, input };
		// Only the values given: empty cells are left out (as an empty form field would be).
		for (const [k, v] of Object.entries(input)) if (v === '' || (Array.isArray(v) && !v.length)) delete input[k];
		rowProblems.push(...checkRow(row, existing));
		if (rowProblems.length) problems.push(...rowProblems);
		else {
			accepted.push(row);
			warnings.push(...rowWarnings);
			for (const name of missing) if (!newSupports.has(normalizeHeader(name))) newSupports.set(normalizeHeader(name), name);
			existing.add(normalizeHeader(String(input.name)));
		}
	}
	const payload = JSON.stringify({ v: 1, communeId: access.commune.id, filename, rows: accepted });
	return {
		filename,
		sheet: table.sheet,
		columns: columns.filter((c) => c.field).map((c) => ({ header: c.header, field: c.field!.name })),
		ignored: columns.filter((c) => !c.field && c.header && !c.computed).map((c) => c.header),
		fiches: accepted.map((r) => ({ line: r.line, name: String(r.input.name), filled: Object.keys(r.input).length })),
		problems,
		warnings,
		newSupports: [...newSupports.values()],
		payload,
		signature: sign(access, payload)
	};
}

export const EXPIRED = 'L’aperçu a expiré ou a été modifié : déposez le fichier à nouveau.';

/** Creates the previewed fiches (origin { import: filename }), each audited, in one transaction. */
export async function confirmRegisterImport(db: Db, access: Access, payload: unknown, signature: unknown): Promise<{ created: number; supportsCreated: number; skipped: ImportProblem[] }> {
	assertCanEdit(access);
	if (typeof payload !== 'string' || typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) throw new DomainError(EXPIRED);
	const expected = Buffer.from(sign(access, payload), 'hex');
	if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new DomainError(EXPIRED);
	const parsed = JSON.parse(payload) as { v: number; communeId: string; filename: string; rows: ImportRow[] };
	if (parsed.v !== 1 || parsed.communeId !== access.commune.id || !Array.isArray(parsed.rows)) throw new DomainError(EXPIRED);
	const filename = String(parsed.filename).slice(0, 200);
	return db.transaction(async (tx) => {
		const [supports, fiches] = await Promise.all([liveNames(tx, access.commune.id, SUPPORTS_KIND), liveNames(tx, access.commune.id, FICHE_KIND.id)]);
		const liveSupports = new Set(supports.values());
		const existing = new Set(fiches.keys());
		const skipped: ImportProblem[] = [];
		const toCreate: NewRecord[] = [];
		// Supports the file names and the cartography lacks: created once (by name), incomplete, with the import as origin.
		let supportsCreated = 0;
		const supportFor = async (name: string, line: number): Promise<string> => {
			const key = normalizeHeader(name);
			const found = supports.get(key);
			if (found) return found;
			const [id] = await createRecords(tx, writerOf(access), [
				{ kind: SUPPORTS_KIND, data: { name: name.slice(0, 200) }, origin: { import: filename }, action: 'création par import', via: 'import', provenance: `${filename}, ligne ${line}` }
			]);
			supports.set(key, id!);
			liveSupports.add(id!);
			supportsCreated++;
			return id!;
		};
		for (const row of parsed.rows) {
			const problems = checkRow(row, existing);
			const refs = Array.isArray(row.input.supports) ? row.input.supports : [];
			if (refs.some((id) => !liveSupports.has(id))) problems.push({ line: row.line, column: labelOf('supports'), message: 'un des supports a été supprimé depuis l’aperçu.' });
			if (problems.length) {
				skipped.push(...problems);
				continue;
			}
			const { values } = parseFields(FICHE_FIELDS, row.input, Object.keys(row.input));
			const added: string[] = [];
			for (const name of Array.isArray(row.newSupports) ? row.newSupports.map(String) : []) added.push(await supportFor(name, row.line));
			if (added.length) values.supports = [...new Set([...(Array.isArray(values.supports) ? (values.supports as string[]) : []), ...added])];
			toCreate.push({ kind: FICHE_KIND, data: values, origin: { import: filename }, action: 'création par import', via: 'import', provenance: `${filename}, ligne ${row.line}` });
			existing.add(normalizeHeader(String(values.name)));
		}
		await createRecords(tx, writerOf(access), toCreate);
		return { created: toCreate.length, supportsCreated, skipped };
	});
}

