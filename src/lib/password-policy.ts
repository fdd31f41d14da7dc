/**
 * Password rule of the CNIL (délibération n° 2022-100 du 21 juillet 2022): a password used alone
 * must carry about 80 bits of entropy. We accept its three examples:
 * - at least 12 characters mixing the four kinds (capitals, small letters, digits, specials);
 * - at least 14 characters mixing three of the four kinds;
 * - a passphrase of at least 7 different words (« aa aa aa aa aa aa aa » is one word seven times:
 *   words are compared without case or accents, and a run of one letter, « aaaa », is no word).
 * Shared by the server (which decides) and the page (which explains).
 */
export const PASSWORD_RULE_TEXT =
	'Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux ; ' +
	'ou au moins 14 caractères avec trois de ces quatre sortes ; ' +
	'ou une phrase de passe d’au moins 7 mots différents séparés par des espaces.';

export const PASSWORD_MAX_LENGTH = 256;

export interface PasswordCheck {
	ok: boolean;
	/** What is missing, in French, to show next to the field. */
	missing: string[];
}

function kinds(password: string) {
	return {
		upper: /\p{Lu}/u.test(password),
		lower: /\p{Ll}/u.test(password),
		digit: /\p{Nd}/u.test(password),
		special: /[^\p{L}\p{Nd}\s]/u.test(password)
	};
}

function wordKey(word: string): string {
	return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function passphraseTokens(password: string): string[] {
	return password
		.trim()
		.split(/[\s]+/u)
		.filter((w) => /\p{L}{2,}/u.test(w));
}

/** Different words of the phrase: case and accents ignored; a run of one letter (« aaa ») is not a word. */
export function passphraseWords(password: string): number {
	const words = new Set<string>();
	for (const token of passphraseTokens(password)) {
		const key = wordKey(token);
		if (/^(.)\1*$/u.test(key.replace(/[^\p{L}]/gu, ''))) continue;
		words.add(key);
	}
	return words.size;
}

export function checkPassword(password: string): PasswordCheck {
	const length = [...password].length;
	if (length > PASSWORD_MAX_LENGTH) {
		return { ok: false, missing: [`pas plus de ${PASSWORD_MAX_LENGTH} caractères`] };
	}
	if (passphraseWords(password) >= 7) return { ok: true, missing: [] };
	const k = kinds(password);
	const count = Number(k.upper) + Number(k.lower) + Number(k.digit) + Number(k.special);
	if (length >= 12 && count === 4) return { ok: true, missing: [] };
	if (length >= 14 && count >= 3) return { ok: true, missing: [] };

	const missing: string[] = [];
	if (passphraseTokens(password).length >= 7) {
		missing.push('des mots différents : une phrase de passe compte 7 mots distincts, sans répétition');
		return { ok: false, missing };
	}
	const absent = [
		!k.upper && 'une majuscule',
		!k.lower && 'une minuscule',
		!k.digit && 'un chiffre',
		!k.special && 'un caractère spécial (par exemple ! ? % # -)'
	].filter((x): x is string => Boolean(x));
	if (length < 12) {
		missing.push(`au moins 12 caractères (il y en a ${length})`);
		if (absent.length) missing.push(`et ${absent.join(', ')}`);
	} else if (count < 3) {
		missing.push(`avec ${length} caractères, il faut au moins trois sortes : ajoutez ${absent.join(' ou ')}`);
	} else {
		// 12–13 characters with three kinds: either the fourth kind, or two more characters.
		missing.push(`ajoutez ${absent.join(', ')} ou allongez-le jusqu’à 14 caractères`);
	}
	return { ok: false, missing };
}

export function passwordMessage(check: PasswordCheck): string {
	return `Mot de passe trop faible : il manque ${check.missing.join(' ')}. ` +
		'Une phrase de passe de 7 mots différents convient aussi.';
}
