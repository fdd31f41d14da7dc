import { fail, redirect } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { importCommune } from '$lib/server/exports/commune-json';
import { readForm, uploadedFileName } from '$lib/server/forms';
import { heavy } from '$lib/server/heavy';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { requireUser } from '$lib/server/tenancy';

const NO_FILE = 'Choisissez le fichier JSON exporté depuis Super Chef RGPD.';

export function load(event) {
	requireUser(event);
	return { formToken: newFormToken() };
}

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		const file = form?.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { errors: { file: NO_FILE }, values: {}, message: NO_FILE });
		let communeId: string;
		try {
			const bytes = new Uint8Array(await file.arrayBuffer());
			// One commune per rendered form: sending the same form twice opens the first import.
			({ id: communeId } = await heavy(
				'communeImport',
				user.id,
				async () => onceIn(await getDb(), user.id, formTokenOf(form), 'import', async (tx) => (await importCommune(tx, user, bytes, { filename: uploadedFileName(file) })).communeId),
				'file'
			));
		} catch (err) {
			return refuse(err, null);
		}
		redirect(303, `/c/${communeId}`);
	}
};
