// The small, safe text format of the GIP's advice ("Questions des formations"):
//
//   - paragraphs, separated by a blank line;
//   - bullet lists: lines that start with "- ";
//   - **bold**;
//   - links written [text](https://…) — http and https only.
//
// Anything else is plain text: HTML, entities, other link schemes, unmatched markers. The parser
// returns a tree of plain data that `AdviceBody.svelte` renders with ordinary text nodes and
// elements (never {@html}), so no markup in an entry can ever reach the page as markup.

/** A run of text, bold or not. */
export interface TextNode {
	type: 'text';
	text: string;
	bold: boolean;
}

/** A link: its address is always http(s), its text a list of runs. */
export interface LinkNode {
	type: 'link';
	href: string;
	parts: TextNode[];
}

export type InlineNode = TextNode | LinkNode;

export type Block = { type: 'paragraph'; content: InlineNode[] } | { type: 'list'; items: InlineNode[][] };

/** Longest text the parser reads; the rest is cut (entries are limited to 10,000 characters anyway). */
export const MAX_SOURCE_LENGTH = 20_000;
const MAX_LINK_TEXT = 500;
const MAX_URL = 2_000;

// [text](http(s)://address): bounded, without nested brackets, spaces or parentheses in the address,
// so matching stays linear and a hostile text cannot make it backtrack for long.
const LINK = new RegExp(`\\[([^\\[\\]\\n]{1,${MAX_LINK_TEXT}})\\]\\((https?:\\/\\/[^\\s()<>\\[\\]"'\`]{1,${MAX_URL}})\\)`, 'gi');
const BULLET = /^\s{0,3}-\s+/;

/** The address when it is a well-formed http(s) URL with a host, else null. */
export function safeHref(raw: string): string | null {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return null;
	}
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
	if (url.username || url.password) return null;
	return url.href;
}

type Atom = { kind: 'text'; text: string } | { kind: 'star' } | { kind: 'open'; href: string } | { kind: 'close' };

function textAtoms(text: string, out: Atom[]) {
	const pieces = text.split('**');
	pieces.forEach((piece, i) => {
		if (i > 0) out.push({ kind: 'star' });
		if (piece) out.push({ kind: 'text', text: piece });
	});
}

/** One line (or several joined) of inline text → runs and links. */
export function parseInline(source: string): InlineNode[] {
	const atoms: Atom[] = [];
	let last = 0;
	for (const m of source.matchAll(LINK)) {
		const href = safeHref(m[2]!);
		if (!href) continue; // stays plain text
		textAtoms(source.slice(last, m.index), atoms);
		atoms.push({ kind: 'open', href });
		textAtoms(m[1]!, atoms);
		atoms.push({ kind: 'close' });
		last = m.index! + m[0].length;
	}
	textAtoms(source.slice(last), atoms);

	// Markers pair up in order; an odd one left at the end is plain text.
	if (atoms.filter((a) => a.kind === 'star').length % 2 === 1) {
		for (let i = atoms.length - 1; i >= 0; i--) {
			if (atoms[i]!.kind === 'star') {
				atoms[i] = { kind: 'text', text: '**' };
				break;
			}
		}
	}

	const out: InlineNode[] = [];
	let bold = false;
	let link: LinkNode | null = null;
	const push = (list: TextNode[] | InlineNode[], text: string) => {
		const prev = list[list.length - 1];
		if (prev && prev.type === 'text' && prev.bold === bold) prev.text += text;
		else list.push({ type: 'text', text, bold });
	};
	for (const a of atoms) {
		if (a.kind === 'star') bold = !bold;
		else if (a.kind === 'text') push(link ? link.parts : out, a.text);
		else if (a.kind === 'open') link = { type: 'link', href: a.href, parts: [] };
		else if (link) {
			// A link whose text was only markers keeps its address as text.
			if (!link.parts.length) link.parts.push({ type: 'text', text: link.href, bold });
			out.push(link);
			link = null;
		}
	}
	return out;
}

/** The whole text → blocks. Never throws; any input gives a (possibly empty) list of blocks. */
export function parseAdvice(source: string): Block[] {
	let text = typeof source === 'string' ? source : '';
	if (text.length > MAX_SOURCE_LENGTH) text = text.slice(0, MAX_SOURCE_LENGTH) + ' […]';
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const blocks: Block[] = [];
	let paragraph: string[] = [];
	let list: string[] | null = null;

	const flushParagraph = () => {
		if (paragraph.length) blocks.push({ type: 'paragraph', content: parseInline(paragraph.join(' ')) });
		paragraph = [];
	};
	const flushList = () => {
		if (list?.length) blocks.push({ type: 'list', items: list.map(parseInline) });
		list = null;
	};

	for (const raw of lines) {
		const line = raw.trimEnd();
		if (!line.trim()) {
			flushParagraph();
			flushList();
			continue;
		}
		if (BULLET.test(line)) {
			flushParagraph();
			(list ??= []).push(line.replace(BULLET, ''));
			continue;
		}
		if (list && /^\s/.test(line)) {
			// An indented line continues the list item above it.
			list[list.length - 1] += ' ' + line.trim();
			continue;
		}
		flushList();
		paragraph.push(line.trim());
	}
	flushParagraph();
	flushList();
	return blocks;
}

/** The plain text of the blocks (for an excerpt or a test). */
export function plainText(blocks: Block[]): string {
	const inline = (nodes: InlineNode[]) => nodes.map((n) => (n.type === 'text' ? n.text : n.parts.map((p) => p.text).join(''))).join('');
	return blocks.map((b) => (b.type === 'paragraph' ? inline(b.content) : b.items.map((i) => `- ${inline(i)}`).join('\n'))).join('\n\n');
}
