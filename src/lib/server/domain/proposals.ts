// « Confirm, don't type » (issue 15): the register entries the app proposed, reviewed one by one;
// the DPIA screening of every activity in one table of verdicts proposed from the catalogue; the
// conformity grids pre-answered from what the app knows. Reads gather the facts; writes go through
// the one write path (`createRecords`, `confirmIn`) in one transaction: rights, validation, journal.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { pendingProposal } from '../../recipes/completeness';
import { dpiaVerdict } from '../../recipes/dpia';
import { answerLabel, gridAnswers, proposedGrid, proposedScreening, type DpiaProposal, type GridFacts, type PrincipleProposal } from '../../recipes/proposals';
import { activityKind, DPIA_HINTS } from '../../recipes/records';
import { conformityKind, dpiaKind, noticeKind, PRINCIPLES, riskKind } from '../../recipes/assessments';
import type { Answers, Proposal } from '../../recipes/types';
import type { Db, Executor } from '../db';
import { records } from '../db/schema';
import { loadCompleteness, type CommuneCompleteness } from '../completeness';
import { isUuid } from '../forms';
import { assertCanEdit } from '../rights';
import type { Access } from '../tenancy';
import { DomainError } from './errors';
import { confirmIn, createRecords, writerOf } from './record-writes';
import { recordTitle } from './records';

interface Row {
	id: string;
	kind: string;
	data: Answers;
	parentId: string | null;
	origin: Record<string, string>;
	createdAt: Date;
	proposal: Proposal | null;
	confirmedAt: Date | null;
}

const WATCHED = [activityKind.id, dpiaKind.id, conformityKind.id, noticeKind.id, riskKind.id, 'processor'];

async function liveRows(db: Executor, communeId: string, lock = false): Promise<Row[]> {
	const q = db
		.select({
			id: records.id,
			kind: records.kind,
			data: records.data,
			parentId: records.parentId,
			origin: records.origin,
			createdAt: records.createdAt,
			proposal: records.proposal,
			confirmedAt: records.confirmedAt
		})
		.from(records)
		.where(and(eq(records.communeId, communeId), inArray(records.kind, WATCHED), isNull(records.archivedAt)))
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
	// Locked when writing: two confirmations at once create one screening per activity.
	return lock ? q.for('no key update') : q;
}

const attachedTo = (rows: Row[], kind: string, parentId: string) => rows.find((r) => r.kind === kind && r.parentId === parentId) ?? null;

// ---- Register entries to confirm ------------------------------------------------------------------

export interface ProposedEntry {
	id: string;
	name: string;
	why: string;
	source: Proposal['source'];
}

/** The register entries proposed by the app and not yet confirmed, in the register's order. */
export async function proposedEntries(db: Executor, communeId: string): Promise<ProposedEntry[]> {
	const rows = await db
		.select({ id: records.id, data: records.data, proposal: records.proposal, confirmedAt: records.confirmedAt })
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, activityKind.id), isNull(records.archivedAt)))
		.orderBy(asc(sql`lower(${records.data}->>'name')`), asc(records.createdAt));
	return rows.flatMap((r) => {
		const p = pendingProposal(r);
		return p ? [{ id: r.id, name: recordTitle(activityKind, r.data), why: p.why, source: p.source }] : [];
	});
}

// ---- The DPIA screening in one table --------------------------------------------------------------

export type ScreeningState = 'fait' | 'a_confirmer' | 'propose' | 'a_examiner' | 'en_cours';

export interface ScreeningRow {
	ficheId: string;
	name: string;
	/** The catalogue's (or the fiche's) first indication, in words. */
	hint: string | null;
	hintReason: string;
	state: ScreeningState;
	/** The screening record, when there is one. */
	dpiaId: string | null;
	/** The verdict: the record's, or the one proposed. */
	verdict: { required: boolean | null; reason: string } | null;
	/** Who confirmed, when the screening was proposed and confirmed. */
	confirmedBy: string | null;
}

function screeningRow(fiche: Row, rows: Row[]): ScreeningRow & { proposal: DpiaProposal | null } {
	const dpia = attachedTo(rows, dpiaKind.id, fiche.id);
	const base = {
		ficheId: fiche.id,
		name: recordTitle(activityKind, fiche.data),
		hint: DPIA_HINTS.find((h) => h.value === fiche.data.dpiaHint)?.label ?? null,
		hintReason: typeof fiche.data.dpiaReason === 'string' ? fiche.data.dpiaReason : '',
		dpiaId: dpia?.id ?? null,
		confirmedBy: null as string | null
	};
	if (dpia) {
		const verdict = dpiaVerdict(dpia.data);
		if (pendingProposal(dpia)) return { ...base, state: 'a_confirmer', verdict, proposal: null };
		return { ...base, state: verdict.required === null ? 'en_cours' : 'fait', verdict, proposal: null };
	}
	const proposal = proposedScreening(fiche.data, fiche.origin.catalogue);
	if (!proposal) return { ...base, state: 'a_examiner', verdict: null, proposal: null };
	return { ...base, state: 'propose', verdict: proposal.verdict, proposal };
}

/** Every activity with its screening: done, proposed from the catalogue (to confirm), or to examine criterion by criterion. */
export async function screeningTable(db: Executor, communeId: string): Promise<ScreeningRow[]> {
	const rows = await liveRows(db, communeId);
	return rows.filter((r) => r.kind === activityKind.id).map((f) => {
		const { proposal: _p, ...row } = screeningRow(f, rows);
		return row;
	});
}

function chosenIds(which: unknown): string[] | 'all' {
	if (which === 'all') return 'all';
	const list = (Array.isArray(which) ? which : [which]).filter((v): v is string => typeof v === 'string' && isUuid(v));
	if (!list.length) throw new DomainError('Choisissez le verdict que vous confirmez.', {}, 400);
	return list;
}

/**
 * Confirms the proposed verdicts of the chosen activities (or all): a screening the app proposed
 * and that no one confirmed yet is confirmed; where there is none, the screening the catalogue's
 * hint stands for is created (its answers give the verdict) and confirmed, by the same person at
 * the same instant. Activities to examine criterion by criterion, and screenings typed by a
 * person, are left as they are. One transaction.
 */
export async function confirmScreenings(db: Db, access: Access, which: unknown, now = new Date()): Promise<{ confirmed: number; left: number }> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const wanted = chosenIds(which);
	return db.transaction(async (tx) => {
		const rows = await liveRows(tx, writer.communeId, true);
		const fiches = rows.filter((r) => r.kind === activityKind.id && (wanted === 'all' || wanted.includes(r.id)));
		if (wanted !== 'all' && fiches.length !== wanted.length) throw new DomainError('Une des activités choisies n’existe pas (ou plus) dans cette commune.', {}, 404);
		const toConfirm: string[] = [];
		const toCreate: { fiche: Row; proposal: DpiaProposal }[] = [];
		let left = 0;
		for (const f of fiches) {
			const row = screeningRow(f, rows);
			if (row.state === 'a_confirmer' && row.dpiaId) toConfirm.push(row.dpiaId);
			else if (row.state === 'propose' && row.proposal) toCreate.push({ fiche: f, proposal: row.proposal });
			else if (row.state !== 'fait') left++;
		}
		const created = await createRecords(
			tx,
			writer,
			toCreate.map(({ fiche, proposal }) => ({
				kind: dpiaKind,
				data: proposal.answers,
				parentId: fiche.id,
				action: 'création depuis l’indication du catalogue',
				via: 'catalogue',
				proposal: { source: 'catalogue' as const, why: proposal.why },
				provenance: `dépistage proposé : ${String(fiche.data.dpiaHint)}`,
				at: now
			}))
		);
		const confirmed = await confirmIn(tx, writer, dpiaKind, [...toConfirm, ...created], now);
		return { confirmed, left };
	});
}

// ---- The conformity grids pre-answered -----------------------------------------------------------

export type GridState = 'aucune' | 'a_confirmer' | 'faite';

export interface GridRow {
	ficheId: string;
	name: string;
	state: GridState;
	gridId: string | null;
	/** Every principle with the app's proposed answer (null: asked) and why; the grid's own answers once it exists. */
	principles: (PrincipleProposal & { answerText: string })[];
	derived: number;
}

function gridFacts(fiche: Row, rows: Row[], judged: CommuneCompleteness): GridFacts {
	const notice = attachedTo(rows, noticeKind.id, fiche.id);
	const dpia = attachedTo(rows, dpiaKind.id, fiche.id);
	const risk = attachedTo(rows, riskKind.id, fiche.id);
	const security = judged.security(fiche.data);
	const done = (r: Row | null) => Boolean(r) && judged.of(RECORD_OF[r!.kind]!, { data: r!.data, parentId: r!.parentId, proposal: r!.proposal, confirmedAt: r!.confirmedAt }).missing.length === 0;
	return {
		fiche: fiche.data,
		notice: notice ? { data: notice.data, createdAt: notice.createdAt, complete: done(notice) } : null,
		processors: rows
			.filter((r) => r.kind === 'processor' && Array.isArray(r.data.activities) && (r.data.activities as string[]).includes(fiche.id))
			.map((r) => ({ name: String(r.data.name ?? 'Sans nom'), clauses: Array.isArray(r.data.clauses) ? r.data.clauses.length : 0 })),
		// A screening still « proposé » is not known yet.
		dpia: dpia && !pendingProposal(dpia) ? { verdict: dpiaVerdict(dpia.data), riskDone: done(risk) } : null,
		security: security.headings.flatMap((h) => [...(h.own && security.ownMeasure ? [`${h.label.toLowerCase()} : ${h.own}`] : []), ...h.measures])
	};
}

const RECORD_OF: Record<string, typeof noticeKind> = { notice: noticeKind, risk: riskKind };

/** Every activity with its grid's state and the principles the app can answer. */
export async function gridTable(db: Executor, communeId: string): Promise<GridRow[]> {
	const [rows, judged] = await Promise.all([liveRows(db, communeId), loadCompleteness(db, communeId, [noticeKind, riskKind])]);
	return rows.filter((r) => r.kind === activityKind.id).map((f) => gridRow(f, rows, judged));
}

function gridRow(f: Row, rows: Row[], judged: CommuneCompleteness): GridRow {
	const grid = attachedTo(rows, conformityKind.id, f.id);
	const APP = 'Proposé par l’application : ';
	const principles: PrincipleProposal[] = grid
		? PRINCIPLES.map((p) => {
				const answer = typeof grid.data[`p_${p.id}`] === 'string' ? String(grid.data[`p_${p.id}`]) : null;
				const why = String(grid.data[`p_${p.id}_why`] ?? '');
				return { id: p.id, label: p.label, answer, why: answer ? why.replace(APP, '') : 'À vous de répondre.' };
			})
		: proposedGrid(gridFacts(f, rows, judged));
	return {
		ficheId: f.id,
		name: recordTitle(activityKind, f.data),
		state: !grid ? 'aucune' : pendingProposal(grid) ? 'a_confirmer' : 'faite',
		gridId: grid?.id ?? null,
		principles: principles.map((p) => ({ ...p, answerText: answerLabel(p.answer) })),
		derived: principles.filter((p) => p.answer).length
	};
}

/**
 * Prepares the grid of the chosen activities (or all) that have none: the principles the app can
 * answer are written with their reason as justification, the rest left to answer; each grid is
 * « proposé » until a person confirms it. Returns the grids created, in the order asked.
 */
export async function prepareGrids(db: Db, access: Access, which: unknown, now = new Date()): Promise<string[]> {
	assertCanEdit(access);
	const writer = writerOf(access);
	const wanted = chosenIds(which);
	return db.transaction(async (tx) => {
		const [rows, judged] = await Promise.all([liveRows(tx, writer.communeId, true), loadCompleteness(tx, writer.communeId, [noticeKind, riskKind])]);
		const fiches = rows.filter((r) => r.kind === activityKind.id && (wanted === 'all' || wanted.includes(r.id)));
		if (wanted !== 'all' && fiches.length !== wanted.length) throw new DomainError('Une des activités choisies n’existe pas (ou plus) dans cette commune.', {}, 404);
		const items = fiches
			.filter((f) => !attachedTo(rows, conformityKind.id, f.id))
			.map((f) => {
				const row = gridRow(f, rows, judged);
				const names = row.principles.filter((p) => p.answer).map((p) => p.label.toLowerCase());
				return {
					kind: conformityKind,
					data: gridAnswers(row.principles),
					parentId: f.id,
					action: 'création pré-remplie par l’application',
					via: 'application',
					proposal: {
						source: 'application' as const,
						why: names.length
							? `pré-remplie d’après ce que l’application sait de l’activité (${names.join(', ')})`
							: 'préparée par l’application ; aucun principe n’a pu être pré-rempli'
					},
					at: now
				};
			});
		return createRecords(tx, writer, items);
	});
}
