// The architecture rule against import cycles: no module of src/lib imports, directly or through
// others, a module that imports it back; the domain never reaches the seeds; the access gate
// (src/lib/server/tenancy.ts) depends on nothing that depends on it. Read from the source: every
// `import … from` and `export … from` of a .ts file, resolved (relative paths and $lib); an
// `import type` is erased at compile time and does not count, a mixed one (`import { a, type B }`)
// does. A test over a made-up graph shows the detector finds a cycle when there is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = resolve('src/lib');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
	});
}

function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(LIB, spec.slice('$lib/'.length));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null; // a package
	for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

/** The runtime imports of a module's source (type-only imports left out). */
export function importsOf(source: string): string[] {
	const out: string[] = [];
	for (const m of source.matchAll(/^[ \t]*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gms)) {
		if (!m[1]) out.push(m[3]!);
	}
	for (const m of source.matchAll(/^[ \t]*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
	return out;
}

/** Module → the modules of src/lib it imports. */
function importGraph(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of sourceFiles(LIB)) {
		const deps = importsOf(readFileSync(file, 'utf8'))
			.map((spec) => resolveImport(file, spec))
			.filter((p): p is string => p !== null);
		graph.set(relative(LIB, file), [...new Set(deps.map((d) => relative(LIB, d)))]);
	}
	return graph;
}

/** Every cycle's modules (strongly connected components of more than one module, or a self-import). */
export function cycles(graph: Map<string, string[]>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (v: string) => {
		index.set(v, counter);
		low.set(v, counter);
		counter++;
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!graph.has(w)) continue;
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return found;
}

/** Everything a module reaches through its imports. */
function reach(graph: Map<string, string[]>, from: string): Set<string> {
	const seen = new Set<string>();
	const todo = [...(graph.get(from) ?? [])];
	while (todo.length) {
		const next = todo.pop()!;
		if (seen.has(next)) continue;
		seen.add(next);
		todo.push(...(graph.get(next) ?? []));
	}
	return seen;
}

describe('the import graph of src/lib', () => {
	const graph = importGraph();

	it('reads the real graph (sanity: the gate and the domain are in it, with their imports)', () => {
		expect(graph.get('server/tenancy.ts')).toContain('server/db/schema.ts');
		expect(graph.get('server/domain/record-writes.ts')).toContain('server/rights.ts');
		expect(graph.size).toBeGreaterThan(80);
	});

	it('has no import cycle, in src/lib/server or anywhere in src/lib', () => {
		expect(cycles(graph)).toEqual([]);
	});

	it('never lets the domain reach the seeds', () => {
		for (const [file] of graph) {
			if (!file.startsWith('server/domain/')) continue;
			const seeds = [...reach(graph, file)].filter((f) => f.startsWith('server/seed/'));
			expect(seeds, `${file} reaches the seeds`).toEqual([]);
		}
	});

	it('keeps the access gate free of anything that depends on it', () => {
		const gate = 'server/tenancy.ts';
		for (const dep of reach(graph, gate)) expect(reach(graph, dep).has(gate), `${gate} → ${dep} → ${gate}`).toBe(false);
	});
});

describe('the cycle detector', () => {
	it('finds the cycles of a made-up graph, the one the issue named among them', () => {
		const made = new Map<string, string[]>([
			['server/tenancy.ts', ['server/domain/training.ts']],
			['server/domain/training.ts', ['server/progress-cache.ts']],
			['server/progress-cache.ts', ['server/domain/recipes.ts']],
			['server/domain/recipes.ts', ['server/domain/records.ts']],
			['server/domain/records.ts', ['server/tenancy.ts', 'server/db.ts']],
			['server/db.ts', []],
			['a.ts', ['a.ts']]
		]);
		expect(cycles(made)).toEqual([
			['server/domain/recipes.ts', 'server/domain/records.ts', 'server/domain/training.ts', 'server/progress-cache.ts', 'server/tenancy.ts'],
			['a.ts']
		]);
	});

	it('counts a mixed import, not a type-only one', () => {
		expect(importsOf("import type { Access } from '../tenancy';\nimport { x, type Y } from './y';\nexport { z } from './z';\nimport './side';")).toEqual(['./y', './z', './side']);
		expect(importsOf("import {\n\ta,\n\tb\n} from '$lib/french';")).toEqual(['$lib/french']);
	});
});
