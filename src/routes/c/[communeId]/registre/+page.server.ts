import { activityKind, DPIA_HINTS, LEGAL_BASES } from '$lib/recipes/records';
import { completenessOf } from '$lib/server/domain/records';
import { shortLabel } from '$lib/recipes/fields';
import { registerRows, LEGAL_BASIS_SHORT } from '$lib/server/exports/register';
import { requireCommune } from '$lib/server/tenancy';
import { normalize } from '$lib/server/official-list';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const base = event.url.searchParams.get('base') ?? '';
	const etat = event.url.searchParams.get('etat') ?? '';
	const sensibles = event.url.searchParams.get('sensibles') === 'oui';
	const rows = await registerRows(db, commune.id);
	const all = rows.map(({ row, cells }) => {
		const c = completenessOf(activityKind, row.data);
		return {
			id: row.id,
			name: cells.name || 'Sans nom',
			legalBasis: typeof row.data.legalBasis === 'string' ? row.data.legalBasis : '',
			legalBasisLabel: LEGAL_BASIS_SHORT[String(row.data.legalBasis)] ?? 'non renseignée',
			sensitive: row.data.hasSensitive === 'oui',
			dpiaHint: typeof row.data.dpiaHint === 'string' ? row.data.dpiaHint : '',
			percent: c.percent,
			missing: c.missing.map(shortLabel),
			fromCatalogue: Boolean(row.origin.catalogue),
			updatedAt: row.updatedAt.toISOString()
		};
	});
	const nq = normalize(q);
	const fiches = all.filter(
		(f) =>
			(!nq || normalize(f.name).includes(nq)) &&
			(!base || f.legalBasis === base) &&
			(!etat || (etat === 'complete' ? f.percent === 100 : f.percent < 100)) &&
			(!sensibles || f.sensitive)
	);
	return {
		fiches,
		total: all.length,
		complete: all.filter((f) => f.percent === 100).length,
		filters: { q, base, etat, sensibles },
		bases: LEGAL_BASES.map((b) => ({ value: b.value, label: LEGAL_BASIS_SHORT[b.value] ?? b.label })),
		dpiaLabels: Object.fromEntries(DPIA_HINTS.map((h) => [h.value, h.label]))
	};
}
