import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { email, fieldErrors, isUuid, keptValues, optionalEmail, optionalText, text } from '../../src/lib/server/forms';

describe('form fields', () => {
	it('trim text, require it, bound it and refuse invisible characters, in French', () => {
		const name = text('Nom', { max: 5 });
		expect(name.parse('  Anne  ')).toBe('Anne');
		const messages = (v: unknown) => {
			const r = name.safeParse(v);
			return r.success ? null : r.error.issues[0]?.message;
		};
		expect(messages('   ')).toBe('Nom : ce champ est à remplir.');
		expect(messages('Anne-Sophie')).toBe('Nom : 5 caractères au plus.');
		expect(messages('An\u0007n')).toBe('Nom : le texte contient des caractères invisibles ou illisibles ; retapez-le.');
		expect(messages(12)).toBe('Nom : la valeur envoyée n’est pas du texte.');
		expect(text('Adresse', { max: 200 }).parse('1 rue\r\n\tdu Port')).toBe('1 rue\r\n\tdu Port');
	});

	it('turn an absent optional field into an empty string', () => {
		expect(optionalText('Adresse').parse(undefined)).toBe('');
		expect(optionalText('Adresse').parse(null)).toBe('');
		expect(optionalEmail('E-mail').parse(undefined)).toBe('');
	});

	it('check e-mail addresses with a French message', () => {
		expect(email().parse(' mairie@glanon.fr ')).toBe('mairie@glanon.fr');
		const r = optionalEmail('E-mail de la mairie').safeParse('mairie-glanon.fr');
		expect(r.success).toBe(false);
		if (!r.success) {
			expect(fieldErrors(r.error)._form).toBe('E-mail de la mairie : l’adresse n’a pas la forme nom@domaine.fr.');
		}
	});

	it('key errors by field, first message first', () => {
		const schema = z.object({ a: text('A'), b: text('B', { min: 3 }) });
		const r = schema.safeParse({ a: '', b: 'x' });
		expect(r.success).toBe(false);
		if (!r.success) expect(fieldErrors(r.error)).toEqual({ a: 'A : ce champ est à remplir.', b: 'B : au moins 3 caractères.' });
	});

	it('keep the answers to refill a form, but never a password or token', () => {
		const form = new FormData();
		form.set('name', 'Anne');
		form.set('password', 'secret');
		form.set('newPasswordConfirm', 'secret');
		form.set('token', 'abc');
		expect(keptValues(form)).toEqual({ name: 'Anne' });
		expect(keptValues(null)).toEqual({});
	});

	it('recognise uuids', () => {
		expect(isUuid('9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d')).toBe(true);
		expect(isUuid('not-a-uuid')).toBe(false);
		expect(isUuid(undefined)).toBe(false);
		expect(isUuid("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' or 1=1")).toBe(false);
	});
});
