import { fail, redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { BODY_TYPES, type BodyType } from '$lib/server/db/schema';
import { BODY_TYPE_LABELS, createCommune, DuplicateCommuneError } from '$lib/server/domain/communes';
import { keptValues, readForm, type FieldErrors } from '$lib/server/forms';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { searchOfficial } from '$lib/server/official-list';
import { requireUser } from '$lib/server/tenancy';

function typeOf(value: string | null | undefined): BodyType {
	return (BODY_TYPES as readonly string[]).includes(value ?? '') ? (value as BodyType) : 'commune';
}

export function load(event) {
	requireUser(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const type = typeOf(event.url.searchParams.get('type'));
	const results = q ? searchOfficial(q, type === 'epci' ? 'epci' : 'commune') : [];
	return {
		q,
		type,
		types: BODY_TYPES.map((t) => ({ value: t, label: BODY_TYPE_LABELS[t] })),
		results,
		formToken: newFormToken()
	};
}

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		let id: string;
		try {
			// One body per rendered form: a double click or a resubmission opens the first one.
			({ id } = await onceIn(await getDb(), user.id, formTokenOf(form), 'commune', async (tx) => (await createCommune(tx, user, formInput(form))).id));
		} catch (err) {
			// Already hers: asked first, on the same form (« Ouvrir », or send it again confirmed).
			if (err instanceof DuplicateCommuneError) return fail(409, { errors: {} as FieldErrors, values: keptValues(form), message: err.message, duplicate: err.existing });
			return refuse(err, form);
		}
		redirect(303, `/c/${id}`);
	}
};
