import { registerCsv } from '$lib/server/exports/register';
import { requireCommune } from '$lib/server/tenancy';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const csv = await registerCsv(db, commune.id);
	const name = `registre-${commune.name}-${new Date().toISOString().slice(0, 10)}.csv`.normalize('NFD').replace(/[^\w.-]+/g, '-');
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
