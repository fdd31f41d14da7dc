import { listAudit } from '$lib/server/audit';
import { journalView } from '$lib/server/journal-view';
import { requireCommune } from '$lib/server/tenancy';

const PAGE = 50;

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const raw = Number(event.url.searchParams.get('avant'));
	const before = Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
	const entries = await listAudit(db, commune.id, { limit: PAGE + 1, before });
	const more = entries.length > PAGE;
	return { entries: await journalView(db, commune.id, entries.slice(0, PAGE)), next: more ? entries[PAGE - 1]!.id : null, paged: Boolean(before) };
}
