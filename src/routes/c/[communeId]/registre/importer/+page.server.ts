import { fail } from '@sveltejs/kit';
import { refuse } from '$lib/server/actions';
import { confirmRegisterImport, previewRegisterImport } from '$lib/server/domain/register-import';
import { REGISTER_COLUMNS } from '$lib/server/exports/register';
import { readForm, uploadedFileName } from '$lib/server/forms';
import { heavy } from '$lib/server/heavy';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { requireCommune } from '$lib/server/tenancy';

const NO_FILE = 'Choisissez un fichier CSV ou Excel (.xlsx).';

export async function load(event) {
	await requireCommune(event, 'edit');
	return { columns: REGISTER_COLUMNS.filter((c) => !c.key.startsWith('_')).map((c) => c.label), formToken: newFormToken() };
}

export const actions = {
	apercu: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const file = form?.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { errors: { file: NO_FILE }, values: {}, message: NO_FILE });
		try {
			// One import at a time per user, a few at once in all: « patientez » next to the file field past that.
			const bytes = new Uint8Array(await file.arrayBuffer());
			const preview = await heavy('registerImport', access.user.id, () => previewRegisterImport(access.db, access, uploadedFileName(file), bytes), 'file');
			return { preview };
		} catch (err) {
			return refuse(err, null);
		}
	},
	confirmer: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		try {
			// One import per confirmation form: confirming twice reports the first import.
			const made = await heavy('registerImport', access.user.id, () =>
				onceIn(access.db, access.user.id, formTokenOf(form), `registre:${access.commune.id}`, async (tx) =>
					JSON.stringify(await confirmRegisterImport(tx, access, form?.get('payload'), form?.get('signature')))
				)
			);
			const done = JSON.parse(made.id) as Awaited<ReturnType<typeof confirmRegisterImport>>;
			return { done };
		} catch (err) {
			return refuse(err, null);
		}
	}
};
