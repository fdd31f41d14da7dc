import { formInput, httpError, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { markAttendance, progressGrid, sessionOfTrainer } from '$lib/server/domain/training';
import { readForm } from '$lib/server/forms';
import { closeSession } from '$lib/server/domain/training-close';
import { requireUser, sessionGivesAccess, TRAINER_ACCESS_DAYS } from '$lib/server/tenancy';
import { RECIPE_STATE_LABELS } from '$lib/recipes/engine';
import { plural } from '$lib/french';

export async function load(event) {
	const user = requireUser(event);
	const db = await getDb();
	try {
		const session = await sessionOfTrainer(db, user, event.params.sessionId);
		// Over (closed, or TRAINER_ACCESS_DAYS after its date): the communes are no longer shown.
		const open = sessionGivesAccess(session);
		const grid = await progressGrid(db, session);
		return { session, grid: open ? grid : { ...grid, rows: [] }, open, accessDays: TRAINER_ACCESS_DAYS, stateLabels: RECIPE_STATE_LABELS };
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
	},
	close: async (event) => {
		const user = requireUser(event);
		try {
			await closeSession(await getDb(), user, event.params.sessionId);
		} catch (err) {
			return refuse(err, null);
		}
		return { success: 'Session close : vous ne consultez plus les communes inscrites.' };
	}
};
