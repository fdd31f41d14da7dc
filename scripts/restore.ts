// npm run restore -- <fichier.tgz>
// Puts a backup made by `npm run backup` in place of the embedded database ($DATA_DIR/pglite). The
// backup is loaded and checked in a new folder first; the current folder is kept beside it as
// pglite.avant-restauration-<date>. The app must be stopped. With DATABASE_URL, prints the
// pg_restore command to use instead.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { optionsFromEnv } from '../src/lib/server/db';
import { BackupError, restoreEmbedded, SERVER_BACKUP_HELP } from '../src/lib/server/db/backup';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const options = optionsFromEnv();
if (options.url) {
	console.error(SERVER_BACKUP_HELP);
	process.exit(2);
}
if (positionals.length !== 1) {
	console.error('Usage : npm run restore -- <fichier.tgz>');
	process.exit(2);
}
const file = resolve(positionals[0]!);
try {
	const { previous } = await restoreEmbedded(options.dataDir!, file);
	console.log(`Sauvegarde ${file} remise en place dans ${options.dataDir}.`);
	if (previous) console.log(`L’ancienne base est conservée dans ${previous} (supprimez-la quand vous n’en avez plus besoin).`);
	console.log('Les migrations éventuelles seront appliquées au prochain démarrage de l’application.');
} catch (err) {
	console.error(err instanceof BackupError ? err.message : `Échec de la restauration : ${(err as Error).message}`);
	process.exitCode = 1;
}
