// Snapshots for the pure tests of the dossier (its model and its fingerprint): Glanon's identity,
// and records dated in May 2026.
import type { Snapshot, SnapshotRecord } from '../../src/lib/server/dossier/snapshot';

export function snapshotRecord(id: string, kind: string, data: SnapshotRecord['data'], extra: Partial<SnapshotRecord> = {}): SnapshotRecord {
	return { id, kind, parentId: null, data, origin: {}, createdAt: '2026-05-01T08:00:00.000Z', updatedAt: '2026-05-01T08:00:00.000Z', proposal: null, confirmedAt: null, confirmedByName: null, ...extra };
}

export const GLANON: Snapshot['commune'] = {
	id: '11111111-1111-4111-8111-111111111111',
	type: 'commune',
	name: 'Glanon',
	inseeCode: '21301',
	departement: '21',
	population: 272,
	postalCode: '21250',
	siren: null,
	address: '2 rue de l’Église, 21250 Glanon',
	mayorName: 'Jean Bernard',
	email: 'mairie@glanon.fr',
	phone: '03 80 00 12 34'
};

/** Glanon with these records and steps, nothing else. */
export function glanonSnapshot(records: SnapshotRecord[], steps: Snapshot['steps'] = {}, extra: Partial<Snapshot> = {}): Snapshot {
	return { format: 1, commune: GLANON, steps, records, documents: [], confirmations: [], audit: { from: null, to: null, total: 0, months: [] }, ...extra };
}
