// The register as an Excel workbook, laid out like the CNIL's model: a first sheet for the
// organisation (controller, DPD, list of activities), then one row per fiche with the same columns
// as the CSV export. A cell a spreadsheet could take for a formula (« =… », « +… ») is written as
// text with the text number format « @ » (exceljs 4 cannot write the `quotePrefix` style): Excel and
// LibreOffice show it as typed and keep it text when edited, with no visible apostrophe. Dates are
// dates (« jj/mm/aaaa »), the completeness a number, and an empty answer an empty cell.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Answers } from '../../recipes/types';
import type { Executor } from '../db';
import { communes } from '../db/schema';
import { recipeAnswersOf } from '../domain/recipes';
import { NOT_ANSWERED } from '../../recipes/fields';
import { dpdLines, REGISTER_COLUMNS, registerRows, type RegisterColumn } from './register';
import { bodyName, formatDate, today } from '../../french';

export const ORGANISATION_SHEET = 'Organisme';
export const REGISTER_SHEET = 'Registre';

const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** Column widths (characters): computed columns and short answers narrow, long texts wide. */
function widthOf(c: RegisterColumn): number {
	if (c.key === '_missing') return 40;
	if (!c.field) return 14;
	return c.field.type === 'textarea' || c.field.type === 'checkboxes' || c.field.type === 'records' ? 40 : 24;
}

/** What a spreadsheet would read as a formula if typed in (same rule as the CSV). */
export const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** The French date format of the date cells. */
export const DATE_FORMAT = 'dd/mm/yyyy';

/** An ISO day (YYYY-MM-DD) as the Date of that day at 00:00 UTC: the spreadsheet's serial day, whatever the server's zone. */
function dayOf(iso: string | undefined): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
	return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** Writes a value in a cell: empty stays empty, a date is a date, a formula-like text is kept as text. */
function put(cell: ExcelJS.Cell, value: string | number | Date | null | undefined) {
	if (value === null || value === undefined || value === '') {
		cell.value = null;
		return;
	}
	cell.value = value;
	if (value instanceof Date) cell.numFmt = DATE_FORMAT;
	else if (typeof value === 'string' && FORMULA_LIKE.test(value)) cell.numFmt = '@';
}

export async function registerXlsx(db: Executor, communeId: string, now = new Date()): Promise<Buffer> {
	const [commune] = await db.select().from(communes).where(eq(communes.id, communeId));
	if (!commune) throw new Error(`commune ${communeId} not found`);
	const [rows, dpd] = await Promise.all([registerRows(db, communeId), recipeAnswersOf(db, communeId, 'dpd') as Promise<Answers>]);
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Super Chef RGPD';
	wb.created = now;
	wb.modified = now;

	// ---- Organisation sheet ----
	const org = wb.addWorksheet(ORGANISATION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	org.columns = [{ width: 34 }, { width: 60 }, { width: 18 }, { width: 18 }];
	const title = org.addRow([`Registre des activités de traitement — ${bodyName(commune)}`]);
	title.font = { bold: true, size: 14 };
	org.addRow([`Édité le ${formatDate(today(now))} (article 30 du RGPD)`]).font = { italic: true };
	const section = (label: string) => {
		org.addRow([]);
		org.addRow([label]).font = { bold: true, size: 12 };
	};
	const line = (label: string, value: unknown) => {
		const row = org.addRow([label]);
		put(row.getCell(2), s(value) || (typeof value === 'number' ? String(value) : ''));
		row.getCell(1).font = { bold: true };
		row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
	};
	section('Responsable du traitement');
	line('Organisme', bodyName(commune));
	line('Représentant légal (maire ou président)', commune.mayorName);
	line('Adresse', commune.address);
	line('Code postal', commune.postalCode ?? '');
	line('Code INSEE', commune.inseeCode ?? '');
	line('SIREN', commune.siren ?? '');
	line('Téléphone', commune.phone);
	line('E-mail', commune.email);
	section('Délégué à la protection des données (DPD)');
	// The DPD's name and contact details: the fields of the dpd recipe that declare art. 30(1)(a).
	for (const l of dpdLines(dpd)) line(l.label, l.value);
	section('Activités de traitement');
	const head = org.addRow(['N°', 'Nom du traitement', 'Date de création', 'Date de dernière mise à jour']);
	head.font = { bold: true };
	rows.forEach(({ cells }, i) => {
		const r = org.addRow([i + 1]);
		put(r.getCell(2), cells.name);
		put(r.getCell(3), dayOf(cells._createdAt));
		put(r.getCell(4), dayOf(cells._updatedAt));
		r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
	});
	if (!rows.length) org.addRow(['', 'Aucune activité enregistrée']);

	// ---- Register sheet: one row per fiche ----
	const sheet = wb.addWorksheet(REGISTER_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
	sheet.columns = REGISTER_COLUMNS.map((c) => ({ header: c.label, key: c.key, width: widthOf(c) }));
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.alignment = { wrapText: true, vertical: 'top' };
	header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
	for (const { cells } of rows) {
		const row = sheet.addRow([]);
		REGISTER_COLUMNS.forEach((c, i) => {
			const cell = row.getCell(i + 1);
			const text = cells[c.key] ?? '';
			put(cell, c.key === '_createdAt' || c.key === '_updatedAt' ? dayOf(text) : c.key === '_completeness' ? Number(text || 0) : text);
			cell.alignment = { wrapText: true, vertical: 'top' };
			if (text === NOT_ANSWERED) cell.font = { italic: true, color: { argb: 'FF767676' } };
		});
	}
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REGISTER_COLUMNS.length } };
	const out = await wb.xlsx.writeBuffer();
	return Buffer.from(out as ArrayBuffer);
}
