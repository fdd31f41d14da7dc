// Regressions found by the fuzz test (tests/integration/fuzz.test.ts): each was a 500, an English
// message or a database in the wrong place.
import { resolve } from 'node:path';
import { stringify } from 'devalue';
import { describe, expect, it } from 'vitest';
import { findRecordKind, RECORD_KINDS } from '../../src/lib/recipes/records';
import { formInput, refill } from '../../src/lib/server/actions';
import { optionsFromEnv } from '../../src/lib/server/db';
import { documentTemplate } from '../../src/lib/server/domain/documents';
import { DomainError, validate } from '../../src/lib/server/domain/errors';
import { recordKind } from '../../src/lib/server/domain/records';
import { createCommuneSchema } from '../../src/lib/server/domain/communes';
import { z } from 'zod';

function form(entries: [string, string | File][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('hostile form input', () => {
	it('takes a field named __proto__ for a field, not for the prototype of the input', () => {
		const input = formInput(form([['__proto__', new File(['x'], 'x.txt')], ['type', 'commune']]));
		expect(Object.keys(input)).toEqual(['__proto__', 'type']);
		// A File prototype made `input.name` a getter that throws on anything but a File.
		expect(() => createCommuneSchema.safeParse(input)).not.toThrow();
		expect(input.name).toBeUndefined();
		expect('toString' in input).toBe(false);
	});

	it('refills refused fields with their text only: a file in action data cannot be serialized', () => {
		const input = formInput(form([['name', 'Anne'], ['notes', new File(['x'], 'x.txt')], ['tags', 'a'], ['tags', new File([''], 'y')], ['tags', 'b']]));
		const values = refill(input, ['name', 'notes', 'tags', 'absent']);
		expect(values).toEqual({ name: 'Anne', tags: ['a', 'b'] });
		expect(() => stringify(values)).not.toThrow();
	});

	it('answers "not found" for a kind or a document named like a property of every object', () => {
		for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
			expect(findRecordKind(name)).toBeUndefined();
			expect(() => recordKind(name)).toThrow(DomainError);
			expect(() => documentTemplate(name)).toThrow(DomainError);
		}
		expect(findRecordKind('activity')).toBe(RECORD_KINDS.activity);
		expect(findRecordKind(42)).toBeUndefined();
	});

	it('words zod’s own messages in French (a schema without a message of its own)', () => {
		let err: unknown;
		try {
			validate(z.object({ hidden: z.string(), ids: z.array(z.string().uuid()) }), { ids: ['x'] });
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(DomainError);
		const messages = Object.values((err as DomainError).fieldErrors).join(' | ');
		expect(messages).not.toMatch(/\b(invalid|expected|received)\b/i);
		expect(messages).toMatch(/invalide/);
	});
});

describe('the database from the environment', () => {
	it('opens a throw-away embedded database for DATA_DIR=memory://, never a folder named "memory:"', () => {
		expect(optionsFromEnv({ DATA_DIR: 'memory://' })).toEqual({ dataDir: 'memory://' });
		expect(optionsFromEnv({ DATA_DIR: 'data' })).toEqual({ dataDir: resolve('data', 'pglite') });
		expect(optionsFromEnv({})).toEqual({ dataDir: resolve('data', 'pglite') });
		expect(optionsFromEnv({ DATABASE_URL: 'postgres://x@h/db', DATA_DIR: 'memory://' })).toEqual({ url: 'postgres://x@h/db' });
	});
});
