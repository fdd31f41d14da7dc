import { error } from '@sveltejs/kit';
import { formInput, httpError, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import {
	adviceCard,
	adviceHistoryOf,
	canEditAdvice,
	getAdvice,
	reactivateAdvice,
	restoreAdviceVersion,
	retireAdvice,
	targetGroups,
	targetLabel,
	updateAdvice
} from '$lib/server/domain/advice';
import { readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';

export async function load(event) {
	const user = requireUser(event);
	const db = await getDb();
	const canEdit = canEditAdvice(user);
	const row = await getAdvice(db, event.params.id).catch(httpError);
	// A retired entry is gone for readers; the GIP still sees it, to bring it back.
	if (row.retiredAt && !canEdit) error(404, 'Page introuvable');
	const same = (h: { title: string; body: string; target: string; sources: string[] }) =>
		h.title === row.title && h.body === row.body && h.target === row.target && JSON.stringify(h.sources) === JSON.stringify(row.sources);
	const history = canEdit
		? (await adviceHistoryOf(db, row.id)).map((h) => ({
				version: h.version,
				action: h.action,
				changedAt: h.changedAt.toISOString(),
				changedByName: h.changedByName,
				title: h.title,
				body: h.body,
				sources: h.sources,
				targetLabel: targetLabel(h.target),
				restorable: !same(h)
			}))
		: [];
	return {
		canEdit,
		created: event.url.searchParams.has('cree'),
		entry: {
			...adviceCard(row),
			targetLabel: targetLabel(row.target),
			version: row.version,
			retired: Boolean(row.retiredAt),
			updatedAt: row.updatedAt.toISOString()
		},
		history,
		groups: canEdit ? targetGroups() : []
	};
}

async function editor(event: Parameters<typeof requireUser>[0]) {
	return { user: requireUser(event), db: await getDb() };
}

export const actions = {
	save: async (event) => {
		const { user, db } = await editor(event);
		const form = await readForm(event.request);
		try {
			const { advice, changed } = await updateAdvice(db, user, event.params.id, formInput(form));
			return { success: changed ? `Modifications enregistrées (version ${advice.version}).` : 'Aucune modification à enregistrer.' };
		} catch (err) {
			return refuse(err, form);
		}
	},
	retire: async (event) => {
		const { user, db } = await editor(event);
		try {
			await retireAdvice(db, user, event.params.id);
			return { success: 'Fiche retirée : elle n’apparaît plus dans l’application. Vous pouvez la remettre en ligne.' };
		} catch (err) {
			return refuse(err, null);
		}
	},
	reactivate: async (event) => {
		const { user, db } = await editor(event);
		try {
			await reactivateAdvice(db, user, event.params.id);
			return { success: 'Fiche remise en ligne.' };
		} catch (err) {
			return refuse(err, null);
		}
	},
	restore: async (event) => {
		const { user, db } = await editor(event);
		const form = await readForm(event.request);
		const version = form?.get('version');
		try {
			const after = await restoreAdviceVersion(db, user, event.params.id, typeof version === 'string' ? version : undefined);
			return { success: `Version ${version} restaurée : c’est maintenant la version ${after.version}.` };
		} catch (err) {
			return refuse(err, null);
		}
	}
};
