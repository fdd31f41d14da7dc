// The one loader of what a record's completeness depends on (recipes/completeness.ts): the
// commune's security answers, its live supports, and the parents of attached records. Every view,
// export and list that reads records from the database judges them with it; the progress and the
// dossier build the same facts from the rows they already hold (`communeFacts`).
import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
	communeFacts,
	ficheSecurity,
	pendingProposal,
	recordCompletenessIn,
	MEASURES_RECIPE,
	type CommuneFacts,
	type ConfirmationState,
	type FicheSecurity
} from '../recipes/completeness';
import type { Completeness } from '../recipes/engine';
import { supportKind } from '../recipes/records';
import type { Answers, RecordKind } from '../recipes/types';
import type { Executor } from './db';
import { records, stepAnswers } from './db/schema';

export interface CommuneCompleteness {
	facts: CommuneFacts;
	/** Parents' data by id (those of the kinds asked for). */
	parents: ReadonlyMap<string, Answers>;
	/** The completeness of one record of this commune. */
	of(kind: RecordKind, row: { data: Answers; parentId?: string | null } & ConfirmationState): Completeness;
	/** A register entry's security: its answers and the mairie's measures that protect its supports. */
	security(data: Answers): FicheSecurity;
}

/** Judges records against these facts (and these parents). */
export function judge(facts: CommuneFacts, parents: ReadonlyMap<string, Answers> = new Map()): CommuneCompleteness {
	return {
		facts,
		parents,
		of: (kind, row) =>
			recordCompletenessIn(kind, row.data, { parent: row.parentId ? (parents.get(row.parentId) ?? null) : null, commune: facts, proposal: pendingProposal(row) }),
		security: (data) => ficheSecurity(data, facts)
	};
}

/**
 * Loads what the completeness of a commune's records depends on: its measures and supports, and,
 * for kinds attached to a parent, the live parents of those kinds.
 */
export async function loadCompleteness(db: Executor, communeId: string, kinds: RecordKind[] = []): Promise<CommuneCompleteness> {
	const parentKinds = [...new Set(kinds.map((k) => k.parentKind).filter((k): k is string => Boolean(k)))];
	const [steps, supports, parents] = await Promise.all([
		db
			.select({ stepId: stepAnswers.stepId, answers: stepAnswers.answers })
			.from(stepAnswers)
			.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, MEASURES_RECIPE))),
		db
			.select({ id: records.id, kind: records.kind, data: records.data })
			.from(records)
			.where(and(eq(records.communeId, communeId), eq(records.kind, supportKind.id), isNull(records.archivedAt))),
		parentKinds.length
			? db
					.select({ id: records.id, data: records.data })
					.from(records)
					.where(and(eq(records.communeId, communeId), inArray(records.kind, parentKinds), isNull(records.archivedAt)))
			: Promise.resolve([])
	]);
	const byKey = new Map(steps.map((s) => [`${MEASURES_RECIPE}/${s.stepId}`, s.answers]));
	return judge(
		communeFacts((key) => byKey.get(key), supports),
		new Map(parents.map((p) => [p.id, p.data]))
	);
}
