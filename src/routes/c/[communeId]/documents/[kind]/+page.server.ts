import { redirect } from '@sveltejs/kit';
import { formInput, httpError, refuse } from '$lib/server/actions';
import { documentBlockers, documentContext, documentTemplate, generateDocument, listDocuments } from '$lib/server/domain/documents';
import { readForm } from '$lib/server/forms';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { importedDocuments } from '$lib/server/dossier/snapshot';
import { requireCommune } from '$lib/server/tenancy';

export async function load(event) {
	const access = await requireCommune(event);
	try {
		const template = documentTemplate(event.params.kind);
		const ctx = await documentContext(access.db, access);
		const draft = template.compose(ctx);
		const versions = await listDocuments(access.db, access.commune.id, template.kind);
		return {
			template: { kind: template.kind, title: template.title, description: template.description, recipe: template.recipe },
			draft,
			blockers: documentBlockers(template, ctx),
			signatures: template.signatures(ctx),
			versions: versions.map((v) => ({ ...v, generatedAt: v.generatedAt.toISOString() })),
			formToken: newFormToken(),
			// Listed by an imported file: shown as its claims (the PDF stayed on the other installation).
			imported: (await importedDocuments(access.db, access.commune.id)).filter((d) => d.kind === template.kind)
		};
	} catch (err) {
		httpError(err);
	}
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		let id: string;
		try {
			// One version per rendered form: a double click on « Produire » gives the same PDF.
			({ id } = await onceIn(access.db, access.user.id, formTokenOf(form), `document:${access.commune.id}:${event.params.kind}`, (tx) => generateDocument(tx, access, event.params.kind, formInput(form))));
		} catch (err) {
			return refuse(err, form);
		}
		redirect(303, `/c/${access.commune.id}/documents/${event.params.kind}?produit=${id}`);
	}
};
