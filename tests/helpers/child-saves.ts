// Child process of tests/integration/process.test.ts: opens the embedded database in $DATA_DIR,
// then saves register supports one after the other (each save is one transaction with its audit
// row), printing « ENREGISTRE <id> » once each save has returned, until it is killed.
import { optionsFromEnv, openDatabase } from '../../src/lib/server/db';
import { users } from '../../src/lib/server/db/schema';
import { createCommune } from '../../src/lib/server/domain/communes';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { findAccess } from '../../src/lib/server/tenancy';

const database = await openDatabase({ ...optionsFromEnv(), migrate: false });
const { db } = database;
const [u] = await db
	.insert(users)
	.values({ name: 'Processus enfant', email: `enfant.${process.pid}.${Date.now()}@mairie-test.fr`, passwordHash: 'not-an-argon2-hash' })
	.returning();
const user = { id: u!.id, email: u!.email, name: u!.name, isGipAdmin: false, isTrainer: false };
const commune = await createCommune(db, user, { type: 'commune', officialCode: '21301' });
const access = (await findAccess(db, user, commune.id))!;
console.log(`PRET ${commune.id}`);
for (let i = 1; ; i++) {
	const fields = { category: 'papier', name: `Classeur ${i}`, location: `Armoire ${i}`, users: 'Secrétariat' };
	const { id } = await saveRecord(db, access, 'support', null, { ...fields, _fields: Object.keys(fields).join(',') });
	process.stdout.write(`ENREGISTRE ${id}\n`);
}
