// The register as an Excel workbook, laid out like the CNIL's model: a first sheet for the
// organisation (controller, DPD, list of activities), then one row per fiche with the same columns
// as the CSV export.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Answers } from '../../recipes/types';
import type { Executor } from '../db';
import { communes } from '../db/schema';
import { recipeAnswersOf } from '../domain/recipes';
import { dpdRecipe } from '../../recipes/dpd';
import { applies, NOT_ANSWERED, shortLabel } from '../../recipes/fields';
import { displayValue, REGISTER_COLUMNS, registerRows, type RegisterColumn } from './register';
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

/** Defuses a cell a spreadsheet would read as a formula (same rule as the CSV). */
const safe = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);

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
		const row = org.addRow([label, safe(s(value) || (typeof value === 'number' ? String(value) : ''))]);
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
	for (const step of dpdRecipe.steps) {
		if (step.kind !== 'form') continue;
		for (const f of step.fields) if (f.law?.art30 === 'a' && applies(f, dpd)) line(shortLabel(f), displayValue(f, dpd[f.name], new Map()) || NOT_ANSWERED);
	}
	section('Activités de traitement');
	const head = org.addRow(['N°', 'Nom du traitement', 'Date de création', 'Date de dernière mise à jour']);
	head.font = { bold: true };
	rows.forEach(({ cells }, i) => {
		const r = org.addRow([i + 1, safe(cells.name ?? ''), cells._createdAt ?? '', cells._updatedAt ?? '']);
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
		const values: Record<string, string | number> = {};
		for (const c of REGISTER_COLUMNS) values[c.key] = safe(cells[c.key] ?? '');
		values._completeness = Number(cells._completeness ?? 0);
		const row = sheet.addRow(values);
		row.alignment = { wrapText: true, vertical: 'top' };
		row.eachCell((cell) => {
			if (cell.value === NOT_ANSWERED) cell.font = { italic: true, color: { argb: 'FF767676' } };
		});
	}
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REGISTER_COLUMNS.length } };
	const out = await wb.xlsx.writeBuffer();
	return Buffer.from(out as ArrayBuffer);
}
