// The commune profile: saving its answers (an ordinary recipe step) and, in the same transaction,
// creating what they propose (recipes/profile.ts) through the one write path, each record
// « proposé, non confirmé » with its reason. A proposal is created once: a record already there
// (from the profile, or the same catalogue entry from the catalogue widget) is left as it is, and a
// proposal she removed is not proposed again. An answer that flips never removes anything: the
// page lists what no longer applies, and she removes it herself.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { CATALOGUE } from '../../catalogue/entries';
import { pendingProposal } from '../../recipes/completeness';
import { planProposals, profilRecipe, PROFILE_STEP_ID, rulesNotApplying, supportProposalData, whyText, type ProposalPlan } from '../../recipes/profile';
import { recordKind } from './records';
import type { Answers, Proposal } from '../../recipes/types';
import type { Db, Executor } from '../db';
import { records, stepAnswers } from '../db/schema';
import type { Access } from '../tenancy';
import { catalogueKind, createRecords, writerOf, type NewRecord } from './record-writes';
import { saveStep, type StepIntent, type StepSaveResult } from './recipes';

/**
 * A record a proposal may have become: an activity is known by its catalogue entry (`origin.catalogue`,
 * whoever created it), a support or a processor by the profile's key (`origin.profil`).
 */
type Existing = { id: string; kind: string; archived: boolean; proposal: Proposal | null; confirmedAt: Date | null; name: string; origin: Record<string, string> };

const supportKey = (key: string) => `support:${key}`;
const processorKey = (key: string) => `processor:${key}`;

async function existingRecords(db: Executor, communeId: string): Promise<Existing[]> {
	const rows = await db
		.select({ id: records.id, kind: records.kind, data: records.data, origin: records.origin, archivedAt: records.archivedAt, proposal: records.proposal, confirmedAt: records.confirmedAt })
		.from(records)
		.where(eq(records.communeId, communeId));
	return rows
		.filter((r) => (r.kind === 'activity' && r.origin.catalogue) || ((r.kind === 'support' || r.kind === 'processor') && r.origin.profil))
		.map((r) => ({
			id: r.id,
			kind: r.kind,
			archived: r.archivedAt !== null,
			proposal: r.proposal,
			confirmedAt: r.confirmedAt,
			name: String(r.data[recordKind(r.kind).titleField] ?? ''),
			origin: r.origin
		}));
}

/** The record a proposal became: live first, else removed. */
function find(existing: Existing[], kind: string, match: (o: Record<string, string>) => boolean): Existing | undefined {
	const all = existing.filter((e) => e.kind === kind && match(e.origin));
	return all.find((e) => !e.archived) ?? all[0];
}

const matchActivity = (entryId: string) => (o: Record<string, string>) => o.catalogue === entryId;
const matchProfile = (key: string) => (o: Record<string, string>) => o.profil === key;

/**
 * Creates, in the caller's transaction, every proposal of these answers not yet made (live or
 * removed). Returns how many records were created.
 */
export async function applyProfile(tx: Executor, access: Access, answers: Answers): Promise<number> {
	const writer = writerOf(access);
	const plan = planProposals(answers);
	const existing = await existingRecords(tx, writer.communeId);
	const items: NewRecord[] = [];
	const activityIds = new Map<string, string>();
	for (const e of existing) if (e.kind === 'activity' && !e.archived && !activityIds.has(e.origin.catalogue!)) activityIds.set(e.origin.catalogue!, e.id);
	const fiche = catalogueKind();
	const proposal = (why: string[]): Proposal => ({ source: 'profil', why: whyText(why) });
	for (const a of plan.activities) {
		if (find(existing, 'activity', matchActivity(a.entryId))) continue;
		const entry = CATALOGUE.find((e) => e.id === a.entryId)!;
		const id = randomUUID();
		activityIds.set(a.entryId, id);
		items.push({
			id,
			kind: fiche,
			data: fiche.fromCatalogue(entry),
			origin: { catalogue: entry.id, profil: 'activite' },
			action: 'création depuis le profil de la commune',
			via: 'profil',
			proposal: proposal(a.why),
			provenance: `profil de la commune : ${entry.id}`
		});
	}
	for (const s of plan.supports) {
		const key = supportKey(s.key);
		if (find(existing, 'support', matchProfile(key))) continue;
		items.push({ kind: 'support', data: supportProposalData(s.data), origin: { profil: key }, action: 'création depuis le profil de la commune', via: 'profil', proposal: proposal(s.why), provenance: `profil de la commune : ${key}` });
	}
	for (const p of plan.processors) {
		const key = processorKey(p.key);
		if (find(existing, 'processor', matchProfile(key))) continue;
		const activities = [...new Set(p.serves.map((id) => activityIds.get(id)).filter((id): id is string => Boolean(id)))];
		items.push({
			kind: 'processor',
			data: { name: p.name, service: p.service, ...(activities.length ? { activities } : {}) },
			origin: { profil: key },
			action: 'création depuis le profil de la commune',
			via: 'profil',
			proposal: proposal(p.why),
			provenance: `profil de la commune : ${key}`
		});
	}
	if (items.length) await createRecords(tx, writer, items);
	return items.length;
}

/** Saves the profile's answers and creates what they propose, in one transaction (journaled). */
export async function saveProfile(db: Db, access: Access, input: Record<string, unknown>, intent: StepIntent = 'continue'): Promise<StepSaveResult & { created: number }> {
	let created = 0;
	const result = await saveStep(db, access, profilRecipe.id, PROFILE_STEP_ID, input, intent, async (tx, answers) => {
		created = await applyProfile(tx, access, answers);
	});
	return { ...result, created };
}

export type ProposalState = 'propose' | 'confirme' | 'saisi' | 'retire' | 'a_creer';

export interface ProposedItem {
	title: string;
	why: string;
	state: ProposalState;
	/** The record page (where she confirms), when there is a record. */
	kind?: string;
	id?: string;
}

export interface ProfileView {
	answered: boolean;
	groups: { id: 'activities' | 'supports' | 'processors' | 'security'; title: string; items: ProposedItem[] }[];
	/** Records the profile proposed whose reason no longer holds: hers to keep or remove. */
	stale: { kind: string; id: string; title: string; reason: string; confirmed: boolean }[];
}

function stateOf(e: Existing | undefined): ProposalState {
	if (!e) return 'a_creer';
	if (e.archived) return 'retire';
	if (pendingProposal(e)) return 'propose';
	return e.proposal ? 'confirme' : 'saisi';
}

/** What the profile proposes now, and what became of each proposal; what no longer applies. */
export async function profileView(db: Executor, communeId: string): Promise<ProfileView> {
	const [row] = await db
		.select({ answers: stepAnswers.answers })
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, profilRecipe.id), eq(stepAnswers.stepId, PROFILE_STEP_ID)));
	const answers = row?.answers ?? {};
	const existing = await existingRecords(db, communeId);
	const plan: ProposalPlan = planProposals(answers);
	const security = await db
		.select({ answers: stepAnswers.answers })
		.from(stepAnswers)
		.where(and(eq(stepAnswers.communeId, communeId), eq(stepAnswers.recipeId, 'securite')));
	// The security measures already answered « C’est fait » in the recipe « Sécuriser le quotidien ».
	const measures: Answers = Object.assign({}, ...security.map((s) => s.answers));
	const item = (kind: string, e: Existing | undefined, title: string, why: string[]): ProposedItem => ({
		title: e && !e.archived ? e.name || title : title,
		why: whyText(why),
		state: stateOf(e),
		...(e && !e.archived ? { kind, id: e.id } : {})
	});
	const groups: ProfileView['groups'] = [
		{
			id: 'activities',
			title: 'Activités du registre',
			items: plan.activities.map((a) => item('activity', find(existing, 'activity', matchActivity(a.entryId)), CATALOGUE.find((e) => e.id === a.entryId)!.name, a.why))
		},
		{
			id: 'supports',
			title: 'Supports de la cartographie',
			items: plan.supports.map((s) => item('support', find(existing, 'support', matchProfile(supportKey(s.key))), String(s.data.name), s.why))
		},
		{
			id: 'processors',
			title: 'Sous-traitants',
			items: plan.processors.map((p) => item('processor', find(existing, 'processor', matchProfile(processorKey(p.key))), p.name, p.why))
		},
		{
			id: 'security',
			title: 'Points de sécurité',
			items: plan.security.map((m) => ({
				title: m.label,
				why: whyText(m.why),
				state: measures[`m_${m.measureId}`] === 'fait' ? ('confirme' as const) : ('propose' as const),
				kind: 'securite',
				id: m.themeId
			}))
		}
	];
	// What the profile created and no rule proposes any more.
	const wanted = new Set([
		...plan.activities.map((a) => `activity:${a.entryId}`),
		...plan.supports.map((s) => `support:${supportKey(s.key)}`),
		...plan.processors.map((p) => `processor:${processorKey(p.key)}`)
	]);
	const notApplying = rulesNotApplying(answers);
	const stale = existing
		.filter((e) => !e.archived && e.proposal?.source === 'profil')
		.filter((e) => !wanted.has(e.kind === 'activity' ? `activity:${e.origin.catalogue}` : `${e.kind}:${e.origin.profil}`))
		.map((e) => {
			const rule = notApplying.find((r) =>
				e.kind === 'activity'
					? r.activities?.includes(e.origin.catalogue!)
					: e.kind === 'support'
						? r.supports?.some((s) => supportKey(s.key) === e.origin.profil)
						: r.processors?.some((p) => processorKey(p.key) === e.origin.profil) || e.origin.profil?.startsWith('processor:vendor-autre')
			);
			return {
				kind: e.kind,
				id: e.id,
				title: e.name,
				reason: rule ? `proposé ${rule.why} : votre réponse a changé` : 'proposé par le profil : votre réponse a changé',
				confirmed: e.confirmedAt !== null
			};
		});
	return { answered: Boolean(row), groups, stale };
}
