import { registerXlsx } from '$lib/server/exports/register-xlsx';
import { Busy, busyResponse, heavy } from '$lib/server/heavy';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, today } from '$lib/french';

export async function GET(event) {
	const { db, commune, user } = await requireCommune(event);
	let xlsx;
	try {
		xlsx = await heavy('xlsxExport', user.id, () => registerXlsx(db, commune.id));
	} catch (err) {
		if (err instanceof Busy) return busyResponse(err, `/c/${commune.id}/registre`);
		throw err;
	}
	const name = downloadName(['registre', commune.name, today()], 'xlsx');
	return new Response(new Uint8Array(xlsx), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
