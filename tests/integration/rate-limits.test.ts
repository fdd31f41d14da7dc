// Rate limits besides login (tests/integration/throttle.test.ts): sign-up per address and the
// current-password check of /compte per account; enrolment codes are in training.test.ts.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PASSWORD_CHECK_POLICY, SIGNUP_POLICY, SIGNUP_REFUSED_POLICY } from '../../src/lib/server/auth/rate-limit';
import { users } from '../../src/lib/server/db/schema';
import { changePassword, logIn, signUp } from '../../src/lib/server/domain/accounts';
import { engines, useDatabase } from '../helpers/db';
import { domainError, OTHER_STRONG_PASSWORD, STRONG_PASSWORD, uniqueEmail, statusOf } from '../helpers/fixtures';

const T0 = new Date('2031-05-01T08:00:00Z');
const input = (email: string) => ({ name: 'Jeanne Martin', email, password: STRONG_PASSWORD, passwordConfirm: STRONG_PASSWORD });
let n = 0;
const freshIp = () => `2001:db8::${(++n).toString(16)}`;

describe.each(engines())('rate limits on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('slows down sign-ups from one address beyond 100 in a row, not those from another address', async () => {
		const room = freshIp();
		for (let i = 0; i < SIGNUP_POLICY.free + 1; i++) await signUp(db(), input(uniqueEmail('room')), { ip: room, now: T0 });
		const email = uniqueEmail('one-too-many');
		const err = await domainError(signUp(db(), input(email), { ip: room, now: T0 }), 429);
		expect(err.message).toBe('Trop de tentatives. Par sécurité, réessayez dans 10 secondes.');
		expect(err.fieldErrors).toEqual({ email: 'Adresse e-mail : trop de tentatives depuis votre poste, réessayez dans 10 secondes.' });
		expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
		// Another address signs up at once; the room, once the delay has passed.
		await signUp(db(), input(uniqueEmail('elsewhere')), { ip: freshIp(), now: T0 });
		await signUp(db(), input(email), { ip: room, now: new Date(T0.getTime() + 10_000) });
		// An invalid form is refused before counting (nothing costly was done).
		const other = freshIp();
		for (let i = 0; i < 30; i++) await domainError(signUp(db(), { ...input(uniqueEmail()), passwordConfirm: 'x' }, { ip: other, now: T0 }), 400);
		await signUp(db(), input(uniqueEmail('valid')), { ip: other, now: T0 });
	}, 120_000);

	it('slows down sooner the sign-ups that test which addresses have an account, or guess the setup code', async () => {
		const taken = uniqueEmail('taken');
		await signUp(db(), input(taken));
		const prober = freshIp();
		const statuses: number[] = [];
		for (let i = 0; i < SIGNUP_REFUSED_POLICY.free; i++) statuses.push(await statusOf(signUp(db(), input(taken), { ip: prober, now: T0 })));
		statuses.push(await statusOf(signUp(db(), { ...input(uniqueEmail()), setupCode: 'ABCD-EFGH' }, { ip: prober, now: T0 })));
		expect(statuses).toEqual([...Array(SIGNUP_REFUSED_POLICY.free).fill(409), 400]);
		// Eleven refusals: the address now waits 10 seconds, even for a sign-up that would succeed.
		const err = await domainError(signUp(db(), input(uniqueEmail('honest')), { ip: prober, now: T0 }), 429);
		expect(err.fieldErrors.email).toBe('Adresse e-mail : trop de tentatives depuis votre poste, réessayez dans 10 secondes.');
		await signUp(db(), input(uniqueEmail('honest')), { ip: prober, now: new Date(T0.getTime() + 10_000) });
		await signUp(db(), input(uniqueEmail('neighbour')), { ip: freshIp(), now: T0 });
	});

	it('slows down the current-password check of /compte for the account, with the message next to the field', async () => {
		const email = uniqueEmail('compte');
		const { user } = await signUp(db(), input(email));
		const [before] = await db().select().from(users).where(eq(users.id, user.id));
		const change = (current: string, now: Date) =>
			changePassword(db(), user, { currentPassword: current, newPassword: OTHER_STRONG_PASSWORD, newPasswordConfirm: OTHER_STRONG_PASSWORD }, now);
		for (let i = 0; i < PASSWORD_CHECK_POLICY.free; i++) {
			expect((await domainError(change('mauvais mot de passe', T0), 400)).fieldErrors).toEqual({ currentPassword: 'Mot de passe actuel : incorrect.' });
		}
		expect((await domainError(change('mauvais mot de passe', T0), 429)).fieldErrors).toEqual({
			currentPassword: 'Mot de passe actuel : incorrect. Réessayez dans 5 secondes.'
		});
		// While waiting, even the right password is not checked.
		const waiting = await domainError(change(STRONG_PASSWORD, new Date(T0.getTime() + 2000)), 429);
		expect(waiting.fieldErrors).toEqual({ currentPassword: 'Mot de passe actuel : trop d’essais, réessayez dans 3 secondes.' });
		const [row] = await db().select().from(users).where(eq(users.id, user.id));
		expect(row?.passwordHash).toBe(before!.passwordHash);
		// After the delay, the right password changes it.
		await change(STRONG_PASSWORD, new Date(T0.getTime() + 5000));
		await logIn(db(), { email, password: OTHER_STRONG_PASSWORD }, freshIp());
	});
});
