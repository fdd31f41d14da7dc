// npm run export -- --commune <INSEE code or id> --out <file.json>
// Writes the whole commune as one JSON document (format "super-chef-rgpd/commune", version 1), from
// the configured database. Nothing is written to the database.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { communes } from '../src/lib/server/db/schema';
import { exportCommune } from '../src/lib/server/exports/commune-json';
import { isUuid } from '../src/lib/server/forms';

const { values } = parseArgs({ options: { commune: { type: 'string' }, out: { type: 'string' } } });
if (!values.commune || !values.out) {
	console.error('Usage : npm run export -- --commune <code INSEE ou identifiant> --out <fichier.json>');
	process.exit(2);
}
const database = await openDatabase(optionsFromEnv());
try {
	const { db } = database;
	const found = await db
		.select()
		.from(communes)
		.where(isUuid(values.commune) ? eq(communes.id, values.commune) : eq(communes.inseeCode, values.commune));
	if (found.length !== 1) {
		console.error(found.length ? `Plusieurs organismes ont le code ${values.commune} : donnez l’identifiant.` : `Aucun organisme « ${values.commune} ».`);
		for (const c of found) console.error(`  ${c.id}  ${c.name} (${c.type})`);
		process.exitCode = 1;
	} else {
		const doc = await exportCommune(db, found[0]!.id);
		writeFileSync(values.out, JSON.stringify(doc, null, 1));
		console.log(`${doc.commune.name} : ${doc.records.length} enregistrements, ${doc.steps.length} étapes, ${doc.audit.length} entrées du journal.`);
		console.log(`Fichier : ${values.out}`);
	}
} finally {
	await database.close();
}
