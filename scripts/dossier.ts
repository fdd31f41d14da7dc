// npm run dossier -- --commune <INSEE code or id> --out <file.pdf> [--save]
// Generates a commune's compliance dossier on the configured database. With --save, the new
// version is recorded (as from the app); otherwise the PDF is made without recording anything.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { dossiers, type DossierRow } from '../src/lib/server/db/schema';
import { writeDossier } from '../src/lib/server/domain/dossiers';
import { buildSnapshot, fingerprint } from '../src/lib/server/dossier/snapshot';
import { findCommuneArg } from './find-commune';

const { values } = parseArgs({ options: { commune: { type: 'string' }, out: { type: 'string' }, save: { type: 'boolean', default: false } } });
if (!values.commune || !values.out) {
	console.error('Usage : npm run dossier -- --commune <code INSEE ou identifiant> --out <fichier.pdf> [--save]');
	process.exit(2);
}
const database = await openDatabase(optionsFromEnv());
try {
	const { db } = database;
	const commune = await findCommuneArg(db, values.commune);
	if (!commune) process.exit(1);
	const started = performance.now();
	const snapshot = await buildSnapshot(db, commune.id);
	const fp = fingerprint(snapshot);
	const [last] = await db.select().from(dossiers).where(eq(dossiers.communeId, commune.id)).orderBy(desc(dossiers.version)).limit(1);
	let row: DossierRow;
	if (last && last.fingerprint === fp) row = last;
	else {
		const draft = { communeId: commune.id, version: (last?.version ?? 0) + 1, fingerprint: fp, snapshot: snapshot as unknown as Record<string, unknown>, generatedAt: new Date(), generatedBy: null, generatedByName: 'ligne de commande', pageCount: null };
		row = values.save ? (await db.insert(dossiers).values(draft).returning())[0]! : { id: '00000000-0000-0000-0000-000000000000', ...draft };
	}
	const pages = await writeDossier(values.save || row === last ? db : { update: () => ({ set: () => ({ where: async () => {} }) }) } as never, row, createWriteStream(values.out));
	console.log(`${commune.name} : dossier version ${row.version}${row === last ? ' (données inchangées depuis cette version)' : values.save ? ' (enregistrée)' : ' (non enregistrée)'}, ${pages} pages, ${Math.round(performance.now() - started)} ms`);
	console.log(`Empreinte SHA-256 : ${fp}`);
	console.log(`Fichier : ${values.out}`);
} finally {
	await database.close();
}
