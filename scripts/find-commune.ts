// Command-line helper: the commune named by an INSEE code or an id, or a clear French refusal.
import { eq } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db';
import { communes, type Commune } from '../src/lib/server/db/schema';
import { isUuid } from '../src/lib/server/forms';

export async function findCommuneArg(db: Db, code: string): Promise<Commune | null> {
	const found = await db.select().from(communes).where(isUuid(code) ? eq(communes.id, code) : eq(communes.inseeCode, code));
	if (found.length === 1) return found[0]!;
	console.error(found.length ? `Plusieurs organismes ont le code ${code} : donnez l’identifiant.` : `Aucun organisme « ${code} ».`);
	for (const c of found) console.error(`  ${c.id}  ${c.name} (${c.type})`);
	return null;
}
