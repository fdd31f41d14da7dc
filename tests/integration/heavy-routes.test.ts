// Heavy work through its routes: a second dossier PDF by the same user while the first is still
// being made gets « patientez » (429, Retry-After, a French page), not a second rendering; the
// next one after it works. The register import's gate is tested in zip-bomb.test.ts.
import { describe, expect, it } from 'vitest';
import { GET as dossierPdf } from '../../src/routes/c/[communeId]/dossier/[version].pdf/+server';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { gate, RETRY_AFTER } from '../../src/lib/server/heavy';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

describe.each(engines())('heavy routes on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('makes one dossier PDF at a time per user: the second asks to wait, with Retry-After', async () => {
		const dpd = await makeUser(db(), { name: 'Claire Martin' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);
		const { version } = await generateDossier(db(), access);
		const download = () => {
			const url = new URL(`http://localhost/c/${commune.id}/dossier/v${version}.pdf`);
			const event = { locals: { user: dpd, session: null }, url, params: { communeId: commune.id, version: `v${version}` } };
			return withAppDatabase(db(), () => dossierPdf(event as never));
		};

		// The first download is being rendered (its body not read yet): the second waits its turn.
		const first = await download();
		expect(first.status).toBe(200);
		const second = await download();
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe(String(RETRY_AFTER));
		expect(second.headers.get('content-type')).toMatch(/^text\/html/);
		const page = await second.text();
		expect(page).toContain('Un dossier est déjà en cours de production pour vous : patientez');
		expect(page).toContain(`href="/c/${commune.id}/dossier"`);

		// Once the first is read to the end, the place is given back.
		const bytes = Buffer.from(await first.arrayBuffer());
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		await new Promise((r) => setImmediate(r));
		expect(gate('dossier').stats.running).toBe(0);
		const third = await download();
		expect(third.status).toBe(200);
		expect(Buffer.from(await third.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	}, 120_000);
});
