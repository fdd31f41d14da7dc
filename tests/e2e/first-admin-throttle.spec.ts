// Over HTTP, against the built server (`node build`) behind a pretend reverse proxy
// (ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1): the first GIP administrator comes from the setup
// code printed in the server's log, not from being first; and an attacker's failed logins from one
// address slow that address down, never the victim typing the right password from another.
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { newAccount } from './helpers';
import { OwnServer } from './own-server';

const server = new OwnServer('admin-throttle', { env: { ADMIN_EMAIL: undefined, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' } });
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
	test.setTimeout(120_000);
	await server.start();
});

test.afterAll(async () => {
	for (const c of contexts) await c.dispose();
	await server.stop();
});

/** A client behind the proxy, which appends the client's address to X-Forwarded-For. */
async function client(address: string): Promise<APIRequestContext> {
	const c = await playwrightRequest.newContext({ baseURL: server.url, extraHTTPHeaders: { 'x-forwarded-for': `10.9.9.9, ${address}` } });
	contexts.push(c);
	return c;
}

async function signUp(c: APIRequestContext, account: { name: string; email: string; password: string }, setupCode = '') {
	return c.post('/inscription', {
		headers: server.formHeaders(),
		form: { name: account.name, email: account.email, password: account.password, passwordConfirm: account.password, setupCode },
		maxRedirects: 0
	});
}

async function logIn(c: APIRequestContext, email: string, password: string) {
	return c.post('/connexion', { headers: server.formHeaders(), form: { email, password }, maxRedirects: 0 });
}

test('le premier administrateur vient du code d’installation ; un attaquant ralenti ne bloque pas sa victime', async () => {
	test.setTimeout(240_000);
	const code = /code d’installation ([A-Z0-9-]+) /.exec(server.output())?.[1];
	expect(code, server.output()).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$/);

	// The first to arrive, without the code, is an ordinary account.
	const first = await client('192.0.2.10');
	const firstPage = await (await first.get('/inscription', { headers: { accept: 'text/html' } })).text();
	expect(firstPage).toContain('Code d’installation (facultatif)');
	expect((await signUp(first, newAccount('first'))).status()).toBe(303);
	expect((await first.get('/admin', { headers: { accept: 'text/html' } })).status()).toBe(404);

	// A wrong code is refused next to its field.
	const guesser = await client('192.0.2.11');
	const refused = await signUp(guesser, newAccount('guess'), 'AAAA-BBBB-CCCC-DDDD-EEEE');
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('Code d’installation : ce n’est pas celui du journal du serveur');

	// With the code from the log: administrator. The field then disappears.
	const admin = await client('192.0.2.12');
	expect((await signUp(admin, newAccount('admin'), code)).status()).toBe(303);
	expect((await admin.get('/admin', { headers: { accept: 'text/html' } })).status()).toBe(200);
	const anonymous = await client('192.0.2.13');
	expect(await (await anonymous.get('/inscription', { headers: { accept: 'text/html' } })).text()).not.toContain('Code d’installation');

	// The victim's account, and an attacker behind the same proxy at another address.
	const victim = newAccount('victim');
	expect((await signUp(await client('192.0.2.20'), victim)).status()).toBe(303);
	const attacker = await client('198.51.100.66');
	const statuses: number[] = [];
	for (let i = 0; i < 6; i++) statuses.push((await logIn(attacker, victim.email, 'Mauvais-mot-de-passe-2024')).status());
	// Five failures answered plainly; the sixth asks the attacker to wait 5 seconds…
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
	// …during which even the right password, from the attacker's address, is refused unchecked.
	const slowed = await logIn(attacker, victim.email, victim.password);
	expect(slowed.status()).toBe(429);
	expect(await slowed.text()).toContain('Trop de tentatives de connexion depuis votre poste');

	// The victim, from her own address (the proxy's header tells them apart), logs in at once.
	const home = await logIn(await client('192.0.2.21'), victim.email, victim.password);
	expect(home.status(), await home.text()).toBe(303);
});
