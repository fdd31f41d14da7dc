// A cheap fingerprint of the whole database, to prove that a refused submission wrote nothing.
//
// For every table of the application (found in information_schema, so a new table is watched
// without being listed): its row count and the highest `xmin` of its rows. Every committed INSERT or
// UPDATE writes row versions carrying the id of its transaction, higher than any before it (the
// cases run one after the other); every DELETE lowers the count. So any committed write changes
// the fingerprint — even an UPDATE that rewrites a row with the same values — while a transaction
// rolled back, or a row only locked (SELECT … FOR UPDATE), leaves it as it was. Cheaper than hashing
// every row (one scan of narrow columns), and stronger: a content hash misses a same-value rewrite.
// When the fingerprint moves, the rows written since are read back to say what changed.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db';

/** postgres.js answers an array of rows, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

export type Fingerprint = Map<string, { rows: number; xmin: string }>;

export interface TableChange {
	table: string;
	/** Row count before and after. */
	before: number;
	after: number;
	/** The rows inserted or updated since the fingerprint (as JSON), at most 20. */
	written: Record<string, unknown>[];
}

export class Snapshotter {
	private constructor(
		private db: Db,
		readonly tables: string[],
		private query: string
	) {}

	static async open(db: Db): Promise<Snapshotter> {
		const tables = rowsOf<{ name: string }>(
			await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)
		).map((r) => r.name);
		if (!tables.length) throw new Error('no table to watch');
		const query = tables
			.map((t) => `select '${t}' as t, count(*)::int as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${t}"`)
			.join(' union all ');
		return new Snapshotter(db, tables, query);
	}

	async take(): Promise<Fingerprint> {
		const rows = rowsOf<{ t: string; n: number; x: string }>(await this.db.execute(sql.raw(this.query)));
		return new Map(rows.map((r) => [r.t, { rows: Number(r.n), xmin: String(r.x) }]));
	}

	/** The tables whose content changed between two fingerprints, with the rows written since `before`. */
	async changes(before: Fingerprint, after: Fingerprint): Promise<TableChange[]> {
		const out: TableChange[] = [];
		for (const table of this.tables) {
			const b = before.get(table)!;
			const a = after.get(table)!;
			if (a.rows === b.rows && a.xmin === b.xmin) continue;
			const written = rowsOf<{ row: Record<string, unknown> }>(
				await this.db.execute(sql.raw(`select to_jsonb(t) as row from "${table}" t where xmin::text::bigint > ${BigInt(b.xmin)} limit 20`))
			).map((r) => (typeof r.row === 'string' ? (JSON.parse(r.row) as Record<string, unknown>) : r.row));
			out.push({ table, before: b.rows, after: a.rows, written });
		}
		return out;
	}
}
