// The journal shows words, not codes: field names become their labels, stored codes their option
// labels (« Non conforme → Conforme », « Analyse validée », the CNIL list's entry rather than
// `rh-250`), ids of records and people their names, and its dates do not wrap. Written through the
// app's real write paths (saveRecord, saveStep) and, for entries of another shape (a field keyed by
// its name, a person's id), appended directly; read through the journal page's load.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/c/[communeId]/journal/+page.server';
import { STEP_INDEX } from '../../src/lib/recipes';
import { NOT_REQUIRED_LIST } from '../../src/lib/recipes/dpia';
import { FEARED_EVENTS } from '../../src/lib/recipes/assessments';
import { appendAudit } from '../../src/lib/server/audit';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { formatEntry, idsOf } from '../../src/lib/server/journal-view';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Access } from '../../src/lib/server/tenancy';
import type { Answers } from '../../src/lib/recipes/types';
import { submission } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Codes and field names that must never reach the reader. */
const CODES = /\b(validee|non_conforme|rh-250|p_finalite|onNotRequiredList|mayorDecision|supports|acces_gravite|confirmedBy)\b/;

type Line = Awaited<ReturnType<typeof load>>['entries'][number];

describe('journal formatter (no database)', () => {
	it('names a field keyed by its name, its label or « label (name) », and shows option labels', () => {
		const entry = (changes: Record<string, unknown>) => ({ id: 1, at: new Date('2026-03-29T00:30:00Z'), userName: 'Claire', entity: 'grille de conformité', entityId: randomUUID(), action: 'modification', changes });
		const byName = formatEntry(entry({ p_finalite: { avant: 'non_conforme', apres: 'conforme' } }), new Map());
		const byLabel = formatEntry(entry({ Finalité: { avant: 'non_conforme', apres: 'conforme' } }), new Map());
		expect(byName.changes).toEqual([{ label: 'Finalité', before: 'Non conforme', after: 'Conforme' }]);
		expect(byLabel.changes).toEqual(byName.changes);
		// The night of the clock change, in Paris; one unbreakable line.
		expect(byName.when).toBe('29/03/2026\u00a001:30');
		const risk = formatEntry({ ...entry({ 'Gravité (acces_gravite)': { avant: '', apres: '3' } }), entity: 'analyse des risques' }, new Map());
		expect(risk.changes).toEqual([{ label: `${FEARED_EVENTS[0]!.label} — Gravité`, before: '(vide)', after: '3 — Importante' }]);
	});

	it('names the app’s own keys by their words, not by a cookbook field of the same name', () => {
		const line = formatEntry({ id: 1, at: new Date(0), userName: '', entity: 'organisme', entityId: randomUUID(), action: 'création', changes: { name: 'Glanon', type: 'commune', inseeCode: '21301', role: 'elu' } }, new Map());
		expect(line.changes).toEqual([
			{ label: 'Nom', value: 'Glanon' },
			{ label: 'Type', value: 'commune' },
			{ label: 'Code INSEE', value: '21301' },
			{ label: 'Rôle', value: 'Élu (maire ou conseiller)' }
		]);
		// A cookbook field outside its record or step still gets its label and its option's label.
		const loose = formatEntry({ id: 2, at: new Date(0), userName: '', entity: 'import', entityId: 'x', action: 'essai', changes: { onNotRequiredList: 'rh-250' } }, new Map());
		expect(loose.changes[0]!.value).toMatch(/^Gestion du personnel/);
	});

	it('says where a record came from in words: a catalogue entry, what an action was made from', () => {
		const provenance = (value: string) => formatEntry({ id: 1, at: new Date(0), userName: '', entity: 'action du plan', entityId: randomUUID(), action: 'création', changes: { Provenance: value } }, new Map()).changes[0]!.value;
		expect(provenance('catalogue : etat-civil')).toBe('catalogue, « État civil »');
		expect(provenance('conformity:information')).toBe('grille de conformité, « Information des personnes »');
		expect(provenance('risk:acces')).toBe(`analyse des risques, « ${FEARED_EVENTS[0]!.label} »`);
		expect(provenance('step:m_mdp_regle')).toMatch(/^mesure « .+ »$/);
		expect(provenance('registre.csv, ligne 4')).toBe('registre.csv, ligne 4');
	});

	it('collects every id of a page once, in changes at any depth and the records the entries are about', () => {
		const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
		const ids = idsOf([
			{ id: 1, at: new Date(0), userName: '', entity: 'fiche du registre', entityId: a, action: 'création', changes: { 'Supports utilisés': { avant: [b], apres: [b, c] } } },
			{ id: 2, at: new Date(0), userName: '', entity: 'membre', entityId: randomUUID(), action: 'ajout', changes: { x: { y: [c.toUpperCase()] } } }
		]);
		expect(ids.sort()).toEqual([a, b, c].sort());
	});
});

describe.each(engines())('the journal in words on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function save(access: Access, kind: string, data: Answers, extra: Record<string, unknown> = {}, id: string | null = null) {
		const result = await saveRecord(db(), access, kind, id, submission(data, extra));
		expect(result.errors, kind).toEqual({});
		return result.id;
	}

	async function journal(user: SessionUser, communeId: string): Promise<Line[]> {
		const event = { locals: { user, session: null }, url: new URL(`http://localhost/c/${communeId}/journal`), params: { communeId } };
		const data = (await withAppDatabase(db(), () => load(event as never))) as Awaited<ReturnType<typeof load>>;
		return data.entries;
	}

	const text = (l: Line) => [l.when, l.who, l.what, ...l.changes.map((c) => `${c.label} : ${c.value ?? `${c.before} → ${c.after}`}`)].join('\n');
	const change = (l: Line | undefined, label: string) => l?.changes.find((c) => c.label === label);

	it('shows a grid change, a DPIA list entry, supports, a decision and a person by their words and names', async () => {
		const dpd = await makeUser(db(), { name: 'Claire Martin' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);

		const armoire = await save(access, 'support', { name: 'Armoire du secrétariat' });
		const paie = await save(access, 'support', { name: 'Logiciel de paie' });
		const activity = await save(access, 'activity', { name: 'Paie des agents', supports: [armoire, paie] });
		const grid = await save(access, 'conformity', { p_finalite: 'non_conforme', p_finalite_why: 'Finalité trop large.' }, { _parent: activity });
		await save(access, 'conformity', { p_finalite: 'conforme' }, {}, grid);
		await save(access, 'dpia', { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'rh-250' }, { _parent: activity });
		await save(access, 'risk', { acces_gravite: '3', mayorDecision: 'validee' }, { _parent: activity });
		// Shapes other writers use: a field keyed by its name, a person's id, an id no longer known,
		// a step's answer set by the plan.
		await appendAudit(db(), dpd, { communeId: commune.id, entity: 'grille de conformité', entityId: grid, action: 'mise à jour par le plan d’action', changes: { p_finalite: { avant: 'non_conforme', apres: 'conforme' } } });
		await appendAudit(db(), dpd, { communeId: commune.id, entity: 'obligation', entityId: 'dpd-designer', action: 'confirmée', changes: { confirmedBy: dpd.id, ancien: randomUUID() } });
		const [stepKey, stepField] = [...STEP_INDEX].flatMap(([key, { step }]) => (step.kind === 'form' ? step.fields.filter((f) => f.type === 'radio').map((f) => [key, f] as const) : []))[0]!;
		const option = stepField.options!.at(-1)!;
		await appendAudit(db(), dpd, { communeId: commune.id, entity: `étape ${stepKey}`, entityId: stepKey, action: 'réponse mise à jour par le plan d’action', changes: { [stepField.name]: { avant: '', apres: option.value } } });

		// A trainer's visits: the pages in words, the record by its name.
		for (const page of [`/c/${commune.id}`, `/c/${commune.id}/fiches/activity/${activity}`, `/c/${commune.id}/recettes/dpd/identite`]) {
			await appendAudit(db(), dpd, { communeId: commune.id, entity: 'consultation', entityId: commune.id, action: 'consultation', changes: { page } });
		}

		const lines = await journal(dpd, commune.id);
		for (const l of lines) {
			expect(text(l), text(l)).not.toMatch(UUID);
			expect(text(l), text(l)).not.toMatch(CODES);
			// A short French date-time that never wraps.
			expect(l.when).toMatch(/^\d{2}\/\d{2}\/\d{4}\u00a0\d{2}:\d{2}$/);
		}
		const about = (what: string) => lines.filter((l) => l.what.startsWith(what));

		// The activity names its supports.
		const created = about('fiche du registre « Paie des agents » : création')[0];
		expect(change(created, 'Supports utilisés')).toEqual({ label: 'Supports utilisés', before: '(vide)', after: 'Armoire du secrétariat ; Logiciel de paie' });

		// The grid, named by its activity: « Non conforme → Conforme », keyed by label or by name alike.
		const grids = about('grille de conformité « Paie des agents »');
		expect(grids).toHaveLength(3);
		expect(change(grids[0], 'Finalité')).toEqual({ label: 'Finalité', before: 'Non conforme', after: 'Conforme' });
		expect(change(grids[1], 'Finalité')).toEqual({ label: 'Finalité', before: 'Non conforme', after: 'Conforme' });
		expect(change(grids[2], 'Finalité')).toEqual({ label: 'Finalité', before: '(vide)', after: 'Non conforme' });

		// The DPIA screening: the CNIL list's entry, not its code.
		const dpia = about('dépistage AIPD « Paie des agents » : création')[0]!;
		const rh = NOT_REQUIRED_LIST.find((o) => o.value === 'rh-250')!.label;
		expect(dpia.changes.map((c) => c.after)).toContain(rh);

		// The mayor's decision, and a label shared by every feared event named by its event.
		const risk = about('analyse des risques « Paie des agents » : création')[0]!;
		expect(change(risk, 'Décision du maire')).toMatchObject({ after: 'Analyse validée' });
		expect(change(risk, `${FEARED_EVENTS[0]!.label} — Gravité`)).toMatchObject({ after: '3 — Importante' });

		// A person by their name; an id no longer known says so, never shows itself.
		const obligation = about('obligation : confirmée')[0]!;
		expect(change(obligation, 'Confirmé par')).toEqual({ label: 'Confirmé par', value: 'Claire Martin' });
		expect(obligation.changes.find((c) => c.label === 'ancien')).toEqual({ label: 'ancien', value: '(supprimé)' });

		const visits = about('consultation : consultation').map((l) => l.changes[0]);
		expect(visits).toEqual([
			{ label: 'Page consultée', value: `recette « ${STEP_INDEX.get('dpd/identite')!.recipe.title} », étape « ${STEP_INDEX.get('dpd/identite')!.step.title} »` },
			{ label: 'Page consultée', value: 'fiche du registre « Paie des agents »' },
			{ label: 'Page consultée', value: 'tableau de bord' }
		]);

		// A step's answer: its label and its option's label, the step by its title.
		const step = about('étape « ')[0]!;
		expect(step.what).toContain(`« ${STEP_INDEX.get(stepKey)!.step.title} »`);
		expect(step.changes).toEqual([{ label: stepField.label, before: '(vide)', after: option.label }]);
	});

	it('does not name another commune’s records', async () => {
		const dpd = await makeUser(db());
		const mine = await makeCommune(db(), dpd);
		const other = await makeCommune(db(), dpd, '21054');
		const otherAccess = await accessOf(db(), dpd, other.id);
		const secret = await save(otherAccess, 'support', { name: 'Fichier secret' });
		await appendAudit(db(), dpd, { communeId: mine.id, entity: 'fiche du registre', entityId: randomUUID(), action: 'modification', changes: { 'Supports utilisés': { avant: [], apres: [secret] } } });
		const [line] = await journal(dpd, mine.id);
		expect(line!.changes).toEqual([{ label: 'Supports utilisés', before: '(vide)', after: '(supprimé)' }]);
	});
});
