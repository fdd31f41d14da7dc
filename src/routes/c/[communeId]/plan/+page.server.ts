import { redirect } from '@sveltejs/kit';
import { formInput, refuse } from '$lib/server/actions';
import { planTable, savePlanTable } from '$lib/server/domain/plan-table';
import { readForm } from '$lib/server/forms';
import { newFormToken } from '$lib/server/idempotency';
import { requireCommune } from '$lib/server/tenancy';
import { PRIORITY_MONTHS } from '$lib/recipes/plan';

export async function load(event) {
	const { db, commune, canEdit } = await requireCommune(event);
	const table = await planTable(db, commune.id);
	const saved = event.url.searchParams.get('enregistre');
	return {
		...table,
		months: PRIORITY_MONTHS,
		canEdit,
		saved: saved && /^\d{1,5}$/.test(saved) ? Number(saved) : null,
		// One token per rendered table: a double click or a resubmission saves once (src/lib/server/idempotency.ts).
		formToken: newFormToken()
	};
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		let saved: number;
		try {
			({ saved } = await savePlanTable(access.db, access, formInput(form)));
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, `/c/${access.commune.id}/plan?enregistre=${saved}`);
	}
};
