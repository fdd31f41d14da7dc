// npm run seed:scale -- [--bodies 1600] [--sessions 40] [--largest 800]
//
// Fills the configured database with a GIP-sized population (src/lib/server/seed/scale.ts), to
// measure the app at scale (npm run bench:load). Idempotent: a second run adds only what is
// missing. Database: DATABASE_URL when set; otherwise the embedded database in DATA_DIR, which
// defaults here to ./data/scale — NOT the application's ./data — so that the generated population
// never mixes with real work by accident.
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv } from '../src/lib/server/db';
import { SCALE_DOMAIN, SCALE_PASSWORD, seedScale } from '../src/lib/server/seed/scale';

const { values: args } = parseArgs({
	options: {
		bodies: { type: 'string', default: '1600' },
		sessions: { type: 'string', default: '40' },
		largest: { type: 'string', default: '800' }
	}
});
const int = (s: string | undefined, name: string) => {
	const n = Number.parseInt(s ?? '', 10);
	if (!Number.isInteger(n) || n < 1) {
		console.error(`--${name} : un nombre entier positif est attendu (reçu « ${s} »).`);
		process.exit(2);
	}
	return n;
};
const bodies = int(args.bodies, 'bodies');
const sessions = int(args.sessions, 'sessions');
const largest = int(args.largest, 'largest');

if (!process.env.DATABASE_URL && !process.env.DATA_DIR) process.env.DATA_DIR = 'data/scale';
const started = performance.now();
const database = await openDatabase(optionsFromEnv());
console.log(`Jeu d’échelle du GIP — base ${database.kind === 'embedded' ? `embarquée (${database.location})` : 'serveur (DATABASE_URL)'}`);
try {
	const r = await seedScale(database.db, { bodies, sessions, largest, log: (l) => console.log(l) });
	const s = Math.round((performance.now() - started) / 100) / 10;
	console.log(`\nPrêt en ${s} s :`);
	console.log(`  organismes          ${r.bodies.total} (${r.bodies.created} ajoutés)`);
	console.log(`  comptes             ${r.users.total} (${r.users.created} ajoutés)`);
	console.log(`  sessions            ${r.sessions.total} (${r.sessions.created} ajoutées)`);
	console.log(`  conseils ajoutés    ${r.advice}`);
	console.log(`  fiches              ${r.records}`);
	console.log(`  journal (lignes)    ${r.auditRows}`);
	console.log(`\nComptes : secretaire-0001@${SCALE_DOMAIN}, elu-0001@…, formateur-01@…, admin@… — mot de passe commun ${SCALE_PASSWORD}`);
} finally {
	await database.close();
}
