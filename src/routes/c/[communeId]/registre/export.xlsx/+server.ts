import { registerXlsx } from '$lib/server/exports/register-xlsx';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, today } from '$lib/french';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const xlsx = await registerXlsx(db, commune.id);
	const name = downloadName(['registre', commune.name, today()], 'xlsx');
	return new Response(new Uint8Array(xlsx), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
