// A commune's progress through the cookbook: loading it, saving a step's answers, completing a
// step or putting it off, confirming an obligation by hand. Every write is audited.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { OBLIGATIONS } from '../../recipes/obligations';
import { RECIPES, findRecipe, findStep } from '../../recipes';
import {
	blockers,
	conditionKey,
	describeRecordCondition,
	isRecordCondition,
	parseFields,
	recipeAnswers,
	recordMeets,
	type CollectionInfo,
	type CommuneProgress,
	type PendingRecord,
	type StepRecord
} from '../../recipes/engine';
import { communeFacts, CONFIRMATION_ITEM, pendingProposal } from '../../recipes/completeness';
import { applies } from '../../recipes/fields';
import { securiteRecipe, securityByHeading } from '../../recipes/securite';
import type { Answers, Proposal, Recipe, RecordCondition, RecordKind, Step } from '../../recipes/types';
import { appendAudit } from '../audit';
import type { Db, Executor } from '../db';
import { retryLostCreation } from '../db/retry';
import { obligationConfirmations, records, stepAnswers } from '../db/schema';
import { optionalText } from '../forms';
import { assertCanEdit } from '../rights';
import type { Access } from '../tenancy';
import { DomainError, validate } from './errors';
import { ensureAction } from './record-writes';
import { completenessOf, recordKind, recordTitle } from './records';
import { mergeAnswers, submittedNames, type SaveResult } from './saving';

export function recipeAndStep(recipeId: string, stepId: string): { recipe: Recipe; step: Step } {
	const recipe = findRecipe(recipeId);
	const step = recipe ? findStep(recipe, stepId) : undefined;
	if (!recipe || !step) throw new DomainError('Page introuvable', {}, 404);
	return { recipe, step };
}

/** Everything the engine needs to know about a commune's progress. */
export async function loadProgress(db: Executor, communeId: string): Promise<CommuneProgress> {
	return (await loadProgressOf(db, [communeId])).get(communeId)!;
}

/**
 * The progress of several communes (a training session's grid) in three queries, whatever their
 * number — not three per commune.
 */
export async function loadProgressOf(db: Executor, communeIds: string[]): Promise<Map<string, CommuneProgress>> {
	const out = new Map<string, CommuneProgress>();
	if (!communeIds.length) return out;
	const one = communeIds.length === 1;
	const [rows, recs, confirmations] = await Promise.all([
		db
			.select({ communeId: stepAnswers.communeId, recipeId: stepAnswers.recipeId, stepId: stepAnswers.stepId, answers: stepAnswers.answers, status: stepAnswers.status, completedAt: stepAnswers.completedAt, version: stepAnswers.version })
			.from(stepAnswers)
			.where(one ? eq(stepAnswers.communeId, communeIds[0]!) : inArray(stepAnswers.communeId, communeIds)),
		db
			.select({
				communeId: records.communeId,
				id: records.id,
				kind: records.kind,
				data: records.data,
				parentId: records.parentId,
				createdAt: records.createdAt,
				proposal: records.proposal,
				confirmedAt: records.confirmedAt
			})
			.from(records)
			.where(and(one ? eq(records.communeId, communeIds[0]!) : inArray(records.communeId, communeIds), isNull(records.archivedAt))),
		db
			.select({ communeId: obligationConfirmations.communeId, id: obligationConfirmations.obligationId })
			.from(obligationConfirmations)
			.where(one ? eq(obligationConfirmations.communeId, communeIds[0]!) : inArray(obligationConfirmations.communeId, communeIds))
	]);
	const group = <T extends { communeId: string }>(list: T[]) => {
		const by = new Map<string, T[]>();
		for (const r of list) (by.get(r.communeId) ?? by.set(r.communeId, []).get(r.communeId)!).push(r);
		return by;
	};
	const [rowsBy, recsBy, confirmedBy] = [group(rows), group(recs), group(confirmations)];
	for (const id of communeIds) {
		out.set(
			id,
			computeProgress(
				(rowsBy.get(id) ?? []).map((r) => ({ key: `${r.recipeId}/${r.stepId}`, answers: r.answers, status: r.status, completedAt: r.completedAt, version: r.version })),
				recsBy.get(id) ?? [],
				(confirmedBy.get(id) ?? []).map((c) => c.id)
			)
		);
	}
	return out;
}

export interface ProgressRecord {
	id: string;
	kind: string;
	data: Answers;
	parentId: string | null;
	/** When it was added (an ISO string in a dossier snapshot). */
	createdAt?: Date | string | null;
	/** Why the app proposed it, and when it was confirmed (see `pendingProposal`). */
	proposal: Proposal | null;
	confirmedAt: Date | string | null;
}

/** The obligations' record conditions, by collection step ("recipe/step"), each once. */
const RECORD_CONDITIONS = new Map<string, RecordCondition[]>();
for (const o of OBLIGATIONS) {
	for (const c of o.coveredWhen ?? []) {
		if (!isRecordCondition(c)) continue;
		const list = RECORD_CONDITIONS.get(c.step) ?? RECORD_CONDITIONS.set(c.step, []).get(c.step)!;
		if (!list.some((x) => conditionKey(x) === conditionKey(c))) list.push(c);
	}
}

/** The records of a collection step that fail the obligations' record conditions on it. */
function failingOf(stepKey: string, kind: RecordKind, recs: ProgressRecord[], byId: Map<string, ProgressRecord>): Pick<CollectionInfo, 'failing'> {
	const conditions = RECORD_CONDITIONS.get(stepKey);
	if (!conditions) return {};
	const failing: NonNullable<CollectionInfo['failing']> = {};
	const fields = kind.sections.flatMap((sec) => sec.fields);
	for (const c of conditions) {
		const field = fields.find((f) => f.name === c.every.field);
		const bad = recs.filter((r) => (!field || applies(field, r.data, fields)) && !recordMeets(c, r.data));
		if (!bad.length) continue;
		const title = (r: ProgressRecord) => {
			const parent = r.parentId ? byId.get(r.parentId) : undefined;
			return parent ? recordTitle(recordKind(parent.kind), parent.data) : recordTitle(kind, r.data);
		};
		failing[conditionKey(c)] = { expected: describeRecordCondition(c, field), records: bad.map(title) };
	}
	return Object.keys(failing).length ? { failing } : {};
}

/** How many of these pending records the app proposed (absent when none). */
function proposedCount(pending: PendingRecord[]): { proposed?: number } {
	const n = pending.filter((p) => p.onlyToConfirm).length;
	return n ? { proposed: n } : {};
}

/** A pending record the app proposed: flagged, and whether confirming it is all it needs. */
function proposedFlags(r: ProgressRecord, onlyToConfirm: (r: ProgressRecord) => boolean): Pick<PendingRecord, 'proposed' | 'onlyToConfirm'> {
	if (!pendingProposal(r)) return {};
	return onlyToConfirm(r) ? { proposed: true, onlyToConfirm: true } : { proposed: true };
}

/** The engine's view of a commune from its saved steps and records (the database's or a dossier snapshot's). */
export function computeProgress(
	stepRows: ({ key: string } & StepRecord)[],
	recs: ProgressRecord[],
	confirmed: string[]
): CommuneProgress {
	const steps = new Map<string, StepRecord>();
	for (const r of stepRows) steps.set(r.key, { answers: r.answers, status: r.status, completedAt: r.completedAt, version: r.version });
	const facts = communeFacts((key) => steps.get(key)?.answers, recs);
	const byId = new Map(recs.map((r) => [r.id, r]));
	const attachedTo = new Map<string, Record<string, Answers>>();
	for (const r of recs) if (r.parentId) (attachedTo.get(r.parentId) ?? attachedTo.set(r.parentId, {}).get(r.parentId)!)[r.kind] = r.data;
	const missingOf = (r: ProgressRecord) =>
		completenessOf(recordKind(r.kind), r.data, { parent: r.parentId ? (byId.get(r.parentId)?.data ?? null) : null, commune: facts, proposal: pendingProposal(r) }).missing;
	const complete = (r: ProgressRecord) => missingOf(r).length === 0;
	// Proposed by the app and complete but for the confirmation: only to reread and confirm.
	const onlyToConfirm = (r: ProgressRecord) => {
		const missing = missingOf(r);
		return missing.length === 1 && missing[0]!.name === CONFIRMATION_ITEM.name;
	};
	const collections: CommuneProgress['collections'] = new Map();
	const pending: NonNullable<CommuneProgress['pending']> = new Map();
	const named = (r: ProgressRecord): PendingRecord => ({ id: r.id, kind: r.kind, title: recordTitle(recordKind(r.kind), r.data), createdAt: r.createdAt ? new Date(r.createdAt) : null });
	for (const recipe of RECIPES) {
		for (const step of recipe.steps) {
			if (step.kind !== 'collection') continue;
			const kind = recordKind(step.recordKind);
			if (step.perParent && kind.parentKind) {
				const parents = recs.filter((r) => r.kind === kind.parentKind);
				const missing: PendingRecord[] = [];
				for (const p of parents) {
					const attached = attachedTo.get(p.id) ?? {};
					if (step.perParent!.requiredFor && !step.perParent!.requiredFor(p.data, attached)) continue;
					const child = recs.find((r) => r.parentId === p.id && r.kind === kind.id);
					if (!child) missing.push({ ...named(p), attached: { kind: kind.id, state: 'absent' } });
					else if (!complete(child)) missing.push({ ...named(p), attached: { kind: kind.id, state: 'incomplet' }, ...proposedFlags(child, onlyToConfirm) });
				}
				const children = recs.filter((r) => r.kind === kind.id);
				collections.set(`${recipe.id}/${step.id}`, {
					count: parents.length,
					incomplete: missing.length,
					...proposedCount(missing),
					...failingOf(`${recipe.id}/${step.id}`, kind, children, byId)
				});
				if (missing.length) pending.set(`${recipe.id}/${step.id}`, missing);
				continue;
			}
			const mine = recs.filter((r) => r.kind === step.recordKind && (!step.filter || r.data[step.filter.field] === step.filter.value));
			const incomplete = mine.filter((r) => !complete(r)).map((r) => ({ ...named(r), ...proposedFlags(r, onlyToConfirm) }));
			collections.set(`${recipe.id}/${step.id}`, {
				count: mine.length,
				incomplete: incomplete.length,
				...proposedCount(incomplete),
				...failingOf(`${recipe.id}/${step.id}`, kind, mine, byId)
			});
			if (incomplete.length) pending.set(`${recipe.id}/${step.id}`, incomplete);
		}
	}
	return { steps, collections, confirmed: new Set(confirmed), pending };
}

export async function getStepRow(db: Executor, communeId: string, recipeId: string, stepId: string) {
	const [row] = await db
		.select()
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, recipeId), eq(stepAnswers.stepId, stepId)));
	return row ?? null;
}

export type StepIntent = 'save' | 'continue' | 'later';

export interface StepSaveResult extends SaveResult {
	/** Why the step is not complete, when asked to continue. */
	blockers: string[];
	status: 'en_cours' | 'plus_tard' | 'terminee';
}

/**
 * Saves the submitted answers of a step (valid ones even when others are refused), then, with
 * intent 'continue', completes the step if nothing blocks it, or with 'later' puts it off.
 */
export async function saveStep(
	db: Db,
	access: Access,
	recipeId: string,
	stepId: string,
	input: Record<string, unknown>,
	intent: StepIntent,
	/** What else the save does, in its transaction, with the step's answers as saved (the profile's proposals). */
	after?: (tx: Executor, answers: Answers) => Promise<void>
): Promise<StepSaveResult> {
	assertCanEdit(access);
	const { recipe, step } = recipeAndStep(recipeId, stepId);
	const fields = step.kind === 'form' ? step.fields : [];
	const names = submittedNames(input, fields);
	const { values, errors } = parseFields(fields, input, names);
	if (step.kind === 'collection' && step.allowNone && '_none' in input) {
		values.none = input.none === 'oui' ? 'oui' : '';
	}
	// The step's row is locked until the save commits: a concurrent save waits, then merges into
	// this one's answers. Two first saves of a step both find no row: the loser is run again.
	return retryLostCreation(() => db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(stepAnswers)
			.where(and(eq(stepAnswers.communeId, access.commune.id), eq(stepAnswers.recipeId, recipe.id), eq(stepAnswers.stepId, step.id)))
			.for('update');
		const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
		const merged = mergeAnswers(row?.answers ?? {}, row?.fieldMeta ?? {}, row?.version ?? 0, values, input, access.user, labels);
		const progress = await loadProgress(tx, access.commune.id);
		const key = `${recipe.id}/${step.id}`;
		progress.steps.set(key, { answers: merged.answers, status: row?.status ?? 'en_cours', completedAt: row?.completedAt ?? null, version: row?.version ?? 0 });
		let status = row?.status ?? 'en_cours';
		let completedAt = row?.completedAt ?? null;
		let stepBlockers: string[] = [];
		const hasProblems = Object.keys(errors).length > 0 || merged.conflicts.length > 0;
		if (intent === 'continue') {
			stepBlockers = blockers(recipe, step, progress);
			if (stepBlockers.length === 0 && !hasProblems) {
				// Completing, or re-confirming a completed step (a review), dates it today.
				completedAt = new Date();
				status = 'terminee';
			} else if (status === 'terminee' || (status === 'plus_tard' && Object.keys(merged.changes).length)) status = 'en_cours';
		} else if (intent === 'later') {
			status = 'plus_tard';
		} else if (status === 'terminee' && blockers(recipe, step, progress).length) {
			status = 'en_cours';
		} else if (status === 'plus_tard' && Object.keys(merged.changes).length) {
			status = 'en_cours';
		}
		// Answers that call for an action (a measure "prévue"…) get one on the plan.
		if (step.kind === 'form' && step.actionItems) {
			for (const a of step.actionItems(merged.answers)) {
				await ensureAction(tx, access, { kind: 'step', id: key, item: a.item }, a.title, '', step.actionOrigin, a.measure);
			}
		}
		const statusChanged = status !== (row?.status ?? null);
		// A step never saved counts as 'en_cours': saving nothing there writes no row and no journal entry.
		const reviewed = intent === 'continue' && status === 'terminee' && row?.status === 'terminee';
		const changed = Object.keys(merged.changes).length > 0 || status !== (row?.status ?? 'en_cours') || reviewed;
		const version = changed ? (row?.version ?? 0) + 1 : (row?.version ?? 0);
		if (changed) {
			const set = { answers: merged.answers, fieldMeta: merged.fieldMeta, version, status, completedAt, updatedAt: new Date(), updatedBy: access.user.id };
			if (row) {
				await tx
					.update(stepAnswers)
					.set(set)
					.where(and(eq(stepAnswers.communeId, access.commune.id), eq(stepAnswers.recipeId, recipe.id), eq(stepAnswers.stepId, step.id)));
			} else {
				await tx.insert(stepAnswers).values({ communeId: access.commune.id, recipeId: recipe.id, stepId: step.id, ...set });
			}
			await appendAudit(tx, access.user, {
				communeId: access.commune.id,
				entity: `recette « ${recipe.title} »`,
				entityId: key,
				action: statusChanged
					? `étape « ${step.title} » : ${STATUS_WORDS[status]}`
					: reviewed && !Object.keys(merged.changes).length
						? `étape « ${step.title} » : relue et confirmée`
						: `étape « ${step.title} » : réponses`,
				changes: merged.changes
			});
		}
		if (after) await after(tx, merged.answers);
		return { version, errors, conflicts: merged.conflicts, answers: merged.answers, fieldMeta: merged.fieldMeta, changed, blockers: stepBlockers, status };
	}));
}

const STATUS_WORDS = { en_cours: 'en cours', plus_tard: 'remise à plus tard', terminee: 'terminée' } as const;

/**
 * The recipe's answers (all steps merged), for documents and the CNIL form panel. Only that
 * recipe's saved steps are read: the merge needs nothing else (not the records, nor the other
 * recipes, which `loadProgress` would bring).
 */
export async function recipeAnswersOf(db: Executor, communeId: string, recipeId: string) {
	const recipe = findRecipe(recipeId);
	if (!recipe) return {};
	const rows = await db
		.select({ stepId: stepAnswers.stepId, answers: stepAnswers.answers, status: stepAnswers.status, completedAt: stepAnswers.completedAt, version: stepAnswers.version })
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, recipe.id)));
	const steps = new Map(rows.map((r) => [`${recipe.id}/${r.stepId}`, { answers: r.answers, status: r.status, completedAt: r.completedAt, version: r.version }] as const));
	return recipeAnswers(recipe, { steps, collections: new Map(), confirmed: new Set() });
}

const confirmSchema = z.object({
	obligationId: z.string().refine((id) => OBLIGATIONS.some((o) => o.id === id), { error: 'Obligation inconnue.' }),
	note: optionalText('Remarque', 1000),
	confirmed: z.enum(['oui', 'non'], { error: 'Répondez oui ou non.' })
});

/** The DPD confirms by hand that an obligation is met (or withdraws the confirmation). */
export async function confirmObligation(db: Db, access: Access, input: unknown): Promise<void> {
	assertCanEdit(access);
	const data = validate(confirmSchema, input);
	await db.transaction(async (tx) => {
		if (data.confirmed === 'oui') {
			await tx
				.insert(obligationConfirmations)
				.values({ communeId: access.commune.id, obligationId: data.obligationId, note: data.note, confirmedBy: access.user.id })
				.onConflictDoUpdate({
					target: [obligationConfirmations.communeId, obligationConfirmations.obligationId],
					set: { note: data.note, confirmedAt: new Date(), confirmedBy: access.user.id }
				});
		} else {
			await tx
				.delete(obligationConfirmations)
				.where(and(eq(obligationConfirmations.communeId, access.commune.id), eq(obligationConfirmations.obligationId, data.obligationId)));
		}
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'obligation',
			entityId: data.obligationId,
			action: data.confirmed === 'oui' ? 'confirmée' : 'confirmation retirée',
			changes: data.note ? { note: data.note } : {}
		});
	});
}
