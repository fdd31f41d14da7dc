import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/server/domain/errors';
import { checkZip } from '../../src/lib/server/exports/zip-guard';

describe('the zip guard (central directory only)', () => {
	let xlsx: Uint8Array;
	beforeAll(async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('Registre').addRow(['Nom du traitement', 'Finalités']);
		xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
	});

	it('lists the parts of a real workbook, with where their data starts', () => {
		const entries = checkZip(xlsx);
		const workbook = entries.find((e) => e.name === 'xl/workbook.xml')!;
		expect(workbook).toBeTruthy();
		const raw = xlsx.subarray(workbook.dataOffset, workbook.dataOffset + workbook.compressedSize);
		const xml = (workbook.method === 8 ? inflateRawSync(raw) : Buffer.from(raw)).toString('utf8');
		expect(xml.length).toBe(workbook.uncompressedSize);
		expect(xml).toMatch(/^<\?xml/);
	});

	it('refuses what is not a zip, or a truncated one, with a French message on the file field', () => {
		for (const bytes of [new Uint8Array(0), new Uint8Array([0x50, 0x4b, 3, 4]), xlsx.subarray(0, xlsx.length - 30), xlsx.subarray(0, 1000)]) {
			let err: unknown;
			try {
				checkZip(bytes);
			} catch (e) {
				err = e;
			}
			expect(err).toBeInstanceOf(DomainError);
			expect((err as DomainError).fieldErrors.file).toMatch(/illisible/);
		}
	});

	it('never fails otherwise than with a French refusal, whatever bytes are changed', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), (flips, cut) => {
				const bytes = Uint8Array.from(xlsx);
				// Mostly in the central directory and its end record, where the guard reads.
				for (const [at, value] of flips) bytes[bytes.length - 1 - (at % Math.min(bytes.length, 600))] = value;
				const input = cut % 4 === 0 ? bytes.subarray(0, bytes.length - (cut % 50)) : bytes;
				try {
					const entries = checkZip(input);
					for (const e of entries) expect(e.dataOffset + e.compressedSize).toBeLessThanOrEqual(input.length);
				} catch (err) {
					expect(err).toBeInstanceOf(DomainError);
				}
			}),
			{ numRuns: 2000 }
		);
	});
});
