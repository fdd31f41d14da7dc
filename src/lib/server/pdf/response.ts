import { downloadName } from '../../french';

/** A PDF download: ASCII file name from the given parts (french.ts), private, never cached. */
export function pdfResponse(pdf: Uint8Array, ...parts: (string | number)[]): Response {
	const name = downloadName(parts, 'pdf');
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
