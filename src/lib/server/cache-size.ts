// What the per-process caches (register lines, progress) need to stay honest: an approximate size
// in bytes, to bound them, and a deep freeze, so that no caller can change a value others will get.

/** Approximate memory of a value: 2 bytes per character of strings, 8 per number, 16 per object or entry. */
export function approxBytes(value: unknown, seen = new Set<object>()): number {
	if (value === null || value === undefined) return 8;
	switch (typeof value) {
		case 'string':
			return 16 + value.length * 2;
		case 'number':
		case 'boolean':
		case 'bigint':
			return 8;
		case 'object':
			break;
		default:
			return 8;
	}
	const obj = value as object;
	if (seen.has(obj)) return 8;
	seen.add(obj);
	if (obj instanceof Date) return 24;
	let n = 32;
	if (obj instanceof Map) {
		for (const [k, v] of obj) n += 16 + approxBytes(k, seen) + approxBytes(v, seen);
		return n;
	}
	if (obj instanceof Set) {
		for (const v of obj) n += 16 + approxBytes(v, seen);
		return n;
	}
	if (Array.isArray(obj)) {
		for (const v of obj) n += 8 + approxBytes(v, seen);
		return n;
	}
	for (const [k, v] of Object.entries(obj)) n += 16 + k.length * 2 + approxBytes(v, seen);
	return n;
}

const refuse = () => {
	throw new TypeError('Valeur en cache : en lecture seule.');
};

const DATE_SETTERS = Object.getOwnPropertyNames(Date.prototype).filter((m) => m.startsWith('set'));

/**
 * Freezes a value and everything it holds. Maps and Sets (which `Object.freeze` does not stop) get
 * their writing methods replaced by one that throws; so do Dates' setters.
 */
export function deepFreeze<T>(value: T): T {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
	const obj = value as object;
	if (obj instanceof Map) {
		for (const [k, v] of obj) {
			deepFreeze(k);
			deepFreeze(v);
		}
		Object.defineProperties(obj, { set: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
	} else if (obj instanceof Set) {
		for (const v of obj) deepFreeze(v);
		Object.defineProperties(obj, { add: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
	} else if (obj instanceof Date) {
		for (const m of DATE_SETTERS) Object.defineProperty(obj, m, { value: refuse });
	} else {
		for (const v of Object.values(obj)) deepFreeze(v);
	}
	return Object.freeze(value);
}
