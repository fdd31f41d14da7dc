// npm run seed:demo — creates (or completes) the demonstration data on the configured database.
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { DEMO_ACCOUNTS, seedDemo } from '../src/lib/server/seed/demo';

const database = await openDatabase(optionsFromEnv());
try {
	const { communeIds } = await seedDemo(database.db);
	console.log(`Données de démonstration prêtes (${database.kind === 'embedded' ? 'base embarquée ' + database.location : database.location}).`);
	console.log(`Communes : ${Object.keys(communeIds).length} (Glanon, Thorey-sur-Ouche, Collonges-et-Premières).`);
	console.log('\nComptes de démonstration :');
	for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(42)} ${a.password.padEnd(24)} ${a.description}`);
} finally {
	await database.close();
}
