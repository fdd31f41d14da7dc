// Everything a step page shows, derived from the recipe module and the commune's answers.
import { CATALOGUE } from '../catalogue/entries';
import {
	blockers,
	collectionBlockers,
	formChecks,
	recipeAnswers,
	recipeErrors,
	recipeProgress,
	stepMinutes,
	stepLookup,
	STEP_STATUS_LABELS,
	visibleSteps
} from '../recipes/engine';
import { isAnswered } from '../recipes/fields';
import { RECORD_KINDS } from '../recipes/records';
import { themeScores } from '../recipes/securite';
import type { Answers } from '../recipes/types';
import { describeFields, type AnswerMeta, type RecordOptions } from '../recipes/view';
import type { Executor } from './db';
import { IMPORTED_BY } from './db/schema';
import { listRecords, recordTitle } from './domain/records';
import { describePerParent, describeRecords } from './record-list';
import { getStepRow, recipeAndStep } from './domain/recipes';
import { progressOfCommune } from './progress-cache';
import { cnilFormData } from './cnil-form';
import { listDocuments } from './domain/documents';
import { canEditAdvice, stepAdvice } from './domain/advice';
import { DOCUMENT_TEMPLATES } from '../documents/templates';
import type { Access } from './tenancy';

export async function recordOptions(db: Executor, communeId: string, kinds: string[]): Promise<RecordOptions> {
	const out: RecordOptions = {};
	for (const k of new Set(kinds)) {
		const kind = RECORD_KINDS[k];
		if (!kind) continue;
		const rows = await listRecords(db, communeId, k);
		out[k] = rows.map((r) => ({ value: r.id, label: recordTitle(kind, r.data) }));
	}
	return out;
}

export async function stepView(db: Executor, access: Access, recipeId: string, stepId: string) {
	const { recipe, step } = recipeAndStep(recipeId, stepId);
	const progress = await progressOfCommune(db, access.commune.id);
	const row = await getStepRow(db, access.commune.id, recipe.id, step.id);
	const rp = recipeProgress(recipe, progress);
	const steps = visibleSteps(recipe, progress);
	const index = steps.findIndex((s) => s.id === step.id);
	const merged = recipeAnswers(recipe, progress);
	let answers: Answers = { ...(row?.answers ?? {}) };
	const meta: Record<string, AnswerMeta> = {};
	// An answer a JSON import brought says so (its author has no account here).
	for (const [k, m] of Object.entries(row?.fieldMeta ?? {})) meta[k] = { byName: m.byName, at: m.at, ...(m.by === IMPORTED_BY ? { imported: true } : {}) };

	const common = {
		recipe: { id: recipe.id, title: recipe.title, why: recipe.why },
		step: {
			id: step.id,
			kind: step.kind,
			title: step.title,
			intro: step.intro,
			tip: step.tip,
			minutes: stepMinutes(recipe, step, progress),
			widget: step.kind === 'collection' ? (step.widget ?? null) : null,
			shortcut: step.kind === 'collection' ? (step.shortcut ?? null) : null
		},
		stepNumber: index + 1,
		stepCount: steps.length,
		previous: index > 0 ? steps[index - 1]!.id : null,
		next: steps[index + 1]?.id ?? null,
		status: rp.steps.find((s) => s.step.id === step.id)?.status ?? 'a_faire',
		statusLabels: STEP_STATUS_LABELS,
		version: row?.version ?? 0,
		blockers: blockers(recipe, step, progress),
		// « Questions des formations »: the GIP's advice for this step, its recipe and its catalogue.
		advice: await stepAdvice(db, recipe.id, step.id, step.kind === 'collection' && step.widget === 'catalogue' ? CATALOGUE.map((e) => e.id) : []),
		canEditAdvice: canEditAdvice(access.user)
	};

	if (step.kind === 'form') {
		// Never-answered fields get the recipe's proposed text (e.g. the mission letter's missions).
		const defaults = step.defaults?.(merged) ?? {};
		for (const [k, v] of Object.entries(defaults)) if (!isAnswered(answers[k]) && !(k in (row?.fieldMeta ?? {}))) answers[k] = v;
		const all = { ...merged, ...answers };
		const kinds = step.fields.filter((f) => f.type === 'records').map((f) => f.recordKind ?? '');
		const fields = describeFields(step.fields, all, await recordOptions(db, access.commune.id, kinds), { lookup: stepLookup(recipe, step) });
		const panel =
			step.panel === 'cnil-form'
				? { kind: 'cnil-form' as const, rows: cnilFormData(access.commune, merged) }
				: step.panel === 'documents'
					? {
							kind: 'documents' as const,
							templates: (recipe.documents ?? []).map((k) => ({ kind: k, title: DOCUMENT_TEMPLATES[k]?.title ?? k, description: DOCUMENT_TEMPLATES[k]?.description ?? '' })),
							// A refused choice in the recipe (the mayor as DPD) blocks its documents.
							blockers: recipeErrors(recipe, all).map((c) => c.message),
							generated: (await listDocuments(db, access.commune.id)).filter((d) => (recipe.documents ?? []).includes(d.kind))
						}
					: step.panel === 'poster'
						? { kind: 'poster' as const, scores: themeScores(recipeAnswers(recipe, progress)) }
						: null;
		return { ...common, fields, answers, meta, checks: formChecks(step, all), panel, collection: null, catalogue: null };
	}

	const kind = RECORD_KINDS[step.recordKind]!;
	const perParent = step.perParent ? await describePerParent(db, access.commune.id, kind.id, step.perParent.requiredFor) : null;
	const items = perParent ? [] : await describeRecords(db, access.commune.id, kind.id, await listRecords(db, access.commune.id, step.recordKind, step.filter));
	let catalogue = null;
	if (step.widget === 'catalogue') {
		const present = new Set((await listRecords(db, access.commune.id, 'activity')).map((r) => r.origin.catalogue).filter(Boolean));
		catalogue = CATALOGUE.map((e) => ({
			id: e.id,
			domain: e.domain,
			name: e.name,
			description: e.description,
			legalBasis: e.legalBasis,
			retention: e.retention,
			retentionSource: e.retentionSource,
			dpiaHint: e.dpiaHint,
			dpiaReason: e.dpiaReason,
			cautions: e.cautions ?? [],
			added: present.has(e.id)
		}));
	}
	answers = { none: row?.answers.none ?? '' };
	return {
		...common,
		fields: [],
		answers,
		meta,
		checks: [],
		panel: null,
		collection: {
			recordKind: step.recordKind,
			singular: kind.singular,
			filter: step.filter ?? null,
			prompts: step.prompts ?? [],
			allowNone: step.allowNone ?? null,
			requireComplete: Boolean(step.requireComplete),
			items,
			perParent,
			requiredLabel: step.perParent?.requiredLabel ?? null,
			blockers: collectionBlockers(step, progress.collections.get(`${recipe.id}/${step.id}`), answers)
		},
		catalogue
	};
}
