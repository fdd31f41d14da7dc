import { formInput, refuse } from '$lib/server/actions';
import { copyRecords, COPYABLE_KINDS, isCopyable } from '$lib/server/domain/copy';
import { userCommunes } from '$lib/server/domain/members';
import { listRecords, recordTitle } from '$lib/server/domain/records';
import { readForm } from '$lib/server/forms';
import { formTokenOf, newFormToken, onceIn } from '$lib/server/idempotency';
import { findAccess, requireCommune } from '$lib/server/tenancy';
import { RECORD_KINDS } from '$lib/recipes/records';
import { plural } from '$lib/french';

export async function load(event) {
	const access = await requireCommune(event, 'edit');
	const others = (await userCommunes(access.db, access.user.id)).filter((c) => c.id !== access.commune.id);
	// Without a type, the first copyable kind in the cookbook's order: the supports, which the fiches copied next refer to by name.
	const kind = isCopyable(event.url.searchParams.get('type')) ? (event.url.searchParams.get('type') as string) : COPYABLE_KINDS[0]!;
	const sourceId = event.url.searchParams.get('depuis') ?? others[0]?.id ?? '';
	const source = sourceId ? await findAccess(access.db, access.user, sourceId) : null;
	const items = source && !source.viaTraining ? (await listRecords(access.db, source.commune.id, kind)).map((r) => ({ id: r.id, title: recordTitle(RECORD_KINDS[kind]!, r.data) })) : [];
	return {
		others: others.map((c) => ({ id: c.id, name: c.name })),
		kinds: COPYABLE_KINDS.map((k) => ({ value: k, label: RECORD_KINDS[k]!.plural })),
		kind,
		sourceId: source ? source.commune.id : '',
		sourceName: source?.commune.name ?? '',
		items,
		formToken: newFormToken()
	};
}

export const actions = {
	default: async (event) => {
		const access = await requireCommune(event, 'edit');
		const form = await readForm(event.request);
		const input = formInput(form);
		try {
			// One copy per rendered form: a resubmission reports the first copy instead of copying again.
			const made = await onceIn(access.db, access.user.id, formTokenOf(form), `copie:${access.commune.id}`, async (tx) => JSON.stringify(await copyRecords(tx, access, input.source, input.kind, input.ids)));
			const { copied, unmatched } = JSON.parse(made.id) as { copied: number; unmatched: string[] };
			return {
				success: `${plural(copied, 'élément copié', 'éléments copiés')} dans ${access.commune.name}. Relisez-les : chaque copie indique d’où elle vient.${unmatched.length ? ` Supports non retrouvés ici (à relier à la main) : ${unmatched.join(', ')}.` : ''}`
			};
		} catch (err) {
			return refuse(err, form);
		}
	}
};
