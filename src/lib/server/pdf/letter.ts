// Short official documents (mission letter, designation act…): a title, sections of paragraphs,
// and a signature block, in a tagged PDF with embedded fonts.
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
	signatures: { role: string; name: string }[];
	footer: string;
	watermark?: string;
}

function para(doc: PDFDoc, root: PDFKit.PDFStructureElement, type: 'P' | 'H1' | 'H2', text: string, font: string, size: number, gap: number) {
	root.add(
		doc.struct(type, {}, () => {
			doc.font(font).fontSize(size).text(frenchTypography(text), { align: type === 'P' ? 'justify' : 'left' });
		})
	);
	doc.moveDown(gap);
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
	for (const section of content.sections) {
		if (section.heading) {
			if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
			para(doc, root, 'H2', section.heading, FONTS.bold, 12, 0.3);
		}
		if (section.list) {
			const list = doc.struct('L');
			root.add(list);
			for (const p of section.paragraphs) {
				list.add(
					doc.struct('LI', {}, () => {
						doc.font(FONTS.regular).fontSize(10.5).text(frenchTypography(`•  ${p}`), { indent: 0, align: 'left' });
					})
				);
				doc.moveDown(0.2);
			}
			list.end();
			doc.moveDown(0.5);
		} else {
			for (const p of section.paragraphs) para(doc, root, 'P', p, FONTS.regular, 10.5, 0.5);
		}
	}
	if (content.signatures.length) signatureBlock(doc, root, content);
	root.end();
	addFooters(doc, content.footer);
	return toBuffer(doc);
}

/** "Fait à …, le …" and one column per signatory, kept together on one page. */
function signatureBlock(doc: PDFDoc, root: PDFKit.PDFStructureElement, content: LetterContent) {
	doc.moveDown(1);
	if (doc.y > doc.page.height - doc.page.margins.bottom - 140) doc.addPage();
	para(doc, root, 'P', `Fait à ${content.place}, le ${content.date}.`, FONTS.regular, 10.5, 1);
	const top = doc.y;
	const width = (doc.page.width - doc.page.margins.left - doc.page.margins.right) / Math.max(content.signatures.length, 1);
	content.signatures.forEach((s, i) => {
		root.add(
			doc.struct('P', {}, () => {
				doc.font(FONTS.bold).fontSize(10.5).text(frenchTypography(s.role), doc.page.margins.left + i * width, top, { width: width - 10 });
				doc.font(FONTS.regular).text(frenchTypography(s.name), { width: width - 10 });
				doc.font(FONTS.italic).fontSize(9).fillColor('#555').text('Signature :', { width: width - 10 });
				doc.fillColor('#000');
			})
		);
	});
	doc.x = doc.page.margins.left;
}
