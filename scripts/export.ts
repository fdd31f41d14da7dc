// npm run export -- --commune <INSEE code or id> --out <file.json>
// Writes the whole commune as one JSON document (format "super-chef-rgpd/commune", version 1), from
// the configured database. Nothing is written to the database.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { exportCommune } from '../src/lib/server/exports/commune-json';
import { findCommuneArg } from './find-commune';

const { values } = parseArgs({ options: { commune: { type: 'string' }, out: { type: 'string' } } });
if (!values.commune || !values.out) {
	console.error('Usage : npm run export -- --commune <code INSEE ou identifiant> --out <fichier.json>');
	process.exit(2);
}
const database = await openDatabase(optionsFromEnv());
try {
	const { db } = database;
	const commune = await findCommuneArg(db, values.commune);
	if (!commune) process.exitCode = 1;
	else {
		const doc = await exportCommune(db, commune.id);
		writeFileSync(values.out, JSON.stringify(doc, null, 1));
		console.log(`${doc.commune.name} : ${doc.records.length} enregistrements, ${doc.steps.length} étapes, ${doc.audit.length} entrées du journal.`);
		console.log(`Fichier : ${values.out}`);
	}
} finally {
	await database.close();
}
