// The register as rows: one per fiche, one column per declared field of the fiche (its export
// label), then the dates and the completeness. Used by the CSV and the XLSX exports. A field that
// applies but has no answer reads « non renseigné »; one that does not apply (e.g. the sensitive data
// of a fiche without any) is left empty.
import { applies, displayValue, NOT_ANSWERED, shortLabel } from '../../recipes/fields';
import { activityKind, kindFields, LEGAL_BASES, supportKind } from '../../recipes/records';
import type { Answers, FieldDef } from '../../recipes/types';
import type { Executor } from '../db';
import type { RecordRow } from '../db/schema';
import { securityText } from '../../recipes/completeness';
import { loadCompleteness } from '../completeness';
import { listRecords, recordTitle } from '../domain/records';
import { parisDate } from '../../french';

export interface RegisterColumn {
	key: string;
	label: string;
	/** The declared field of the column; none for the computed columns (dates, completeness). */
	field?: FieldDef;
}

export { displayValue };

export const REGISTER_COLUMNS: RegisterColumn[] = [
	...kindFields(activityKind).map((f) => ({ key: f.name, label: shortLabel(f), field: f })),
	{ key: '_createdAt', label: 'Date de création' },
	{ key: '_updatedAt', label: 'Date de dernière mise à jour' },
	{ key: '_completeness', label: 'Complétude (%)' },
	{ key: '_missing', label: 'À compléter' }
];

export async function registerRows(db: Executor, communeId: string): Promise<{ row: RecordRow; cells: Record<string, string> }[]> {
	const [fiches, supports, judged] = await Promise.all([listRecords(db, communeId, 'activity'), listRecords(db, communeId, 'support'), loadCompleteness(db, communeId)]);
	const names = new Map(supports.map((s) => [s.id, recordTitle(supportKind, s.data)]));
	const fields = kindFields(activityKind);
	const date = (d: Date) => parisDate(d);
	return fiches.map((row) => {
		const cells: Record<string, string> = {};
		for (const f of fields) cells[f.name] = displayValue(f, (row.data as Answers)[f.name], names) || (applies(f, row.data as Answers) ? NOT_ANSWERED : '');
		// The security columns: the fiche's answers, then the mairie's measures that protect its supports.
		for (const h of judged.security(row.data).headings) cells[h.name] = securityText(h) || cells[h.name]!;
		const c = judged.of(activityKind, row);
		cells._createdAt = date(row.createdAt);
		cells._updatedAt = date(row.updatedAt);
		cells._completeness = String(c.percent);
		cells._missing = c.missing.map(shortLabel).join(' ; ');
		return { row, cells };
	});
}

/** A CSV cell: quoted, and defused when a spreadsheet would read it as a formula. */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** UTF-8 with BOM and ";" separators, as French spreadsheets expect. */
export async function registerCsv(db: Executor, communeId: string): Promise<string> {
	const rows = await registerRows(db, communeId);
	const lines = [REGISTER_COLUMNS.map((c) => csvCell(c.label)).join(';')];
	for (const { cells } of rows) lines.push(REGISTER_COLUMNS.map((c) => csvCell(cells[c.key] ?? '')).join(';'));
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export const LEGAL_BASIS_SHORT: Record<string, string> = Object.fromEntries(LEGAL_BASES.map((b) => [b.value, b.label.replace(/ \(art.*$/, '')]));
