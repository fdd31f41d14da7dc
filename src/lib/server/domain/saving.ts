// Saving answers field by field, so that two tabs or two people never silently overwrite each
// other: each answer remembers the version at which it was last set, and a save made from an
// older version does not overwrite an answer changed since — it is reported as a conflict.
import type { FieldDef, Answers } from '../../recipes/types';
import type { Actor } from '../audit';
import type { FieldMeta } from '../db/schema';

export interface Conflict {
	field: string;
	label: string;
	/** The newer value, kept. */
	theirs: unknown;
	/** The value this save tried to write, refused. */
	yours: unknown;
	byName: string;
	at: string;
}

export interface SaveResult {
	version: number;
	errors: Record<string, string>;
	conflicts: Conflict[];
	answers: Answers;
	fieldMeta: FieldMeta;
	changed: boolean;
}

/**
 * The fields a submission speaks for: `_fields` lists them (so that an unticked checkbox, which
 * sends nothing, clears its answer); without it, the declared fields present in the submission.
 */
export function submittedNames(input: Record<string, unknown>, fields: FieldDef[]): string[] {
	const declared = new Set(fields.map((f) => f.name));
	const listed = input._fields;
	if (listed !== undefined) {
		const raw = (Array.isArray(listed) ? listed : [listed]).filter((v): v is string => typeof v === 'string');
		return [...new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()))].filter((n) => declared.has(n));
	}
	return fields.map((f) => f.name).filter((n) => n in input);
}

/** The version the form was loaded at (`_version`), or null when the submission does not say. */
export function baseVersionOf(input: Record<string, unknown>): number | null {
	const raw = input._version;
	if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) return null;
	return Number(raw);
}

/** How a change is stamped in the field history: through what (« copie », « import »…), when (seeds and imports give their own instant). */
export interface Stamp {
	via?: string;
	/** A `via` for some fields only (« proposition acceptée » for the proposals kept as they were). */
	viaFor?: Record<string, string>;
	at?: Date;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');

export function mergeAnswers(
	current: Answers,
	meta: FieldMeta,
	currentVersion: number,
	values: Answers,
	input: Record<string, unknown>,
	actor: Actor,
	labels: Record<string, string> = {},
	stamp: Stamp = {}
) {
	const base = baseVersionOf(input) ?? currentVersion;
	const answers: Answers = { ...current };
	const fieldMeta: FieldMeta = { ...meta };
	const changes: Record<string, { avant: unknown; apres: unknown }> = {};
	const conflicts: Conflict[] = [];
	const at = (stamp.at ?? new Date()).toISOString();
	const nameWith = (via: string | undefined) => (via ? `${actor.name} (${via})` : actor.name);
	for (const [name, value] of Object.entries(values)) {
		const byName = nameWith(stamp.viaFor?.[name] ?? stamp.via);
		if (same(current[name], value)) continue;
		const m = meta[name];
		if (m && m.version > base) {
			conflicts.push({ field: name, label: labels[name] ?? name, theirs: current[name], yours: value, byName: m.byName, at: m.at });
			continue;
		}
		answers[name] = value;
		fieldMeta[name] = { by: actor.id, byName, at, version: currentVersion + 1 };
		// Keyed by label; a label shared by several fields (« Gravité » of each feared event, « Remarque »
		// of each measure) also names the field, so that no change overwrites another in the journal.
		const label = labels[name];
		const key = !label ? name : Object.values(labels).filter((l) => l === label).length > 1 ? `${label} (${name})` : label;
		changes[key] = { avant: current[name] ?? '', apres: value };
	}
	return { answers, fieldMeta, changes, conflicts };
}
