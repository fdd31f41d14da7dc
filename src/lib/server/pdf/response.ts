/** A PDF download: ASCII file name from the given base, private, never cached. */
export function pdfResponse(pdf: Uint8Array, base: string): Response {
	const name = `${base}.pdf`.normalize('NFD').replace(/[^\w.-]+/g, '-');
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
