import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { httpError } from '$lib/server/actions';
import { getDossier, streamDossier } from '$lib/server/domain/dossiers';
import { watermarkFor } from '$lib/server/domain/practice';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, parisDate } from '$lib/french';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const match = /^v(\d{1,6})$/.exec(event.params.version);
	if (!match) error(404, 'Page introuvable');
	let row;
	try {
		row = await getDossier(db, commune.id, Number(match[1]));
	} catch (err) {
		httpError(err);
	}
	const name = downloadName(['dossier-rgpd', commune.name, `v${row.version}`, parisDate(row.generatedAt)], 'pdf');
	// Streamed as it is made: the PDF is never held whole in memory.
	return new Response(Readable.toWeb(streamDossier(db, row, { watermark: watermarkFor(commune) })) as ReadableStream, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-dossier-fingerprint': row.fingerprint
		}
	});
}
