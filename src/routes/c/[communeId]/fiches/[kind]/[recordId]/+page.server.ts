import { fail, redirect } from '@sveltejs/kit';
import { formInput, httpError, refill, refuse } from '$lib/server/actions';
import { archiveRecord, confirmRecords, createActionFromRecord, erasePersonalData, saveRecord } from '$lib/server/domain/record-writes';
import { getRecord, recordKind } from '$lib/server/domain/records';
import { readForm } from '$lib/server/forms';
import { listPath, recordView, returnPath } from '$lib/server/record-view';
import { requireCommune } from '$lib/server/tenancy';
import { personalFields } from '$lib/recipes/records';

export async function load(event) {
	const access = await requireCommune(event);
	try {
		const kind = recordKind(event.params.kind);
		const row = await getRecord(access.db, access.commune.id, kind.id, event.params.recordId);
		const back = returnPath(event.url, access.commune.id, listPath(access.commune.id, kind.id));
		const personal = personalFields(kind).map((f) => f.label);
		return { ...(await recordView(access.db, access.commune, kind.id, row)), back, justSaved: event.url.searchParams.has('enregistre'), personal };
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	save: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		const autosave = input.intent === 'autosave';
		let result;
		try {
			const kind = recordKind(event.params.kind);
			result = await saveRecord(access.db, access, kind.id, event.params.recordId, input);
			if (autosave && !result.conflicts.length && !Object.keys(result.errors).length) {
				// Follow-ups are shown and hidden in the browser, from their declared conditions.
				return { autosave: true, version: result.version };
			}
		} catch (err) {
			return refuse(err, form);
		}
		if (result.conflicts.length || Object.keys(result.errors).length) {
			const values = refill(input, Object.keys(result.errors));
			return fail(result.conflicts.length ? 409 : 400, {
				autosave,
				errors: result.errors,
				conflicts: result.conflicts,
				values,
				message: result.conflicts.length
					? 'Pendant que vous travailliez, quelqu’un d’autre a modifié certaines réponses : leur version, plus récente, est conservée et affichée. Vos autres réponses sont enregistrées.'
					: 'Vos réponses sont enregistrées, sauf celles à corriger : voyez les messages à côté des champs.'
			});
		}
		if (input.intent === 'back') redirect(303, returnPath(event.url, access.commune.id, `/c/${access.commune.id}`));
		return { success: 'Fiche enregistrée.' };
	},
	action: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			const { created } = await createActionFromRecord(access.db, access, event.params.kind, event.params.recordId, form?.get('item'));
			return { success: created ? 'Action ajoutée au plan d’action : complétez qui s’en charge et pour quand.' : 'Une action est déjà prévue pour ce point.' };
		} catch (err) {
			return refuse(err, form);
		}
	},
	/** « Je confirme »: a named person confirms what the app proposed (pre-filled from the catalogue or the profile). */
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		try {
			const n = await confirmRecords(access.db, access, event.params.kind, [event.params.recordId]);
			return { success: n ? `Confirmé par ${access.user.name}.` : 'C’était déjà confirmé.' };
		} catch (err) {
			return refuse(err, null);
		}
	},
	/** Art. 17: erases the person's data from this record and from the journal (confirmation required). */
	erase: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		if (form?.get('confirm') !== 'oui') {
			return fail(400, { message: 'Cochez la case pour confirmer l’effacement : il ne peut pas être annulé.', errors: { confirm: 'Cochez la case pour confirmer l’effacement.' } });
		}
		try {
			const { fields } = await erasePersonalData(access.db, access, event.params.kind, event.params.recordId);
			return { success: `Données de la personne effacées (${fields.join(', ')}), ici et dans le journal des modifications.` };
		} catch (err) {
			return refuse(err, form);
		}
	},
	archive: async (event) => {
		const access = await requireCommune(event, 'edit');
		try {
			await archiveRecord(access.db, access, event.params.kind, event.params.recordId);
		} catch (err) {
			return refuse(err, null);
		}
		redirect(303, returnPath(event.url, access.commune.id, `/c/${access.commune.id}`));
	}
};
