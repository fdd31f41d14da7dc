// Child process of tests/integration/process.test.ts: opens the embedded database in $DATA_DIR like
// the app (getDatabase + closeDatabaseOnShutdown, as hooks.server.ts does) and stands for
// adapter-node: something keeps the process alive (its HTTP server), and SIGTERM stops it then emits
// `sveltekit:shutdown`. The process must then end by itself, its lock file removed.
import { closeDatabaseOnShutdown, getDatabase } from '../../src/lib/server/db';

await getDatabase();
closeDatabaseOnShutdown();
const server = setInterval(() => {}, 1000);
process.on('SIGTERM', () => {
	clearInterval(server);
	(process.emit as (event: string, ...args: unknown[]) => boolean)('sveltekit:shutdown', 'SIGTERM');
});
console.log('PRET');
