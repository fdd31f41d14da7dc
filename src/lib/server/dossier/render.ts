// Lays the dossier out with pdfkit, in two passes: the first (to a null sink) learns the page of
// every heading and the page count; the second streams the PDF with the table of contents, the
// outline and "page x / y" filled in. Tagged (headings, tables with header cells, lists, figures,
// artifacts), every font embedded, PDF/A-3 declared.
import { Writable } from 'node:stream';
import { createDoc, FONTS, frenchTypography, type PDFDoc } from '../pdf/base';
import type { Block, DossierModel } from './model';

type Struct = PDFKit.PDFStructureElement;

const INK = '#2b1d14';
const SOFT = '#5a4636';
const ACCENT = '#8a3b12';
const HEAD_BG = '#f3e6d6';

export interface Layout {
	/** Page (1-based) of each heading id. */
	pages: Map<string, number>;
	total: number;
	/** Measured row heights, reused by the second pass. */
	heights: Map<string, number>;
}

const nullSink = () =>
	new Writable({
		write(_chunk, _enc, cb) {
			cb();
		}
	});

/**
 * The text layouts (glyphs and advances of each word) pdfkit computes, kept per font file across
 * documents: each document otherwise shapes every word again with fontkit, and both passes lay out
 * the same text. A cached run only holds glyph ids, advances and code points of the same font file.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_WORDS = 50_000;

function shareLayoutCaches(doc: PDFDoc) {
	const fonts = doc as unknown as { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> };
	for (const [path, font] of Object.entries(fonts._fontFamilies)) {
		if (!font.layoutCache) continue;
		let cache = layoutCaches.get(path);
		const words = cache ? Object.keys(cache) : [];
		if (!cache || words.length > LAYOUT_CACHE_WORDS) layoutCaches.set(path, (cache = Object.create(null) as Record<string, unknown>));
		// A run's width is a getter that sums its glyphs at every call (for every word measured):
		// computed once here for the runs cached since the last pass (runs are never modified).
		else
			for (const word of words) {
				const run = cache[word] as { advanceWidth: number };
				if (!Object.hasOwn(run, 'advanceWidth')) Object.defineProperty(run, 'advanceWidth', { value: run.advanceWidth });
			}
		font.layoutCache = cache;
	}
}

/** French typography of a text, computed once per text and render (both passes draw the same). */
function typographer() {
	const done = new Map<string, string>();
	return (s: string) => {
		let t = done.get(s);
		if (t === undefined) done.set(s, (t = frenchTypography(s)));
		return t;
	};
}

/** Milliseconds spent in each pass, for the benchmark (scripts/bench-dossier.ts). */
export interface RenderTimings {
	layout: number;
	output: number;
}

/** Writes the dossier PDF to `out`; returns its page count. */
export async function renderDossier(model: DossierModel, meta: { generatedAt: Date; watermark?: string }, out: Writable, timings?: RenderTimings): Promise<number> {
	const typo = typographer();
	const started = performance.now();
	const first = await pass(model, meta, nullSink(), null, typo);
	const between = performance.now();
	const second = await pass(model, meta, out, first, typo);
	if (timings) {
		timings.layout = between - started;
		timings.output = performance.now() - between;
	}
	// The table of contents and "page x / y" come from the first pass: both must lay out alike.
	if (second.total !== first.total || [...second.pages].some(([id, p]) => first.pages.get(id) !== p)) {
		console.error(`dossier : les deux passes de mise en page diffèrent (${first.total} puis ${second.total} pages) ; sommaire ou pagination faux`);
	}
	return second.total;
}

function tocEntries(model: DossierModel) {
	// Every first-level heading; second-level ones too, unless a section has too many (the register
	// of a large body) — the outline (bookmarks) still lists them all.
	const out: { block: Extract<Block, { t: 'h1' | 'h2' | 'h3' }>; level: number }[] = [];
	let section: typeof out = [];
	const flush = () => {
		const subs = section.filter((e) => e.level === 2);
		out.push(...(subs.length > 40 ? section.filter((e) => e.level === 1) : section));
		section = [];
	};
	for (const b of model.blocks) {
		if (b.t === 'h1') {
			flush();
			section.push({ block: b, level: 1 });
		} else if (b.t === 'h2') section.push({ block: b, level: 2 });
	}
	flush();
	return out;
}

/** Pages laid out between two returns to the event loop (other requests, and the output stream). */
const PAGES_PER_SLICE = 8;
/** Output waiting in the document's buffer above which the layout waits for the reader. */
const MAX_PENDING_OUTPUT = 4 * 1024 * 1024;

function pass(model: DossierModel, meta: { generatedAt: Date; watermark?: string }, out: Writable, previous: Layout | null, typo: (s: string) => string): Promise<Layout> {
	return new Promise((resolve, reject) => {
		// Pages are written out as soon as the next one starts (nothing goes back to a page).
		const doc = createDoc({ title: model.title, watermark: meta.watermark, creationDate: meta.generatedAt, subject: 'Dossier de conformité au RGPD', bufferPages: false });
		// The first pass only learns the layout: nothing is compressed or written, and what cannot
		// move the text that follows (footers, table rows that fit on their page) is not drawn.
		const layoutOnly = !previous;
		if (layoutOnly) {
			(doc as unknown as { compress: boolean }).compress = false;
			(doc as unknown as { _write: (data: unknown) => void })._write = () => {};
		}
		for (const font of [FONTS.regular, FONTS.bold, FONTS.italic, FONTS.serifBold]) doc.font(font);
		doc.font(FONTS.regular);
		shareLayoutCaches(doc);
		const layout: Layout = { pages: new Map(), total: 1, heights: previous?.heights ?? new Map() };
		/** The id of each first-level heading, by its text (the targets of table links). */
		const headingIds = new Map(model.blocks.flatMap((b) => (b.t === 'h1' ? [[b.text, b.id] as const] : [])));
		let page = 1;
		const left = doc.page.margins.left;
		const width = doc.page.width - left - doc.page.margins.right;
		const bottom = () => doc.page.height - doc.page.margins.bottom;

		/**
		 * Skips drawing in the first pass: moves below what would have been drawn and leaves the
		 * font as the drawing would (the line height of what follows depends on it).
		 */
		const skipTo = (y: number, font: string, size: number) => {
			doc.font(font).fontSize(size);
			doc.x = left;
			doc.y = y;
		};
		const footer = () => {
			if (layoutOnly) {
				doc.font(FONTS.regular).fontSize(8);
				return;
			}
			const saved = { x: doc.x, y: doc.y, bottom: doc.page.margins.bottom };
			doc.page.margins.bottom = 0;
			doc.markContent('Artifact', { type: 'Pagination' } as never);
			doc.font(FONTS.regular).fontSize(6.5).fillColor(SOFT);
			doc.text(typo(model.footer), left, doc.page.height - 42, { width: width - 90, lineBreak: true, height: 20 });
			// Wide enough for "page 1234 / 1234" on one line.
			doc.fontSize(8).text(`page ${page} / ${previous?.total ?? '…'}`, left + width - 90, doc.page.height - 42, { width: 90, align: 'right', lineBreak: false });
			doc.endMarkedContent();
			doc.page.margins.bottom = saved.bottom;
			doc.x = saved.x;
			doc.y = saved.y;
			doc.fillColor(INK);
		};
		doc.on('pageAdded', () => {
			page += 1;
			footer();
		});
		footer();
		doc.on('error', reject);
		out.on('error', reject);
		out.on('finish', () => resolve({ ...layout, total: page }));
		doc.pipe(out);

		const root = doc.struct('Document');
		doc.addStructure(root);
		const ensure = (h: number) => {
			if (doc.y + h > bottom()) doc.addPage();
		};
		const text = (parent: Struct, type: string, s: string, font: string, size: number, opts: PDFKit.Mixins.TextOptions = {}, color = INK) => {
			parent.add(
				doc.struct(type, {}, () => {
					doc.font(font).fontSize(size).fillColor(color).text(typo(s), left, doc.y, { width, ...opts });
				})
			);
			doc.fillColor(INK);
		};

		// Cover ------------------------------------------------------------------------------------
		const cover = doc.struct('Sect');
		root.add(cover);
		doc.markContent('Artifact', { type: 'Layout' } as never);
		doc.rect(0, 0, doc.page.width, 14).fill(ACCENT);
		doc.endMarkedContent();
		doc.y = 120;
		text(cover, 'H1', model.cover.title, FONTS.serifBold, 28, { align: 'center' }, ACCENT);
		doc.moveDown(0.6);
		text(cover, 'P', model.cover.commune, FONTS.serifBold, 20, { align: 'center' });
		doc.moveDown(2);
		keyValue(cover, model.cover.lines, 'Identification du dossier', 'cover');
		doc.moveDown(2);
		text(
			cover,
			'P',
			'L’empreinte SHA-256 est calculée sur les données enregistrées dans l’application au moment où le dossier a été produit : les mêmes données donnent la même empreinte. Elle est rappelée en bas de chaque page.',
			FONTS.italic,
			9,
			{},
			SOFT
		);
		cover.end();

		// Table of contents ------------------------------------------------------------------------
		doc.addPage();
		const tocSect = doc.struct('Sect');
		root.add(tocSect);
		text(tocSect, 'H1', 'Sommaire', FONTS.serifBold, 20, {}, ACCENT);
		doc.moveDown(0.5);
		const toc = doc.struct('TOC');
		tocSect.add(toc);
		for (const e of tocEntries(model)) {
			const target = previous?.pages.get(e.block.id);
			const indent = e.level === 1 ? 0 : 16;
			ensure(16);
			const y = doc.y;
			toc.add(
				doc.struct('TOCI', {}, () => {
					doc.font(e.level === 1 ? FONTS.bold : FONTS.regular).fontSize(e.level === 1 ? 10.5 : 9.5).fillColor(INK);
					doc.text(typo(e.block.text), left + indent, y, { width: width - indent - 50, lineBreak: true });
					const after = doc.y;
					doc.text(target ? String(target) : '000', left + width - 40, y, { width: 40, align: 'right', lineBreak: false });
					doc.y = Math.max(after, y + 12);
				})
			);
			doc.moveDown(e.level === 1 ? 0.35 : 0.15);
		}
		toc.end();
		tocSect.end();

		// Sections, in slices: the event loop runs between them ------------------------------------
		(async () => {
			let sect: Struct | null = null;
			let outline: PDFKit.PDFOutline | null = null;
			let index = 0;
			let sliceStart = page;
			/** Lets the event loop run, and the reader take the output, every few pages. */
			const breathe = async () => {
				sliceStart = page;
				await new Promise((r) => setImmediate(r));
				while (doc.readableLength > MAX_PENDING_OUTPUT && !out.destroyed) await new Promise((r) => setTimeout(r, 2));
				if (out.destroyed) throw new Error('dossier : le flux de sortie a été fermé');
			};
			for (const b of model.blocks) {
				index += 1;
				if (page - sliceStart >= PAGES_PER_SLICE) await breathe();
				switch (b.t) {
					case 'h1': {
						sect?.end();
						doc.addPage();
						sect = doc.struct('Sect');
						root.add(sect);
						layout.pages.set(b.id, page);
						// The target of the links that refer to the section (the red flags' « Voir »).
						if (previous) doc.addNamedDestination(b.id);
						text(sect, 'H1', b.text, FONTS.serifBold, 18, {}, ACCENT);
						doc.moveDown(0.6);
						if (previous) outline = doc.outline.addItem(b.text);
						break;
					}
					case 'h2':
					case 'h3': {
						// Never a heading alone at the bottom of a page.
						ensure(b.t === 'h2' ? 90 : 70);
						doc.moveDown(b.t === 'h2' ? 0.6 : 0.3);
						layout.pages.set(b.id, page);
						text(sect ?? root, b.t === 'h2' ? 'H2' : 'H3', b.text, b.t === 'h2' ? FONTS.serifBold : FONTS.bold, b.t === 'h2' ? 13.5 : 10.5, {}, b.t === 'h2' ? INK : SOFT);
						doc.moveDown(0.3);
						if (previous && b.t === 'h2') (outline ?? doc.outline).addItem(b.text);
						break;
					}
					case 'p': {
						const font = b.style === 'bold' ? FONTS.bold : b.style === 'muted' ? FONTS.italic : FONTS.regular;
						const color = b.style === 'alert' ? '#a4161a' : b.style === 'muted' ? SOFT : INK;
						ensure(24);
						text(sect ?? root, 'P', b.text, font, 9.5, { align: 'left' }, color);
						doc.moveDown(0.5);
						break;
					}
					case 'list': {
						const list = doc.struct('L');
						(sect ?? root).add(list);
						for (const item of b.items) {
							ensure(16);
							list.add(
								doc.struct('LI', {}, () => {
									doc.font(FONTS.regular).fontSize(9.5).fillColor(INK).text(typo(`•  ${item}`), left + 8, doc.y, { width: width - 8 });
								})
							);
							doc.moveDown(0.15);
						}
						list.end();
						doc.moveDown(0.4);
						break;
					}
					case 'kv':
						keyValue(sect ?? root, b.rows, b.caption, `b${index}`);
						doc.moveDown(0.5);
						break;
					case 'table':
						table(sect ?? root, b, `b${index}`);
						doc.moveDown(0.6);
						break;
					case 'riskmap':
						riskMap(sect ?? root, b);
						break;
					case 'signatures':
						signatures(sect ?? root, b);
						break;
					case 'pagebreak':
						doc.addPage();
						break;
				}
			}
			sect?.end();
			root.end();
			doc.end();
		})().catch(reject);

		// ---- helpers (hoisted function declarations share the pass's state) ----------------------

		function measure(key: string, s: string, font: string, size: number, w: number): number {
			const cached = layout.heights.get(key);
			if (cached !== undefined) return cached;
			doc.font(font).fontSize(size);
			const h = doc.heightOfString(typo(s), { width: w });
			layout.heights.set(key, h);
			return h;
		}

		/** Label / value rows: the label is the row's header cell. Rows never split across pages. */
		function keyValue(parent: Struct, rows: [string, string][], caption: string, key: string) {
			const tableEl = doc.struct('Table');
			parent.add(tableEl);
			const w1 = width * 0.3;
			const w2 = width - w1;
			const pad = 4;
			tableEl.add(doc.struct('Caption', {}, () => doc.font(FONTS.italic).fontSize(7.5).fillColor(SOFT).text(typo(caption), left, doc.y, { width })));
			doc.fillColor(INK);
			rows.forEach(([label, value], i) => {
				const h1 = measure(`${key}:${i}:l`, label, FONTS.bold, 8.5, w1 - 2 * pad);
				const h2 = measure(`${key}:${i}:v`, value, FONTS.regular, 8.5, w2 - 2 * pad);
				const h = Math.max(h1, h2) + 2 * pad;
				if (h < bottom() - doc.page.margins.top) ensure(h);
				const y = doc.y;
				if (layoutOnly && y + h <= bottom()) {
					// Drawn, the row would end exactly there (its cells are measured the same way).
					skipTo(y + h, FONTS.regular, 8.5);
					return;
				}
				const tr = doc.struct('TR');
				tableEl.add(tr);
				doc.markContent('Artifact', { type: 'Layout' } as never);
				doc.rect(left, y, w1, Math.min(h, bottom() - y)).fill(HEAD_BG);
				doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.4).strokeColor('#d9cbb8').stroke();
				doc.endMarkedContent();
				tr.add(doc.struct('TH', { scope: 'Row' } as Parameters<PDFDoc['struct']>[1], () => doc.font(FONTS.bold).fontSize(8.5).fillColor(INK).text(typo(label), left + pad, y + pad, { width: w1 - 2 * pad })));
				tr.add(doc.struct('TD', {}, () => doc.font(FONTS.regular).fontSize(8.5).fillColor(INK).text(typo(value), left + w1 + pad, y + pad, { width: w2 - 2 * pad })));
				tr.end();
				doc.x = left;
				doc.y = Math.max(doc.y, y + h);
			});
			tableEl.end();
		}

		/** A table with a header row, repeated (as an artifact) on every page the table continues on. */
		function table(parent: Struct, b: Extract<Block, { t: 'table' }>, key: string) {
			const widths = b.widths.map((f) => f * width);
			const pad = 3.5;
			const headHeight = Math.max(...b.columns.map((c, i) => measure(`${key}:h${i}`, c, FONTS.bold, 8, widths[i]! - 2 * pad))) + 2 * pad;
			const tableEl = doc.struct('Table');
			parent.add(tableEl);
			ensure(headHeight + 30);
			tableEl.add(doc.struct('Caption', {}, () => doc.font(FONTS.italic).fontSize(7.5).fillColor(SOFT).text(typo(b.caption), left, doc.y, { width })));
			doc.fillColor(INK);
			const header = (repeat: boolean) => {
				const y = doc.y;
				if (layoutOnly) {
					skipTo(y + headHeight, FONTS.bold, 8);
					return;
				}
				doc.markContent('Artifact', { type: 'Layout' } as never);
				doc.rect(left, y, width, headHeight).fill(HEAD_BG);
				doc.endMarkedContent();
				let x = left;
				if (repeat) doc.markContent('Artifact', { type: 'Pagination' } as never);
				const tr = repeat ? null : doc.struct('TR');
				const thead = tr ? doc.struct('THead') : null;
				if (thead && tr) {
					tableEl.add(thead);
					thead.add(tr);
				}
				b.columns.forEach((c, i) => {
					const draw = () => doc.font(FONTS.bold).fontSize(8).fillColor(INK).text(typo(c), x + pad, y + pad, { width: widths[i]! - 2 * pad });
					if (tr) tr.add(doc.struct('TH', { scope: 'Column' } as Parameters<PDFDoc['struct']>[1], draw));
					else draw();
					x += widths[i]!;
				});
				tr?.end();
				thead?.end();
				if (repeat) doc.endMarkedContent();
				doc.x = left;
				doc.y = y + headHeight;
			};
			header(false);
			const body = doc.struct('TBody');
			tableEl.add(body);
			if (!b.rows.length) {
				body.add(doc.struct('TR', {}, [doc.struct('TD', {}, () => doc.font(FONTS.italic).fontSize(8.5).fillColor(SOFT).text('Aucun élément enregistré.', left + pad, doc.y + pad, { width }))]));
				doc.fillColor(INK);
			}
			b.rows.forEach((row, r) => {
				const h = Math.max(...row.map((cell, i) => measure(`${key}:${r}:${i}`, cell || '—', FONTS.regular, 8.5, widths[i]! - 2 * pad))) + 2 * pad;
				if (doc.y + h > bottom() && h < bottom() - doc.page.margins.top - headHeight) {
					doc.addPage();
					header(true);
				}
				const y = doc.y;
				if (layoutOnly && y + h <= bottom()) {
					skipTo(y + h, FONTS.regular, 8.5);
					return;
				}
				doc.markContent('Artifact', { type: 'Layout' } as never);
				doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.4).strokeColor('#d9cbb8').stroke();
				doc.endMarkedContent();
				const tr = doc.struct('TR');
				body.add(tr);
				let x = left;
				row.forEach((cell, i) => {
					const cx = x;
					tr.add(doc.struct('TD', {}, () => doc.font(FONTS.regular).fontSize(8.5).fillColor(INK).text(typo(cell || '—'), cx + pad, y + pad, { width: widths[i]! - 2 * pad })));
					// The last cell links to the section the row refers to (a heading of the dossier).
					const target = i === row.length - 1 && b.links?.[r] ? headingIds.get(b.links[r]!) : undefined;
					if (target && previous) doc.goTo(cx, y, widths[i]!, h, target);
					x += widths[i]!;
				});
				tr.end();
				doc.x = left;
				doc.y = Math.max(doc.y, y + h);
			});
			body.end();
			tableEl.end();
		}

		function riskMap(parent: Struct, b: Extract<Block, { t: 'riskmap' }>) {
			const cell = 42;
			const size = cell * 4;
			ensure(size + 60);
			const x0 = left + 120;
			const y0 = doc.y + 6;
			const LEVELS = ['Négligeable', 'Limitée', 'Importante', 'Maximale'];
			const alt = `${b.caption}. ${b.points.map((p) => `${p.label} ${p.phase === 'avant' ? 'avant' : 'après'} le plan : gravité ${p.gravite}, vraisemblance ${p.vraisemblance}`).join(' ; ')}.`;
			parent.add(
				doc.struct('Figure', { alt } as Parameters<PDFDoc['struct']>[1], () => {
					for (let g = 1; g <= 4; g++) {
						for (let v = 1; v <= 4; v++) {
							const color = g >= 3 && v >= 3 ? '#f4c7c3' : g >= 3 || v >= 3 ? '#fbe3b5' : '#d9ead3';
							doc.rect(x0 + (v - 1) * cell, y0 + (4 - g) * cell, cell, cell).fillAndStroke(color, '#ffffff');
						}
						doc.font(FONTS.regular).fontSize(7).fillColor(INK).text(`${g} ${LEVELS[g - 1]}`, left + 40, y0 + (4 - g) * cell + cell / 2 - 4, { width: 76, align: 'right', lineBreak: false });
					}
					for (let v = 1; v <= 4; v++) doc.text(`${v} ${LEVELS[v - 1]}`, x0 + (v - 1) * cell, y0 + size + 4, { width: cell, align: 'center', lineBreak: false });
					doc.font(FONTS.bold).fontSize(8).text('Vraisemblance →', x0, y0 + size + 18, { width: size, align: 'center', lineBreak: false });
					doc.text('Gravité ↑', left, y0 - 2, { width: 110, lineBreak: false });
					const placed = b.points.map((p, i) => {
						const same = b.points.filter((q) => q.gravite === p.gravite && q.vraisemblance === p.vraisemblance);
						const k = b.points.slice(0, i).filter((q) => q.gravite === p.gravite && q.vraisemblance === p.vraisemblance).length;
						return { ...p, cx: x0 + (p.vraisemblance - 0.5) * cell + (k - (same.length - 1) / 2) * 13, cy: y0 + (4 - p.gravite + 0.5) * cell };
					});
					for (const e of new Set(placed.map((p) => p.event))) {
						const before = placed.find((p) => p.event === e && p.phase === 'avant');
						const after = placed.find((p) => p.event === e && p.phase === 'apres');
						if (before && after) doc.moveTo(before.cx, before.cy).lineTo(after.cx, after.cy).dash(3, { space: 2 }).lineWidth(0.8).strokeColor(SOFT).stroke().undash();
					}
					const letter: Record<string, string> = { acces: 'A', modification: 'M', disparition: 'D' };
					for (const p of placed) {
						doc.circle(p.cx, p.cy, 6.5).lineWidth(1).fillAndStroke(p.phase === 'apres' ? INK : '#ffffff', INK);
						doc.font(FONTS.bold).fontSize(6.5).fillColor(p.phase === 'apres' ? '#ffffff' : INK).text(letter[p.event] ?? '?', p.cx - 6, p.cy - 3.5, { width: 12, align: 'center', lineBreak: false });
					}
					doc.fillColor(INK);
				})
			);
			doc.x = left;
			doc.y = y0 + size + 34;
			text(parent, 'P', 'A : accès illégitime ; M : modification non désirée ; D : disparition. Cercle vide : avant le plan d’action ; cercle plein : après. Rouge : risque élevé.', FONTS.italic, 7.5, {}, SOFT);
			doc.moveDown(0.5);
		}

		function signatures(parent: Struct, b: Extract<Block, { t: 'signatures' }>) {
			ensure(150);
			text(parent, 'P', `Fait à ${b.place}, le ${b.date}.`, FONTS.regular, 10);
			doc.moveDown(1);
			const top = doc.y;
			const w = width / b.signatures.length;
			b.signatures.forEach((s, i) => {
				parent.add(
					doc.struct('P', {}, () => {
						doc.font(FONTS.bold).fontSize(9.5).fillColor(INK).text(typo(s.role), left + i * w, top, { width: w - 12 });
						doc.font(FONTS.regular).text(typo(s.name || ' '), { width: w - 12 });
						doc.font(FONTS.italic).fontSize(8.5).fillColor(SOFT).text('Date et signature :', { width: w - 12 });
					})
				);
				doc.markContent('Artifact', { type: 'Layout' } as never);
				doc.rect(left + i * w, top + 48, w - 16, 60).lineWidth(0.6).strokeColor('#bfae98').stroke();
				doc.endMarkedContent();
			});
			doc.fillColor(INK);
			doc.x = left;
			doc.y = top + 120;
		}
	});
}

export type { PDFDoc };
