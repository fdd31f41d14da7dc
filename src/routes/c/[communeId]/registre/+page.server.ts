import { DPIA_HINTS, LEGAL_BASES } from '$lib/recipes/records';
import { LEGAL_BASIS_SHORT } from '$lib/server/exports/register';
import { proposedEntries } from '$lib/server/domain/proposals';
import { registerFilters, registerPage } from '$lib/server/register-list';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const filters = registerFilters(event.url.searchParams);
	const [page, proposed] = await Promise.all([registerPage(db, commune.id, filters, event.url.searchParams.get('page')), proposedEntries(db, commune.id)]);
	return {
		...page,
		/** Entries proposed by the app, not yet confirmed (« À confirmer »). */
		toConfirm: proposed.length,
		firstToConfirm: proposed[0]?.id ?? null,
		allConfirmed: event.url.searchParams.has('confirmees') && proposed.length === 0,
		filters,
		bases: LEGAL_BASES.map((b) => ({ value: b.value, label: LEGAL_BASIS_SHORT[b.value] ?? b.label })),
		dpiaLabels: Object.fromEntries(DPIA_HINTS.map((h) => [h.value, h.label]))
	};
}
