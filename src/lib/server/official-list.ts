// The official list of French communes and EPCI (@etalab/decoupage-administratif, from INSEE's
// Code officiel géographique), so that nobody types an INSEE code or a SIREN by hand.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface OfficialBody {
	kind: 'commune' | 'epci';
	/** INSEE code for a commune, SIREN for an EPCI. */
	code: string;
	name: string;
	siren: string | null;
	departement: string | null;
	departementName: string | null;
	postalCodes: string[];
	population: number | null;
}

interface RawCommune {
	code: string;
	nom: string;
	type: string;
	departement?: string;
	siren?: string;
	codesPostaux?: string[];
	population?: number;
}
interface RawEpci {
	code: string;
	nom: string;
	populationTotale?: number;
	membres?: { code: string }[];
}

let cache: { communes: OfficialBody[]; epci: OfficialBody[]; byCode: Map<string, OfficialBody> } | undefined;

function dataDir(): string {
	const require = createRequire(import.meta.url);
	return join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
}

function load() {
	if (cache) return cache;
	const dir = dataDir();
	const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
	const deps = new Map(read<{ code: string; nom: string }[]>('departements.json').map((d) => [d.code, d.nom]));
	const communes: OfficialBody[] = read<RawCommune[]>('communes.json')
		.filter((c) => c.type === 'commune-actuelle')
		.map((c) => ({
			kind: 'commune' as const,
			code: c.code,
			name: c.nom,
			siren: c.siren ?? null,
			departement: c.departement ?? null,
			departementName: c.departement ? (deps.get(c.departement) ?? null) : null,
			postalCodes: c.codesPostaux ?? [],
			population: c.population ?? null
		}));
	const depOfCommune = new Map(communes.map((c) => [c.code, c.departement]));
	const epci: OfficialBody[] = read<RawEpci[]>('epci.json').map((e) => {
		const dep = e.membres?.[0] ? (depOfCommune.get(e.membres[0].code) ?? null) : null;
		return {
			kind: 'epci' as const,
			code: e.code,
			name: e.nom,
			siren: e.code,
			departement: dep,
			departementName: dep ? (deps.get(dep) ?? null) : null,
			postalCodes: [],
			population: e.populationTotale ?? null
		};
	});
	const byCode = new Map<string, OfficialBody>();
	for (const b of [...communes, ...epci]) byCode.set(`${b.kind}:${b.code}`, b);
	cache = { communes, epci, byCode };
	return cache;
}

/** Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Étienne" → "saint etienne". */
export function normalize(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/\bst\b/g, 'saint')
		.replace(/\bste\b/g, 'sainte')
		.replace(/[-'’\s]+/g, ' ')
		.trim();
}

/** Search by name (accents and hyphens optional), postcode or INSEE code; best matches first. */
export function searchOfficial(query: string, kind: 'commune' | 'epci' = 'commune', limit = 20): OfficialBody[] {
	const q = normalize(query).slice(0, 100);
	if (q.length < 2) return [];
	const list = kind === 'epci' ? load().epci : load().communes;
	if (/^\d[\dab]{1,4}$/.test(q)) {
		return list
			.filter((b) => b.postalCodes.some((p) => p.startsWith(q)) || b.code.toLowerCase().startsWith(q))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
			.slice(0, limit);
	}
	const scored: { b: OfficialBody; score: number }[] = [];
	for (const b of list) {
		const n = normalize(b.name);
		const i = n.indexOf(q);
		if (i < 0) continue;
		scored.push({ b, score: (n === q ? 0 : i === 0 ? 1 : 2) * 1e7 - (b.population ?? 0) });
	}
	return scored
		.sort((x, y) => x.score - y.score)
		.slice(0, limit)
		.map((s) => s.b);
}

export function findOfficial(kind: 'commune' | 'epci', code: string): OfficialBody | null {
	return load().byCode.get(`${kind}:${code}`) ?? null;
}

/** The whole official list of one kind (communes or EPCI), in the file's order. */
export function officialBodies(kind: 'commune' | 'epci'): readonly OfficialBody[] {
	return kind === 'epci' ? load().epci : load().communes;
}
