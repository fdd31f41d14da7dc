import { httpError } from '$lib/server/actions';
import { exportPia } from '$lib/server/exports/pia';
import { isUuid } from '$lib/server/forms';
import { requireCommune } from '$lib/server/tenancy';
import { error } from '@sveltejs/kit';
import { downloadName } from '$lib/french';

/** The risk assessment as a file the CNIL's PIA tool imports (« Importer une AIPD »). */
export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	if (!isUuid(event.params.recordId)) error(404, 'Page introuvable');
	let pia;
	try {
		pia = await exportPia(db, commune.id, event.params.recordId);
	} catch (err) {
		httpError(err);
	}
	const name = downloadName([pia.pia.name], 'json');
	return new Response(JSON.stringify(pia, null, 1), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
