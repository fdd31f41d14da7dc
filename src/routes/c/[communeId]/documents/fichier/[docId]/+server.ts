import { httpError } from '$lib/server/actions';
import { getDocument } from '$lib/server/domain/documents';
import { requireCommune } from '$lib/server/tenancy';

export async function GET(event) {
	const access = await requireCommune(event);
	let doc;
	try {
		doc = await getDocument(access.db, access.commune.id, event.params.docId);
	} catch (err) {
		httpError(err);
	}
	const date = doc.generatedAt.toISOString().slice(0, 10);
	const name = `${doc.kind}-${access.commune.name}-${date}.pdf`.normalize('NFD').replace(/[^\w.-]+/g, '-');
	return new Response(new Uint8Array(doc.pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-content-sha256': doc.sha256
		}
	});
}
