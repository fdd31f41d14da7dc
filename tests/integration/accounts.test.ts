import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	deleteExpiredSessions,
	generateToken,
	hashToken,
	SESSION_LIFETIME,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { announceSetup, forgetSetupCode, hasAdministrator, setupCodeMatches } from '../../src/lib/server/auth/setup';
import { sessions, users } from '../../src/lib/server/db/schema';
import {
	changePassword,
	logIn,
	LOGIN_FAILED,
	logOut,
	logOutEverywhere,
	setTrainer,
	SETUP_CODE_WRONG,
	signUp
} from '../../src/lib/server/domain/accounts';
import { engines, useDatabase } from '../helpers/db';
import {
	auditOfUser,
	domainError,
	expectAuditDelta,
	makeUser,
	OTHER_STRONG_PASSWORD,
	STRONG_PASSWORD,
	uniqueEmail
} from '../helpers/fixtures';

const DAY = 24 * 60 * 60 * 1000;

function signUpInput(email: string, password = STRONG_PASSWORD) {
	return { name: 'Jeanne Martin', email, password, passwordConfirm: password };
}

describe.each(engines())('accounts on the $name database', (engine) => {
	const db = useDatabase(engine);
	// An installation already in use: the sign-ups below are not its first account.
	beforeAll(async () => {
		await makeUser(db(), { name: 'Premier compte' });
	});

	it('does not make the first account of an empty installation administrator: the setup code does, once', async () => {
		const fresh = await engine.open();
		try {
			const first = await signUp(fresh.db, signUpInput(uniqueEmail('first')));
			expect(first.user.isGipAdmin).toBe(false);
			expect(await hasAdministrator(fresh.db)).toBe(false);

			// The code printed in the log at start, while there is no administrator.
			const printed: string[] = [];
			const lines = await announceSetup(fresh.db, (line) => printed.push(line));
			expect(printed).toEqual(lines);
			const code = /code d’installation ([A-Z0-9-]+) /.exec(printed.join('\n'))?.[1];
			expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$/);

			// A wrong code is refused next to its field, and creates nothing.
			const wrongEmail = uniqueEmail('wrong-code');
			const wrong = await expectAuditDelta(fresh.db, 0, () => domainError(signUp(fresh.db, { ...signUpInput(wrongEmail), setupCode: 'AAAA-BBBB-CCCC-DDDD-EEEE' }), 400));
			expect(wrong.fieldErrors).toEqual({ setupCode: SETUP_CODE_WRONG });
			expect(await fresh.db.select().from(users).where(eq(users.email, wrongEmail))).toEqual([]);

			// Two sign-ups with the code at the same moment (typed in lower case, without dashes): one administrator.
			const pair = await expectAuditDelta(fresh.db, 2, () =>
				Promise.all([
					signUp(fresh.db, { ...signUpInput(uniqueEmail('admin')), setupCode: code!.toLowerCase().replaceAll('-', '') }),
					signUp(fresh.db, { ...signUpInput(uniqueEmail('also-admin')), setupCode: ` ${code} ` })
				])
			);
			const admins = pair.filter((p) => p.user.isGipAdmin);
			expect(admins).toHaveLength(1);
			expect(admins[0]!.user.isTrainer).toBe(false);
			const [entry] = await auditOfUser(fresh.db, admins[0]!.user.id);
			expect(entry?.changes).toMatchObject({ isGipAdmin: true, motif: 'premier administrateur du GIP : code d’installation du journal du serveur' });

			// Once there is an administrator, the code is forgotten and the next start prints nothing.
			expect(setupCodeMatches(code)).toBe(false);
			await domainError(signUp(fresh.db, { ...signUpInput(uniqueEmail('late')), setupCode: code }), 400);
			const later = await signUp(fresh.db, signUpInput(uniqueEmail('later')));
			expect(later.user.isGipAdmin).toBe(false);
			expect(await announceSetup(fresh.db, () => {})).toEqual([]);
			const rows = await fresh.db.select().from(users).where(eq(users.isGipAdmin, true));
			expect(rows.map((r) => r.id)).toEqual([admins[0]!.user.id]);
		} finally {
			forgetSetupCode();
			await fresh.close();
		}
	});

	it('makes the account signed up with ADMIN_EMAIL administrator, while there is none', async () => {
		const fresh = await engine.open();
		const saved = process.env.ADMIN_EMAIL;
		const named = uniqueEmail('named-admin');
		process.env.ADMIN_EMAIL = ` ${named.toUpperCase()} `;
		try {
			const printed: string[] = [];
			await announceSetup(fresh.db, (line) => printed.push(line));
			expect(printed[0]).toContain(`le compte créé avec l’adresse ${named.toLowerCase()} (ADMIN_EMAIL) le deviendra`);
			const before = await signUp(fresh.db, signUpInput(uniqueEmail('before')));
			expect(before.user.isGipAdmin).toBe(false);
			const admin = await signUp(fresh.db, signUpInput(named));
			expect(admin.user.isGipAdmin).toBe(true);
			const [entry] = await auditOfUser(fresh.db, admin.user.id);
			expect(entry?.changes).toMatchObject({ isGipAdmin: true, motif: 'premier administrateur du GIP : adresse ADMIN_EMAIL' });
			// Only while there is none: the variable left in place names nobody else later.
			await fresh.db.update(users).set({ email: uniqueEmail('renamed') }).where(eq(users.id, admin.user.id));
			const again = await signUp(fresh.db, signUpInput(named));
			expect(again.user.isGipAdmin).toBe(false);
		} finally {
			if (saved === undefined) delete process.env.ADMIN_EMAIL;
			else process.env.ADMIN_EMAIL = saved;
			forgetSetupCode();
			await fresh.close();
		}
	});

	async function sessionIdsOf(userId: string) {
		const rows = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
		return rows.map((r) => r.id).sort();
	}

	it('signs up: argon2id hash, lower-cased e-mail, one audit entry, a session stored only as a hash', async () => {
		const email = uniqueEmail('Jeanne.MARTIN');
		const { user, token } = await expectAuditDelta(db(), 1, () => signUp(db(), signUpInput(email)));
		expect(user.email).toBe(email.toLowerCase());
		expect(user).toMatchObject({ name: 'Jeanne Martin', isGipAdmin: false, isTrainer: false });
		expect(token).toMatch(/^[a-z2-7]{32}$/);

		const [row] = await db().select().from(users).where(eq(users.id, user.id));
		expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row?.passwordHash).not.toContain(STRONG_PASSWORD);

		expect(await sessionIdsOf(user.id)).toEqual([hashToken(token)]);
		const raw = await db().select().from(sessions).where(eq(sessions.id, token));
		expect(raw).toEqual([]);

		const [entry] = await auditOfUser(db(), user.id);
		expect(entry).toMatchObject({ entity: 'compte', entityId: user.id, action: 'création', userName: 'Jeanne Martin' });
		expect(JSON.stringify(entry?.changes)).not.toContain(STRONG_PASSWORD);

		const validated = await validateSessionToken(db(), token);
		expect(validated?.user).toEqual(user);
	});

	it('refuses a second account for the same address, whatever its case, without saying more', async () => {
		const email = uniqueEmail('double');
		await signUp(db(), signUpInput(email));
		const err = await expectAuditDelta(db(), 0, () => domainError(signUp(db(), signUpInput(email.toUpperCase())), 409));
		expect(Object.keys(err.fieldErrors)).toEqual(['email']);
		expect(err.fieldErrors.email).toMatch(/^Adresse e-mail : /);
		expect(await db().select().from(users).where(eq(users.email, email.toLowerCase()))).toHaveLength(1);
	});

	it('refuses weak or mismatched passwords field by field, in French, before hashing anything', async () => {
		const weak = await domainError(signUp(db(), signUpInput(uniqueEmail(), 'motdepasse')), 400);
		expect(weak.fieldErrors.password).toMatch(/^Mot de passe trop faible : il manque au moins 12 caractères/);

		const mismatch = await domainError(
			signUp(db(), { name: 'A', email: uniqueEmail(), password: STRONG_PASSWORD, passwordConfirm: STRONG_PASSWORD + 'x' }),
			400
		);
		expect(mismatch.fieldErrors).toEqual({
			passwordConfirm: 'Confirmation : les deux mots de passe ne sont pas identiques.'
		});

		const empty = await domainError(signUp(db(), { email: 'pas-une-adresse' }), 400);
		expect(empty.fieldErrors.name).toBe('Nom et prénom : la valeur envoyée n’est pas du texte.');
		expect(empty.fieldErrors.email).toBe('Adresse e-mail : l’adresse n’a pas la forme nom@domaine.fr.');
	});

	it('logs in with any case of the address; a wrong password and an unknown address get the same answer', async () => {
		const email = uniqueEmail('login');
		const { user } = await signUp(db(), signUpInput(email));
		const ip = '198.51.100.10';

		const { userId, token } = await expectAuditDelta(db(), 1, () =>
			logIn(db(), { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD }, ip)
		);
		expect(userId).toBe(user.id);
		expect(await sessionIdsOf(user.id)).toContain(hashToken(token));
		expect((await auditOfUser(db(), user.id)).map((e) => e.action)).toEqual(['création', 'connexion']);

		const wrong = await expectAuditDelta(db(), 0, () =>
			domainError(logIn(db(), { email, password: OTHER_STRONG_PASSWORD }, ip), 400)
		);
		const unknown = await domainError(logIn(db(), { email: uniqueEmail('nobody'), password: OTHER_STRONG_PASSWORD }, ip), 400);
		expect(wrong.message).toBe(LOGIN_FAILED);
		expect(unknown.message).toBe(LOGIN_FAILED);
		expect(wrong.fieldErrors).toEqual({});
		expect(unknown.fieldErrors).toEqual({});
	});

	it('changing the password closes every session and opens a new one', async () => {
		const email = uniqueEmail('change');
		const { user, token: first } = await signUp(db(), signUpInput(email));
		const { token: second } = await logIn(db(), { email, password: STRONG_PASSWORD }, '198.51.100.11');
		expect(await sessionIdsOf(user.id)).toHaveLength(2);

		const { token: third } = await expectAuditDelta(db(), 1, () =>
			changePassword(db(), user, {
				currentPassword: STRONG_PASSWORD,
				newPassword: OTHER_STRONG_PASSWORD,
				newPasswordConfirm: OTHER_STRONG_PASSWORD
			})
		);
		expect(await validateSessionToken(db(), first)).toBeNull();
		expect(await validateSessionToken(db(), second)).toBeNull();
		expect((await validateSessionToken(db(), third))?.user.id).toBe(user.id);
		expect(await sessionIdsOf(user.id)).toEqual([hashToken(third)]);

		const entries = await auditOfUser(db(), user.id);
		expect(entries.at(-1)).toMatchObject({
			action: 'changement du mot de passe',
			changes: { password: '(modifié)', sessions: 'toutes fermées' }
		});

		await domainError(logIn(db(), { email, password: STRONG_PASSWORD }, '198.51.100.11'), 400);
		const again = await logIn(db(), { email, password: OTHER_STRONG_PASSWORD }, '198.51.100.11');
		expect(again.userId).toBe(user.id);
	});

	it('refuses a wrong current password or an unchanged one, and keeps the sessions', async () => {
		const { user, token } = await signUp(db(), signUpInput(uniqueEmail('keep')));
		const wrong = await expectAuditDelta(db(), 0, () =>
			domainError(
				changePassword(db(), user, {
					currentPassword: OTHER_STRONG_PASSWORD,
					newPassword: OTHER_STRONG_PASSWORD,
					newPasswordConfirm: OTHER_STRONG_PASSWORD
				}),
				400
			)
		);
		expect(wrong.fieldErrors).toEqual({ currentPassword: 'Mot de passe actuel : incorrect.' });
		const same = await domainError(
			changePassword(db(), user, {
				currentPassword: STRONG_PASSWORD,
				newPassword: STRONG_PASSWORD,
				newPasswordConfirm: STRONG_PASSWORD
			}),
			400
		);
		expect(same.fieldErrors).toEqual({ newPassword: 'Nouveau mot de passe : il doit être différent de l’actuel.' });
		expect((await validateSessionToken(db(), token))?.user.id).toBe(user.id);
	});

	it('logs out everywhere, or on this device only', async () => {
		const user = await makeUser(db());
		const tokens = [generateToken(), generateToken(), generateToken()];
		for (const t of tokens) await createSession(db(), t, user.id);
		const other = await makeUser(db());
		const otherToken = generateToken();
		await createSession(db(), otherToken, other.id);

		await expectAuditDelta(db(), 1, () => logOut(db(), user, hashToken(tokens[0]!)));
		expect(await validateSessionToken(db(), tokens[0]!)).toBeNull();
		expect(await validateSessionToken(db(), tokens[1]!)).not.toBeNull();

		await expectAuditDelta(db(), 1, () => logOutEverywhere(db(), user));
		expect(await sessionIdsOf(user.id)).toEqual([]);
		expect(await validateSessionToken(db(), tokens[2]!)).toBeNull();
		expect(await validateSessionToken(db(), otherToken)).not.toBeNull();
		expect((await auditOfUser(db(), user.id)).map((e) => e.action)).toEqual([
			'déconnexion',
			'déconnexion de tous les appareils'
		]);
	});

	it('extends a session past half its life, and deletes an expired one', async () => {
		const user = await makeUser(db());
		const setExpiry = (token: string, at: Date) =>
			db().update(sessions).set({ expiresAt: at }).where(eq(sessions.id, hashToken(token)));
		const expiryOf = async (token: string) =>
			(await db().select().from(sessions).where(eq(sessions.id, hashToken(token))))[0]?.expiresAt;

		// 20 days left: more than half of 30, left alone.
		const fresh = generateToken();
		await createSession(db(), fresh, user.id);
		const twentyDays = new Date(Date.now() + 20 * DAY);
		await setExpiry(fresh, twentyDays);
		const a = await validateSessionToken(db(), fresh);
		expect(a?.session.expiresAt.getTime()).toBe(twentyDays.getTime());
		expect((await expiryOf(fresh))?.getTime()).toBe(twentyDays.getTime());

		// 10 days left: renewed for 30 days from now, in the database too.
		const old = generateToken();
		await createSession(db(), old, user.id);
		await setExpiry(old, new Date(Date.now() + 10 * DAY));
		const before = Date.now();
		const b = await validateSessionToken(db(), old);
		const renewed = b?.session.expiresAt.getTime() ?? 0;
		expect(renewed).toBeGreaterThanOrEqual(before + SESSION_LIFETIME);
		expect(renewed).toBeLessThanOrEqual(Date.now() + SESSION_LIFETIME);
		expect((await expiryOf(old))?.getTime()).toBe(renewed);

		// Expired: refused and removed.
		const expired = generateToken();
		await createSession(db(), expired, user.id);
		await setExpiry(expired, new Date(Date.now() - 1000));
		expect(await validateSessionToken(db(), expired)).toBeNull();
		expect(await expiryOf(expired)).toBeUndefined();

		// An unknown well-formed token is refused too.
		expect(await validateSessionToken(db(), generateToken())).toBeNull();
	});

	it('purges expired sessions only', async () => {
		const user = await makeUser(db());
		const live = generateToken();
		const dead = generateToken();
		await createSession(db(), live, user.id);
		await createSession(db(), dead, user.id);
		await db().update(sessions).set({ expiresAt: new Date(Date.now() - DAY) }).where(eq(sessions.id, hashToken(dead)));
		await deleteExpiredSessions(db());
		expect(await sessionIdsOf(user.id)).toEqual([hashToken(live)]);
	});

	it('lets only a GIP administrator name a trainer', async () => {
		const admin = await makeUser(db(), { isGipAdmin: true });
		const someone = await makeUser(db());
		await expectAuditDelta(db(), 0, () => domainError(setTrainer(db(), someone, someone.id, true), 403));

		await expectAuditDelta(db(), 1, () => setTrainer(db(), admin, someone.id, true));
		const [row] = await db().select().from(users).where(eq(users.id, someone.id));
		expect(row?.isTrainer).toBe(true);
		const [entry] = await auditOfUser(db(), admin.id);
		expect(entry).toMatchObject({ entityId: someone.id, action: 'nommé formateur' });

		await domainError(setTrainer(db(), admin, '00000000-0000-4000-8000-000000000000', true), 404);
	});
});
