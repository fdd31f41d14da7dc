// Where an action of the plan comes from. An action is made from one item of a record (a grid's
// non-conformity, a risk) or of a step (a security measure « prévue »): its `origin` is
// `{ kind, id, item }` (`kind` « step » and `id` « recipe/step » for a step). An item that asks for
// a declared measure (`ActionItem.measure`, a security measure's id of `securite.ts`) also gives the
// action `origin.measure`: the same measure raised from another place (the mayor's phone lock, from
// « Sécuriser le quotidien » and from a fiche's grid) reuses that open action, which records the
// other place as one more origin, `origin["also:<kind>:<id>"] = item`. Every origin is shown with
// the action, and every one is resolved when it is done.

export interface OriginRef {
	kind: string;
	id: string;
	item: string;
}

const ALSO = 'also:';

/** The key that records one more origin on an action. */
export const alsoKey = (kind: string, id: string) => `${ALSO}${kind}:${id}`;

/** Every origin of an action: the first one, then the others (sorted by key: a jsonb object keeps no order). */
export function originRefs(origin: Record<string, string>): OriginRef[] {
	const out: OriginRef[] = [];
	if (origin.kind && origin.id && origin.item) out.push({ kind: origin.kind, id: origin.id, item: origin.item });
	for (const [key, item] of Object.entries(origin).sort(([a], [b]) => a.localeCompare(b))) {
		if (!key.startsWith(ALSO) || typeof item !== 'string') continue;
		const rest = key.slice(ALSO.length);
		const colon = rest.indexOf(':');
		if (colon <= 0) continue;
		out.push({ kind: rest.slice(0, colon), id: rest.slice(colon + 1), item });
	}
	return out;
}

/** The item of an action that comes (among others) from this record or step, or null. */
export function itemFrom(origin: Record<string, string>, kind: string, id: string): string | null {
	return originRefs(origin).find((r) => r.kind === kind && r.id === id)?.item ?? null;
}

/** The origin with its record ids renamed (a JSON import gives new ids); an unknown id returns null for the caller to refuse. */
export function renameOriginIds(origin: Record<string, string>, rename: (id: string, kind: string) => string | null): Record<string, string> | null {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(origin)) {
		if (key === 'id' && origin.kind) {
			const id = rename(value, origin.kind);
			if (id === null) return null;
			out.id = id;
		} else if (key.startsWith(ALSO)) {
			const ref = originRefs({ [key]: value })[0];
			if (!ref) continue;
			const id = rename(ref.id, ref.kind);
			if (id === null) return null;
			out[alsoKey(ref.kind, id)] = value;
		} else out[key] = value;
	}
	return out;
}
