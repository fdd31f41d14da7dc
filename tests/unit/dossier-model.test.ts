// The dossier's content (pure: a snapshot in, blocks out): the breach register prints every item
// of art. 33(5) the delegate entered, from the breach kind's declaration; the controller is named
// as the commune represented by its mayor.
import { describe, expect, it } from 'vitest';
import { applies, isAnswered } from '../../src/lib/recipes/fields';
import { kindFields } from '../../src/lib/recipes/records';
import { breachKind } from '../../src/lib/recipes/registers';
import type { Answers } from '../../src/lib/recipes/types';
import { buildDossier, controllerText, fieldText, type Block } from '../../src/lib/server/dossier/model';
import { securiteRecipe, THEMES } from '../../src/lib/recipes/securite';
import type { Snapshot, SnapshotRecord } from '../../src/lib/server/dossier/snapshot';
import { glanonSnapshot, snapshotRecord } from '../helpers/snapshots';

const NOW = new Date('2026-07-01T08:00:00Z');

const record = (id: string, kind: string, data: Answers): SnapshotRecord => snapshotRecord(id, kind, data);
const snapshot = (records: SnapshotRecord[], steps: Snapshot['steps'] = {}): Snapshot => glanonSnapshot(records, steps);

const build = (s: Snapshot) => buildDossier(s, { version: 1, generatedAt: NOW, generatedByName: 'Sophie Martin', fingerprint: 'a'.repeat(64) });

/** The model's text, block by block (a kv row as « label : value »). */
function textOf(blocks: Block[]): string {
	return blocks
		.map((b) => {
			switch (b.t) {
				case 'kv':
					return [b.caption, ...b.rows.map(([k, v]) => `${k} : ${v}`)].join('\n');
				case 'table':
					return [b.caption, ...b.rows.map((r) => r.join(' | '))].join('\n');
				case 'list':
					return b.items.join('\n');
				case 'h1':
				case 'h2':
				case 'h3':
				case 'p':
					return b.text;
				default:
					return '';
			}
		})
		.join('\n');
}

/** A value for each text, textarea and number field of the breach kind, distinct from the others. */
function filled(extra: Answers): Answers {
	const a: Answers = {};
	for (const f of kindFields(breachKind)) {
		if (f.type === 'text' || f.type === 'textarea') a[f.name] = `Saisi pour ${f.name} : ${f.label}`;
		if (f.type === 'number') a[f.name] = String(1000 + f.name.length);
	}
	return { ...a, ...extra };
}

describe('the breach register in the dossier', () => {
	const withoutRisk = filled({ title: 'Clé USB chiffrée perdue', discoveredAt: '2026-03-12T14:05', nature: ['disponibilite'], risk: 'aucun' });
	const highRisk = filled({
		title: 'Liste des bénéficiaires envoyée par erreur',
		discoveredAt: '2026-06-02T09:30',
		nature: ['confidentialite', 'integrite'],
		risk: 'eleve',
		cnilNotified: 'oui',
		cnilNotifiedAt: '2026-06-03T18:00',
		cnilReference: 'NOTIF-2026-0042',
		peopleInformed: 'non'
	});
	const informed = filled({ title: 'Dossier papier égaré', discoveredAt: '2026-05-20T08:00', nature: ['confidentialite'], risk: 'eleve', cnilNotified: 'oui', cnilNotifiedAt: '2026-05-21T08:00', peopleInformed: 'oui', peopleInformedOn: '2026-05-22' });
	const model = build(snapshot([record('b1', 'breach', withoutRisk), record('b2', 'breach', highRisk), record('b3', 'breach', informed)]));
	const names = new Map([['b1', String(withoutRisk.title)], ['b2', String(highRisk.title)], ['b3', String(informed.title)]]);

	/** The blocks of one breach: from its heading to the next heading. */
	function blockOf(title: string): Block[] {
		const start = model.blocks.findIndex((b) => b.t === 'h2' && b.text === title);
		expect(start, title).toBeGreaterThan(0);
		const end = model.blocks.findIndex((b, i) => i > start && (b.t === 'h1' || b.t === 'h2'));
		return model.blocks.slice(start, end);
	}

	it('prints every declared field that has a value, one block per breach', () => {
		for (const data of [withoutRisk, highRisk, informed]) {
			const text = textOf(blockOf(String(data.title)));
			const declared = kindFields(breachKind).filter((f) => f.name !== breachKind.titleField && applies(f, data) && isAnswered(data[f.name]));
			// The fixture fills the art. 33(5) items that apply to it.
			expect(declared.length).toBeGreaterThanOrEqual(12);
			for (const f of declared) expect(text, `${String(data.title)} — ${f.name}`).toContain(`${f.label} : ${fieldText(f, data[f.name], names)}`);
		}
	});

	it('prints the items of art. 33(5) by their meaning: counts, measures planned, why not notified or not informed', () => {
		const none = textOf(blockOf(String(withoutRisk.title)));
		expect(none).toContain(`Pourquoi la violation n’a pas été notifiée à la CNIL : ${String(withoutRisk.notNotifiedReason)}`);
		expect(none).toContain('Nombre approximatif de personnes : 1011');
		expect(none).toContain('Nombre approximatif d’enregistrements (fiches, lignes, dossiers) : 1012');
		expect(none).toContain(`Mesures prévues pour éviter que cela se reproduise : ${String(withoutRisk.measuresPlanned)}`);
		expect(none).toContain(`Comment la violation a-t-elle été découverte ? : ${String(withoutRisk.howFound)}`);
		// A field that does not apply (no notification asked) is not printed.
		expect(none).not.toContain('Numéro de la notification');
		const high = textOf(blockOf(String(highRisk.title)));
		expect(high).toContain('Numéro de la notification : NOTIF-2026-0042');
		expect(high).toContain('Nature de la violation : Confidentialité ; Intégrité');
		expect(high).toContain(`Pourquoi elles n’ont pas été informées : ${String(highRisk.notInformedReason)}`);
		expect(high).not.toContain('Pourquoi la violation n’a pas été notifiée');
		const told = textOf(blockOf(String(informed.title)));
		expect(told).toContain('Informées le : 22 mai 2026');
		expect(told).toContain(`Comment ont-elles été informées ? : ${String(informed.peopleInformedHow)}`);
	});

	it('writes times in French with their time zone', () => {
		const none = textOf(blockOf(String(withoutRisk.title)));
		expect(none).toContain('Découverte le : 12 mars 2026 à 14 h 05 (heure de Paris)');
		const high = textOf(blockOf(String(highRisk.title)));
		expect(high).toContain('Notifiée le : 3 juin 2026 à 18 h 00 (heure de Paris)');
		// The summary table too.
		const table = model.blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table' && b.caption === 'Registre des violations')!;
		expect(table.rows.map((r) => r[1])).toEqual(['12 mars 2026 à 14 h 05 (heure de Paris)', '2 juin 2026 à 9 h 30 (heure de Paris)', '20 mai 2026 à 8 h 00 (heure de Paris)']);
	});
});

describe('the controller and the recipes’ state in the dossier', () => {
	it('names the controller as the commune represented by its mayor, on the cover and the organisation sheet', () => {
		const model = build(snapshot([record('a1', 'activity', { name: 'État civil', legalBasis: 'c' })]));
		const expected = 'commune de Glanon, représentée par Jean Bernard, maire';
		expect(model.cover.lines).toContainEqual(['Responsable du traitement', expected]);
		const sheet = model.blocks.find((b): b is Extract<Block, { t: 'kv' }> => b.t === 'kv' && b.caption === 'Fiche commune à toutes les activités')!;
		expect(sheet.rows).toContainEqual(['Responsable du traitement', expected]);
		// Each register entry too.
		const entry = model.blocks.find((b): b is Extract<Block, { t: 'kv' }> => b.t === 'kv' && b.caption === 'État civil — responsable (art. 30.1.a)')!;
		expect(entry.rows).toContainEqual(['Responsable du traitement', expected]);
	});

	it('elides before a vowel, and names another body by its president', () => {
		expect(controllerText({ name: 'Aubigny', type: 'commune', mayorName: 'Marie Roy' })).toBe('commune d’Aubigny, représentée par Marie Roy, maire');
		expect(controllerText({ name: 'Le Mans', type: 'commune', mayorName: 'Paul Roy' })).toBe('commune du Mans, représentée par Paul Roy, maire');
		expect(controllerText({ name: 'Glanon', type: 'commune', mayorName: ' ' })).toBe('commune de Glanon, représentée par son maire (nom non renseigné)');
		expect(controllerText({ name: 'SIVOS des Trois Rivières', type: 'syndicat', mayorName: 'Luc Blanc' })).toBe('SIVOS des Trois Rivières, en la personne de son président, Luc Blanc');
	});

	it('shows a security recipe whose measures are only « prévu » as « En cours », not « Terminée »', () => {
		const at = '2026-06-20T08:00:00.000Z';
		const steps = (value: (id: string) => string): Snapshot['steps'] =>
			Object.fromEntries(THEMES.map((t) => [`securite/${t.id}`, { answers: Object.fromEntries(t.measures.map((m) => [`m_${m.id}`, value(m.id)])), status: 'terminee', completedAt: at, updatedAt: at }]));
		const rowOf = (s: Snapshot) => {
			const table = build(s).blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table' && b.caption === 'État de chaque recette')!;
			return table.rows.find((r) => r[0] === securiteRecipe.title)!;
		};
		expect(rowOf(snapshot([], steps(() => 'fait')))[1]).toBe('Terminée');
		const planned = rowOf(snapshot([], steps(() => 'prevu')));
		expect(planned[1]).toBe('En cours');
		// No completion date for a recipe that is not done.
		expect(planned[3]).toBe('—');
	});
});
