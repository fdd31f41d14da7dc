import { formInput, refuse } from '$lib/server/actions';
import { gridTable, prepareGrids } from '$lib/server/domain/proposals';
import { confirmRecords } from '$lib/server/domain/record-writes';
import { readForm } from '$lib/server/forms';
import { requireCommune } from '$lib/server/tenancy';
import { conformityKind, PRINCIPLE_SOURCES, PRINCIPLES } from '$lib/recipes/assessments';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	return {
		rows: await gridTable(db, commune.id),
		/** Which principle the app answers, and from what (declared next to PRINCIPLES). */
		sources: PRINCIPLES.map((p) => ({ label: p.label, from: p.derivedFrom ? PRINCIPLE_SOURCES[p.derivedFrom] : null }))
	};
}

export const actions = {
	/** Prepares the grid of one activity (`fiche`) or of all that have none (`tout`): pre-answered, « proposé ». */
	prepare: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		try {
			const made = await prepareGrids(access.db, access, input.tout === 'oui' ? 'all' : input.fiche);
			return {
				success: made.length
					? `${made.length === 1 ? 'Une grille préparée' : `${made.length} grilles préparées`} : relisez les réponses proposées, répondez au reste, puis confirmez.`
					: 'Chaque activité a déjà sa grille.'
			};
		} catch (err) {
			return refuse(err, form);
		}
	},
	/** « Je confirme la grille »: the answers the app proposed are confirmed by this person. */
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		try {
			const ids = (Array.isArray(input.grille) ? input.grille : [input.grille]).filter((v): v is string => typeof v === 'string');
			const n = await confirmRecords(access.db, access, conformityKind.id, ids);
			return { success: n ? `Grille confirmée par ${access.user.name}.` : 'C’était déjà confirmé.' };
		} catch (err) {
			return refuse(err, form);
		}
	}
};
