// The compliance dossier on the demo commune (Glanon): versions by fingerprint, a deterministic
// PDF, and what an auditor's tools see in it (poppler-utils and qpdf, installed on the machines).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierRow } from '../../src/lib/server/db/schema';
import { generateDossier, getDossier, listDossiers, writeDossier } from '../../src/lib/server/domain/dossiers';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { listRecords } from '../../src/lib/server/domain/records';
import { buildDossier, sectionTitles } from '../../src/lib/server/dossier/model';
import { buildSnapshot, fingerprint, type Snapshot } from '../../src/lib/server/dossier/snapshot';
import { frenchTypography } from '../../src/lib/server/pdf/base';
import { seedDemo } from '../../src/lib/server/seed/demo';
import type { Access } from '../../src/lib/server/tenancy';
import { submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** Whitespace runs (line breaks, layout padding, non-breaking spaces) as one space. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Each needle found after the previous one; returns their positions. */
function expectInOrder(text: string, needles: string[], from = 0): number[] {
	const positions: number[] = [];
	let at = from;
	for (const needle of needles) {
		const i = text.indexOf(needle, at);
		expect(i, `« ${needle} » after position ${at}`).toBeGreaterThanOrEqual(0);
		positions.push(i);
		at = i + needle.length;
	}
	return positions;
}

/** Renders a stored version into memory; returns the bytes and the page count. */
async function render(db: Parameters<typeof writeDossier>[0], row: DossierRow): Promise<{ bytes: Buffer; pages: number }> {
	const chunks: Buffer[] = [];
	const out = new Writable({
		write(chunk: Buffer, _enc, cb) {
			chunks.push(chunk);
			cb();
		}
	});
	const pages = await writeDossier(db, row, out);
	return { bytes: Buffer.concat(chunks), pages };
}

function modelOf(row: DossierRow) {
	return buildDossier(row.snapshot as unknown as Snapshot, { version: row.version, generatedAt: row.generatedAt, generatedByName: row.generatedByName, fingerprint: row.fingerprint });
}

interface PdfTools {
	file: string;
	/** pdftotext -layout, one entry per page. */
	pages: string[];
	layout: string;
	/** pdftotext -raw: the content-stream order (table cells whole). */
	raw: string;
	/** pdfinfo -struct-text: the tagged structure with its text (keeps U+00A0 and U+202F). */
	structure: string;
	info: string;
}

function inspect(file: string): PdfTools {
	const layout = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
	const pages = layout.split('\f');
	if (pages[pages.length - 1] === '') pages.pop();
	return {
		file,
		pages,
		layout,
		raw: run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']),
		structure: run('pdfinfo', ['-struct-text', file]),
		info: run('pdfinfo', [file])
	};
}

/** Pages whose footer (last lines) carries the fingerprint. */
function pagesWithFingerprintFooter(pages: string[], fp: string): number {
	return pages.filter((p) => {
		const lines = p.split('\n').filter((l) => l.trim());
		return lines.slice(-3).some((l) => l.includes(fp)) && lines.slice(-3).some((l) => /page \d+ \/ \d+/.test(l));
	}).length;
}

function expectValidPdf(t: PdfTools, pages: number) {
	expect(t.info).toMatch(/^Tagged:\s+yes$/m);
	expect(t.info).toMatch(/^PDF version:\s+1\.7$/m);
	expect(t.info).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
	expect(t.pages).toHaveLength(pages);
	const fonts = run('pdffonts', [t.file]).split('\n');
	const sep = fonts.findIndex((l) => l.startsWith('---'));
	const rows = fonts.slice(sep + 1).filter((l) => l.trim());
	expect(rows.length).toBeGreaterThanOrEqual(2);
	for (const row of rows) {
		// name, type (may hold spaces), encoding, then emb sub uni and the object id (two numbers).
		const cols = row.trim().split(/\s+/);
		expect(cols[cols.length - 5], `font embedded: ${row}`).toBe('yes');
	}
	// execFileSync throws when qpdf exits non-zero (2 = errors, 3 = warnings).
	const check = run('qpdf', ['--check', t.file]);
	expect(check).toContain('No syntax or stream encoding errors');
}

describe.each(engines())('compliance dossier on the $name database', (engine) => {
	const db = useDatabase(engine);
	let glanon: Access;
	let dir: string;

	beforeAll(async () => {
		const { accounts, communeIds } = await seedDemo(db());
		glanon = await accessOf(db(), accounts.get('secretaire')!, communeIds['21301']!);
		dir = mkdtempSync(join(tmpdir(), 'dossier-test-'));
	}, 240_000);

	afterAll(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('keeps the same version while the data do not change', async () => {
		const first = await generateDossier(db(), glanon);
		expect(first.created).toBe(true);
		expect(first.version).toBe(1);
		expect(first.fingerprint).toBe(fingerprint(await buildSnapshot(db(), glanon.commune.id)));
		// The dossier's own audit entry is not a change of the data.
		const again = await generateDossier(db(), glanon);
		expect(again).toEqual({ version: first.version, created: false, fingerprint: first.fingerprint });
		const list = await listDossiers(db(), glanon.commune.id);
		expect(list.map((d) => d.version)).toEqual([1]);
		expect(list[0]!.changes.records.activity?.added).toBe(7);
	});

	it('makes a new version when the data change, and lists what changed', async () => {
		const before = await generateDossier(db(), glanon);
		const colis = (await listRecords(db(), glanon.commune.id, 'activity')).find((f) => f.origin.catalogue === 'colis-aines')!;
		await saveRecord(db(), glanon, 'activity', colis.id, submission({ retention: 'Un an après la distribution du colis' }, { _version: String(colis.version) }));
		await saveRecord(db(), glanon, 'support', null, submission({ category: 'papier', name: 'Cahier des colis', location: 'Bureau du maire', users: 'Le maire' }));
		const after = await generateDossier(db(), glanon);
		expect(after.created).toBe(true);
		expect(after.version).toBe(before.version + 1);
		expect(after.fingerprint).not.toBe(before.fingerprint);
		expect(await generateDossier(db(), glanon)).toMatchObject({ version: after.version, created: false });
		const list = await listDossiers(db(), glanon.commune.id);
		expect(list.map((d) => d.version)).toEqual([after.version, before.version]);
		expect(list[0]).toMatchObject({ fingerprint: after.fingerprint, generatedByName: 'Sophie Martin' });
		expect(list[0]!.changes).toEqual({
			records: { activity: { added: 0, changed: 1, removed: 0 }, support: { added: 1, changed: 0, removed: 0 } },
			steps: { changed: 0 },
			documents: { added: 0 },
			identity: false
		});
	});

	describe('the PDF of Glanon', () => {
		let row: DossierRow;
		let pages: number;
		let t: PdfTools;

		beforeAll(async () => {
			const latest = await generateDossier(db(), glanon);
			row = await getDossier(db(), glanon.commune.id, latest.version);
			const out = await render(db(), row);
			pages = out.pages;
			const file = join(dir, 'glanon.pdf');
			writeFileSync(file, out.bytes);
			t = inspect(file);
		}, 120_000);

		it('is the same bytes every time it is written, and records its page count', async () => {
			const again = await render(db(), await getDossier(db(), glanon.commune.id, row.version));
			expect(again.pages).toBe(pages);
			expect(again.bytes.equals(readFileSync(t.file))).toBe(true);
			expect((await getDossier(db(), glanon.commune.id, row.version)).pageCount).toBe(pages);
			expect(pages).toBeGreaterThan(10);
		}, 120_000);

		it('is a valid, tagged PDF 1.7 with every font embedded', () => {
			expectValidPdf(t, pages);
		}, 60_000);

		it('has every section, in order, each on a new page and tagged as a heading', () => {
			const titles = sectionTitles(modelOf(row));
			expect(titles[0]).toBe('Synthèse');
			expect(titles).toContain('Le registre des activités de traitement');
			expect(titles[titles.length - 1]).toBe('Signatures');
			expect(norm(t.pages[1]!)).toMatch(/^Sommaire /);
			const starts = titles.map((title) => t.pages.findIndex((p, i) => i >= 2 && norm(p).startsWith(frenchTypography(title).replace(/\s/g, ' '))));
			for (const [i, title] of titles.entries()) expect(starts[i], title).toBeGreaterThanOrEqual(2);
			expect([...starts].sort((a, b) => a - b)).toEqual(starts);
			expect(new Set(starts).size).toBe(starts.length);
			// After the table of contents, in the running text too.
			expectInOrder(norm(t.pages.slice(2).join('\n')), titles);
			// The table of contents gives the page each section starts on (learnt by the first pass).
			const toc = t.pages[1]!.split('\n').map((l) => l.trim());
			for (const [i, title] of titles.entries()) {
				const line = toc.find((l) => l.startsWith(frenchTypography(title).replace(/\s/g, ' ')) && /\s\d+$/.test(l));
				expect(line, `sommaire : ${title}`).toBeDefined();
				expect(Number(line!.match(/(\d+)$/)![1]), `page de ${title}`).toBe(starts[i]! + 1);
			}
			// The structure tree: the cover title, the table of contents, then one H1 per section.
			const h1 = [...t.structure.matchAll(/^\s*H1\b[^\n]*\n\s*"([^"]*)"/gm)].map((m) => norm(m[1]!));
			expect(h1).toEqual(['Dossier de conformité au RGPD', 'Sommaire', ...titles.map((x) => norm(frenchTypography(x)))]);
		});

		it('lists every activity of the register, in order', () => {
			const snapshot = row.snapshot as unknown as Snapshot;
			const names = snapshot.records.filter((r) => r.kind === 'activity').map((r) => norm(frenchTypography(String(r.data.name))));
			expect(names).toHaveLength(7);
			expect(names).toContain('État civil');
			const text = norm(t.layout);
			const register = text.indexOf('Le registre des activités de traitement Fiche de l’organisme');
			const next = text.indexOf('La cartographie des supports Supports contenant');
			expect(register).toBeGreaterThan(0);
			expect(next).toBeGreaterThan(register);
			// Each fiche: its heading, then the caption of its first table.
			const found = expectInOrder(text, names.map((n) => `${n} ${n} — responsable (art. 30.1.a)`), register);
			expect(found[found.length - 1]).toBeLessThan(next);
		});

		it('shows the red flags first, each with what it measured and its section, with the late rights request', () => {
			const raw = norm(t.raw);
			// Each cell whole, in the table's order: the point, its state, what was measured, the section.
			expectInOrder(raw, [
				'Synthèse',
				'Points d’attention',
				'Points qu’un contrôleur regarde en premier',
				'Demandes d’exercice des droits en retard',
				'À traiter (1)',
				'1 demande sur',
				'Paul Lemoine',
				'« Les demandes d’exercice des droits »',
				'Avancement des recettes'
			]);
			// The rows link to their section: one named destination per section.
			const dests = run('pdfinfo', ['-dests', t.file]);
			const h1 = modelOf(row).blocks.flatMap((b) => (b.t === 'h1' ? [b] : []));
			for (const b of h1) expect(dests, b.text).toMatch(new RegExp(`"${b.id}"`));
			const layout = norm(t.layout);
			// And in the register of requests.
			expectInOrder(layout, ['Les demandes d’exercice des droits', 'Registre des demandes', 'Paul Lemoine', 'En retard']);
			// The controller is the commune, represented by its mayor.
			expect(raw).toContain('commune de Glanon, représentée par Jean Bernard, maire');
		});

		it('keeps the accents and the French typography', () => {
			for (const c of ['é', 'è', 'ê', 'à', 'ç', 'É', '’', '«', '»', '—', '•']) expect(t.layout, c).toContain(c);
			expect(t.layout).toMatch(/[œ’]/);
			expect(t.layout).not.toMatch(/\p{L}'\p{L}/u);
			expect(t.layout).not.toContain('\ufffd');
			// pdftotext prints non-breaking spaces as spaces; the structure text keeps them.
			expect(norm(t.layout)).toContain('Obligations couvertes : ');
			expect(t.structure).toContain('\u00a0:');
			expect(t.structure).toMatch(/«\u00a0Super Chef RGPD\u00a0»/);
			expect(t.structure).toContain('\u202f;');
		});

		it('carries the fingerprint in the footer of every page', () => {
			expect(pagesWithFingerprintFooter(t.pages, row.fingerprint)).toBe(pages);
			const footers = [...t.layout.matchAll(new RegExp(`dossier v${row.version} — empreinte[^\\n]*\\n\\s*${row.fingerprint}`, 'g'))];
			expect(footers).toHaveLength(pages);
			t.pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain(`page ${i + 1} / ${pages}`));
			// The cover and the signatures state it too.
			expect(norm(t.raw)).toContain(`(${row.fingerprint})`);
		});
	});

	it('makes a valid dossier for a commune with no data at all', async () => {
		const dpd = await makeUser(db(), { name: 'Nadia Vide' });
		const commune = await makeCommune(db(), dpd, '21055'); // Beaunotte, 16 inhabitants
		const access = await accessOf(db(), dpd, commune.id);
		const generated = await generateDossier(db(), access);
		expect(generated).toMatchObject({ version: 1, created: true });
		const row = await getDossier(db(), commune.id, 1);
		const snapshot = row.snapshot as unknown as Snapshot;
		expect(snapshot.records).toEqual([]);
		expect(snapshot.steps).toEqual({});
		const out = await render(db(), row);
		const file = join(dir, 'vide.pdf');
		writeFileSync(file, out.bytes);
		const t = inspect(file);
		expectValidPdf(t, out.pages);
		const text = norm(t.layout);
		expect(text).toContain('Commune de Beaunotte');
		expect(text).toContain('non renseigné');
		expect(text).toContain('Activités au registre : 0');
		// Every empty register says so.
		const empty = text.split('Aucun élément enregistré.').length - 1;
		expect(empty).toBeGreaterThanOrEqual(7);
		for (const caption of ['Liste des activités', 'Supports contenant des données personnelles', 'Registre des demandes', 'Registre des violations', 'Actions du plan']) {
			expect(text, caption).toMatch(new RegExp(`${caption} .{0,120}?Aucun élément enregistré\\.`));
		}
		expectInOrder(norm(t.pages.slice(2).join('\n')), sectionTitles(modelOf(row)));
		expect(pagesWithFingerprintFooter(t.pages, row.fingerprint)).toBe(out.pages);
	}, 120_000);
});
