// What the dashboard asks the DPD to watch: late and next actions, rights requests late or due,
// breaches whose 72 hours are running.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { actionIsLate, requestIsLate } from '../recipes/registers';
import { RECORD_KINDS } from '../recipes/records';
import type { Executor } from './db';
import { records } from './db/schema';
import { recordKind } from './domain/records';
import { NO_COMMUNE_FACTS } from '../recipes/completeness';
import { contextOf, describeRecord } from './record-list';

const WATCHED = ['action', 'request', 'breach'];

export async function watchView(db: Executor, communeId: string, now = new Date()) {
	// The three registers in one query (in the lists' order: by name, then creation); the lists'
	// contexts are made from these rows, without asking the database again.
	const rows = await db
		// What the lists show and the contexts use (not the answers' history, `field_meta`).
		.select({
			id: records.id,
			kind: records.kind,
			data: records.data,
			origin: records.origin,
			parentId: records.parentId,
			updatedAt: records.updatedAt,
			proposal: records.proposal,
			confirmedAt: records.confirmedAt
		})
		.from(records)
		.where(and(eq(records.communeId, communeId), inArray(records.kind, WATCHED), isNull(records.archivedAt)))
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
	const actions = rows.filter((r) => r.kind === 'action');
	const requests = rows.filter((r) => r.kind === 'request');
	const breaches = rows.filter((r) => r.kind === 'breach');
	const open = actions.filter((a) => a.data.status !== 'fait');
	const late = open.filter((a) => actionIsLate(a.data, now));
	const next = open
		.filter((a) => !actionIsLate(a.data, now))
		.sort((a, b) => String(a.data.dueDate || '9999').localeCompare(String(b.data.dueDate || '9999')) || String(a.data.priority).localeCompare(String(b.data.priority)))
		.slice(0, 3);
	const pendingRequests = requests.filter((r) => !r.data.answeredOn);
	// Breaches still waiting for a decision or a notification (a late notification, once made, is
	// a red flag of the dossier, not something left to do).
	const breachesToWatch = breaches.filter((b) => !b.data.risk || ((b.data.risk === 'risque' || b.data.risk === 'eleve') && b.data.cnilNotified !== 'oui'));
	const describe = (kindId: string, list: typeof rows) => {
		const kind = recordKind(kindId);
		// None of these kinds is attached to a parent nor depends on the security measures.
		const ctx = contextOf(kind, actions, [], NO_COMMUNE_FACTS, now);
		return list.map((r) => describeRecord(kind, r, ctx)).map((r) => ({ id: r.id, title: r.title, summary: r.summary }));
	};
	return {
		lateActions: describe('action', late),
		nextActions: describe('action', next),
		lateRequests: describe('request', pendingRequests.filter((r) => requestIsLate(r.data, now))),
		pendingRequests: describe('request', pendingRequests.filter((r) => !requestIsLate(r.data, now))),
		breaches: describe('breach', breachesToWatch),
		kinds: { action: RECORD_KINDS.action!.plural }
	};
}
