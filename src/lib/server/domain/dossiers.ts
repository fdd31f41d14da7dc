// Compliance dossiers: each generation stores its data snapshot, fingerprint, author and date, so
// that the exact same PDF can be downloaded again later; unchanged data reuse the last version.
import { PassThrough, type Writable } from 'node:stream';
import { and, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit';
import type { Db, Executor } from '../db';
import { dossiers, type DossierRow } from '../db/schema';
import { retryLostCreation } from '../db/retry';
import { buildDossier } from '../dossier/model';
import { renderDossier } from '../dossier/render';
import { buildSnapshot, diffSnapshots, fingerprint, type Snapshot, type SnapshotDiff } from '../dossier/snapshot';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError } from './errors';

export async function listDossiers(db: Executor, communeId: string) {
	const rows = await db.select().from(dossiers).where(eq(dossiers.communeId, communeId)).orderBy(desc(dossiers.version));
	return rows.map((row, i) => {
		const previous = rows[i + 1];
		return {
			id: row.id,
			version: row.version,
			fingerprint: row.fingerprint,
			generatedAt: row.generatedAt.toISOString(),
			generatedByName: row.generatedByName,
			pageCount: row.pageCount,
			changes: diffSnapshots((previous?.snapshot as unknown as Snapshot) ?? null, row.snapshot as unknown as Snapshot)
		};
	});
}

export async function getDossier(db: Executor, communeId: string, version: number): Promise<DossierRow> {
	const [row] = await db.select().from(dossiers).where(and(eq(dossiers.communeId, communeId), eq(dossiers.version, version)));
	if (!row) throw new DomainError('Page introuvable', {}, 404);
	return row;
}

/**
 * Takes a snapshot of the commune's data: a new version when it differs from the last one,
 * otherwise the last version (same data, same fingerprint, same dossier).
 */
export async function generateDossier(db: Db, access: Access): Promise<{ version: number; created: boolean; fingerprint: string }> {
	assertCanEdit(access);
	// Two generations at once both lock the same last version (or find none) and would both insert
	// the next one: the loser (unique version per commune) is run again and finds the winner's.
	return retryLostCreation(() => db.transaction(async (tx) => {
		const snapshot = await buildSnapshot(tx, access.commune.id);
		const fp = fingerprint(snapshot);
		const [last] = await tx.select().from(dossiers).where(eq(dossiers.communeId, access.commune.id)).orderBy(desc(dossiers.version)).limit(1).for('update');
		if (last && last.fingerprint === fp) return { version: last.version, created: false, fingerprint: fp };
		const version = (last?.version ?? 0) + 1;
		const [row] = await tx
			.insert(dossiers)
			.values({
				communeId: access.commune.id,
				version,
				fingerprint: fp,
				snapshot: snapshot as unknown as Record<string, unknown>,
				generatedBy: access.user.id,
				generatedByName: access.user.name
			})
			.returning();
		await appendAudit(tx, access.user, {
			communeId: access.commune.id,
			entity: 'dossier',
			entityId: row!.id,
			action: `dossier de conformité, version ${version}`,
			changes: { empreinte: fp }
		});
		return { version, created: true, fingerprint: fp };
	}));
}

export interface RenderOptions {
	watermark?: string;
}

/** Renders a stored version to `out` (the same bytes every time); records its page count. */
export async function writeDossier(db: Executor, row: DossierRow, out: Writable, options: RenderOptions = {}): Promise<number> {
	const model = buildDossier(row.snapshot as unknown as Snapshot, {
		version: row.version,
		generatedAt: row.generatedAt,
		generatedByName: row.generatedByName,
		fingerprint: row.fingerprint,
		watermark: options.watermark
	});
	const pages = await renderDossier(model, { generatedAt: row.generatedAt, watermark: options.watermark }, out);
	if (row.pageCount !== pages) await db.update(dossiers).set({ pageCount: pages }).where(eq(dossiers.id, row.id));
	return pages;
}

/** A stream of the PDF, for an HTTP response: the PDF is never held whole in memory. */
export function streamDossier(db: Executor, row: DossierRow, options: RenderOptions = {}): PassThrough {
	const out = new PassThrough();
	writeDossier(db, row, out, options).catch((err) => out.destroy(err as Error));
	return out;
}

export type { SnapshotDiff };
