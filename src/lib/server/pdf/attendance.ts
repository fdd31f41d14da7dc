// The attendance list of a training session, to be signed by the participants.
import { formatDate } from '../../french';
import { addFooters, createDoc, FONTS, frenchTypography, toBuffer } from './base';

export async function renderAttendance(
	session: { title: string; date: string; place: string },
	trainerName: string,
	rows: { communeName: string; inseeCode: string | null; participant: string; attended: boolean | null }[]
): Promise<Buffer> {
	const doc = createDoc({ title: `Liste d’émargement — ${session.title}` });
	const root = doc.struct('Document');
	doc.addStructure(root);
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	root.add(doc.struct('H1', {}, () => doc.font(FONTS.serifBold).fontSize(18).text(frenchTypography('Liste d’émargement'), left, doc.y, { width })));
	root.add(
		doc.struct('P', {}, () =>
			doc
				.font(FONTS.regular)
				.fontSize(11)
				.text(frenchTypography(`${session.title} — ${formatDate(session.date)}${session.place ? `, ${session.place}` : ''}. Formateur : ${trainerName}.`), { width })
		)
	);
	doc.moveDown(1);
	const cols = [0.32, 0.3, 0.38].map((f) => f * width);
	const table = doc.struct('Table');
	root.add(table);
	const row = (cells: string[], header: boolean) => {
		const y = doc.y;
		const h = header ? 22 : 40;
		if (y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
		const top = doc.y;
		const tr = doc.struct('TR');
		table.add(tr);
		let x = left;
		cells.forEach((c, i) => {
			const cx = x;
			tr.add(
				doc.struct(header ? 'TH' : 'TD', header ? ({ scope: 'Column' } as never) : {}, () =>
					doc.font(header ? FONTS.bold : FONTS.regular).fontSize(10).text(frenchTypography(c), cx + 4, top + 5, { width: cols[i]! - 8 })
				)
			);
			doc.markContent('Artifact', { type: 'Layout' } as never);
			doc.rect(cx, top, cols[i]!, h).lineWidth(0.5).strokeColor('#7d6a58').stroke();
			doc.endMarkedContent();
			x += cols[i]!;
		});
		tr.end();
		doc.x = left;
		doc.y = top + h;
	};
	row(['Commune', 'Participant', 'Signature'], true);
	for (const r of rows) row([`${r.communeName}${r.inseeCode ? ` (${r.inseeCode})` : ''}`, r.participant, r.attended ? 'présent(e)' : ''], false);
	table.end();
	root.end();
	addFooters(doc, `Liste d’émargement — ${session.title} — ${formatDate(session.date)}`);
	return toBuffer(doc);
}
