// The administrator's list of accounts at a GIP's size: searched by name or e-mail (accents and
// case ignored, % and _ taken literally), fifty a page, trainers and administrators first.
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_PER_PAGE, listAccounts } from '../../src/lib/server/domain/accounts';
import { engines, useDatabase } from '../helpers/db';
import { makeUser } from '../helpers/fixtures';

describe.each(engines())('listAccounts on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('pages through every account and finds one by name or e-mail', async () => {
		const admin = await makeUser(db(), { name: 'Zoé Administratrice', isGipAdmin: true });
		const trainer = await makeUser(db(), { name: 'Yves Formateur', isTrainer: true });
		for (let i = 0; i < 118; i++) await makeUser(db(), { name: `Agent ${String(i).padStart(3, '0')}`, email: `agent-${i}@mairie.example.fr` });
		const helene = await makeUser(db(), { name: 'Hélène Écuyer', email: 'h.ecuyer@thorey.example.fr' });
		const percent = await makeUser(db(), { name: 'Remise 100% Dupont' });

		const first = await listAccounts(db(), {});
		expect(first).toMatchObject({ total: 122, page: 1, pages: 3, q: '' });
		expect(first.users).toHaveLength(ACCOUNTS_PER_PAGE);
		expect(first.users.slice(0, 2).map((u) => u.id)).toEqual([admin.id, trainer.id]);
		const last = await listAccounts(db(), { page: '3' });
		expect(last.users).toHaveLength(22);
		const seen = new Set([...first.users, ...(await listAccounts(db(), { page: '2' })).users, ...last.users].map((u) => u.id));
		expect(seen.size).toBe(122);

		// A page out of range, or not a number, shows the nearest page rather than an error.
		expect((await listAccounts(db(), { page: '99' })).page).toBe(3);
		expect((await listAccounts(db(), { page: '-1' })).page).toBe(1);
		expect((await listAccounts(db(), { page: ['2'] })).page).toBe(1);

		for (const q of ['helene ecuyer', 'HÉLÈNE', 'écuy', 'h.ecuyer@thorey', 'THOREY.EXAMPLE']) {
			const found = await listAccounts(db(), { q });
			expect(found.users.map((u) => u.id), q).toEqual([helene.id]);
		}
		expect((await listAccounts(db(), { q: '100%' })).users.map((u) => u.id)).toEqual([percent.id]);
		expect((await listAccounts(db(), { q: '%' })).users.map((u) => u.id)).toEqual([percent.id]);
		expect((await listAccounts(db(), { q: 'agent_1' })).total).toBe(0);
		expect((await listAccounts(db(), { q: 'Agent 0' })).total).toBe(100);
		const none = await listAccounts(db(), { q: 'personne de ce nom' });
		expect(none).toMatchObject({ total: 0, users: [], page: 1, pages: 1 });
		// Control characters are dropped, the length bounded.
		expect((await listAccounts(db(), { q: '\u0000écuyer\u0007' })).users.map((u) => u.id)).toEqual([helene.id]);
		expect((await listAccounts(db(), { q: 'x'.repeat(10_000) })).q).toHaveLength(100);
	});
});
