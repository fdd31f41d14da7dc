// The one-page poster of the five first habits, for the mairie's office.
import { POSTER_HABITS } from '../../recipes/securite';
import { createDoc, FONTS, frenchTypography, toBuffer } from './base';
import { mairieOf } from '../../french';

export async function renderPoster(commune: { name: string }, dpdContact: string, watermark?: string): Promise<Buffer> {
	const doc = createDoc({ title: `Les cinq réflexes sécurité — ${mairieOf(commune.name, false)}`, watermark });
	const root = doc.struct('Document');
	doc.addStructure(root);
	const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
	root.add(
		doc.struct('H1', {}, () => {
			doc.font(FONTS.serifBold).fontSize(28).fillColor('#8a3b12').text(frenchTypography('Les cinq réflexes sécurité'), { align: 'center' });
		})
	);
	root.add(
		doc.struct('P', {}, () => {
			doc.font(FONTS.regular).fontSize(13).fillColor('#2b1d14').text(frenchTypography(`${mairieOf(commune.name)} — à afficher près des ordinateurs`), { align: 'center' });
		})
	);
	doc.moveDown(1.5);
	const list = doc.struct('L');
	root.add(list);
	POSTER_HABITS.forEach((h, i) => {
		const y = doc.y;
		doc.markContent('Artifact', { type: 'Layout' } as never);
		doc.circle(doc.page.margins.left + 22, y + 18, 20).fill('#8a3b12');
		doc.endMarkedContent();
		list.add(
			doc.struct('LI', {}, () => {
				doc.font(FONTS.bold).fontSize(22).fillColor('#fff').text(String(i + 1), doc.page.margins.left + 2, y + 5, { width: 40, align: 'center' });
				doc.font(FONTS.bold).fontSize(17).fillColor('#2b1d14').text(frenchTypography(h.title), doc.page.margins.left + 60, y, { width: width - 60 });
				doc.font(FONTS.regular).fontSize(13).fillColor('#5a4636').text(frenchTypography(h.text), { width: width - 60 });
			})
		);
		doc.x = doc.page.margins.left;
		doc.moveDown(1.2);
	});
	list.end();
	doc.moveDown(1);
	root.add(
		doc.struct('P', {}, () => {
			doc.font(FONTS.bold).fontSize(13).fillColor('#2b1d14').text(frenchTypography('En cas de problème : débranchez l’ordinateur du réseau sans l’éteindre, puis prévenez.'), { width });
			doc.font(FONTS.regular).fontSize(12).text(frenchTypography(`Délégué à la protection des données : ${dpdContact || 'voir la mairie'} — Assistance : cybermalveillance.gouv.fr`), { width });
		})
	);
	root.end();
	return toBuffer(doc);
}
