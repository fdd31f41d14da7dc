// The action plan in one table: the open actions with their owner and due date, each missing one
// proposed (`proposedOwner`, `proposedDueDate` of `recipes/plan.ts`) and marked « proposé » until
// the table is submitted. One submission saves every row through the one write path
// (`updateRecord`: the action kind's schemas, the right to edit, the field history and one journal
// entry per action), in one transaction, once per rendered table (`_jeton`). A proposal submitted
// as it was is accepted by the person who submits: her name, the date and « proposition acceptée »
// go into the field's history. A refused value refuses the whole table, its message next to its row.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { today } from '../../french';
import { originRefs } from '../../recipes/action-origins';
import { STEP_INDEX } from '../../recipes';
import { parseFields } from '../../recipes/engine';
import { proposedDueDate, proposedOwner } from '../../recipes/plan';
import { findRecordKind, kindFields } from '../../recipes/records';
import { ACTION_ORIGINS, actionKind } from '../../recipes/registers';
import type { Db, Executor } from '../db';
import { records, type RecordRow } from '../db/schema';
import { isUuid } from '../forms';
import { formTokenOf, once } from '../idempotency';
import { assertCanEdit } from '../rights';
import type { Access } from '../tenancy';
import { DomainError } from './errors';
import { updateRecord, writerOf } from './record-writes';
import { recipeAnswersOf } from './recipes';
import { recordTitle } from './records';

/** The two columns the table sets. */
export const PLAN_FIELDS = ['owner', 'dueDate'] as const;
type PlanField = (typeof PLAN_FIELDS)[number];

/** A row's input names: `owner__<id>`, `dueDate__<id>`, `version__<id>`. */
export const cellName = (field: PlanField | 'version', id: string) => `${field}__${id}`;

/** The « proposition acceptée » of the field history. */
export const ACCEPTED = 'proposition acceptée';

export interface PlanCell {
	value: string;
	/** The value is the app's proposal, not yet accepted by anyone. */
	proposed: boolean;
}

export interface PlanOrigin {
	label: string;
	href: string | null;
}

export interface PlanRow {
	id: string;
	title: string;
	origins: PlanOrigin[];
	priority: string;
	status: string;
	version: number;
	owner: PlanCell;
	dueDate: PlanCell;
}

const fieldsOf = () => kindFields(actionKind).filter((f) => (PLAN_FIELDS as readonly string[]).includes(f.name));
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** The open actions of the commune (not done, not removed), most urgent first. */
async function openActions(db: Executor, communeId: string, ids?: string[]): Promise<RecordRow[]> {
	const rows = await db
		.select()
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, actionKind.id), isNull(records.archivedAt), ids ? inArray(records.id, ids) : undefined))
		.orderBy(asc(records.createdAt), asc(records.id));
	return rows
		.filter((r) => !actionKind.isDone?.(r.data))
		.sort((a, b) => (text(a.data.priority) || '2').localeCompare(text(b.data.priority) || '2'));
}

/** What the table proposes for a row's missing cells (the same at display and at submission). */
function proposals(row: RecordRow, owner: string, day: string): Record<PlanField, string> {
	return { owner, dueDate: proposedDueDate(row.data.priority, day) };
}

function cell(row: RecordRow, field: PlanField, proposal: string): PlanCell {
	const saved = text(row.data[field]).trim();
	return saved ? { value: saved, proposed: false } : { value: proposal, proposed: proposal !== '' };
}

/** Where each action comes from, every origin of it (`action-origins.ts`), in words with a link. */
async function originsOf(db: Executor, communeId: string, rows: RecordRow[]): Promise<Map<string, PlanOrigin[]>> {
	const ids = [...new Set(rows.flatMap((r) => originRefs(r.origin).filter((o) => findRecordKind(o.kind)).map((o) => o.id)))];
	const sources = ids.length ? await db.select().from(records).where(and(eq(records.communeId, communeId), inArray(records.id, ids), isNull(records.archivedAt))) : [];
	const parentIds = [...new Set(sources.map((s) => s.parentId).filter((p): p is string => Boolean(p)))];
	const parents = parentIds.length ? await db.select().from(records).where(and(eq(records.communeId, communeId), inArray(records.id, parentIds))) : [];
	const byId = new Map([...sources, ...parents].map((r) => [r.id, r]));
	const out = new Map<string, PlanOrigin[]>();
	for (const r of rows) {
		const list: PlanOrigin[] = [];
		for (const o of originRefs(r.origin)) {
			if (o.kind === 'step') {
				const e = STEP_INDEX.get(o.id);
				if (e) list.push({ label: `${e.recipe.title} — ${e.step.title}`, href: `/c/${communeId}/recettes/${o.id}` });
				continue;
			}
			const kind = findRecordKind(o.kind);
			const source = byId.get(o.id);
			if (!kind || !source) continue;
			const parent = source.parentId ? byId.get(source.parentId) : undefined;
			const parentKind = parent ? findRecordKind(parent.kind) : undefined;
			const about = parent && parentKind ? recordTitle(parentKind, parent.data) : recordTitle(kind, source.data);
			list.push({ label: `${capitalized(kind.entity)} — ${about}`, href: `/c/${communeId}/fiches/${kind.id}/${source.id}` });
		}
		if (!list.length) list.push({ label: ACTION_ORIGINS.find((o) => o.value === r.data.originKind)?.label ?? 'Ajoutée à la main', href: null });
		out.set(r.id, list);
	}
	return out;
}

/** The table: every open action with its owner and due date, saved or proposed. */
export async function planTable(db: Executor, communeId: string, now = new Date()): Promise<{ rows: PlanRow[]; dpdName: string }> {
	const [rows, dpd] = await Promise.all([openActions(db, communeId), recipeAnswersOf(db, communeId, 'dpd')]);
	const owner = proposedOwner(dpd);
	const day = today(now);
	const origins = await originsOf(db, communeId, rows);
	return {
		dpdName: owner,
		rows: rows.map((r) => {
			const p = proposals(r, owner, day);
			return {
				id: r.id,
				title: recordTitle(actionKind, r.data),
				origins: origins.get(r.id) ?? [],
				priority: text(r.data.priority),
				status: text(r.data.status),
				version: r.version,
				owner: cell(r, 'owner', p.owner),
				dueDate: cell(r, 'dueDate', p.dueDate)
			};
		})
	};
}

/** The ids of the rows a submission speaks for (`ids`, one per row). */
function submittedIds(input: Record<string, unknown>): string[] {
	const raw = input.ids;
	return [...new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string'))];
}

/**
 * Saves the table: every row's owner and due date, in one transaction. A row's value equal to the
 * proposal it was shown (a cell never saved) is stamped « proposition acceptée ». Rows done or
 * removed since the table was shown are left alone. Any refused value refuses the whole table.
 */
export async function savePlanTable(db: Db, access: Access, input: Record<string, unknown>, now = new Date()): Promise<{ saved: number; replayed: boolean }> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const ids = submittedIds(input);
	if (!ids.length) throw new DomainError('Aucune action à enregistrer.', {}, 400);
	const fields = fieldsOf();
	return db.transaction(async (tx) => {
		const made = await once(tx, writer.user.id, formTokenOf(input), `plan-table:${writer.communeId}`, async () => {
			const rows = await openActions(tx, writer.communeId, ids.filter(isUuid));
			const owner = proposedOwner(await recipeAnswersOf(tx, writer.communeId, 'dpd'));
			const day = today(now);
			const errors: Record<string, string> = {};
			const work: { row: RecordRow; values: Record<string, unknown>; viaFor: Record<string, string> }[] = [];
			for (const row of rows) {
				const raw: Record<string, unknown> = {};
				for (const f of PLAN_FIELDS) {
					const v = input[cellName(f, row.id)];
					if (typeof v === 'string') raw[f] = v.trim();
				}
				const { values, errors: rowErrors } = parseFields(fields, raw, Object.keys(raw));
				const title = recordTitle(actionKind, row.data);
				for (const [f, message] of Object.entries(rowErrors)) errors[cellName(f as PlanField, row.id)] = `${message} (action « ${title} »)`;
				const p = proposals(row, owner, day);
				const viaFor: Record<string, string> = {};
				for (const f of PLAN_FIELDS) if (!text(row.data[f]).trim() && p[f] && values[f] === p[f]) viaFor[f] = ACCEPTED;
				work.push({ row, values, viaFor });
			}
			if (Object.keys(errors).length) throw new DomainError(`${Object.keys(errors).length === 1 ? 'Une valeur est refusée' : 'Des valeurs sont refusées'} : rien n’est enregistré. Corrigez puis enregistrez de nouveau.`, errors);
			let saved = 0;
			for (const { row, values, viaFor } of work) {
				const [locked] = await tx.select().from(records).where(eq(records.id, row.id)).for('update');
				if (!locked) continue;
				const version = input[cellName('version', row.id)];
				const merged = await updateRecord(tx, writer, actionKind, locked, values, typeof version === 'string' ? { _version: version } : {}, {
					viaFor,
					action: 'planification (tableau du plan d’action)'
				});
				for (const c of merged.conflicts) {
					errors[cellName(c.field as PlanField, row.id)] = `Modifié entre-temps par ${c.byName} : « ${String(c.theirs ?? '')} ». Rechargez la page (action « ${recordTitle(actionKind, row.data)} »).`;
				}
				if (merged.changed) saved++;
			}
			if (Object.keys(errors).length) throw new DomainError('Une action a été modifiée par quelqu’un d’autre entre-temps : rien n’est enregistré.', errors, 409);
			return JSON.stringify({ saved });
		});
		const result = JSON.parse(made.id) as { saved: number };
		return { saved: result.saved, replayed: made.replayed };
	});
}
