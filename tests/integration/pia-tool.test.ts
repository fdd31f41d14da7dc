// Our PIA file read as the CNIL's PIA tool reads it (LINCnil/pia 4.x). The tool's rules are
// re-implemented here from its source, each citing the file and function it follows; nothing of
// the tool is copied into this repository. After importing a file the tool recomputes every
// part's state (pia.service.ts `importData` → `calculPiaProgress` → sid-status.service.ts
// `setSidStatus` → global-evaluation.service.ts `validate`), whatever `pia.status` says.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { listRecords } from '../../src/lib/server/domain/records';
import { buildSnapshot, type Snapshot } from '../../src/lib/server/dossier/snapshot';
import { piaFromSnapshot, toolGaps, type PiaFile } from '../../src/lib/server/exports/pia';
import { seedGlanonFollowUp, seedGlanonProgress } from '../../src/lib/server/seed/demo';
import type { Access } from '../../src/lib/server/tenancy';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

// ---- The tool's rules ----------------------------------------------------------------------------

/** The tool's parts (src/assets/files/pia_architecture.json): evaluation mode and questions with their answer type. */
type Mode = 'item' | 'question';
interface ToolItem {
	ref: string;
	mode: Mode;
	withGauge?: boolean;
	isMeasure?: boolean;
	questions: { id: number; type: 'text' | 'list' | 'gauge' }[];
}
const text = (...ids: number[]) => ids.map((id) => ({ id, type: 'text' as const }));
const riskQuestions = (b: number): ToolItem['questions'] => [...[1, 2, 3, 4].map((x) => ({ id: b + x, type: 'list' as const })), ...[5, 6].map((x) => ({ id: b + x, type: 'gauge' as const }))];
const ARCHITECTURE: ToolItem[] = [
	{ ref: '1.1', mode: 'item', questions: text(111, 112, 113) },
	{ ref: '1.2', mode: 'item', questions: text(121, 122, 123) },
	{ ref: '2.1', mode: 'question', questions: text(211, 212, 213, 214, 215) },
	{ ref: '2.2', mode: 'question', questions: text(221, 222, 223, 224, 225, 226, 227) },
	{ ref: '3.1', mode: 'question', isMeasure: true, questions: [] },
	{ ref: '3.2', mode: 'item', withGauge: true, questions: riskQuestions(320) },
	{ ref: '3.3', mode: 'item', withGauge: true, questions: riskQuestions(330) },
	{ ref: '3.4', mode: 'item', withGauge: true, questions: riskQuestions(340) }
];

type Answer = PiaFile['answers'][number];
type Evaluation = PiaFile['evaluations'][number];
type Measure = PiaFile['measures'][number];

/** global-evaluation.service.ts `answerIsValid`: gauge needs text and gauge > 0; list a non-empty list; text a text. */
function answerIsValid(item: ToolItem, answer: Answer): boolean {
	const q = item.questions.find((x) => x.id === Number(answer.reference_to));
	if (!q) return false;
	if (q.type === 'gauge') return Boolean(answer.data.text && answer.data.text.length > 0 && (answer.data.gauge ?? 0) > 0);
	if (q.type === 'list') return Boolean(answer.data.list && answer.data.list.length > 0);
	return Boolean(answer.data.text && answer.data.text.length > 0);
}

/** `measureIsValid`: a title or a content. */
const measureIsValid = (m: Measure) => Boolean((m.content && m.content.length > 0) || (m.title && m.title.length > 0));

/** `evaluationIsValid`. */
function evaluationIsValid(item: ToolItem, e: Evaluation): boolean {
	if (e.status === 1) return Boolean(e.evaluation_comment);
	if (e.status === 2) {
		if (item.mode === 'question') return Boolean(e.action_plan_comment);
		if (item.mode === 'item' && item.withGauge) return e.gauges.x > 0 && e.gauges.y > 0 && Boolean(e.action_plan_comment);
		return false;
	}
	return e.status === 3;
}

/**
 * A part's state, as `validate` computes it for a PIA: `answersVerification` and
 * `evaluationsVerification` gather the answers (or the measures with a title and a content) and
 * their evaluations, `verification` turns them into 0–8 (7 done, 8 done and the PIA validated;
 * 3 an evaluation « à corriger »; 4–6 being evaluated; 1–2 answers being written).
 */
function itemStatus(file: PiaFile, item: ToolItem): number {
	const evaluation = (ref: string) => file.evaluations.find((e) => e.reference_to === ref);
	let questionsOrMeasures: unknown[];
	let answersOrMeasures: (Answer | Measure)[];
	let evaluations: Evaluation[];
	if (item.isMeasure) {
		questionsOrMeasures = file.measures;
		answersOrMeasures = file.measures.filter((m) => m.title && m.content);
		// The importer maps "3.1.<old id>" to the new measure ids (pia.service.ts `importMeasures` / `importEvaluations`): ids kept as they are here.
		evaluations = file.measures.map((m) => evaluation(`${item.ref}.${m.id}`)).filter((e): e is Evaluation => Boolean(e));
	} else {
		questionsOrMeasures = item.questions;
		answersOrMeasures = item.questions.map((q) => file.answers.find((a) => Number(a.reference_to) === q.id)).filter((a): a is Answer => Boolean(a));
		evaluations =
			item.mode === 'item'
				? [evaluation(item.ref)].filter((e): e is Evaluation => Boolean(e))
				: answersOrMeasures.map((a) => evaluation(`${item.ref}.${(a as Answer).reference_to}`)).filter((e): e is Evaluation => Boolean(e));
	}
	const valid = answersOrMeasures.filter((x) => ('data' in x ? answerIsValid(item, x) : measureIsValid(x)));
	if (!(answersOrMeasures.length > 0 && valid.length === questionsOrMeasures.length)) return answersOrMeasures.length > 0 ? 1 : 0;
	if (evaluations.length === 0) return 2;
	const started = evaluations.filter((e) => e.status > 0);
	if (started.length === evaluations.length) {
		// `evaluationCompleted`: status > 1 and global_status 2.
		if (evaluations.every((e) => e.status > 1 && e.global_status === 2)) return file.pia.status >= 2 ? 8 : 7;
		// `evaluationsToBeFixed`.
		if (evaluations.some((e) => e.status === 1 && e.global_status === 1)) return 3;
		return evaluations.every((e) => evaluationIsValid(item, e)) ? 6 : 5;
	}
	return evaluations.every((e) => e.status === 0) ? 4 : 5;
}

/** 4.3, `dpoValidation`: the DPD's name, status and opinion, and the people's opinion or why it was not sought. */
function dpoStatus(file: PiaFile): number {
	const p = file.pia;
	const dpoFilled = Boolean(p.dpos_names) && (p.dpo_status === 0 || p.dpo_status === 1) && Boolean(p.dpo_opinion);
	const unsearched = p.concerned_people_searched_opinion === false && Boolean(p.concerned_people_searched_content);
	const searched = p.concerned_people_searched_opinion === true && Boolean(p.people_names) && [0, 1].includes(p.concerned_people_status) && Boolean(p.concerned_people_opinion);
	if (dpoFilled && (unsearched || searched)) return p.status > 1 ? 8 : 7;
	return 0;
}

/** pia.service.ts `calculPiaProgress` with sid-status.service.ts `setPiaProgress`: 4 when status > 0, then 3.75 per step of each part, 2 for 4.3. */
function toolProgress(file: PiaFile, states: Record<string, number>): number {
	let progress = file.pia.status > 0 ? 4 : 0;
	for (const [ref, s] of Object.entries(states)) {
		const base = ref === '4.3' ? 2 : 3.75;
		progress += s >= 1 && s < 5 ? base : s === 5 || s === 6 ? base * 2 : s >= 7 ? base * 3 : 0;
	}
	return Math.min(100, progress);
}

/** What the tool shows after importing the file. */
function readByTheTool(file: PiaFile) {
	// pia.service.ts `importData`: refuses a file without `pia`, reads the four arrays, the status as a number.
	expect(file.pia).toBeDefined();
	for (const k of ['answers', 'measures', 'evaluations', 'comments'] as const) expect(Array.isArray(file[k]), k).toBe(true);
	expect(Number.isNaN(parseInt(String(file.pia.status), 10))).toBe(false);
	// `importEvaluations` calls `reference_to.startsWith`: a string.
	for (const e of file.evaluations) expect(typeof e.reference_to).toBe('string');
	const states: Record<string, number> = {};
	for (const item of ARCHITECTURE) states[item.ref] = itemStatus(file, item);
	states['4.3'] = dpoStatus(file);
	// global-evaluation.service.ts `dpoValidation`: the PIA can be validated only from 4.3 filled;
	// sid-status.service.ts `verifEnableDpo`: 4.3 opens when every other part is at least 7.
	const allDone = ARCHITECTURE.every((i) => states[i.ref]! >= 7);
	const validatable = allDone && states['4.3']! >= 7;
	return { states, validatable, progress: toolProgress(file, states) };
}

// ---- Our file ------------------------------------------------------------------------------------

describe.each(engines())('the PIA file, read with the CNIL PIA tool’s rules ($name)', (engine) => {
	const getDb = useDatabase(engine);
	let db: Db;
	let access: Access;
	/** The demo as seeded: the CCAS fiche says nothing of its supports nor of transfers. */
	let demo: Snapshot;
	/** The same with the fiche completed: its software and computer, no transfer outside the EU. */
	let snapshot: Snapshot;
	let riskId: string;

	beforeAll(async () => {
		db = getDb();
		const secretary = await makeUser(db, { name: 'Sophie Martin' });
		const commune = await makeCommune(db, secretary, '21301');
		access = await accessOf(db, secretary, commune.id);
		await seedGlanonProgress(db, { ...access, commune });
		await seedGlanonFollowUp(db, access);
		demo = await buildSnapshot(db, access.commune.id);
		riskId = (await listRecords(db, access.commune.id, 'risk'))[0]!.id;
		snapshot = structuredClone(demo);
		const fiche = snapshot.records.find((r) => r.id === snapshot.records.find((x) => x.id === riskId)!.parentId)!;
		const supports = snapshot.records.filter((r) => r.kind === 'support' && ['Logiciel état civil et élections', 'Ordinateur du secrétariat'].includes(String(r.data.name)));
		expect(supports).toHaveLength(2);
		fiche.data = { ...fiche.data, supports: supports.map((r) => r.id), transfers: 'non' };
	});

	/** The snapshot with the risk assessment's answers changed. */
	const withRisk = (change: (data: Record<string, unknown>) => void): Snapshot => {
		const copy = structuredClone(snapshot);
		change(copy.records.find((r) => r.id === riskId)!.data);
		return copy;
	};

	it('a validated analysis: every part done in the tool, 4.3 filled, validated, progress 100', () => {
		const file = piaFromSnapshot(snapshot, riskId);
		const tool = readByTheTool(file);
		expect(toolGaps(file)).toEqual([]);
		expect(file.pia.status).toBe(2);
		expect(tool.states).toEqual({ '1.1': 8, '1.2': 8, '2.1': 8, '2.2': 8, '3.1': 8, '3.2': 8, '3.3': 8, '3.4': 8, '4.3': 8 });
		expect(tool.validatable).toBe(true);
		expect(tool.progress).toBe(100);
		expect(file.pia.progress).toBe(100);
	});

	it('answers 123 (supports and their security), 214 (accuracy), 221 (information) and 227 (transfers)', () => {
		const file = piaFromSnapshot(snapshot, riskId);
		const t = (q: number) => file.answers.find((a) => a.reference_to === q)?.data.text ?? '';
		// The CCAS's software and paper files, with the mairie's measures that protect them.
		expect(t(123)).toMatch(/Logiciels et supports|Supports utilisés/);
		expect(t(123)).toContain('Mesures de la mairie : ');
		expect(t(214)).toContain('Relecture par la vice-présidente');
		expect(t(214)).toContain('rectification');
		// No notice written for the CCAS: said, and an « améliorable » evaluation with what to do.
		expect(t(221)).toContain('Aucune mention d’information');
		expect(file.evaluations.find((e) => e.reference_to === '2.2.221')).toMatchObject({ status: 2, action_plan_comment: expect.stringContaining('mention d’information') });
		expect(t(227)).toMatch(/Transferts hors UE : Non|Aucun transfert/);
	});

	it('lists in 3.1 the mairie’s security basics done (acceptable) and the planned measures (améliorable, with their plan)', () => {
		const file = piaFromSnapshot(snapshot, riskId);
		const titles = file.measures.map((m) => m.title);
		// Done in « Sécuriser le quotidien » by the demo: personal passwords, session lock (they protect the CCAS's software).
		expect(titles).toEqual(expect.arrayContaining(['Comptes et mots de passe personnels']));
		const evaluationOf = (title: string) => file.evaluations.find((e) => e.reference_to === `3.1.${file.measures.find((m) => m.title === title)!.id}`);
		expect(evaluationOf('Comptes et mots de passe personnels')).toMatchObject({ status: 3, global_status: 2 });
		expect(evaluationOf('Sauvegarde hebdomadaire sur disque débranché (prévue)')).toMatchObject({ status: 2, global_status: 2, action_plan_comment: expect.stringContaining('Sauvegarde') });
	});

	it('risks with a plan are « améliorable » with their after-plan gauges and plan; a risk without one is « acceptable »', () => {
		const file = piaFromSnapshot(snapshot, riskId);
		const [acces, modification, disparition] = ['3.2', '3.3', '3.4'].map((ref) => file.evaluations.find((e) => e.reference_to === ref)!);
		// Access and disappearance were re-estimated after the plan (3/1 and 2/1): the tool shows these gauges only for status 2.
		expect(acces).toMatchObject({ status: 2, global_status: 2, gauges: { x: 3, y: 1 } });
		expect(acces!.action_plan_comment).not.toBe('');
		expect(disparition).toMatchObject({ status: 2, global_status: 2, gauges: { x: 2, y: 1 } });
		expect(disparition!.action_plan_comment).toContain('Sauvegarde hebdomadaire');
		expect(modification).toMatchObject({ status: 3, global_status: 2 });
		// Every « améliorable » evaluation would also pass the tool's `evaluationIsValid`.
		for (const e of file.evaluations.filter((x) => x.status === 2)) {
			const item = ARCHITECTURE.find((i) => e.reference_to === i.ref || e.reference_to.startsWith(`${i.ref}.`))!;
			expect(evaluationIsValid(item, e), e.reference_to).toBe(true);
		}
	});

	it('is not validated when the tool would not agree: the demo’s incomplete fiche, a missing answer, a missing DPD opinion', () => {
		// The demo's fiche names no support and does not answer « transfers »: 123 and 227 have nothing to say.
		const asSeeded = piaFromSnapshot(demo, riskId);
		expect(asSeeded.pia.status).toBe(0);
		expect(toolGaps(asSeeded)).toEqual(['Partie 1.2 : réponses incomplètes.', 'Partie 2.2 : réponses incomplètes.', 'Partie 2.2 : évaluation non validée.']);
		expect(readByTheTool(asSeeded).validatable).toBe(false);
		expect(readByTheTool(asSeeded).states).toMatchObject({ '1.1': 7, '1.2': 1, '2.2': 1, '3.2': 7, '4.3': 7 });

		const noImpacts = piaFromSnapshot(
			withRisk((d) => delete d.acces_impacts),
			riskId
		);
		expect(noImpacts.pia.status).toBe(0);
		expect(readByTheTool(noImpacts).states['3.2']).toBeLessThan(7);
		expect(readByTheTool(noImpacts).validatable).toBe(false);
		expect(toolGaps(noImpacts)).toContain('Partie 3.2 : réponses incomplètes.');

		const noOpinion = piaFromSnapshot(
			withRisk((d) => delete d.dpdOpinion),
			riskId
		);
		expect(noOpinion.pia.status).toBe(0);
		expect(readByTheTool(noOpinion).states['4.3']).toBe(0);

		// The fiche lost its description (111 has the name left, 122 may not): whatever the tool misses, never « validated ».
		const noFiche = structuredClone(snapshot);
		const risk = noFiche.records.find((r) => r.id === riskId)!;
		noFiche.records = noFiche.records.filter((r) => r.id !== risk.parentId);
		const orphan = piaFromSnapshot(noFiche, riskId);
		expect(readByTheTool(orphan).validatable).toBe(false);
		expect(orphan.pia.status).toBe(0);
	});

	it('a refused analysis is refused in the tool; an undecided one carries no evaluation', () => {
		const refused = piaFromSnapshot(
			withRisk((d) => (d.mayorDecision = 'a_revoir')),
			riskId
		);
		expect(refused.pia.status).toBe(1);
		expect(refused.pia.rejection_reason).toContain('à revoir');
		expect(readByTheTool(refused).validatable).toBe(false);

		const open = piaFromSnapshot(
			withRisk((d) => delete d.mayorDecision),
			riskId
		);
		expect(open.pia.status).toBe(0);
		expect(open.evaluations).toEqual([]);
		// Answers written, evaluation not asked for: state 2 (answers complete) wherever the answers are there.
		expect(readByTheTool(open).states['3.2']).toBe(2);
		expect(readByTheTool(open).validatable).toBe(false);
	});
});
