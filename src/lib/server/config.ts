// The installation's configuration, read from the environment once and checked with zod. A value
// the app cannot use (COOKIE_SECURE=False, PORT=abc, a DATABASE_URL that is not postgres://…)
// stops the start with a message naming the variable, rather than silently meaning something else.
import { z } from 'zod';

const flag = (name: string) =>
	z
		.string()
		.optional()
		.refine((v) => v === undefined || v === 'true' || v === 'false', {
			message: `${name} vaut « true » ou « false » (en minuscules)`
		})
		.transform((v) => (v === undefined ? undefined : v === 'true'));

const positiveInt = (name: string, max: number) =>
	z
		.string()
		.optional()
		.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max), {
			message: `${name} est un nombre entier entre 1 et ${max}`
		})
		.transform((v) => (v === undefined ? undefined : Number(v)));

const nonEmpty = (name: string) =>
	z
		.string()
		.optional()
		.refine((v) => v === undefined || v.trim() !== '', { message: `${name} est vide : retirez-la ou donnez-lui une valeur` });

const schema = z
	.object({
		DATABASE_URL: z
			.string()
			.optional()
			.refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/./.test(v), {
				message: 'DATABASE_URL commence par postgres:// ou postgresql://'
			})
			.transform((v) => v || undefined),
		DATA_DIR: nonEmpty('DATA_DIR'),
		MIGRATIONS_DIR: nonEmpty('MIGRATIONS_DIR'),
		COOKIE_SECURE: flag('COOKIE_SECURE'),
		ORIGIN: z
			.string()
			.optional()
			.refine(
				(v) => {
					if (v === undefined) return true;
					try {
						const u = new URL(v);
						return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
					} catch {
						return false;
					}
				},
				{ message: 'ORIGIN est une adresse sans chemin, par exemple https://rgpd.example.fr' }
			),
		PORT: positiveInt('PORT', 65535),
		HOST: nonEmpty('HOST'),
		BODY_SIZE_LIMIT: z
			.string()
			.optional()
			.refine((v) => v === undefined || /^(\d+[KMG]?|Infinity)$/i.test(v), {
				message: 'BODY_SIZE_LIMIT est une taille comme 512K, 10M ou un nombre d’octets'
			}),
		ADDRESS_HEADER: z
			.string()
			.optional()
			.refine((v) => v === undefined || /^[a-z0-9-]+$/i.test(v), {
				message: 'ADDRESS_HEADER est le nom d’un en-tête, par exemple x-forwarded-for'
			})
			.transform((v) => v?.toLowerCase()),
		XFF_DEPTH: positiveInt('XFF_DEPTH', 20),
		ADMIN_EMAIL: z
			.string()
			.optional()
			.transform((v) => v?.trim().toLowerCase() || undefined)
			.refine((v) => v === undefined || z.email().safeParse(v).success, {
				message: 'ADMIN_EMAIL est une adresse électronique'
			}),
		HSTS_MAX_AGE: z
			.string()
			.optional()
			.refine((v) => v === undefined || /^\d+$/.test(v), { message: 'HSTS_MAX_AGE est un nombre de secondes (0 : pas d’en-tête HSTS)' })
			.transform((v) => (v === undefined ? 31_536_000 : Number(v)))
	})
	.superRefine((c, ctx) => {
		if (c.XFF_DEPTH !== undefined && c.ADDRESS_HEADER !== 'x-forwarded-for') {
			ctx.addIssue({
				code: 'custom',
				path: ['XFF_DEPTH'],
				message: 'XFF_DEPTH ne sert qu’avec ADDRESS_HEADER=x-forwarded-for'
			});
		}
	});

export interface Config {
	databaseUrl?: string;
	dataDir?: string;
	migrationsDir?: string;
	/** Whether the session cookie carries `Secure` (undefined: the default, secure outside `vite dev`). */
	cookieSecure?: boolean;
	origin?: string;
	port?: number;
	addressHeader?: string;
	xffDepth?: number;
	/** The e-mail whose sign-up makes the first GIP administrator (lower case). */
	adminEmail?: string;
	/** Seconds of `Strict-Transport-Security` sent over HTTPS; 0 sends none. */
	hstsMaxAge: number;
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Configuration refusée :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Checks the environment; throws a ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const parsed = schema.safeParse(env);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((i) => {
				const name = String(i.path[0] ?? '');
				const given = name && env[name] !== undefined ? ` (valeur reçue : « ${env[name]} »)` : '';
				return `${i.message}${given}`;
			})
		);
	}
	const c = parsed.data;
	return {
		databaseUrl: c.DATABASE_URL,
		dataDir: c.DATA_DIR,
		migrationsDir: c.MIGRATIONS_DIR,
		cookieSecure: c.COOKIE_SECURE,
		origin: c.ORIGIN,
		port: c.PORT,
		addressHeader: c.ADDRESS_HEADER,
		xffDepth: c.XFF_DEPTH,
		adminEmail: c.ADMIN_EMAIL,
		hstsMaxAge: c.HSTS_MAX_AGE
	};
}

let current: Config | undefined;

/** The process's configuration, read at the first call (the server's `init` makes that call at start). */
export function config(): Config {
	current ??= loadConfig();
	return current;
}
