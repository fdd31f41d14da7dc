import { formInput, refuse } from '$lib/server/actions';
import { confirmObligation } from '$lib/server/domain/recipes';
import { readForm } from '$lib/server/forms';
import { progressView } from '$lib/server/progress-view';
import { requireCommune } from '$lib/server/tenancy';
import { OBLIGATION_GROUPS } from '$lib/recipes/obligations';
import { STEP_INDEX } from '$lib/recipes';

export async function load(event) {
	const { db, commune } = await requireCommune(event);
	const view = await progressView(db, commune.id);
	const groups = OBLIGATION_GROUPS.map((group) => ({
		group,
		items: view.statuses
			.filter((s) => s.obligation.group === group)
			.map((s) => ({
				id: s.obligation.id,
				title: s.obligation.title,
				explanation: s.obligation.explanation,
				reference: s.obligation.reference,
				priority: s.obligation.priority,
				covered: s.covered,
				by: s.by,
				unmet: s.unmet,
				steps: s.obligation.satisfiedBy.map((k) => {
					const e = STEP_INDEX.get(k);
					return { href: `/c/${commune.id}/recettes/${k}`, label: e ? `${e.recipe.title} — ${e.step.title}` : k };
				})
			}))
	}));
	return { groups, covered: view.obligations.covered, total: view.obligations.total };
}

export const actions = {
	confirm: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			await confirmObligation(access.db, access, formInput(form));
		} catch (err) {
			return refuse(err, form);
		}
		return { success: form?.get('confirmed') === 'oui' ? 'Obligation marquée comme respectée.' : 'Confirmation retirée.' };
	}
};
