// The installation's first GIP administrator. Not whoever signs up first: while the installation
// has no administrator, the server draws a setup code at start and prints it in its log; the person
// who signs up with it becomes administrator. Or the operator names the address beforehand
// (ADMIN_EMAIL): the account created with it becomes administrator. Either way, only while no
// administrator exists. The code lives in this process's memory only (as a hash): a restart draws
// a new one, and it is forgotten once an administrator exists.
import { loadConfig } from '../config';
import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { users } from '../db/schema';
import { hashToken } from './session';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
let codeHash: string | null = null;

/** Upper case, letters and digits only: « abcd-efgh » and « ABCDEFGH » are the same code. */
export function normalizeSetupCode(raw: unknown): string {
	return typeof raw === 'string' ? raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 64) : '';
}

/** Draws a new setup code (20 characters, about 99 bits), remembers its hash, returns it. */
export function issueSetupCode(): string {
	const chars: string[] = [];
	while (chars.length < 20) {
		const bytes = new Uint8Array(32);
		crypto.getRandomValues(bytes);
		// 248 = 8 × 31: rejecting the bytes above keeps every character equally likely.
		for (const b of bytes) if (b < 248 && chars.length < 20) chars.push(ALPHABET[b % ALPHABET.length]!);
	}
	const code = chars.join('');
	codeHash = hashToken(code);
	return code.match(/.{4}/g)!.join('-');
}

export function forgetSetupCode(): void {
	codeHash = null;
}

export function setupCodeMatches(raw: unknown): boolean {
	const candidate = normalizeSetupCode(raw);
	if (!codeHash || !candidate) return false;
	return timingSafeEqual(Buffer.from(hashToken(candidate)), Buffer.from(codeHash));
}

/** ADMIN_EMAIL, lower-cased, or null when unset or empty. */
export function adminEmail(env: NodeJS.ProcessEnv = process.env): string | null {
	return loadConfig(env).adminEmail ?? null;
}

export async function hasAdministrator(db: Executor): Promise<boolean> {
	const [any] = await db.select({ id: users.id }).from(users).where(eq(users.isGipAdmin, true)).limit(1);
	return Boolean(any);
}

/**
 * At server start: while the installation has no administrator, draws the setup code and says in
 * the log how to become administrator. Returns the lines printed (none once an administrator exists).
 */
export async function announceSetup(db: Executor, log: (line: string) => void = console.log): Promise<string[]> {
	if (await hasAdministrator(db)) {
		forgetSetupCode();
		return [];
	}
	const lines: string[] = [];
	const email = adminEmail();
	if (email) lines.push(`[super-chef-rgpd] aucun administrateur du GIP : le compte créé avec l’adresse ${email} (ADMIN_EMAIL) le deviendra.`);
	const code = issueSetupCode();
	lines.push(
		`[super-chef-rgpd] aucun administrateur du GIP : pour le devenir, créez votre compte sur /inscription avec le code d’installation ${code} (valable jusqu’à l’arrêt du serveur).`
	);
	for (const line of lines) log(line);
	return lines;
}
