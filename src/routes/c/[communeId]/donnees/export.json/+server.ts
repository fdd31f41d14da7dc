import { error } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit';
import { EXPORT_FORMAT, EXPORT_VERSION, exportCommune } from '$lib/server/exports/commune-json';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, parisDate } from '$lib/french';

/** The whole commune as one JSON document, for its members (a GIP trainer reads, but takes nothing away). */
export async function GET(event) {
	const { db, commune, role, user } = await requireCommune(event);
	if (role === 'formateur') error(403, 'Seuls les membres de la commune (DPD, élus) peuvent exporter toutes ses données.');
	const doc = await exportCommune(db, commune.id);
	await appendAudit(db, user, {
		communeId: commune.id,
		entity: 'export',
		entityId: commune.id,
		action: 'export de toutes les données (JSON)',
		changes: { format: `${EXPORT_FORMAT} version ${EXPORT_VERSION}`, enregistrements: doc.records.length, journal: doc.audit.length }
	});
	const name = downloadName(['super-chef-rgpd', commune.name, parisDate(new Date(doc.exportedAt))], 'json');
	return new Response(JSON.stringify(doc, null, 1), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
