import { httpError } from '$lib/server/actions';
import { getDocument } from '$lib/server/domain/documents';
import { pdfResponse } from '$lib/server/pdf/response';
import { requireCommune } from '$lib/server/tenancy';
import { parisDate } from '$lib/french';

export async function GET(event) {
	const access = await requireCommune(event);
	let doc;
	try {
		doc = await getDocument(access.db, access.commune.id, event.params.docId);
	} catch (err) {
		httpError(err);
	}
	const response = pdfResponse(doc.pdf, doc.kind, access.commune.name, parisDate(doc.generatedAt));
	response.headers.set('x-content-sha256', doc.sha256);
	return response;
}
