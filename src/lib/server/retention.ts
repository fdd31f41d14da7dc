// How long the app keeps what it keeps, and the purge that enforces it: at start, then once a day.
// The figures below are the only source: the privacy page (/confidentialite), its register entry
// (CSV) and the README quote them.
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { endOfParisDay } from '../deadlines';
import { RECORD_KINDS, retentionOf } from '../recipes/records';
import type { RecordKind } from '../recipes/types';
import { SESSION_LIFETIME } from './auth/session';
import type { Db } from './db';
import { auditLog, formTokens, loginAttempts, passwordResets, records, sessions } from './db/schema';
import { FORM_TOKEN_DAYS } from './idempotency';
import { logError } from './log';
import { allowJournal } from './domain/erasure';
import { deleteRecordsForGood } from './domain/record-writes';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The figures of the app's own processing (the GIP is its controller). */
export const RETENTION = {
	/** A session ends after this many days without use (renewed while used); expired ones are deleted. */
	sessionDays: SESSION_LIFETIME / DAY,
	/** A failed sign-in is counted (throttling) and kept this many hours after the last one, then deleted. */
	loginAttemptHours: 24,
	/** A password reset link works this many hours, once; it is deleted when used or expired. */
	passwordResetHours: 24,
	/** Pages a trainer opened in a commune (access log, CNIL délibération 2021-122: 6 months to 1 year). */
	consultationMonths: 12,
	/** The token of a submitted creating form (one creation per form) is kept this many days. */
	formTokenDays: FORM_TOKEN_DAYS
} as const;

/** How often the purge runs. */
export const PURGE_INTERVAL_MS = DAY;

export interface PurgeResult {
	sessions: number;
	loginAttempts: number;
	passwordResets: number;
	consultations: number;
	formTokens: number;
	records: number;
}

function addYears(date: Date, years: number): Date {
	const d = new Date(date);
	d.setUTCFullYear(d.getUTCFullYear() + years);
	return d;
}

function monthsBefore(now: Date, months: number): Date {
	const d = new Date(now);
	d.setUTCMonth(d.getUTCMonth() - months);
	return d;
}

/** The records past their retention at `now`, per commune: removed ones after `archivedYears`, live ones after `years` from `from`. */
async function expiredRecords(db: Db, now: Date): Promise<Map<string, { id: string; reason: string }[]>> {
	const out = new Map<string, { id: string; reason: string }[]>();
	const add = (communeId: string, id: string, reason: string) => out.set(communeId, [...(out.get(communeId) ?? []), { id, reason }]);
	for (const kind of Object.values(RECORD_KINDS) as RecordKind[]) {
		const r = retentionOf(kind);
		const removedBefore = addYears(now, -r.archivedYears);
		const removed = await db
			.select({ id: records.id, communeId: records.communeId })
			.from(records)
			.where(and(eq(records.kind, kind.id), isNotNull(records.archivedAt), lt(records.archivedAt, removedBefore)));
		for (const row of removed) add(row.communeId, row.id, `Supprimée depuis plus de ${r.archivedYears} an${r.archivedYears > 1 ? 's' : ''} : effacée définitivement (durée de conservation).`);
		if (!r.years || !r.from) continue;
		const live = await db
			.select({ id: records.id, communeId: records.communeId, data: records.data })
			.from(records)
			.where(and(eq(records.kind, kind.id), isNull(records.archivedAt)));
		for (const row of live) {
			const from = r.from(row.data);
			if (!from || !/^\d{4}-\d{2}-\d{2}/.test(from)) continue;
			// Kept until the end of the Paris day `years` later: deleted the day after.
			if (addYears(endOfParisDay(from.slice(0, 10)), r.years) < now) {
				add(row.communeId, row.id, `Durée de conservation écoulée (${r.years} ans ${r.fromLabel ?? ''}).`.replace(' )', ')'));
			}
		}
	}
	return out;
}

/**
 * Deletes what has outlived its retention at `now`: expired sessions, old failed sign-ins, used or
 * expired reset links, trainers' page views older than a year, and records past their kind's
 * retention (with their values in the journal, `deleteRecordsForGood`). One transaction per commune.
 */
export async function purgeExpired(db: Db, now = new Date()): Promise<PurgeResult> {
	const result: PurgeResult = { sessions: 0, loginAttempts: 0, passwordResets: 0, consultations: 0, formTokens: 0, records: 0 };
	result.sessions = (await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })).length;
	const attemptsBefore = new Date(now.getTime() - RETENTION.loginAttemptHours * HOUR);
	result.loginAttempts = (
		await db
			.delete(loginAttempts)
			.where(and(lt(loginAttempts.windowStart, attemptsBefore), or(isNull(loginAttempts.lockedUntil), lt(loginAttempts.lockedUntil, now))))
			.returning({ key: loginAttempts.key })
	).length;
	result.passwordResets = (
		await db
			.delete(passwordResets)
			.where(or(lt(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt)))
			.returning({ id: passwordResets.id })
	).length;
	result.formTokens = (
		await db
			.delete(formTokens)
			.where(lt(formTokens.createdAt, new Date(now.getTime() - RETENTION.formTokenDays * DAY)))
			.returning({ token: formTokens.token })
	).length;
	result.consultations = await db.transaction(async (tx) => {
		await allowJournal(tx, 'purge');
		const gone = await tx
			.delete(auditLog)
			.where(and(eq(auditLog.action, 'consultation'), lt(auditLog.at, monthsBefore(now, RETENTION.consultationMonths))))
			.returning({ id: auditLog.id });
		return gone.length;
	});
	for (const [communeId, list] of await expiredRecords(db, now)) {
		const byReason = new Map<string, string[]>();
		for (const { id, reason } of list) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
		result.records += await db.transaction(async (tx) => {
			let n = 0;
			for (const [reason, ids] of byReason) n += await deleteRecordsForGood(tx, communeId, ids, reason, now);
			return n;
		});
	}
	return result;
}

// On globalThis: in `vite dev` a server-file edit re-runs `init` with fresh modules, and must not
// start a second daily timer.
const state = globalThis as unknown as { __superChefRetention?: ReturnType<typeof setInterval> };
let running: Promise<unknown> | null = null;

async function runOnce(db: Db, now: Date): Promise<void> {
	if (running) return;
	running = purgeExpired(db, now)
		.then((r) => {
			const total = Object.values(r).reduce((a, b) => a + b, 0);
			if (total) console.log(`[super-chef-rgpd] conservation : ${JSON.stringify(r)} supprimés`);
		})
		.catch((e: unknown) => logError('purge de conservation impossible', e))
		.finally(() => {
			running = null;
		});
	await running;
}

/** Runs the purge now (without delaying the start), then every day; the timer never keeps the process alive. */
export function scheduleRetention(db: Db): void {
	if (state.__superChefRetention) clearInterval(state.__superChefRetention);
	void runOnce(db, new Date());
	state.__superChefRetention = setInterval(() => void runOnce(db, new Date()), PURGE_INTERVAL_MS);
	state.__superChefRetention.unref();
}

/** Stops the daily purge (tests, shutdown). */
export function stopRetention(): void {
	if (state.__superChefRetention) clearInterval(state.__superChefRetention);
	state.__superChefRetention = undefined;
}
