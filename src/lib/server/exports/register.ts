// The register as rows: one per fiche, one column per declared field of the fiche (its export
// label), then the dates and the completeness. Used by the CSV and the XLSX exports. A field that
// applies but has no answer reads « non renseigné »; one that does not apply (e.g. the sensitive data
// of a fiche without any) is left empty. Every row ends with the organisation: the controller (the
// commune, its mayor, address, SIREN) and its DPD (art. 30(1)(a)), so that a CSV handed on, or one row
// copied elsewhere, still names who keeps the register; our import reads these columns and skips them.
import { applies, displayValue, NOT_ANSWERED, shortLabel } from '../../recipes/fields';
import { activityKind, kindFields, LEGAL_BASES, supportKind } from '../../recipes/records';
import type { Answers, FieldDef } from '../../recipes/types';
import type { Executor } from '../db';
import type { RecordRow } from '../db/schema';
import { securityText } from '../../recipes/completeness';
import { loadCompleteness } from '../completeness';
import { listRecords, recordTitle } from '../domain/records';
import { bodyName, parisDate } from '../../french';
import { eq } from 'drizzle-orm';
import { communes } from '../db/schema';
import { recipeAnswersOf } from '../domain/recipes';
import { dpdRecipe } from '../../recipes/dpd';

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
	{ key: '_missing', label: 'À compléter' },
	{ key: '_controller', label: 'Responsable du traitement (organisme)' },
	{ key: '_representative', label: 'Représentant du responsable' },
	{ key: '_controllerAddress', label: 'Adresse du responsable' },
	{ key: '_controllerSiren', label: 'SIREN du responsable' },
	{ key: '_dpd', label: 'Délégué à la protection des données (DPD)' },
	{ key: '_dpdContact', label: 'Coordonnées du DPD' }
];

/** The register's columns that describe the organisation, the same on every row. */
export const ORGANISATION_KEYS = ['_controller', '_representative', '_controllerAddress', '_controllerSiren', '_dpd', '_dpdContact'];

/** The DPD's name and contact details as « label, value » lines: the dpd recipe's fields that declare art. 30(1)(a). */
export function dpdLines(dpd: Answers): { name: string; label: string; value: string }[] {
	const out: { name: string; label: string; value: string }[] = [];
	for (const step of dpdRecipe.steps) {
		if (step.kind !== 'form') continue;
		for (const f of step.fields) if (f.law?.art30 === 'a' && applies(f, dpd)) out.push({ name: f.name, label: shortLabel(f), value: displayValue(f, dpd[f.name], new Map()) || NOT_ANSWERED });
	}
	return out;
}

/** The DPD's fields that name the person (and the body employing a shared or external DPD); the others are the contact. */
const DPD_NAME_FIELDS = ['firstName', 'lastName', 'organisation'];

/** The cells of the organisation columns. */
export async function organisationCells(db: Executor, communeId: string): Promise<Record<string, string>> {
	const [[commune], dpd] = await Promise.all([db.select().from(communes).where(eq(communes.id, communeId)), recipeAnswersOf(db, communeId, 'dpd') as Promise<Answers>]);
	if (!commune) throw new Error(`commune ${communeId} not found`);
	const lines = dpdLines(dpd);
	const answered = (ls: typeof lines) => ls.filter((l) => l.value !== NOT_ANSWERED);
	const value = (name: string) => answered(lines).find((l) => l.name === name)?.value;
	const person = [value('firstName'), value('lastName')].filter(Boolean).join(' ');
	const body = value('organisation');
	return {
		_controller: bodyName(commune),
		_representative: commune.mayorName || NOT_ANSWERED,
		_controllerAddress: [commune.address, commune.postalCode].filter(Boolean).join(' ') || NOT_ANSWERED,
		_controllerSiren: commune.siren ?? '',
		_dpd: [person, body && `(${body})`].filter(Boolean).join(' ') || NOT_ANSWERED,
		_dpdContact:
			answered(lines.filter((l) => !DPD_NAME_FIELDS.includes(l.name)))
				.map((l) => `${l.label} : ${l.value}`)
				.join('\n') || NOT_ANSWERED
	};
}

export async function registerRows(db: Executor, communeId: string): Promise<{ row: RecordRow; cells: Record<string, string> }[]> {
	const [fiches, supports, judged, organisation] = await Promise.all([
		listRecords(db, communeId, 'activity'),
		listRecords(db, communeId, 'support'),
		loadCompleteness(db, communeId),
		organisationCells(db, communeId)
	]);
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
		Object.assign(cells, organisation);
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
