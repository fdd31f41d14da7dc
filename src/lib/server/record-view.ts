// What a record page shows: its sections of fields, answers, who answered, completeness, its
// verdict, and what its kind adds (risk map, information notice, model letter…).
import { CATALOGUE } from '../catalogue/entries';
import { noticeText } from '../documents/notice';
import { requestAnswerLetter } from '../documents/request-letter';
import { dpiaVerdict } from '../recipes/dpia';
import { RECIPES } from '../recipes';
import { riskPoints, residualHigh } from '../recipes/assessments';
import { shortLabel } from '../recipes/fields';
import { pendingProposal, type FicheSecurity } from '../recipes/completeness';
import { kindFields, kindLookup, RECORD_KINDS } from '../recipes/records';
import type { Answers } from '../recipes/types';
import { describeFields, type AnswerMeta } from '../recipes/view';
import type { Executor } from './db';
import { IMPORTED_BY, type Commune, type RecordRow } from './db/schema';
import { formatParis } from '../french';
import { recipeAnswersOf } from './domain/recipes';
import { loadCompleteness } from './completeness';
import { isPlanned } from '../recipes/assessments';
import { actionsFrom, completenessOf, getParent, recordKind, recordTitle, withParent } from './domain/records';
import { safeNext } from './redirects';
import { recordOptions } from './step-view';

export function returnPath(url: URL, communeId: string, fallback: string): string {
	const next = safeNext(url.searchParams.get('retour'));
	return next.startsWith(`/c/${communeId}/`) ? next : fallback;
}

/** Where a record of this kind is listed: the register, the map, or the recipe step that collects it. */
export function listPath(communeId: string, kindId: string): string {
	if (kindId === 'activity') return `/c/${communeId}/registre`;
	if (kindId === 'support') return `/c/${communeId}/recettes/cartographie`;
	for (const recipe of RECIPES) {
		const step = recipe.steps.find((s) => s.kind === 'collection' && s.recordKind === kindId);
		if (step) return `/c/${communeId}/recettes/${recipe.id}/${step.id}`;
	}
	return `/c/${communeId}`;
}

/** What an imported training record is: a claim of the file, not an attendance a trainer recorded here. */
export const IMPORTED_TRAINING = 'Attestation importée depuis un fichier : elle dit ce que le fichier déclare ; aucun formateur de cette installation ne l’a enregistrée.';

export async function recordView(db: Executor, commune: Commune, kindId: string, row: RecordRow | null, initial: Answers = {}, parentRow: RecordRow | null = null) {
	const kind = recordKind(kindId);
	const data = row?.data ?? initial;
	const parent = parentRow ?? (row ? await getParent(db, row) : null);
	const seen = withParent(data, parent?.data);
	const kinds = kindFields(kind).filter((f) => f.type === 'records').map((f) => f.recordKind ?? '');
	const options = await recordOptions(db, commune.id, kinds);
	const imported = row?.importedAt ? formatParis(row.importedAt, false) : null;
	const meta: Record<string, AnswerMeta> = {};
	for (const [k, m] of Object.entries(row?.fieldMeta ?? {})) meta[k] = { byName: m.byName, at: m.at, ...(m.by === IMPORTED_BY ? { imported: true } : {}) };
	const judged = await loadCompleteness(db, commune.id);
	const proposal = row ? pendingProposal(row) : null;
	const c = completenessOf(kind, data, { parent: parent?.data ?? null, commune: judged.facts, proposal });
	const security = kind.id === 'activity' ? judged.security(data) : null;
	const actions = row ? await actionsFrom(db, commune.id, kind.id, row.id) : [];
	const parentKind = parent ? RECORD_KINDS[parent.kind] : undefined;
	return {
		kind: { id: kind.id, singular: kind.singular, plural: kind.plural },
		id: row?.id ?? null,
		title: row || parent ? `${row ? kindLabel(kind.singular) : `Nouveau : ${kind.singular}`}${parent && parentKind ? ` — ${recordTitle(parentKind, parent.data)}` : ''}` : `Nouveau : ${kind.singular}`,
		heading: row && !parent ? recordTitle(kind, data) : null,
		parent: parent && parentKind ? { id: parent.id, kind: parent.kind, title: recordTitle(parentKind, parent.data) } : null,
		sections: kind.sections.map((s, i) => ({ title: s.title, intro: imported && kind.id === 'training' && i === 0 ? IMPORTED_TRAINING : s.intro, fields: describeFields(s.fields, seen, options, { all: kindFields(kind), lookup: kindLookup(kind) }) })),
		/** « 6 décembre 2026 » when the record came from an imported file: shown as the file's claim. */
		importedAt: imported,
		/** « proposé, non confirmé »: why the app proposed it (null when typed by a person, or confirmed). */
		proposal,
		/** Who confirmed what the app proposed, and when (« 6 décembre 2026 à 10 h 05 »). */
		confirmed: row?.proposal && row.confirmedAt ? { by: row.confirmedByName ?? 'une personne dont le compte a été supprimé', at: formatParis(row.confirmedAt) } : null,
		fieldNames: kindFields(kind).map((f) => f.name).join(','),
		answers: data,
		meta,
		version: row?.version ?? 0,
		origin: row?.origin ?? {},
		completeness: { percent: c.percent, missing: c.missing.map(shortLabel), warnings: security?.warnings ?? [] },
		summary: row && kind.summary ? kind.summary(data, { now: new Date(), actions, parent: parent?.data }) : null,
		actionItems: row && kind.actionItems ? kind.actionItems(data).map((i) => {
					const action = actions.find((a) => a.item === i.item && a.status !== 'fait') ?? null;
					// Without an owner and a due date the action is not yet a plan (outputs.md §4).
					return { ...i, action: action && { ...action, planned: isPlanned(action) } };
				}) : [],
		linkedActions: actions,
		extras: row ? await extras(db, commune, kind.id, data, parent?.data ?? null, security) : null,
		updatedAt: row?.updatedAt.toISOString() ?? null
	};
}

const kindLabel = (singular: string) => singular.replace(/^une? /, '').replace(/^./, (c) => c.toUpperCase());

async function extras(db: Executor, commune: Commune, kindId: string, data: Answers, parent: Answers | null, security: FicheSecurity | null) {
	switch (kindId) {
		case 'activity':
			return {
				kind: 'security' as const,
				/** The mairie's measures done that protect one of the fiche's supports (its own answers are in the form). */
				headings: (security?.headings ?? []).filter((h) => h.measures.length).map((h) => ({ label: h.label, measures: h.measures }))
			};
		case 'dpia': {
			const entry = CATALOGUE.find((e) => e.name === parent?.name);
			return {
				kind: 'dpia' as const,
				verdict: dpiaVerdict(data),
				hint: typeof parent?.dpiaHint === 'string' && parent.dpiaHint ? { value: parent.dpiaHint, reason: String(parent.dpiaReason ?? entry?.dpiaReason ?? '') } : null
			};
		}
		case 'risk':
			return { kind: 'risk' as const, points: riskPoints(data), high: residualHigh(data).map((p) => p.label) };
		case 'notice': {
			const dpd = await recipeAnswersOf(db, commune.id, 'dpd');
			return { kind: 'notice' as const, notice: noticeText({ commune, dpd, fiche: parent ?? {}, notice: data }) };
		}
		case 'request': {
			const dpd = await recipeAnswersOf(db, commune.id, 'dpd');
			return { kind: 'letter' as const, letter: requestAnswerLetter(commune, dpd, data) };
		}
		default:
			return null;
	}
}
