import { formInput, httpError, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { markAttendance, progressGrid, sessionOfTrainer } from '$lib/server/domain/training';
import { readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';
import { RECIPE_STATE_LABELS } from '$lib/recipes/engine';
import { plural } from '$lib/french';

export async function load(event) {
	const user = requireUser(event);
	const db = await getDb();
	try {
		const session = await sessionOfTrainer(db, user, event.params.sessionId);
		return { session, grid: await progressGrid(db, session), stateLabels: RECIPE_STATE_LABELS };
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	attendance: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			const created = await markAttendance(await getDb(), user, event.params.sessionId, formInput(form));
			return { success: `Présences enregistrées${created ? ` : ${plural(created, 'attestation de formation ajoutée', 'attestations de formation ajoutées')} aux dossiers des communes` : ''}.` };
		} catch (err) {
			return refuse(err, form);
		}
	}
};
