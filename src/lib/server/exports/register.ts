// The register as rows: one per fiche, the columns of the CNIL model derived from the fiche's
// declared fields. Used by the CSV export (and later the XLSX and the PDF).
import { activityKind, kindFields, LEGAL_BASES } from '../../recipes/records';
import type { Answers, FieldDef } from '../../recipes/types';
import type { Executor } from '../db';
import type { RecordRow } from '../db/schema';
import { completenessOf, listRecords, recordTitle } from '../domain/records';
import { supportKind } from '../../recipes/records';
import { parisDate } from '../../french';

export interface RegisterColumn {
	key: string;
	label: string;
}

/** Human-readable value of a field: option labels, lists joined, referenced records by name. */
export function displayValue(field: FieldDef, value: unknown, names: Map<string, string>): string {
	if (value === undefined || value === null || value === '') return '';
	const label = (v: string) => field.options?.find((o) => o.value === v)?.label ?? v;
	switch (field.type) {
		case 'radio':
		case 'select':
			return typeof value === 'string' ? label(value) : '';
		case 'checkboxes':
			return Array.isArray(value) ? value.map((v) => label(String(v))).join(' ; ') : '';
		case 'records':
			return Array.isArray(value) ? value.map((id) => names.get(String(id)) ?? '(supprimé)').join(' ; ') : '';
		case 'boolean':
			return value === 'oui' ? 'Oui' : value === 'non' ? 'Non' : '';
		default:
			return String(value);
	}
}

export const REGISTER_COLUMNS: RegisterColumn[] = [
	...kindFields(activityKind).map((f) => ({ key: f.name, label: f.exportLabel ?? f.label })),
	{ key: '_createdAt', label: 'Date de création' },
	{ key: '_updatedAt', label: 'Date de dernière mise à jour' },
	{ key: '_completeness', label: 'Complétude (%)' }
];

export async function registerRows(db: Executor, communeId: string): Promise<{ row: RecordRow; cells: Record<string, string> }[]> {
	const [fiches, supports] = await Promise.all([listRecords(db, communeId, 'activity'), listRecords(db, communeId, 'support')]);
	const names = new Map(supports.map((s) => [s.id, recordTitle(supportKind, s.data)]));
	const fields = kindFields(activityKind);
	const date = (d: Date) => parisDate(d);
	return fiches.map((row) => {
		const cells: Record<string, string> = {};
		for (const f of fields) cells[f.name] = displayValue(f, (row.data as Answers)[f.name], names);
		cells._createdAt = date(row.createdAt);
		cells._updatedAt = date(row.updatedAt);
		cells._completeness = String(completenessOf(activityKind, row.data).percent);
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
