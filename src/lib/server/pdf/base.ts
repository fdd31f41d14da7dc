// Shared pdfkit set-up: embedded DejaVu TTF fonts (PDF/A needs every font embedded), tagged PDF
// in French, French typography, and page footers marked as artifacts.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Font files, used by path (a registered alias makes pdfkit re-read the file for table cells). */
export const FONTS = {
	regular: join(fontDir, 'DejaVuSans.ttf'),
	bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
	italic: join(fontDir, 'DejaVuSans-Oblique.ttf'),
	serif: join(fontDir, 'DejaVuSerif.ttf'),
	serifBold: join(fontDir, 'DejaVuSerif-Bold.ttf')
};

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/**
 * French typography: typographic apostrophe, non-breaking spaces inside « » and before : ; ? !
 * (narrow before ; ? !), leaving URLs and times (10:30) alone.
 */
export function frenchTypography(text: string): string {
	return text
		.replace(/(\p{L})'(?=\p{L})/gu, '$1’')
		.replace(/«\s*/g, `«${NBSP}`)
		.replace(/\s*»/g, `${NBSP}»`)
		.replace(/(\S)[ \u00a0\u202f]*([;?!])(?=\s|$|[»)])/gu, (m, before: string, mark: string) =>
			/[;?!]/.test(before) ? m : `${before}${NNBSP}${mark}`
		)
		.replace(/(\p{L}|\p{N}|[)»])[ \u00a0]*:(?=\s|$)/gu, `$1${NBSP}:`);
}

export interface DocOptions {
	title: string;
	author?: string;
	subject?: string;
	/** Large diagonal text on every page, e.g. "EXERCICE" for practice communes. */
	watermark?: string;
	/** Fixed creation date, so that the same data gives the same PDF. */
	creationDate?: Date;
	/**
	 * Keep every page in memory until the end (default), for footers written afterwards with
	 * switchToPage. A long document that never goes back to a page sets false: each page is then
	 * written out as soon as the next one starts.
	 */
	bufferPages?: boolean;
}

export type PDFDoc = InstanceType<typeof PDFDocument>;

export function createDoc(opts: DocOptions): PDFDoc {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: 56, bottom: 64, left: 60, right: 60 },
		bufferPages: opts.bufferPages ?? true,
		autoFirstPage: true,
		font: FONTS.regular,
		lang: 'fr-FR',
		tagged: true,
		displayTitle: true,
		pdfVersion: '1.7',
		subset: 'PDF/A-3a',
		info: {
			Title: opts.title,
			Author: opts.author ?? 'Super Chef RGPD',
			Subject: opts.subject ?? opts.title,
			Creator: 'Super Chef RGPD',
			Producer: 'Super Chef RGPD (pdfkit)',
			CreationDate: opts.creationDate ?? new Date()
		}
	} as PDFKit.PDFDocumentOptions);
	if (opts.watermark) {
		const draw = () => watermark(doc, opts.watermark!);
		draw();
		doc.on('pageAdded', draw);
	}
	return doc;
}

function watermark(doc: PDFDoc, text: string) {
	// Drawn when a page starts: the text must not move the cursor, or the page's content would
	// start half-way down (and a document would take twice as many pages).
	const { x, y } = doc;
	doc.markContent('Artifact', { type: 'Pagination' } as never);
	doc.save();
	doc.font(FONTS.bold).fontSize(90).fillColor('#c0392b').opacity(0.12);
	doc.rotate(-40, { origin: [doc.page.width / 2, doc.page.height / 2] });
	doc.text(text, 0, doc.page.height / 2 - 50, { width: doc.page.width, align: 'center', lineBreak: false });
	doc.restore();
	doc.opacity(1).fillColor('#000');
	doc.endMarkedContent();
	doc.x = x;
	doc.y = y;
}

/** Writes "page x / y" (and an optional line) at the bottom of every buffered page, as artifacts. */
export function addFooters(doc: PDFDoc, left: string) {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.markContent('Artifact', { type: 'Pagination' } as never);
		doc.font(FONTS.regular).fontSize(8).fillColor('#555');
		const y = doc.page.height - 40;
		doc.text(frenchTypography(left), doc.page.margins.left, y, { width: 380, lineBreak: false });
		doc.text(`page ${i + 1} / ${range.count}`, doc.page.width - doc.page.margins.right - 100, y, { width: 100, align: 'right', lineBreak: false });
		doc.endMarkedContent();
		doc.page.margins.bottom = bottom;
	}
	doc.fillColor('#000');
}

/** Collects the PDF into one Buffer (for small documents stored in the database). */
export function toBuffer(doc: PDFDoc): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
		doc.end();
	});
}
