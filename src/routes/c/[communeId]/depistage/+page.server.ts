import { formInput, refuse } from '$lib/server/actions';
import { confirmScreenings, screeningTable } from '$lib/server/domain/proposals';
import { readForm } from '$lib/server/forms';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	return { rows: await screeningTable(db, commune.id) };
}

export const actions = {
	/** Confirms one proposed verdict (`fiche`) or all of them (`tout`): the screenings are created and confirmed. */
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		try {
			const { confirmed, left } = await confirmScreenings(access.db, access, input.tout === 'oui' ? 'all' : input.fiche);
			const done = confirmed === 0 ? 'Rien de nouveau à confirmer.' : confirmed === 1 ? `Un verdict confirmé par ${access.user.name}.` : `${confirmed} verdicts confirmés par ${access.user.name}.`;
			return { success: left ? `${done} ${left === 1 ? 'Une activité reste' : `${left} activités restent`} à examiner critère par critère.` : done };
		} catch (err) {
			return refuse(err, form);
		}
	}
};
