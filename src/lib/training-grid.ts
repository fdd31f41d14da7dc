// The trainer's grid, what each cell and row says: where a commune is working now (from its latest
// journal entry), how long since it last moved (from a `now` given, never the clock read here), and
// a recipe's progress in words (« pas commencée », never « 0/6 »).
import { RECIPES, STEP_INDEX } from './recipes';
import type { RecipeState } from './recipes/types';
import { RECORD_KINDS } from './recipes/records';

/** A commune that has not moved for this long is flagged on the grid. */
export const IDLE_AFTER_MINUTES = 15;

/** The journal entry a commune's « where » is read from. */
export interface LatestEntry {
	at: Date | string;
	entity: string;
	entityId: string;
}

export interface Where {
	/** The recipe it is in, when the entry is a step or a record of one (its cell is marked). */
	recipeId: string | null;
	/** In full: « recipe › step ». */
	label: string;
	/** The step (or the record kind, or the page) alone: the grid marks the recipe's column. */
	short: string;
}

// A record kind's recipe: the first recipe with a collection step of that kind.
const RECIPE_OF_ENTITY = new Map<string, { recipeId: string; title: string }>();
for (const kind of Object.values(RECORD_KINDS)) {
	const recipe = RECIPES.find((r) => r.steps.some((s) => s.kind === 'collection' && s.recordKind === kind.id));
	if (recipe && !RECIPE_OF_ENTITY.has(kind.entity)) RECIPE_OF_ENTITY.set(kind.entity, { recipeId: recipe.id, title: recipe.title });
}

const OTHER: Record<string, string> = {
	organisme: 'Identité de la commune',
	formation: 'Inscription à la formation',
	membre: 'Membres de la commune',
	invitation: 'Membres de la commune',
	document: 'Documents',
	dossier: 'Dossier de conformité',
	obligation: 'Obligations'
};

/** Where the commune is working, read from its latest entry. */
export function whereWorking(entry: Pick<LatestEntry, 'entity' | 'entityId'>): Where {
	const key = entry.entity.startsWith('étape ') ? entry.entity.slice('étape '.length) : entry.entityId;
	const step = STEP_INDEX.get(key);
	if (step) return { recipeId: step.recipe.id, label: `${step.recipe.title} › ${step.step.title}`, short: step.step.title };
	const recipe = RECIPE_OF_ENTITY.get(entry.entity);
	if (recipe) return { recipeId: recipe.recipeId, label: `${recipe.title} › ${entry.entity}`, short: entry.entity.charAt(0).toUpperCase() + entry.entity.slice(1) };
	const other = OTHER[entry.entity] ?? entry.entity;
	return { recipeId: null, label: other, short: other };
}

export interface Activity {
	/** ISO instant of the latest entry, or null when the participant has done nothing yet. */
	lastAt: string | null;
	minutesAgo: number | null;
	/** Not moved for IDLE_AFTER_MINUTES (or never moved). */
	idle: boolean;
	where: Where | null;
}

export function activityOf(latest: LatestEntry | null, now: Date): Activity {
	if (!latest) return { lastAt: null, minutesAgo: null, idle: true, where: null };
	const at = new Date(latest.at);
	const minutesAgo = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 60_000));
	return { lastAt: at.toISOString(), minutesAgo, idle: minutesAgo >= IDLE_AFTER_MINUTES, where: whereWorking(latest) };
}

/** A recipe's progress in words: never « 0/n ». */
export function progressText(state: RecipeState, done: number, total: number): string {
	if (state === 'terminee') return 'Terminée';
	if (state === 'a_revoir') return 'À revoir';
	if (state === 'a_faire') return 'Pas commencée';
	return done === 0 ? 'En cours' : `En cours · ${done}/${total} étapes`;
}

/** « il y a 3 min », « il y a 1 h 20 », for the grid. */
export function minutesAgoText(minutes: number | null): string {
	if (minutes === null) return 'rien fait encore';
	if (minutes < 1) return 'à l’instant';
	if (minutes < 60) return `il y a ${minutes} min`;
	const h = Math.floor(minutes / 60);
	if (h >= 48) return `il y a ${Math.floor(h / 24)} jours`;
	return `il y a ${h} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')}` : ''}`;
}
