import { registerXlsx } from '$lib/server/exports/register-xlsx';
import { requireCommune } from '$lib/server/tenancy';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const xlsx = await registerXlsx(db, commune.id);
	const name = `registre-${commune.name}-${new Date().toISOString().slice(0, 10)}.xlsx`.normalize('NFD').replace(/[^\w.-]+/g, '-');
	return new Response(new Uint8Array(xlsx), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
