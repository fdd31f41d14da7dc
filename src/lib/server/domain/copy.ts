// A secretary who serves several communes copies register fiches, supports or processors from one
// of her communes to another, as new records she then adapts; each copy says where it came from.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { findRecordKind, kindFields, RECORD_KINDS } from '../../recipes/records';
import type { Answers } from '../../recipes/types';
import type { Db } from '../db';
import { records } from '../db/schema';
import { isUuid } from '../forms';
import { assertCanEdit, findAccess, type Access } from '../tenancy';
import { DomainError } from './errors';
import { createRecords, writerOf, type NewRecord } from './record-writes';
import { recordTitle } from './records';

/** The kinds that declare themselves `copyable` (register fiches, supports, processors). */
export const COPYABLE_KINDS: readonly string[] = Object.values(RECORD_KINDS)
	.filter((k) => k.copyable)
	.map((k) => k.id);

export function isCopyable(kind: unknown): kind is string {
	return Boolean(findRecordKind(kind)?.copyable);
}

/**
 * Copies records of `kind` from the source commune (the user must belong to it) into the target
 * (the user must edit it). References to other records (a fiche's supports…) are matched by name
 * in the target; those without a match are left out and reported.
 */
export async function copyRecords(db: Db, target: Access, sourceId: unknown, kind: unknown, ids: unknown): Promise<{ copied: number; unmatched: string[] }> {
	assertCanEdit(target);
	if (!isUuid(sourceId) || sourceId === target.commune.id) throw new DomainError('Choisissez une autre de vos communes.', { source: 'Commune d’origine : choisissez une autre de vos communes.' });
	const source = await findAccess(db, target.user, sourceId);
	if (!source || source.viaTraining) throw new DomainError('Page introuvable', {}, 404);
	if (!isCopyable(kind)) throw new DomainError('Ce type d’élément ne se copie pas.', { kind: 'Choisissez des fiches du registre, des supports ou des sous-traitants.' });
	const list = (Array.isArray(ids) ? ids : ids === undefined ? [] : [ids]).filter((v): v is string => typeof v === 'string');
	const all = list.includes('tout');
	if (!all && (!list.length || !list.every(isUuid))) throw new DomainError('Cochez au moins un élément à copier.', { ids: 'Cochez au moins un élément.' });
	const recordKind = findRecordKind(kind)!;
	return db.transaction(async (tx) => {
		const rows = await tx
			.select()
			.from(records)
			.where(and(eq(records.communeId, source.commune.id), eq(records.kind, kind), isNull(records.archivedAt), all ? undefined : inArray(records.id, list)));
		if (!all && rows.length !== new Set(list).size) throw new DomainError('Un des éléments choisis n’existe pas (ou plus).', {}, 404);
		const refFields = kindFields(recordKind).filter((f) => f.type === 'records');
		const targetByName = new Map<string, Map<string, string>>();
		for (const f of refFields) {
			const k = f.recordKind ?? '';
			if (targetByName.has(k)) continue;
			const mine = await tx.select().from(records).where(and(eq(records.communeId, target.commune.id), eq(records.kind, k), isNull(records.archivedAt)));
			targetByName.set(k, new Map(mine.map((r) => [recordTitle(RECORD_KINDS[k]!, r.data).toLowerCase(), r.id])));
		}
		const sourceNames = new Map<string, string>();
		for (const f of refFields) {
			const refs = await tx.select().from(records).where(and(eq(records.communeId, source.commune.id), eq(records.kind, f.recordKind ?? '')));
			for (const r of refs) sourceNames.set(r.id, recordTitle(RECORD_KINDS[r.kind]!, r.data));
		}
		const unmatched = new Set<string>();
		const copies: NewRecord[] = [];
		for (const row of rows) {
			const data: Answers = { ...row.data };
			for (const f of refFields) {
				const refs = Array.isArray(data[f.name]) ? (data[f.name] as string[]) : [];
				const mapped: string[] = [];
				for (const id of refs) {
					const name = sourceNames.get(id);
					const match = name ? targetByName.get(f.recordKind ?? '')?.get(name.toLowerCase()) : undefined;
					if (match) mapped.push(match);
					else if (name) unmatched.add(name);
				}
				data[f.name] = mapped;
			}
			copies.push({
				kind: recordKind,
				data,
				origin: { copiedFrom: source.commune.name, sourceCommuneId: source.commune.id, sourceId: row.id, ...(row.origin.catalogue ? { catalogue: row.origin.catalogue } : {}) },
				action: `copie depuis ${source.commune.name}`,
				via: 'copie',
				provenance: `copie de « ${recordTitle(recordKind, row.data)} » (${source.commune.name})`
			});
		}
		await createRecords(tx, writerOf(target), copies);
		return { copied: rows.length, unmatched: [...unmatched] };
	});
}
