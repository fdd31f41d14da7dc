// A hostile .xlsx is a zip bomb: a few hundred kilobytes that unpack to gigabytes. Before anything
// is unpacked, the zip's central directory (its table of contents, at the end of the file) says
// each entry's compressed and uncompressed size: refuse the file there when the total is too large,
// when one entry is packed suspiciously tight, or when there are too many entries. The sizes are
// only declared: whoever unpacks an entry afterwards must stop at its declared size
// (`inflateRawSync(…, { maxOutputLength })` in the worker), so that lying sizes do not help.
// The limits follow Apache POI's ZipSecureFile (ratio 1:100 checked past a small grace size).
import { DomainError } from '../domain/errors';

/** Every entry together, unpacked. */
export const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;
/** Uncompressed / compressed, for entries larger than RATIO_GRACE_BYTES. */
export const MAX_RATIO = 100;
export const RATIO_GRACE_BYTES = 100 * 1024;
export const MAX_ENTRIES = 500;

export interface ZipEntry {
	name: string;
	/** 0: stored, 8: deflated. */
	method: number;
	/** Where the entry's data starts in the file (after its local header). */
	dataOffset: number;
	compressedSize: number;
	uncompressedSize: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function refuse(message: string): never {
	throw new DomainError(message, { file: message });
}

const DAMAGED = 'Ce fichier Excel est illisible (abîmé, protégé par un mot de passe, ou d’un autre format).';

export const TOO_BIG = `Ce fichier Excel se décompresse en plus de ${MAX_UNZIPPED_BYTES / 1024 / 1024} Mo : il est trop volumineux pour être lu. Enregistrez seulement la feuille du registre, ou déposez-la au format CSV.`;
export const TOO_DENSE = 'Ce fichier Excel est anormalement compressé (une partie se décompresse plus de 100 fois) : il n’est pas lu, par sécurité. Enregistrez-le à nouveau depuis votre tableur, ou déposez-le au format CSV.';
export const TOO_MANY = `Ce fichier Excel contient plus de ${MAX_ENTRIES} parties : il n’est pas lu, par sécurité. Enregistrez seulement la feuille du registre, ou déposez-la au format CSV.`;

/**
 * The entries of a zip, read from its central directory only (nothing is unpacked), checked against
 * the limits. Throws a DomainError (French message on the « file » field) when the file is refused.
 */
export function checkZip(bytes: Uint8Array, limits = { maxBytes: MAX_UNZIPPED_BYTES, maxRatio: MAX_RATIO, maxEntries: MAX_ENTRIES }): ZipEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);
	// The end-of-central-directory record: 22 bytes, then a comment of at most 65,535 bytes.
	let eocd = -1;
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
		if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.length) {
			eocd = at;
			break;
		}
	}
	if (eocd < 0) refuse(DAMAGED);
	const count = u16(eocd + 10);
	const cdSize = u32(eocd + 12);
	const cdOffset = u32(eocd + 16);
	// Several disks, or ZIP64 (sizes or counts that do not fit): never a register.
	if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) refuse(DAMAGED);
	if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) refuse(TOO_BIG);
	if (count > limits.maxEntries) refuse(TOO_MANY);
	if (cdOffset + cdSize > eocd) refuse(DAMAGED);
	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	let total = 0;
	let at = cdOffset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > cdOffset + cdSize || u32(at) !== CENTRAL) refuse(DAMAGED);
		const flags = u16(at + 8);
		const method = u16(at + 10);
		const compressedSize = u32(at + 20);
		const uncompressedSize = u32(at + 24);
		const nameLength = u16(at + 28);
		const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
		const localOffset = u32(at + 42);
		if (next > cdOffset + cdSize) refuse(DAMAGED);
		const name = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at + 46, at + 46 + nameLength));
		at = next;
		// Encrypted, or a method other than stored and deflated.
		if (flags & 1 || (method !== 0 && method !== 8)) refuse(DAMAGED);
		if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) refuse(TOO_BIG);
		total += uncompressedSize;
		if (total > limits.maxBytes) refuse(TOO_BIG);
		if (uncompressedSize > RATIO_GRACE_BYTES && uncompressedSize > limits.maxRatio * Math.max(compressedSize, 1)) refuse(TOO_DENSE);
		if (method === 0 && compressedSize !== uncompressedSize) refuse(DAMAGED);
		if (names.has(name)) refuse(DAMAGED);
		names.add(name);
		// The local header repeats the name and may carry its own extra field: the data follows it.
		if (localOffset + 30 > cdOffset || u32(localOffset) !== LOCAL) refuse(DAMAGED);
		const dataOffset = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
		if (dataOffset + compressedSize > cdOffset) refuse(DAMAGED);
		entries.push({ name, method, dataOffset, compressedSize, uncompressedSize });
	}
	return entries;
}
