// « EXERCICE » across every page of a practice commune's PDFs. A leaf module: the documents and the
// PDFs read it without depending on the practice communes (which start from documents).
import type { Commune } from '../db/schema';

export const PRACTICE_WATERMARK = 'EXERCICE';

export function watermarkFor(commune: Pick<Commune, 'isPractice'>): string | undefined {
	return commune.isPractice ? PRACTICE_WATERMARK : undefined;
}
