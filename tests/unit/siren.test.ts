import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { communeDetailsSchema, luhn } from '../../src/lib/server/domain/communes';
import { fieldErrors } from '../../src/lib/server/forms';

const details = { name: '', address: '', mayorName: '', email: '', phone: '' };

function sirenError(siren: unknown): string | undefined {
	const r = communeDetailsSchema.safeParse({ ...details, siren });
	return r.success ? undefined : fieldErrors(r.error).siren;
}

describe('SIREN check digit (Luhn)', () => {
	it('accepts real SIREN numbers and refuses a changed digit', () => {
		expect(luhn('212103014')).toBe(true); // Glanon
		expect(luhn('242100410')).toBe(true); // Dijon Métropole
		expect(luhn('212103015')).toBe(false);
		expect(luhn('212130014')).toBe(false); // two digits swapped
	});

	it('accepts La Poste, the known exception', () => {
		expect(luhn('356000000')).toBe(true);
		expect(luhn('356000001')).toBe(false);
	});

	it('accepts every SIREN of the official list', () => {
		const require = createRequire(import.meta.url);
		const load = (f: string) =>
			JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${f}`), 'utf8')) as {
				code: string;
				siren?: string;
			}[];
		const sirens = [...load('communes.json').map((c) => c.siren), ...load('epci.json').map((e) => e.code)].filter(
			(s): s is string => Boolean(s)
		);
		expect(sirens.length).toBeGreaterThan(30_000);
		expect(sirens.filter((s) => !luhn(s))).toEqual([]);
	});
});

describe('SIREN field', () => {
	it('takes spaces out and accepts an empty or absent value', () => {
		const r = communeDetailsSchema.parse({ ...details, siren: ' 212 103 014 ' });
		expect(r.siren).toBe('212103014');
		expect(sirenError('')).toBeUndefined();
		expect(communeDetailsSchema.parse(details).siren).toBe('');
	});

	it('explains in French what is wrong', () => {
		expect(sirenError('12345')).toBe('SIREN : 9 chiffres (il figure sur vos factures et sur l’avis de situation INSEE).');
		expect(sirenError('21210301A')).toMatch(/^SIREN : 9 chiffres/);
		expect(sirenError('212103015')).toBe(
			'SIREN : ce numéro n’est pas valide (la clé de contrôle ne correspond pas) ; vérifiez les chiffres.'
		);
		expect(sirenError(212103014)).toBe('SIREN : la valeur envoyée n’est pas du texte.');
	});
});
