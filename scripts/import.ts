// npm run import -- <file.json> --user <email>
// Restores an export into a new commune on the configured database; the account named by --user
// (it must exist) becomes its DPD. Any problem in the file refuses it whole: nothing is written.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { users } from '../src/lib/server/db/schema';
import { DomainError } from '../src/lib/server/domain/errors';
import { importCommune, importSummary } from '../src/lib/server/exports/commune-json';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { user: { type: 'string' } } });
const file = positionals[0];
if (!file || !values.user) {
	console.error('Usage : npm run import -- <fichier.json> --user <e-mail d’un compte existant, qui deviendra DPD>');
	process.exit(2);
}
const bytes = readFileSync(file);
const database = await openDatabase(optionsFromEnv());
try {
	const { db } = database;
	const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, values.user.toLowerCase()));
	if (!user) {
		console.error(`Aucun compte « ${values.user} » : créez-le d’abord (inscription), puis relancez l’import.`);
		process.exitCode = 1;
	} else {
		const result = await importCommune(db, { id: user.id, email: user.email, name: user.name, isGipAdmin: user.isGipAdmin, isTrainer: user.isTrainer }, new Uint8Array(bytes), {
			filename: file.split('/').pop() ?? file
		});
		console.log(`${result.name} importée : ${importSummary(result)}.`);
		console.log(`Identifiant : ${result.communeId} (page /c/${result.communeId}) ; ${user.name} en est le DPD.`);
	}
} catch (err) {
	if (err instanceof DomainError) {
		console.error(`Import refusé, rien n’a été enregistré. ${err.message}`);
		process.exitCode = 1;
	} else throw err;
} finally {
	await database.close();
}
