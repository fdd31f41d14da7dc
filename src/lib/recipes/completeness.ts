// A record's completeness, with everything it depends on: its own answers, its parent's (attached
// records), and for a register entry the security measures that apply to it — its own answers
// under the seven CNIL headings, plus the measures done in « Sécuriser le quotidien » that protect
// one of its supports (each measure declares the supports it protects, see securite.ts). Every
// page, list, export, the dossier and the progress call `recordCompletenessIn` with a context
// built by `communeFacts` (from the database by server/completeness.ts, or from a snapshot).
import { recordCompleteness, type Completeness } from './engine';
import { isAnswered } from './fields';
import { activityKind, supportKind, SECURITY_FIELD_NAMES, SECURITY_HEADINGS, saysNoMeasure, supportTypeOf, type SupportType } from './records';
import { securiteRecipe, securityByHeading } from './securite';
import { z } from 'zod';
import type { Answers, FieldDef, Proposal, RecordKind } from './types';

/** What a commune's records are judged against: its security answers and its supports. */
export interface CommuneFacts {
	/** The answers of the recipe « Sécuriser le quotidien » (all its steps merged). */
	readonly measures: Readonly<Answers>;
	/** Live supports' data, by id. */
	readonly supports: ReadonlyMap<string, Readonly<Answers>>;
}

export interface CompletenessContext {
	/** The parent's data, for attached records (null for the others). */
	parent: Answers | null;
	commune: CommuneFacts;
	/** Set while the record is « proposé, non confirmé » (see `pendingProposal`): it is then not complete. */
	proposal: Proposal | null;
}

/** A record's confirmation columns, as every loader selects them. */
export interface ConfirmationState {
	proposal: Proposal | null;
	confirmedAt: Date | string | null;
}

/** The proposal still waiting for a named person's confirmation, or null (typed by a person, or confirmed). */
export function pendingProposal(row: ConfirmationState): Proposal | null {
	return row.proposal && !row.confirmedAt ? row.proposal : null;
}

/** The item a proposed record misses until someone confirms it (listed with the missing fields). */
export const CONFIRMATION_ITEM: FieldDef = {
	name: '__confirmation',
	label: 'Confirmation par une personne nommée (proposé par l’application)',
	exportLabel: 'À confirmer (proposé par l’application)',
	type: 'boolean',
	schema: z.boolean()
};

function withConfirmation(c: Completeness, proposal: Proposal | null): Completeness {
	if (!proposal) return c;
	const total = c.total + 1;
	return { filled: c.filled, total, percent: Math.round((c.filled / total) * 100), missing: [...c.missing, CONFIRMATION_ITEM] };
}

/**
 * The facts of a commune from its saved steps (by "recipe/step") and its live records (of any
 * kind: the supports are kept). The database loader (server/completeness.ts), the progress and the
 * dossier's snapshot all build them here.
 */
export function communeFacts(stepAnswers: (key: string) => Answers | undefined, records: Iterable<{ id: string; kind: string; data: Answers }>): CommuneFacts {
	const measures: Answers = {};
	for (const step of securiteRecipe.steps) Object.assign(measures, stepAnswers(`${securiteRecipe.id}/${step.id}`) ?? {});
	const supports = new Map<string, Answers>();
	for (const r of records) if (r.kind === supportKind.id) supports.set(r.id, r.data);
	return { measures, supports };
}

/**
 * No measures, no supports: for lists of kinds whose completeness depends on neither (actions,
 * requests, breaches). A register entry judged with it has only its own security answers.
 */
export const NO_COMMUNE_FACTS: CommuneFacts = Object.freeze({ measures: Object.freeze({}), supports: new Map() });

/** The steps of « Sécuriser le quotidien » hold the commune's measures: which of them to read. */
export const MEASURES_RECIPE = securiteRecipe.id;

export interface FicheSecurityHeading {
	name: string;
	label: string;
	/** The fiche's own answer under this heading ('' when none). */
	own: string;
	/** Measures done for the mairie that protect one of the fiche's supports. */
	measures: string[];
}

export interface FicheSecurity {
	/** The seven headings, in the CNIL model's order. */
	headings: FicheSecurityHeading[];
	/** The types of the fiche's (live) supports. */
	supportTypes: SupportType[];
	/** At least one heading of its own describes a measure (not « Aucune »). */
	ownMeasure: boolean;
	/** Its only own answers say there is no measure (« Aucune »…). */
	declaredNone: boolean;
	/** Measures of the mairie that apply to it. */
	applicable: number;
	/** Complete: a measure of its own, or one of the mairie's that applies. */
	satisfied: boolean;
	/** What the record page warns about (plain French). */
	warnings: string[];
}

/** The security of a register entry: its own answers and the mairie's measures that protect its supports. */
export function ficheSecurity(data: Answers, facts: CommuneFacts): FicheSecurity {
	const ids = Array.isArray(data.supports) ? (data.supports as unknown[]).map(String) : [];
	const types = new Set<SupportType>();
	for (const id of ids) {
		const s = facts.supports.get(id);
		if (s) types.add(supportTypeOf(s));
	}
	const common = securityByHeading(facts.measures, types);
	const headings = SECURITY_HEADINGS.map((h) => ({
		name: h.name,
		label: h.label,
		own: isAnswered(data[h.name]) ? String(data[h.name]).trim() : '',
		measures: common[h.name] ?? []
	}));
	const answered = headings.filter((h) => h.own);
	const ownMeasure = answered.some((h) => !saysNoMeasure(h.own));
	const declaredNone = answered.length > 0 && !ownMeasure;
	const applicable = headings.reduce((n, h) => n + h.measures.length, 0);
	const satisfied = ownMeasure || applicable > 0;
	const warnings: string[] = [];
	if (!satisfied && declaredNone) {
		warnings.push(
			'Cette activité déclare « Aucune » mesure de sécurité, et aucune mesure faite pour la mairie ne protège ses supports : ses données ne sont pas protégées. Elle n’est pas complète tant qu’une mesure n’est pas en place (par exemple un code de verrouillage sur le téléphone, une armoire fermée à clé).'
		);
	} else if (!satisfied && !types.size) {
		warnings.push('Aucun support choisi : les mesures faites pour la mairie ne s’appliquent qu’aux supports de l’activité. Choisissez ses supports, ou décrivez ses mesures.');
	}
	return { headings, supportTypes: [...types], ownMeasure, declaredNone, applicable, satisfied, warnings };
}

/** A security heading as the register shows it (CSV, XLSX, dossier): the fiche's answer, then the mairie's measures. */
export function securityText(h: FicheSecurityHeading): string {
	return [h.own, h.measures.length ? `${COMMON_PREFIX}${h.measures.join(' ; ')}` : ''].filter(Boolean).join('\n');
}

const COMMON_PREFIX = 'Mesures de la mairie : ';

/** A security cell of the register read back: the fiche's own answer, without the mairie's measures `securityText` adds. */
export function ownSecurityText(text: string): string {
	return text
		.split('\n')
		.filter((line) => !line.startsWith(COMMON_PREFIX))
		.join('\n')
		.trim();
}

/**
 * The completeness of a record: its required fields (seen with its parent's answers), and for a
 * register entry one item « Au moins une mesure de sécurité », met by a measure of its own or one
 * of the mairie's that protects its supports — « Aucune » does not meet it.
 */
export function recordCompletenessIn(kind: RecordKind, data: Answers, ctx: CompletenessContext): Completeness {
	const seen = ctx.parent ? { ...data, __parent: ctx.parent } : data;
	if (kind.id !== activityKind.id) return withConfirmation(recordCompleteness(kind, seen), ctx.proposal);
	const security = ficheSecurity(data, ctx.commune);
	// The group is met by one answered heading: stand for the verdict with one (or none).
	const judged: Answers = { ...seen };
	for (const name of SECURITY_FIELD_NAMES) delete judged[name];
	if (security.satisfied) judged[SECURITY_FIELD_NAMES[0]!] = 'mesure';
	return withConfirmation(recordCompleteness(kind, judged, [SECURITY_FIELD_NAMES]), ctx.proposal);
}

