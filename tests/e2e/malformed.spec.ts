// Malformed submissions at the HTTP level: files where text is expected, missing fields, unknown
// fields, a body over the size limit, broken UTF-8, a content type that is not a form. The server
// never answers 5xx, the user gets the French messages back, and unknown fields are never stored.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
	BASE_URL,
	createCommuneOverHttp,
	FORM_HEADERS,
	newAccount,
	PASSWORD,
	signedInRequest,
	signUpOverHttp,
	type Account
} from './helpers';

const NOT_TEXT = 'la valeur envoyée n’est pas du texte';
const TO_CORRECT = 'Certaines réponses sont à corriger';
const UNREADABLE = 'le texte contient des caractères invisibles ou illisibles';
const TOO_LARGE = 'Le formulaire envoyé est trop volumineux';
const NOT_A_FORM = 'Cette page attend un formulaire';
/** adapter-node's default BODY_SIZE_LIMIT is 512 KB. */
const OVER_LIMIT = 600 * 1024;

/** SvelteKit escapes apostrophes in JSON (\u2019 stays as is); the HTML keeps them. */
async function bodyOf(res: APIResponse): Promise<string> {
	return (await res.text()).replace(/&#39;|&apos;/g, "'");
}

async function expectRefusal(res: APIResponse, status: number, ...messages: string[]): Promise<void> {
	expect(res.status(), `réponse ${res.status()} ${res.url()}`).toBeLessThan(500);
	expect(res.status(), `statut attendu pour ${res.url()}`).toBe(status);
	const body = await bodyOf(res);
	for (const m of messages) expect(body, `message « ${m} »`).toContain(m);
	expect(body).not.toContain('Une erreur inattendue est survenue');
}

let owner: Account;
let ctx: APIRequestContext;
let communeId: string;
let anonymous: APIRequestContext;

test.beforeAll(async () => {
	owner = newAccount('malformed', 'Morgane Malformée');
	ctx = await signUpOverHttp(owner);
	communeId = await createCommuneOverHttp(ctx, '21301');
});

test.afterAll(async () => {
	await ctx?.dispose();
});

test.beforeEach(async ({ playwright }) => {
	// A fresh visitor for every test: a sign-up or a login in one test must not carry over.
	anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
});

test.afterEach(async () => {
	// Whatever was sent, the server is still up and its database reachable.
	const health = await anonymous.get('/healthz');
	expect(health.status()).toBe(200);
	await anonymous.dispose();
});

const identite = () => `/c/${communeId}/identite`;
const file = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from('\x00\x01binaire\xff') });

test.describe('un fichier à la place d’un texte', () => {
	test('/connexion', async () => {
		const res = await anonymous.post('/connexion', {
			headers: FORM_HEADERS,
			multipart: { email: file('email.bin'), password: file('password.bin') }
		});
		await expectRefusal(res, 400, TO_CORRECT, `Adresse e-mail : ${NOT_TEXT}`);
	});

	test('/inscription', async () => {
		const res = await anonymous.post('/inscription', {
			headers: FORM_HEADERS,
			multipart: { name: file('nom.txt'), email: 'x@example.test', password: file('pw.bin'), passwordConfirm: PASSWORD }
		});
		await expectRefusal(res, 400, TO_CORRECT, `Nom et prénom : ${NOT_TEXT}`, `Mot de passe : ${NOT_TEXT}`);
	});

	test('/c/<id>/identite', async () => {
		const res = await ctx.post(identite(), {
			headers: FORM_HEADERS,
			multipart: { address: file('adresse.pdf'), mayorName: 'Dominique Martin', siren: file('siren.txt') }
		});
		await expectRefusal(res, 400, TO_CORRECT, `Adresse postale : ${NOT_TEXT}`, `SIREN : ${NOT_TEXT}`);
		// The other answers are kept in the form.
		expect(await bodyOf(res)).toContain('value="Dominique Martin"');
	});

	test('un champ répété (deux valeurs au lieu d’une)', async () => {
		const res = await anonymous.post('/connexion', {
			headers: { ...FORM_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
			data: 'email=a%40example.test&email=b%40example.test&password=x'
		});
		await expectRefusal(res, 400, `Adresse e-mail : ${NOT_TEXT}`);
	});
});

test.describe('des champs manquants', () => {
	test('/connexion', async () => {
		const res = await anonymous.post('/connexion', { headers: FORM_HEADERS, form: { suite: '/' } });
		await expectRefusal(res, 400, TO_CORRECT, 'Mot de passe : à remplir.');
	});

	test('/inscription', async () => {
		const res = await anonymous.post('/inscription', { headers: FORM_HEADERS, form: { email: 'x@example.test' } });
		await expectRefusal(res, 400, TO_CORRECT, 'Nom et prénom', 'Mot de passe');
		expect(await bodyOf(res)).toContain('value="x@example.test"');
	});

	test('/c/<id>/identite', async () => {
		// Every field of the identity is optional: absent ones count as empty, nothing breaks.
		const res = await ctx.post(identite(), { headers: FORM_HEADERS, form: { siren: '12' } });
		await expectRefusal(res, 400, TO_CORRECT, 'SIREN : 9 chiffres');
		const page = await bodyOf(await ctx.get(`/c/${communeId}`, { headers: { accept: 'text/html' } }));
		expect(page).toContain('<dd>21301</dd>');
		expect(page).toContain('<h1>Glanon</h1>');
	});

	test('un corps vide, sans type de contenu', async () => {
		const res = await anonymous.post('/connexion', { headers: FORM_HEADERS });
		expect(res.status()).toBeLessThan(500);
		expect([400, 415]).toContain(res.status());
		expect(await bodyOf(res)).toMatch(new RegExp(`${TO_CORRECT}|${NOT_A_FORM}`));
	});
});

test.describe('des champs inconnus sont ignorés, jamais enregistrés', () => {
	test('/inscription ne donne aucun privilège', async () => {
		const account = newAccount('extra', 'Xavier Extra');
		const signup = await anonymous.post('/inscription', {
			headers: FORM_HEADERS,
			form: {
				name: account.name,
				email: account.email,
				password: account.password,
				passwordConfirm: account.password,
				isGipAdmin: 'true',
				is_gip_admin: 'true',
				isTrainer: 'true',
				id: '00000000-0000-4000-8000-000000000000',
				passwordHash: 'x',
				role: 'dpd'
			},
			maxRedirects: 0
		});
		expect(signup.status()).toBe(303);
		const user = await signedInRequest(account);
		try {
			const admin = await user.get('/admin', { headers: { accept: 'text/html' } });
			expect(admin.status()).toBe(404);
			const compte = await bodyOf(await user.get('/compte', { headers: { accept: 'text/html' } }));
			expect(compte).toContain(account.email);
			expect(compte).not.toContain('Administrateur du GIP');
			expect(compte).not.toContain('Rôle au GIP');
		} finally {
			await user.dispose();
		}
	});

	test('/connexion accepte le formulaire et ignore le reste', async () => {
		const res = await anonymous.post('/connexion', {
			headers: FORM_HEADERS,
			form: { email: owner.email, password: owner.password, isGipAdmin: 'true', suite: '/', extra: 'x'.repeat(5000) },
			maxRedirects: 0
		});
		expect(res.status()).toBe(303);
		expect(res.headers()['location']).toBe('/');
	});

	test('/c/<id>/identite ne change ni le nom, ni le code INSEE, ni la population', async () => {
		const populationOf = (html: string) => /Population<\/dt>\s*<dd>([^<]+)</.exec(html)?.[1];
		const before = await bodyOf(await ctx.get(`/c/${communeId}`, { headers: { accept: 'text/html' } }));
		const population = populationOf(before);
		expect(population).toMatch(/\d.* habitants/);
		const res = await ctx.post(identite(), {
			headers: FORM_HEADERS,
			form: {
				address: '3 rue des Champs, 21250 Glanon',
				mayorName: 'Dominique Martin',
				siren: '212103014',
				email: '',
				phone: '',
				name: 'Commune pirate',
				inseeCode: '99999',
				departement: '2A',
				population: '1',
				type: 'syndicat',
				id: '00000000-0000-4000-8000-000000000000',
				createdAt: '2000-01-01',
				unknownField: 'ne doit pas être stocké'
			}
		});
		expect(res.status()).toBe(200);
		expect(await bodyOf(res)).toContain('Identité enregistrée.');
		const after = await bodyOf(await ctx.get(`/c/${communeId}`, { headers: { accept: 'text/html' } }));
		expect(after).toContain('<h1>Glanon</h1>');
		expect(after).toContain('<dd>21301</dd>');
		expect(populationOf(after)).toBe(population);
		expect(after).toContain('3 rue des Champs, 21250 Glanon');
		expect(after).not.toContain('Commune pirate');
		expect(after).not.toContain('99999');
		expect(after).not.toContain('ne doit pas être stocké');
		const journal = await bodyOf(await ctx.get(`/c/${communeId}/journal`, { headers: { accept: 'text/html' } }));
		expect(journal).not.toContain('ne doit pas être stocké');
		expect(journal).not.toContain('unknownField');
	});
});

test.describe('un corps de plus de 512 Ko', () => {
	for (const accept of ['text/html', 'application/json']) {
		test(`/connexion répond 413 (Accept: ${accept})`, async () => {
			const res = await anonymous.post('/connexion', {
				headers: { ...FORM_HEADERS, accept },
				form: { email: 'a'.repeat(OVER_LIMIT), password: 'x' }
			});
			await expectRefusal(res, 413, TOO_LARGE);
		});
	}

	test('/inscription répond 413 (fichier joint)', async () => {
		const res = await anonymous.post('/inscription', {
			headers: FORM_HEADERS,
			multipart: { name: { name: 'gros.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(OVER_LIMIT, 0x61) } }
		});
		await expectRefusal(res, 413, TOO_LARGE);
	});

	test('/c/<id>/identite répond 413 et n’enregistre rien', async () => {
		const res = await ctx.post(identite(), {
			headers: FORM_HEADERS,
			form: { address: 'Énorme '.repeat(OVER_LIMIT / 7), mayorName: 'Géant' }
		});
		await expectRefusal(res, 413, TOO_LARGE);
		const page = await bodyOf(await ctx.get(identite(), { headers: { accept: 'text/html' } }));
		expect(page).not.toContain('Géant');
	});
});

test.describe('de l’UTF-8 invalide', () => {
	const urlencoded = { ...FORM_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

	test('/connexion (octets bruts)', async () => {
		const res = await anonymous.post('/connexion', {
			headers: urlencoded,
			data: Buffer.concat([Buffer.from('email='), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('%40example.test&password='), Buffer.from([0xff])])
		});
		await expectRefusal(res, 400, `Adresse e-mail : ${UNREADABLE}`);
	});

	test('/inscription (octets encodés en %)', async () => {
		const res = await anonymous.post('/inscription', {
			headers: urlencoded,
			data: `name=Jean%C3%28%FF&email=jean%40example.test&password=${encodeURIComponent(PASSWORD)}&passwordConfirm=${encodeURIComponent(PASSWORD)}`
		});
		await expectRefusal(res, 400, `Nom et prénom : ${UNREADABLE}`);
	});

	test('/c/<id>/identite (multipart)', async () => {
		const boundary = '----e2e-boundary-7d1f';
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mayorName"\r\n\r\nMaire `),
			Buffer.from([0xe9, 0xc3, 0x28, 0x80]),
			Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="address"\r\n\r\n1 place de la Mairie\r\n--${boundary}--\r\n`)
		]);
		const res = await ctx.post(identite(), {
			headers: { ...FORM_HEADERS, 'content-type': `multipart/form-data; boundary=${boundary}` },
			data: body
		});
		await expectRefusal(res, 400, `Nom du maire ou du président : ${UNREADABLE}`);
	});

	test('un multipart mal formé', async () => {
		const res = await anonymous.post('/connexion', {
			headers: { ...FORM_HEADERS, 'content-type': 'multipart/form-data; boundary=absente' },
			data: 'ceci n’est pas un multipart'
		});
		await expectRefusal(res, 400, TO_CORRECT);
	});
});

test.describe('un type de contenu qui n’est pas un formulaire', () => {
	const cases: { label: string; path: () => string; signedIn: boolean }[] = [
		{ label: '/connexion', path: () => '/connexion', signedIn: false },
		{ label: '/inscription', path: () => '/inscription', signedIn: false },
		{ label: '/c/<id>/identite', path: identite, signedIn: true }
	];
	for (const c of cases) {
		for (const type of ['application/json', 'application/xml']) {
			test(`${c.label} en ${type} : 415`, async () => {
				const client = c.signedIn ? ctx : anonymous;
				const body = type === 'application/json' ? JSON.stringify({ email: 'a@example.test', password: PASSWORD, mayorName: 'JSON' }) : '<form><mayorName>XML</mayorName></form>';
				const res = await client.post(c.path(), { headers: { ...FORM_HEADERS, 'content-type': type }, data: body });
				await expectRefusal(res, 415, NOT_A_FORM);
			});
		}
	}

	test('text/plain n’est pas lu comme un formulaire', async () => {
		const res = await anonymous.post('/connexion', {
			headers: { ...FORM_HEADERS, 'content-type': 'text/plain' },
			data: `email=${owner.email}\npassword=${owner.password}`,
			maxRedirects: 0
		});
		await expectRefusal(res, 400, TO_CORRECT);
	});
});
