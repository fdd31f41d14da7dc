// Searching the commune starter catalogue: the same rule in the browser (live, as she types) and
// on the server (the GET form, without JavaScript). Case and accents are ignored; every word typed
// must appear in the activity's name, theme, description or DPIA hint.

/** Lower case, without accents, apostrophes and punctuation folded to spaces. */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

export interface Searchable {
	name: string;
	domain: string;
	description: string;
}

/** The words of a query (folded); an empty query matches everything. */
export function queryWords(query: string): string[] {
	return fold(query).split(' ').filter(Boolean);
}

export function matchesQuery(entry: Searchable, query: string): boolean {
	const words = queryWords(query);
	if (!words.length) return true;
	const haystack = ` ${fold(`${entry.name} ${entry.domain} ${entry.description}`)} `;
	return words.every((w) => haystack.includes(w));
}
