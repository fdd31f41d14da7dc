import { countImportedAudit, listAudit } from '$lib/server/audit';
import { journalView } from '$lib/server/journal-view';
import { requireCommune } from '$lib/server/tenancy';

const PAGE = 50;

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const raw = Number(event.url.searchParams.get('avant'));
	const before = Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
	// The history an imported file told is a separate list (`?historique=importe`), never mixed with what was recorded here.
	const imported = event.url.searchParams.get('historique') === 'importe';
	const [entries, importedCount] = await Promise.all([listAudit(db, commune.id, { limit: PAGE + 1, before, imported }), countImportedAudit(db, commune.id)]);
	const more = entries.length > PAGE;
	return { entries: await journalView(db, commune.id, entries.slice(0, PAGE)), next: more ? entries[PAGE - 1]!.id : null, paged: Boolean(before), imported, importedCount };
}
