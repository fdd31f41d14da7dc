import { getDb } from '$lib/server/db';
import {
	adviceCard,
	canEditAdvice,
	isValidTarget,
	listAdvice,
	MAX_QUERY_LENGTH,
	targetGroups,
	targetLabel
} from '$lib/server/domain/advice';
import { requireUser } from '$lib/server/tenancy';

export async function load(event) {
	const user = requireUser(event);
	const db = await getDb();
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH).trim();
	const rawTarget = params.get('cible') ?? '';
	const target = isValidTarget(rawTarget) ? rawTarget : '';
	const canEdit = canEditAdvice(user);
	const includeRetired = canEdit && params.get('retirees') === '1';
	const rows = await listAdvice(db, { q, target: target || null, includeRetired });
	// The subject filter offers the targets that have entries, in the cookbook's order.
	const used = new Set((await listAdvice(db, { includeRetired })).map((r) => r.target));
	if (target) used.add(target);
	const targets = targetGroups()
		.flatMap((g) => g.options.map((o) => o.value))
		.filter((v) => used.has(v))
		.map((value) => ({ value, label: targetLabel(value) }));
	return {
		q,
		target,
		includeRetired,
		canEdit,
		targets,
		entries: rows.map((r) => ({ ...adviceCard(r), targetLabel: targetLabel(r.target), retired: Boolean(r.retiredAt) }))
	};
}
