// The smaller defects found when the app was attacked from outside (issue 14): each is tried here
// against the built server, over HTTP, as an attacker or a misconfigured installation would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { BASE_URL, createCommuneOverHttp, FORM_HEADERS, newAccount, signUpOverHttp } from './helpers';
import { OwnServer } from './own-server';

const BUILD_DIR = process.env.E2E_BUILD_DIR ?? 'build';

/** Starts `node build` with `env` and waits for it to end by itself (at most 60 s). */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	const dataDir = mkdtempSync(join(tmpdir(), 'super-chef-rgpd-e2e-config-'));
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [BUILD_DIR], {
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'production', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			rmSync(dataDir, { recursive: true, force: true });
			resolve({ code, output });
		});
	});
}

test.describe('configuration read once and checked', () => {
	test('a value the app cannot use stops the start, naming the variable', async () => {
		const { code, output } = await runUntilExit({ COOKIE_SECURE: 'False', XFF_DEPTH: 'deux' });
		expect(code).toBe(1);
		expect(output).toContain('Configuration refusée');
		expect(output).toContain('COOKIE_SECURE vaut « true » ou « false »');
		expect(output).toContain('« False »');
		expect(output).toMatch(/XFF_DEPTH/);
	});
});

test.describe('headers and cookies', () => {
	test('over HTTPS the app sends HSTS; over HTTP it does not', async () => {
		const https = new OwnServer('hsts', { env: { ORIGIN: 'https://rgpd.example.fr' } });
		await https.start();
		try {
			const res = await fetch(`${https.url}/healthz`);
			expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
		} finally {
			await https.stop();
		}
		const plain = await fetch(`${BASE_URL}/healthz`);
		expect(plain.headers.get('strict-transport-security')).toBeNull();
	});

	test('with COOKIE_SECURE=false, the cookie that clears a session is not Secure either', async () => {
		const server = new OwnServer('cookie', { env: { COOKIE_SECURE: 'false' } });
		await server.start();
		try {
			// A stale session cookie: the server clears it.
			const res = await fetch(`${server.url}/`, { headers: { cookie: 'session=inconnu' }, redirect: 'manual' });
			const cleared = res.headers.getSetCookie().find((c) => c.startsWith('session='));
			expect(cleared, 'cookie effacé').toBeTruthy();
			expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
			expect(cleared).not.toMatch(/;\s*Secure/i);
			expect(cleared).toMatch(/HttpOnly/i);
		} finally {
			await server.stop();
		}
	});
});

test.describe('refusals in French, never a 500', () => {
	test('a cross-site form post is refused in French', async () => {
		const res = await fetch(`${BASE_URL}/connexion`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: 'email=a%40b.fr&password=x',
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
		const html = await res.text();
		expect(html).toContain('depuis un autre site');
		expect(html).not.toMatch(/Cross-site/i);
		const json = await fetch(`${BASE_URL}/connexion`, {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=x', accept: 'application/json' },
			body: '--x--'
		});
		expect(json.status).toBe(403);
		expect(((await json.json()) as { message: string }).message).toContain('depuis un autre site');
	});

	test('a crafted « suite » address after login goes home or to an encoded path, not to a 500', async () => {
		const account = newAccount('suite');
		(await signUpOverHttp(account)).dispose();
		for (const suite of ['/c/x?q=\u2028é', '/\u{1F600}', '/a\u0000b', '//evil.example']) {
			const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL });
			const res = await ctx.post(`/connexion?suite=${encodeURIComponent(suite)}`, {
				headers: FORM_HEADERS,
				form: { email: account.email, password: account.password, suite },
				maxRedirects: 0
			});
			expect(res.status(), suite).toBe(303);
			const location = res.headers()['location'] ?? '';
			expect(location, suite).toMatch(/^\/[\x21-\x7e]*$/);
			expect(location.startsWith('//'), suite).toBe(false);
			await ctx.dispose();
		}
	});

	test('a NUL byte in an uploaded file name is no 500, and the log never shows what was sent', async () => {
		const server = new OwnServer('nul');
		await server.start();
		try {
			const account = newAccount('nul');
			const ctx = await playwrightRequest.newContext({ baseURL: server.url });
			const headers = server.formHeaders();
			const signup = await ctx.post('/inscription', {
				headers,
				form: { name: account.name, email: account.email, password: account.password, passwordConfirm: account.password },
				maxRedirects: 0
			});
			expect(signup.status()).toBe(303);
			const created = await ctx.post('/communes/nouvelle', {
				headers,
				form: { type: 'commune', officialCode: '21301', address: '1 place de la Mairie', mayorName: 'Dominique Martin', email: '', phone: '' },
				maxRedirects: 0
			});
			const communeId = /\/c\/([0-9a-f-]{36})/.exec(created.headers()['location'] ?? '')![1]!;
			const secret = 'Registre-confidentiel-Zoé-Marchal';
			const csv = `Nom du traitement;Finalité(s) du traitement effectué\n${secret};Gestion de la cantine\n`;
			const preview = await ctx.post(`/c/${communeId}/registre/importer?/apercu`, {
				headers,
				multipart: { file: { name: 'registre\u0000\u0007.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') } }
			});
			expect(preview.status()).toBe(200);
			const html = await preview.text();
			const payload = /name="payload" value="([^"]*)"/.exec(html)?.[1];
			const signature = /name="signature" value="([^"]*)"/.exec(html)?.[1];
			expect(payload, 'aperçu de l’import').toBeTruthy();
			const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
			const confirmed = await ctx.post(`/c/${communeId}/registre/importer?/confirmer`, {
				headers,
				form: { payload: decode(payload!), signature: decode(signature!) }
			});
			expect(confirmed.status()).toBe(200);
			expect(await confirmed.text()).toMatch(/1 fiche/);
			expect(server.output()).not.toContain(secret);
			await ctx.dispose();
		} finally {
			await server.stop();
		}
	});
});

test('the shared server also refuses a cross-site post on a commune page', async () => {
	const account = newAccount('csrf');
	const ctx = await signUpOverHttp(account);
	const communeId = await createCommuneOverHttp(ctx);
	const res = await ctx.post(`/c/${communeId}/membres?/invite`, {
		headers: { origin: 'http://localhost.evil.example', accept: 'text/html' },
		form: { role: 'dpd', label: 'pirate' }
	});
	expect(res.status()).toBe(403);
	expect(await res.text()).toContain('depuis un autre site');
	await ctx.dispose();
});
