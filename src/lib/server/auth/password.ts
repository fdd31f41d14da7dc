import { hash, verify } from '@node-rs/argon2';

// Argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so that an unknown e-mail cannot be told by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
	dummyHash ??= hashPassword('mot de passe factice pour égaliser les temps de réponse');
	await verifyPassword(await dummyHash, password);
}
