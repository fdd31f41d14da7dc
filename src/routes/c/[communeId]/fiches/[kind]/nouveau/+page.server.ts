import { fail, redirect } from '@sveltejs/kit';
import { formInput, httpError, refill, refuse } from '$lib/server/actions';
import { saveRecord } from '$lib/server/domain/record-writes';
import { getRecord, recordKind } from '$lib/server/domain/records';
import { readForm } from '$lib/server/forms';
import { newFormToken } from '$lib/server/idempotency';
import { recordView, returnPath } from '$lib/server/record-view';
import { requireCommune } from '$lib/server/tenancy';
import { kindFields } from '$lib/recipes/records';

export async function load(event) {
	const access = await requireCommune(event, 'edit');
	try {
		const kind = recordKind(event.params.kind);
		// Pre-select choices given in the link, e.g. ?category=papier from the map's "Papier" step.
		const initial: Record<string, string> = {};
		for (const f of kindFields(kind)) {
			const v = event.url.searchParams.get(f.name);
			if (v && f.options?.some((o) => o.value === v)) initial[f.name] = v;
		}
		const back = returnPath(event.url, access.commune.id, `/c/${access.commune.id}`);
		let parent = null;
		if (kind.parentKind) parent = await getRecord(access.db, access.commune.id, kind.parentKind, event.url.searchParams.get('parent') ?? '');
		// One token per rendered form: a double click or a resubmission creates one record (src/lib/server/idempotency.ts).
		return { ...(await recordView(access.db, access.commune, kind.id, null, initial, parent)), back, formToken: newFormToken() };
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		let id: string;
		// After a first save with answers to correct, the form comes back with the created record's id:
		// the corrected answers update that record instead of creating a second one.
		const created = typeof input._created === 'string' && input._created ? input._created : null;
		try {
			const result = await saveRecord(access.db, access, event.params.kind, created, input);
			id = result.id;
			if (Object.keys(result.errors).length || result.conflicts.length) {
				// Saved with the valid answers; the form shows them again, with the refused ones to correct.
				const values = refill(input, Object.keys(result.errors));
				return fail(400, {
					errors: result.errors,
					conflicts: result.conflicts,
					values,
					answers: result.answers,
					version: result.version,
					createdId: id,
					message: 'Enregistré, sauf les réponses à corriger : voyez les messages à côté des champs.'
				});
			}
		} catch (err) {
			return refuse(err, form);
		}
		const back = returnPath(event.url, access.commune.id, '');
		redirect(303, `/c/${access.commune.id}/fiches/${event.params.kind}/${id}?enregistre=1${back ? `&retour=${encodeURIComponent(back)}` : ''}`);
	}
};
