// npm run backup -- --out <fichier.tgz>
// Copies the embedded database ($DATA_DIR/pglite) into one file, made by PGlite itself. The app must
// be stopped (the embedded database can be opened by one process only). With DATABASE_URL, prints
// the pg_dump command to use instead.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { optionsFromEnv } from '../src/lib/server/db';
import { BackupError, backupEmbedded, SERVER_BACKUP_HELP } from '../src/lib/server/db/backup';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const options = optionsFromEnv();
if (options.url) {
	console.error(SERVER_BACKUP_HELP);
	process.exit(2);
}
if (!values.out) {
	console.error('Usage : npm run backup -- --out <fichier.tgz>');
	process.exit(2);
}
const out = resolve(values.out);
try {
	const { bytes } = await backupEmbedded(options.dataDir!, out);
	console.log(`Sauvegarde de ${options.dataDir} terminée : ${out} (${Math.ceil(bytes / 1024)} Ko).`);
	console.log(`Pour la remettre en place : npm run restore -- ${values.out}`);
} catch (err) {
	console.error(err instanceof BackupError ? err.message : `Échec de la sauvegarde : ${(err as Error).message}`);
	process.exitCode = 1;
}
