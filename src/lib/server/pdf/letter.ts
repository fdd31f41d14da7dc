// Short official documents (mission letter, designation act…): a title, sections of paragraphs,
// and a signature block, in a tagged PDF with embedded fonts. The signature block is kept on the
// same page as the last paragraph: no page holds only signatures.
import { addFooters, createDoc, FONTS, frenchTypography, toBuffer, type PDFDoc } from './base';

export interface LetterSection {
	heading?: string;
	paragraphs: string[];
	/** Render the paragraphs as a bulleted list. */
	list?: boolean;
}

export interface LetterContent {
	/** Sender block at the top left (the commune). */
	letterhead: string[];
	title: string;
	subtitle?: string;
	sections: LetterSection[];
	place: string;
	date: string;
	/** One column each; `line` is where they sign (« Signature : » by default). */
	signatures: { role: string; name: string; line?: string }[];
	footer: string;
	watermark?: string;
}

const BODY = 10.5;
/** Blank height left under each signatory's line, to sign by hand. */
const ROOM_TO_SIGN = 56;

function para(doc: PDFDoc, root: PDFKit.PDFStructureElement, type: 'P' | 'H1' | 'H2', text: string, font: string, size: number, gap: number) {
	root.add(
		doc.struct(type, {}, () => {
			doc.font(font).fontSize(size).text(frenchTypography(text), { align: type === 'P' ? 'justify' : 'left' });
		})
	);
	doc.moveDown(gap);
}

const contentWidth = (doc: PDFDoc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const pageBottom = (doc: PDFDoc) => doc.page.height - doc.page.margins.bottom;

/** The height `text` takes in `font` at `size` over `width`, with `gap` lines after it (moveDown). */
function heightOf(doc: PDFDoc, text: string, font: string, size: number, gap: number, width = contentWidth(doc), align: 'justify' | 'left' = 'justify'): number {
	doc.font(font).fontSize(size);
	return doc.heightOfString(frenchTypography(text), { width, align }) + gap * doc.currentLineHeight(true);
}

/** The height of the signature block (see signatureBlock). */
function signatureHeight(doc: PDFDoc, content: LetterContent): number {
	const width = contentWidth(doc) / Math.max(content.signatures.length, 1) - 10;
	const columns = content.signatures.map(
		(s) =>
			heightOf(doc, s.role, FONTS.bold, BODY, 0, width, 'left') +
			heightOf(doc, s.name || ' ', FONTS.regular, BODY, 0, width, 'left') +
			heightOf(doc, s.line ?? 'Signature :', FONTS.italic, 9, 0, width, 'left')
	);
	doc.font(FONTS.regular).fontSize(BODY);
	const line = doc.currentLineHeight(true);
	return line + heightOf(doc, `Fait à ${content.place}, le ${content.date}.`, FONTS.regular, BODY, 1) + Math.max(0, ...columns) + ROOM_TO_SIGN + line;
}

/** Starts a new page unless `height` fits below the cursor (a block taller than a page just flows). */
function keepTogether(doc: PDFDoc, height: number) {
	const usable = pageBottom(doc) - doc.page.margins.top;
	if (doc.y + height > pageBottom(doc) && height <= usable) doc.addPage();
}

export async function renderLetter(content: LetterContent, creationDate = new Date()): Promise<Buffer> {
	const doc = createDoc({ title: content.title, watermark: content.watermark, creationDate });
	const root = doc.struct('Document');
	doc.addStructure(root);
	root.add(
		doc.struct('P', {}, () => {
			doc.font(FONTS.bold).fontSize(10).text(frenchTypography(content.letterhead.join('\n')));
		})
	);
	doc.moveDown(2);
	para(doc, root, 'H1', content.title, FONTS.serifBold, 17, 0.3);
	if (content.subtitle) para(doc, root, 'P', content.subtitle, FONTS.italic, 10.5, 0.8);
	doc.moveDown(0.5);
	const signed = content.signatures.length > 0;
	// The last paragraph (or list item) goes with the signatures; so does its heading when it is alone.
	const lastIndex = content.sections.findLastIndex((s) => s.paragraphs.length > 0);
	const blockHeight = (section: LetterSection, p: string, last: boolean) =>
		section.list
			? heightOf(doc, `•  ${p}`, FONTS.regular, BODY, 0.2 + (last ? 0.5 : 0), contentWidth(doc), 'left')
			: heightOf(doc, p, FONTS.regular, BODY, 0.5);
	content.sections.forEach((section, index) => {
		const tail = signed && index === lastIndex;
		const lastBlock = (j: number) => tail && j === section.paragraphs.length - 1;
		const tailHeight = () => blockHeight(section, section.paragraphs.at(-1)!, true) + signatureHeight(doc, content);
		const withHeading = tail && Boolean(section.heading) && section.paragraphs.length === 1;
		if (section.heading) {
			if (withHeading) keepTogether(doc, heightOf(doc, section.heading, FONTS.bold, 12, 0.3, contentWidth(doc), 'left') + tailHeight());
			else if (doc.y > pageBottom(doc) - 80) doc.addPage();
			para(doc, root, 'H2', section.heading, FONTS.bold, 12, 0.3);
		}
		if (section.list) {
			const list = doc.struct('L');
			root.add(list);
			section.paragraphs.forEach((p, j) => {
				if (lastBlock(j) && !withHeading) keepTogether(doc, tailHeight());
				list.add(
					doc.struct('LI', {}, () => {
						doc.font(FONTS.regular).fontSize(BODY).text(frenchTypography(`•  ${p}`), { indent: 0, align: 'left' });
					})
				);
				doc.moveDown(0.2);
			});
			list.end();
			doc.moveDown(0.5);
		} else {
			section.paragraphs.forEach((p, j) => {
				if (lastBlock(j) && !withHeading) keepTogether(doc, tailHeight());
				para(doc, root, 'P', p, FONTS.regular, BODY, 0.5);
			});
		}
	});
	if (signed) signatureBlock(doc, root, content);
	root.end();
	addFooters(doc, content.footer);
	return toBuffer(doc);
}

/** "Fait à …, le …" and one column per signatory, with room to sign, kept together on one page. */
function signatureBlock(doc: PDFDoc, root: PDFKit.PDFStructureElement, content: LetterContent) {
	keepTogether(doc, signatureHeight(doc, content));
	doc.moveDown(1);
	para(doc, root, 'P', `Fait à ${content.place}, le ${content.date}.`, FONTS.regular, BODY, 1);
	const top = doc.y;
	let bottom = top;
	const width = contentWidth(doc) / Math.max(content.signatures.length, 1);
	content.signatures.forEach((s, i) => {
		root.add(
			doc.struct('P', {}, () => {
				doc.font(FONTS.bold).fontSize(BODY).text(frenchTypography(s.role), doc.page.margins.left + i * width, top, { width: width - 10 });
				doc.font(FONTS.regular).text(frenchTypography(s.name || ' '), { width: width - 10 });
				doc.font(FONTS.italic).fontSize(9).fillColor('#555').text(frenchTypography(s.line ?? 'Signature :'), { width: width - 10 });
				doc.fillColor('#000');
			})
		);
		bottom = Math.max(bottom, doc.y);
	});
	doc.x = doc.page.margins.left;
	doc.y = Math.min(bottom + ROOM_TO_SIGN, pageBottom(doc));
}
