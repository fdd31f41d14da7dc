import { describe, expect, it } from 'vitest';
import {
	checkPassword,
	passphraseWords,
	passwordMessage,
	PASSWORD_MAX_LENGTH,
	PASSWORD_RULE_TEXT
} from '../../src/lib/password-policy';

const SPECIAL = 'un caractère spécial (par exemple ! ? % # -)';

describe('CNIL password rule', () => {
	it('accepts 12 characters mixing the four kinds, not 11', () => {
		expect(checkPassword('Abcdef1!xyzw')).toEqual({ ok: true, missing: [] });
		expect(checkPassword('Abcdef1!xyz')).toEqual({
			ok: false,
			missing: ['au moins 12 caractères (il y en a 11)']
		});
	});

	it('accepts 14 characters with three kinds, not 12 or 13', () => {
		expect(checkPassword('Abcdefgh1xyzab').ok).toBe(true); // upper, lower, digit
		expect(checkPassword('abcdefgh-1xyza').ok).toBe(true); // lower, special, digit
		const thirteen = checkPassword('Abcdefgh1xyza');
		expect(thirteen.ok).toBe(false);
		expect(thirteen.missing).toEqual([`ajoutez ${SPECIAL} ou allongez-le jusqu’à 14 caractères`]);
	});

	it('refuses long passwords with fewer than three kinds, saying which kinds to add', () => {
		const check = checkPassword('abcdefghijklmnopqrst');
		expect(check.ok).toBe(false);
		expect(check.missing).toEqual([
			`avec 20 caractères, il faut au moins trois sortes : ajoutez une majuscule ou un chiffre ou ${SPECIAL}`
		]);
	});

	it('lists what a short password lacks, in French', () => {
		expect(checkPassword('chat').missing).toEqual([
			'au moins 12 caractères (il y en a 4)',
			`et une majuscule, un chiffre, ${SPECIAL}`
		]);
	});

	it('accepts a passphrase of 7 words, not 6, and ignores one-letter "words"', () => {
		expect(passphraseWords('le chat de la voisine dort bien')).toBe(7);
		expect(checkPassword('le chat de la voisine dort bien').ok).toBe(true);
		expect(checkPassword('le chat de la voisine dort').ok).toBe(false);
		expect(passphraseWords('a b c d e f g h i j')).toBe(0);
		expect(checkPassword('a b c d e f g h i j').ok).toBe(false);
		expect(passphraseWords('  élan   été  ')).toBe(2);
	});

	it('counts accented capitals and small letters as letters', () => {
		expect(checkPassword('Élève-Été-2024').ok).toBe(true); // É, è, digit, hyphen: 14 characters
		expect(checkPassword('ÉCOLE-ÉTÉ-2024').ok).toBe(true); // 14 characters, three kinds
		expect(checkPassword('ÉCOLE-ÉTÉ-202').missing).toEqual([
			'ajoutez une minuscule ou allongez-le jusqu’à 14 caractères'
		]);
	});

	it('counts characters, not UTF-16 units', () => {
		const elevenCodePoints = 'Aa1!' + '🙂'.repeat(7);
		expect(elevenCodePoints.length).toBeGreaterThan(12);
		expect(checkPassword(elevenCodePoints).missing[0]).toBe('au moins 12 caractères (il y en a 11)');
		expect(checkPassword('Aa1!' + '🙂'.repeat(8)).ok).toBe(true);
	});

	it('caps the length, even for a passphrase', () => {
		const long = 'mot '.repeat(70) + 'x'; // 70 words, 281 characters
		expect([...long].length).toBeGreaterThan(PASSWORD_MAX_LENGTH);
		expect(checkPassword(long)).toEqual({ ok: false, missing: [`pas plus de ${PASSWORD_MAX_LENGTH} caractères`] });
	});

	it('builds the French message shown next to the field', () => {
		const message = passwordMessage(checkPassword('chat'));
		expect(message).toBe(
			`Mot de passe trop faible : il manque au moins 12 caractères (il y en a 4) et une majuscule, un chiffre, ${SPECIAL}. ` +
				'Une phrase de passe de 7 mots différents convient aussi.'
		);
		expect(PASSWORD_RULE_TEXT).toMatch(/12 caractères/);
		expect(PASSWORD_RULE_TEXT).toMatch(/14 caractères/);
		expect(PASSWORD_RULE_TEXT).toMatch(/7 mots/);
	});
});

describe('a passphrase counts different words', () => {
	it('refuses one word repeated, or runs of one letter, and says why', () => {
		for (const phrase of ['aa aa aa aa aa aa aa', 'Chat chat CHAT chât chat chat chat', 'aa bb cc dd ee ff gg', 'aaa bbbb cc ddd eeeee ff ggg']) {
			const check = checkPassword(phrase);
			expect(check.ok, phrase).toBe(false);
			expect(check.missing.join(' '), phrase).toMatch(/mots différents/);
		}
		expect(passphraseWords('aa aa aa aa aa aa aa')).toBe(0);
		expect(passphraseWords('le chat le chat le chat le')).toBe(2);
	});

	it('still accepts real phrases, repeated small words included', () => {
		expect(checkPassword('le chat de la mairie dort sur le radiateur').ok).toBe(true);
		expect(passphraseWords('Le chat de LA mairie dort sur le radiateur')).toBe(8);
		expect(checkPassword('été élan école île ôter ânes œuvre').ok).toBe(true);
	});
});
