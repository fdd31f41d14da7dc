import { registerCsv } from '$lib/server/exports/register';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, today } from '$lib/french';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const csv = await registerCsv(db, commune.id);
	const name = downloadName(['registre', commune.name, today()], 'csv');
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
