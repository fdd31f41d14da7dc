import { error, type RequestEvent } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { httpError } from '$lib/server/actions';
import { getDossier, streamDossier } from '$lib/server/domain/dossiers';
import { watermarkFor } from '$lib/server/domain/practice';
import { Busy, busyResponse, gate, HOLD_LIMIT_MS } from '$lib/server/heavy';
import { requireCommune } from '$lib/server/tenancy';
import { downloadName, parisDate } from '$lib/french';

/** The stored version the URL names, and the download's headers. */
async function find(event: RequestEvent<{ communeId: string; version: string }>) {
	const { db, commune, user } = await requireCommune(event);
	const match = /^v(\d{1,6})$/.exec(event.params.version);
	if (!match) error(404, 'Page introuvable');
	let row;
	try {
		row = await getDossier(db, commune.id, Number(match[1]));
	} catch (err) {
		httpError(err);
	}
	const name = downloadName(['dossier-rgpd', commune.name, `v${row.version}`, parisDate(row.generatedAt)], 'pdf');
	const headers = {
		'content-type': 'application/pdf',
		'content-disposition': `attachment; filename="${name}"`,
		'cache-control': 'private, no-store',
		'x-dossier-fingerprint': row.fingerprint
	};
	return { db, commune, user, row, headers };
}

/** HEAD: the headers, without rendering the PDF (SvelteKit would otherwise run GET in full). */
export async function HEAD(event) {
	const { headers } = await find(event);
	return new Response(null, { headers });
}

export async function GET(event) {
	const { db, commune, user, row, headers } = await find(event);
	// Rendering a large body's PDF takes seconds of CPU: one per user, a few at once in all; past
	// that a 503 with Retry-After and a French page, never a stall for everyone.
	let release: () => void;
	try {
		release = await gate('dossier').acquire(user.id);
	} catch (err) {
		if (err instanceof Busy) return busyResponse(err, `/c/${commune.id}/dossier`);
		throw err;
	}
	// Streamed as it is made: the PDF is never held whole in memory. The place is given back when
	// the rendering ends, fails or is abandoned, and at the latest after HOLD_LIMIT_MS.
	const pdf = streamDossier(db, row, { watermark: watermarkFor(commune) });
	for (const ev of ['finish', 'close', 'error']) pdf.once(ev, release);
	setTimeout(release, HOLD_LIMIT_MS).unref();
	return new Response(Readable.toWeb(pdf) as ReadableStream, { headers });
}
