// What a record page shows: its sections of fields, answers, who answered, completeness.
import { shortLabel } from '../recipes/fields';
import { kindFields } from '../recipes/records';
import type { Answers } from '../recipes/types';
import { describeFields, type AnswerMeta } from '../recipes/view';
import type { Executor } from './db';
import type { RecordRow } from './db/schema';
import { completenessOf, recordKind, recordTitle } from './domain/records';
import { safeNext } from './redirects';
import { recordOptions } from './step-view';

export function returnPath(url: URL, communeId: string, fallback: string): string {
	const next = safeNext(url.searchParams.get('retour'));
	return next.startsWith(`/c/${communeId}/`) ? next : fallback;
}

export async function recordView(db: Executor, communeId: string, kindId: string, row: RecordRow | null, initial: Answers = {}) {
	const kind = recordKind(kindId);
	const data = row?.data ?? initial;
	const kinds = kindFields(kind).filter((f) => f.type === 'records').map((f) => f.recordKind ?? '');
	const options = await recordOptions(db, communeId, kinds);
	const meta: Record<string, AnswerMeta> = {};
	for (const [k, m] of Object.entries(row?.fieldMeta ?? {})) meta[k] = { byName: m.byName, at: m.at };
	const c = completenessOf(kind, data);
	return {
		kind: { id: kind.id, singular: kind.singular, plural: kind.plural },
		id: row?.id ?? null,
		title: row ? recordTitle(kind, data) : `Nouveau : ${kind.singular}`,
		sections: kind.sections.map((s) => ({ title: s.title, intro: s.intro, fields: describeFields(s.fields, data, options) })),
		fieldNames: kindFields(kind).map((f) => f.name).join(','),
		answers: data,
		meta,
		version: row?.version ?? 0,
		origin: row?.origin ?? {},
		completeness: { percent: c.percent, missing: c.missing.map(shortLabel) },
		updatedAt: row?.updatedAt.toISOString() ?? null
	};
}
