// Reads the sheets of an .xlsx in a worker thread, started by `xlsx-worker.ts` with this text as
// an `eval` script (so that it runs the same under `vite dev`, vitest and the built server: the
// text is inlined by Vite's `?raw`, no file has to be found next to the build). CommonJS on purpose:
// an eval script may `require`, and exceljs is CommonJS.
//
// The zip's central directory was checked on the request thread (`zip-guard.ts`); here:
// 1. only the parts a register needs are unpacked (workbook, its relations, styles, shared
//    strings, worksheets), each stopped at its declared size: a zip that lies about its sizes is
//    refused after at most that many bytes, never unpacked to the end;
// 2. they are put back in a plain (stored) zip, ordered so that exceljs's streaming reader meets
//    the shared strings before the sheets (it would otherwise copy the sheets to temporary files);
// 3. each sheet is read row by row with `WorkbookReader` and left at `maxRows` rows and
//    `maxColumns` columns: the rest of the sheet is never turned into cells.
// The parent thread bounds this worker's memory (`resourceLimits`) and time (`terminate`).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Readable } = require('node:stream');

const WANTED = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|styles\.xml|sharedStrings\.xml|worksheets\/sheet\d+\.xml)$/;
const EMPTY_SST = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>');

class Refusal extends Error {
	/** @param {'lying' | 'damaged'} code */
	constructor(code) {
		super(code);
		this.code = code;
	}
}

/**
 * @param {Uint8Array} bytes
 * @param {{ name: string, method: number, dataOffset: number, compressedSize: number, uncompressedSize: number }[]} entries
 */
function unpack(bytes, entries) {
	/** @type {{ name: string, data: Buffer }[]} */
	const files = [];
	for (const e of entries) {
		if (!WANTED.test(e.name)) continue;
		const raw = Buffer.from(bytes.buffer, bytes.byteOffset + e.dataOffset, e.compressedSize);
		let data;
		if (e.method === 0) data = raw;
		else {
			try {
				// Stops as soon as the output passes the declared size.
				data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(e.uncompressedSize, 1) });
			} catch (err) {
				throw new Refusal(/** @type {{ code?: string }} */ (err).code === 'ERR_BUFFER_TOO_LARGE' ? 'lying' : 'damaged');
			}
		}
		if (data.length !== e.uncompressedSize) throw new Refusal('lying');
		files.push({ name: e.name, data });
	}
	const has = (/** @type {string} */ name) => files.some((f) => f.name === name);
	if (!has('xl/workbook.xml') || !has('xl/_rels/workbook.xml.rels')) throw new Refusal('damaged');
	if (!has('xl/sharedStrings.xml')) files.push({ name: 'xl/sharedStrings.xml', data: EMPTY_SST });
	const rank = (/** @type {string} */ name) => (name.startsWith('xl/worksheets/') ? 1 : 0);
	files.sort((a, b) => rank(a.name) - rank(b.name));
	return files;
}

/** A zip of stored (uncompressed) entries, as a list of buffers. @param {{ name: string, data: Buffer }[]} files */
function storedZip(files) {
	/** @type {Buffer[]} */
	const parts = [];
	/** @type {Buffer[]} */
	const central = [];
	let offset = 0;
	for (const f of files) {
		const name = Buffer.from(f.name, 'utf8');
		const crc = zlib.crc32(f.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(f.data.length, 18);
		local.writeUInt32LE(f.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const cd = Buffer.alloc(46);
		cd.writeUInt32LE(0x02014b50, 0);
		cd.writeUInt16LE(20, 4);
		cd.writeUInt16LE(20, 6);
		cd.writeUInt16LE(0x0800, 8);
		cd.writeUInt32LE(crc, 16);
		cd.writeUInt32LE(f.data.length, 20);
		cd.writeUInt32LE(f.data.length, 24);
		cd.writeUInt16LE(name.length, 28);
		cd.writeUInt32LE(offset, 42);
		parts.push(local, name);
		// In 64 KB pieces: exceljs parses each piece it receives at once, keeping all of its events.
		for (let at = 0; at < f.data.length; at += 65536) parts.push(f.data.subarray(at, at + 65536));
		central.push(cd, name);
		offset += 30 + name.length + f.data.length;
	}
	const size = central.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(size, 12);
	end.writeUInt32LE(offset, 16);
	return [...parts, ...central, end];
}

async function main() {
	const { bytes, entries, maxRows, maxColumns, workbookReader } = workerData;
	const parts = storedZip(unpack(bytes, entries));
	const WorkbookReader = require(workbookReader);
	const reader = new WorkbookReader(Readable.from(parts), {
		worksheets: 'emit',
		sharedStrings: 'cache',
		styles: 'cache', // date formats: a date cell is read as a date
		hyperlinks: 'ignore',
		entries: 'ignore'
	});
	const sheets = [];
	for await (const ws of reader) {
		/** @type {unknown[][]} */
		const rows = [];
		for await (const row of ws) {
			const number = Number.isInteger(row.number) && row.number > 0 ? row.number : rows.length + 1;
			if (number > maxRows) break;
			while (rows.length < number - 1) rows.push([]);
			const cells = [];
			for (let c = 1; c <= Math.min(row.cellCount, maxColumns); c++) {
				const cell = row.findCell(c);
				cells.push(cell ? (cell.value ?? null) : null);
			}
			rows[number - 1] = cells;
		}
		sheets.push({ name: String(ws.name), rows });
	}
	return sheets;
}

if (parentPort && workerData) {
	main().then(
		(sheets) => parentPort?.postMessage({ ok: true, sheets }),
		(err) => parentPort?.postMessage({ ok: false, code: err instanceof Refusal ? err.code : 'damaged' })
	);
} else {
	// Required outside a worker (tests): the unpacking step alone.
	module.exports = { unpack, Refusal };
}
