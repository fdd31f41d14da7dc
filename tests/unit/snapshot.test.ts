import { describe, expect, it } from 'vitest';
import { canonicalJson, diffSnapshots, fingerprint, summariseAudit, type Snapshot, type SnapshotRecord } from '../../src/lib/server/dossier/snapshot';
import { GLANON, snapshotRecord } from '../helpers/snapshots';

const record = snapshotRecord;

/** A small snapshot with a value of every JSON type somewhere. */
function snapshot(): Snapshot {
	return {
		format: 1,
		commune: GLANON,
		steps: {
			'dpd/type': { answers: { dpdKind: 'interne', position: 'secretaire' }, status: 'terminee', completedAt: '2026-05-02T09:00:00.000Z', updatedAt: '2026-05-02T09:00:00.000Z' },
			'securite/postes': { answers: { m_verrouillage: 'fait', hours: 2, shared: true }, status: 'en_cours', completedAt: null, updatedAt: '2026-05-03T09:00:00.000Z' }
		},
		records: [
			record('a1', 'activity', { name: 'État civil', legalBasis: 'c', dataSubjects: ['habitants', 'defunts_familles'] }),
			record('a2', 'activity', { name: 'Cantine', legalBasis: 'e', supports: ['s1'] }),
			record('s1', 'support', { name: 'Ordinateur du secrétariat', category: 'materiel' }),
			record('d1', 'dpia', { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'scolaire' }, { parentId: 'a2' })
		],
		documents: [{ id: 'doc1', kind: 'lettre_mission', title: 'Lettre de mission', generatedAt: '2026-05-04T10:00:00.000Z', generatedByName: 'Sophie Martin', sha256: 'ab'.repeat(32) }],
		confirmations: [{ obligationId: 'registre-tenu', note: 'Vu en conseil', confirmedAt: '2026-05-05T10:00:00.000Z' }],
		audit: { from: '2026-05-01T08:00:00.000Z', to: '2026-05-05T10:00:00.000Z', total: 3, months: [{ month: '2026-05', count: 3, entities: { 'fiche du registre': 2, support: 1 } }] }
	};
}

const clone = <T>(x: T): T => structuredClone(x);

/** Every leaf of a JSON value, as a path and its value. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
	if (value !== null && typeof value === 'object') {
		const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
		return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
	}
	return [{ path, value }];
}

function setAt(root: unknown, path: (string | number)[], value: unknown) {
	let node = root as Record<string | number, unknown>;
	for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
	node[path[path.length - 1]!] = value;
}

function changed(value: unknown): unknown {
	if (typeof value === 'string') return `${value}x`;
	if (typeof value === 'number') return value + 1;
	if (typeof value === 'boolean') return !value;
	return 'x';
}

describe('canonicalJson', () => {
	it('sorts object keys at every level, without whitespace', () => {
		const value = { b: 1, a: { d: [3, 1, { y: 1, x: 2 }], c: 'é' } };
		expect(canonicalJson(value)).toBe('{"a":{"c":"é","d":[3,1,{"x":2,"y":1}]},"b":1}');
	});

	it('does not depend on the order the keys were written in', () => {
		const one = { commune: { name: 'Glanon', inseeCode: '21301' }, list: [{ z: 1, a: [{ q: true, p: null }] }], n: 0 };
		const two = { n: 0, list: [{ a: [{ p: null, q: true }], z: 1 }], commune: { inseeCode: '21301', name: 'Glanon' } };
		expect(canonicalJson(one)).toBe(canonicalJson(two));
		const s = snapshot();
		const reordered = Object.fromEntries(Object.entries(clone(s)).reverse());
		reordered.commune = Object.fromEntries(Object.entries(s.commune).reverse());
		expect(canonicalJson(reordered)).toBe(canonicalJson(s));
	});

	it('keeps the order of arrays', () => {
		expect(canonicalJson([1, 2])).toBe('[1,2]');
		expect(canonicalJson([2, 1])).toBe('[2,1]');
		expect(canonicalJson({ tags: ['b', 'a'] })).not.toBe(canonicalJson({ tags: ['a', 'b'] }));
	});

	it('drops undefined properties, as JSON does', () => {
		expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
		expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
		expect(canonicalJson(undefined)).toBe('null');
		expect(canonicalJson([undefined, null])).toBe('[null,null]');
	});

	it('is stable: the same text every time, and it reads back to the same value', () => {
		const s = snapshot();
		const text = canonicalJson(s);
		expect(canonicalJson(s)).toBe(text);
		expect(canonicalJson(clone(s))).toBe(text);
		expect(JSON.parse(text)).toEqual(s);
		expect(canonicalJson(JSON.parse(text))).toBe(text);
	});

	it('escapes strings as JSON does (quotes, newlines, accents)', () => {
		expect(canonicalJson({ 'clé « x »': 'ligne 1\nligne "2"' })).toBe(JSON.stringify({ 'clé « x »': 'ligne 1\nligne "2"' }));
	});
});

describe('fingerprint', () => {
	it('is a SHA-256 in hexadecimal, the same for the same data', () => {
		const fp = fingerprint(snapshot());
		expect(fp).toMatch(/^[0-9a-f]{64}$/);
		expect(fingerprint(snapshot())).toBe(fp);
		expect(fingerprint(clone(snapshot()))).toBe(fp);
	});

	it('does not change when only the order of keys changes', () => {
		const s = snapshot();
		const reordered = clone(s);
		reordered.records = reordered.records.map((r) => ({ ...Object.fromEntries(Object.entries(r).reverse()), data: Object.fromEntries(Object.entries(r.data).reverse()) }) as SnapshotRecord);
		reordered.steps = Object.fromEntries(Object.entries(reordered.steps).reverse());
		expect(fingerprint(reordered)).toBe(fingerprint(s));
	});

	it('changes when any value changes, and comes back when the value does', () => {
		const s = snapshot();
		const fp = fingerprint(s);
		const all = leaves(s);
		expect(all.length).toBeGreaterThan(40);
		const seen = new Set([fp]);
		for (const leaf of all) {
			const other = clone(s);
			setAt(other, leaf.path, changed(leaf.value));
			const changedFp = fingerprint(other);
			expect(changedFp, `changing ${leaf.path.join('.')}`).not.toBe(fp);
			seen.add(changedFp);
			setAt(other, leaf.path, leaf.value);
			expect(fingerprint(other), `restoring ${leaf.path.join('.')}`).toBe(fp);
		}
		// Each change gives its own fingerprint.
		expect(seen.size).toBe(all.length + 1);
	});

	it('changes when a record, a step or a document is added or removed, or records are reordered', () => {
		const s = snapshot();
		const fp = fingerprint(s);
		const added = clone(s);
		added.records.push(record('r1', 'request', { requesterName: 'Paul Lemoine' }));
		expect(fingerprint(added)).not.toBe(fp);
		const removed = clone(s);
		removed.records.pop();
		expect(fingerprint(removed)).not.toBe(fp);
		const step = clone(s);
		step.steps['dpd/cnil'] = { answers: {}, status: 'en_cours', completedAt: null, updatedAt: '2026-05-06T10:00:00.000Z' };
		expect(fingerprint(step)).not.toBe(fp);
		const doc = clone(s);
		doc.documents = [];
		expect(fingerprint(doc)).not.toBe(fp);
		const reordered = clone(s);
		reordered.records.reverse();
		expect(fingerprint(reordered)).not.toBe(fp);
		const emptied = clone(s);
		emptied.records[0]!.data.dataSubjects = [];
		expect(fingerprint(emptied)).not.toBe(fp);
	});
});

describe('diffSnapshots', () => {
	it('counts everything as added against no previous dossier', () => {
		const s = snapshot();
		const d = diffSnapshots(null, s);
		expect(d.records).toEqual({
			activity: { added: 2, changed: 0, removed: 0 },
			support: { added: 1, changed: 0, removed: 0 },
			dpia: { added: 1, changed: 0, removed: 0 }
		});
		expect(d.steps.changed).toBe(2);
		expect(d.documents.added).toBe(1);
		expect(d.identity).toBe(true);
	});

	it('finds nothing between two snapshots of the same data', () => {
		const s = snapshot();
		expect(diffSnapshots(s, clone(s))).toEqual({ records: {}, steps: { changed: 0 }, documents: { added: 0 }, identity: false });
	});

	it('counts added, changed and removed records by kind, changed steps and added documents', () => {
		const before = snapshot();
		const after = clone(before);
		after.records = [
			// a1: data changed
			{ ...after.records[0]!, data: { ...after.records[0]!.data, legalBasis: 'e' }, updatedAt: '2026-06-01T08:00:00.000Z' },
			// a2 removed; s1 only touched (same data): not a change
			{ ...after.records[2]!, updatedAt: '2026-06-01T08:00:00.000Z', data: { category: 'materiel', name: 'Ordinateur du secrétariat' } },
			after.records[3]!,
			record('a3', 'activity', { name: 'Colis des aînés' }),
			record('a4', 'activity', { name: 'Alerte SMS' }),
			record('r1', 'request', { requesterName: 'Paul Lemoine' })
		];
		after.steps['dpd/type']!.answers = { dpdKind: 'mutualise', position: 'secretaire' };
		after.steps['securite/postes']!.status = 'terminee';
		after.steps['dpd/cnil'] = { answers: { declared: 'oui' }, status: 'en_cours', completedAt: null, updatedAt: '2026-06-01T08:00:00.000Z' };
		after.documents.push({ ...after.documents[0]!, id: 'doc2', kind: 'arrete_designation' }, { ...after.documents[0]!, id: 'doc3' });
		const d = diffSnapshots(before, after);
		expect(d.records).toEqual({
			activity: { added: 2, changed: 1, removed: 1 },
			request: { added: 1, changed: 0, removed: 0 }
		});
		// The answers of dpd/type changed and dpd/cnil appeared; a status alone is not a change.
		expect(d.steps.changed).toBe(2);
		expect(d.documents.added).toBe(2);
		expect(d.identity).toBe(false);
	});

	it('counts removed steps, and a change of the body’s identity', () => {
		const before = snapshot();
		const after = clone(before);
		delete after.steps['securite/postes'];
		after.commune.mayorName = 'Odile Fournier';
		const d = diffSnapshots(before, after);
		expect(d.steps.changed).toBe(1);
		expect(d.identity).toBe(true);
		expect(d.records).toEqual({});
	});
});

describe('summariseAudit', () => {
	const at = (iso: string, entity = 'fiche du registre') => ({ at: new Date(iso), entity });

	it('is empty without entries', () => {
		expect(summariseAudit([])).toEqual({ from: null, to: null, total: 0, months: [] });
	});

	it('keeps the twelve months before the last entry, by month and by entity', () => {
		const rows = [
			at('2024-03-10T10:00:00Z'),
			at('2025-11-15T09:59:59Z', 'support'),
			// Exactly one year before the last entry: left out.
			at('2025-11-15T10:00:00Z', 'support'),
			at('2025-11-15T10:00:01Z', 'support'),
			at('2025-11-30T23:59:59Z'),
			at('2025-12-01T00:00:00Z', 'étape dpd/type'),
			at('2026-02-10T08:00:00Z'),
			at('2026-02-11T08:00:00Z'),
			at('2026-02-28T08:00:00Z', 'support'),
			at('2026-11-15T10:00:00Z', 'membre')
		];
		const s = summariseAudit(rows);
		expect(s.from).toBe('2025-11-15T10:00:01.000Z');
		expect(s.to).toBe('2026-11-15T10:00:00.000Z');
		expect(s.total).toBe(7);
		expect(s.months).toEqual([
			{ month: '2025-11', count: 2, entities: { support: 1, 'fiche du registre': 1 } },
			{ month: '2025-12', count: 1, entities: { 'étape dpd/type': 1 } },
			{ month: '2026-02', count: 3, entities: { 'fiche du registre': 2, support: 1 } },
			{ month: '2026-11', count: 1, entities: { membre: 1 } }
		]);
		expect(s.months.reduce((n, m) => n + m.count, 0)).toBe(s.total);
	});

	it('groups by UTC month and sorts the months', () => {
		const s = summariseAudit([at('2026-03-31T23:30:00Z'), at('2026-01-05T00:00:00Z'), at('2026-04-01T00:30:00Z')]);
		expect(s.months.map((m) => m.month)).toEqual(['2026-01', '2026-03', '2026-04']);
		expect(s.total).toBe(3);
	});

	it('keeps everything when the entries span less than a year', () => {
		const s = summariseAudit([at('2026-01-01T00:00:00Z'), at('2026-06-01T00:00:00Z'), at('2026-12-31T23:59:59Z')]);
		expect(s.total).toBe(3);
		expect(s.from).toBe('2026-01-01T00:00:00.000Z');
		expect(s.months).toHaveLength(3);
	});
});
