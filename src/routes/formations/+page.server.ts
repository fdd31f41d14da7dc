import { redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { userCommunes } from '$lib/server/domain/members';
import { createPracticeCommune } from '$lib/server/domain/practice';
import { createSession, enrol, enrolmentsOf, leave, trainerSessions } from '$lib/server/domain/training';
import { readForm } from '$lib/server/forms';
import { heavy } from '$lib/server/heavy';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { requireUser } from '$lib/server/tenancy';

export async function load(event) {
	const user = requireUser(event);
	const db = await getDb();
	const [mine, enrolments, sessions] = await Promise.all([
		userCommunes(db, user.id),
		enrolmentsOf(db, user),
		user.isTrainer || user.isGipAdmin ? trainerSessions(db, user) : Promise.resolve([])
	]);
	return {
		isTrainer: user.isTrainer || user.isGipAdmin,
		sessions,
		enrolments,
		myCommunes: mine.filter((c) => c.role === 'dpd' && !c.isPractice),
		practice: mine.filter((c) => c.isPractice),
		formToken: newFormToken()
	};
}

export const actions = {
	create: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		let id: string;
		try {
			({ id } = await onceIn(await getDb(), user.id, formTokenOf(form), 'formation', async (tx) => (await createSession(tx, user, formInput(form))).id));
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, `/formations/${id}`);
	},
	enrol: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			const { session, enrolled } = await enrol(await getDb(), user, formInput(form), { ip: event.getClientAddress() });
			return { success: enrolled ? `Inscription à « ${session.title} » enregistrée. Le formateur suit désormais l’avancement de ${enrolled > 1 ? 'ces communes' : 'cette commune'}, sans pouvoir rien modifier.` : 'Ces communes étaient déjà inscrites.' };
		} catch (err) {
			return refuse(err, form);
		}
	},
	leave: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		try {
			await leave(await getDb(), user, form?.get('sessionId'), form?.get('communeId'));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: 'Vous avez quitté la session : le formateur n’a plus accès à cette commune.' };
	},
	practice: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		let id: string;
		try {
			// A few seconds of work: bounded (one per user, a few at once), « patientez » past that.
			const sessionId = form?.get('sessionId');
			({ id } = await heavy('practice', user.id, async () =>
				onceIn(await getDb(), user.id, formTokenOf(form), `exercice:${String(sessionId ?? '').slice(0, 64)}`, async (tx) => (await createPracticeCommune(tx, user, sessionId)).id)
			));
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, `/c/${id}`);
	}
};
