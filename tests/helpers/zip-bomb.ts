// Hostile .xlsx files made on the spot with node:zlib (for the zip bomb test and
// `npm run bench:zipbomb`): a sheet of hundreds of megabytes of repeated cells deflated to a few
// hundred kilobytes, declaring its true size or lying about it, and plain zips of many entries.
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipPart {
	name: string;
	/** The bytes as stored in the zip (deflated when `method` is 8). */
	stored: Buffer;
	method: 0 | 8;
	crc: number;
	/** The real unpacked size. */
	size: number;
	/** The size the zip announces, when it lies. */
	declaredSize?: number;
}

export function deflatedPart(name: string, text: string | Buffer): ZipPart {
	const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
	return { name, stored: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length };
}

/** `head`, then `chunk` `times` times, then `tail`, deflated as a stream (never whole in memory). */
export async function repeatedPart(name: string, head: string, chunk: string, times: number, tail: string): Promise<ZipPart> {
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (b: Buffer) => out.push(b));
	const done = new Promise<void>((resolve, reject) => {
		deflate.on('end', resolve);
		deflate.on('error', reject);
	});
	const c = Buffer.from(chunk, 'utf8');
	let crc = crc32(head);
	let size = Buffer.byteLength(head);
	deflate.write(head);
	for (let i = 0; i < times; i++) {
		crc = crc32(c, crc);
		size += c.length;
		if (!deflate.write(c)) await new Promise((r) => deflate.once('drain', r));
	}
	crc = crc32(tail, crc);
	size += Buffer.byteLength(tail);
	deflate.end(tail);
	await done;
	return { name, stored: Buffer.concat(out), method: 8, crc, size };
}

/** A zip of these parts (local headers, data, central directory), sizes as declared. */
export function zip(parts: ZipPart[]): Buffer {
	const chunks: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const p of parts) {
		const name = Buffer.from(p.name, 'utf8');
		const declared = p.declaredSize ?? p.size;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(p.method, 8);
		local.writeUInt32LE(p.crc, 14);
		local.writeUInt32LE(p.stored.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		const cd = Buffer.alloc(46);
		cd.writeUInt32LE(0x02014b50, 0);
		cd.writeUInt16LE(20, 4);
		cd.writeUInt16LE(20, 6);
		cd.writeUInt16LE(p.method, 10);
		cd.writeUInt32LE(p.crc, 16);
		cd.writeUInt32LE(p.stored.length, 20);
		cd.writeUInt32LE(declared, 24);
		cd.writeUInt16LE(name.length, 28);
		cd.writeUInt32LE(offset, 42);
		chunks.push(local, name, p.stored);
		central.push(cd, name);
		offset += 30 + name.length + p.stored.length;
	}
	const cdSize = central.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(cdSize, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...chunks, ...central, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around its sheet. */
export function workbookParts(sheet: ZipPart): ZipPart[] {
	return [
		deflatedPart(
			'[Content_Types].xml',
			`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
		),
		deflatedPart(
			'_rels/.rels',
			`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		deflatedPart('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Registre" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		deflatedPart(
			'xl/_rels/workbook.xml.rels',
			`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
		),
		sheet
	];
}

/**
 * The bomb of the issue: an .xlsx whose one sheet is `unpackedMb` megabytes of the same rows of
 * cells, deflated (230 MB gives a file of about 230 KB). `lie`: the zip declares 10 KB for it.
 */
export async function xlsxBomb(unpackedMb: number, options: { lie?: boolean } = {}): Promise<Buffer> {
	const cell = '<c t="inlineStr"><is><t>Bombe</t></is></c>';
	const row = `<row>${cell.repeat(40)}</row>`;
	const chunk = row.repeat(Math.ceil(65536 / row.length));
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom du traitement</t></is></c></row>`;
	const sheet = await repeatedPart('xl/worksheets/sheet1.xml', head, chunk, Math.ceil((unpackedMb * 1024 * 1024) / chunk.length), '</sheetData></worksheet>');
	if (options.lie) sheet.declaredSize = 10 * 1024;
	return zip(workbookParts(sheet));
}
