import { and, eq, isNull, sql } from 'drizzle-orm';
import { auditLog, records } from '$lib/server/db/schema';
import { listRecords, recordTitle } from '$lib/server/domain/records';
import { activityKind } from '$lib/recipes/records';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune, role } = await requireCommune(event);
	const [risks, fiches, [counts], [journal]] = await Promise.all([
		listRecords(db, commune.id, 'risk'),
		listRecords(db, commune.id, 'activity'),
		db.select({ n: sql<number>`count(*)::int` }).from(records).where(and(eq(records.communeId, commune.id), isNull(records.archivedAt))),
		db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.communeId, commune.id))
	]);
	const names = new Map(fiches.map((f) => [f.id, recordTitle(activityKind, f.data)]));
	return {
		canExport: role !== 'formateur',
		records: Number(counts?.n ?? 0),
		journal: Number(journal?.n ?? 0),
		risks: risks.map((r) => ({ id: r.id, name: (r.parentId && names.get(r.parentId)) || 'Activité supprimée' }))
	};
}
