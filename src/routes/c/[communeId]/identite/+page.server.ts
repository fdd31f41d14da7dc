import { formInput, refuse } from '$lib/server/actions';
import { updateCommune } from '$lib/server/domain/communes';
import { readForm } from '$lib/server/forms';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	await requireCommune(event);
	return {};
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			await updateCommune(access.db, access, formInput(form));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: 'Identité enregistrée.' };
	}
};
