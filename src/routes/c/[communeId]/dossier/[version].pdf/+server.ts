import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { httpError } from '$lib/server/actions';
import { getDossier, streamDossier } from '$lib/server/domain/dossiers';
import { watermarkFor } from '$lib/server/domain/practice';
import { requireCommune } from '$lib/server/tenancy';

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
	const name = `dossier-rgpd-${commune.name}-v${row.version}-${row.generatedAt.toISOString().slice(0, 10)}.pdf`.normalize('NFD').replace(/[^\w.-]+/g, '-');
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
