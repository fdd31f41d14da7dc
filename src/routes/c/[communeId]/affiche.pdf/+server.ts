import { recipeAnswersOf } from '$lib/server/domain/recipes';
import { watermarkFor } from '$lib/server/domain/practice';
import { renderPoster } from '$lib/server/pdf/poster';
import { pdfResponse } from '$lib/server/pdf/response';
import { requireCommune } from '$lib/server/tenancy';

export async function GET(event) {
	const { db, commune } = await requireCommune(event);
	const dpd = await recipeAnswersOf(db, commune.id, 'dpd');
	const contact = [dpd.firstName, dpd.lastName].filter(Boolean).join(' ') + (dpd.email ? ` (${String(dpd.email)})` : '');
	return pdfResponse(await renderPoster(commune, contact.trim(), watermarkFor(commune)), 'affiche-securite', commune.name);
}
