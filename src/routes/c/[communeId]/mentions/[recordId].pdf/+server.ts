import { noticeText } from '$lib/documents/notice';
import { httpError } from '$lib/server/actions';
import { recipeAnswersOf } from '$lib/server/domain/recipes';
import { getParent, getRecord } from '$lib/server/domain/records';
import { watermarkFor } from '$lib/server/domain/practice';
import { renderLetter } from '$lib/server/pdf/letter';
import { pdfResponse } from '$lib/server/pdf/response';
import { requireCommune } from '$lib/server/tenancy';
import { bodyName, formatDate, today as todayInParis } from '$lib/french';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	try {
		const row = await getRecord(db, commune.id, 'notice', event.params.recordId);
		const parent = await getParent(db, row);
		const notice = noticeText({ commune, dpd: await recipeAnswersOf(db, commune.id, 'dpd'), fiche: parent?.data ?? {}, notice: row.data });
		const today = todayInParis();
		const pdf = await renderLetter({
			letterhead: [bodyName(commune)],
			title: notice.title,
			subtitle: `Information des personnes (article ${notice.article} du RGPD)`,
			sections: notice.paragraphs.map((p) => ({ heading: p.heading, paragraphs: [p.text] })),
			place: commune.name,
			date: formatDate(today),
			signatures: [],
			footer: `${notice.title} — ${commune.name} — ${formatDate(today)}`,
			watermark: watermarkFor(commune)
		});
		return pdfResponse(pdf, 'mention', String(parent?.data.name ?? 'activite'));
	} catch (err) {
		httpError(err);
	}
}
