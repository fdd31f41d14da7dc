// What the dashboard asks the DPD to watch: late and next actions, rights requests late or due,
// breaches whose 72 hours are running.
import { actionIsLate, requestIsLate } from '../recipes/registers';
import { RECORD_KINDS } from '../recipes/records';
import type { Executor } from './db';
import { listRecords } from './domain/records';
import { describeRecords } from './record-list';

export async function watchView(db: Executor, communeId: string, now = new Date()) {
	const [actions, requests, breaches] = await Promise.all([
		listRecords(db, communeId, 'action'),
		listRecords(db, communeId, 'request'),
		listRecords(db, communeId, 'breach')
	]);
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
	const describe = async (kind: string, rows: typeof actions) => (await describeRecords(db, communeId, kind, rows, now)).map((r) => ({ id: r.id, title: r.title, summary: r.summary }));
	return {
		lateActions: await describe('action', late),
		nextActions: await describe('action', next),
		lateRequests: await describe('request', pendingRequests.filter((r) => requestIsLate(r.data, now))),
		pendingRequests: await describe('request', pendingRequests.filter((r) => !requestIsLate(r.data, now))),
		breaches: await describe('breach', breachesToWatch),
		kinds: { action: RECORD_KINDS.action!.plural }
	};
}
