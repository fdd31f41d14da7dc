import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_LENGTH, parseAdvice, parseInline, plainText, safeHref } from '../../src/lib/advice-format';
import AdviceBody from '../../src/lib/components/AdviceBody.svelte';

/** The server-rendered HTML, without Svelte's hydration comments. */
const html = (body: string, sources: string[] = []) => render(AdviceBody, { props: { body, sources } }).body.replace(/<!--[\s\S]*?-->/g, '');

describe('advice format: parsing', () => {
	it('splits paragraphs on blank lines and joins the lines of a paragraph', () => {
		expect(parseAdvice('Première ligne\nsuite\n\n  \nSecond paragraphe')).toEqual([
			{ type: 'paragraph', content: [{ type: 'text', text: 'Première ligne suite', bold: false }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'Second paragraphe', bold: false }] }
		]);
		expect(parseAdvice('a\r\n\r\nb')).toHaveLength(2);
		expect(parseAdvice('')).toEqual([]);
		expect(parseAdvice('   \n\n\t\n')).toEqual([]);
	});

	it('reads "- " lines as a bullet list, an indented line continuing the item above', () => {
		const blocks = parseAdvice('Il faut :\n- un code de verrouillage\n- une sauvegarde\n  débranchée\nEt ensuite.');
		expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'paragraph']);
		const list = blocks[1]!;
		expect(list.type === 'list' && list.items.map((i) => plainText([{ type: 'paragraph', content: i }]))).toEqual([
			'un code de verrouillage',
			'une sauvegarde débranchée'
		]);
		// "-" without a space, or "--", is text.
		expect(parseAdvice('-pas une liste')[0]!.type).toBe('paragraph');
	});

	it('reads **bold**, inside text, lists and links', () => {
		expect(parseInline('La réponse est **non** : L37.')).toEqual([
			{ type: 'text', text: 'La réponse est ', bold: false },
			{ type: 'text', text: 'non', bold: true },
			{ type: 'text', text: ' : L37.', bold: false }
		]);
		expect(parseInline('**[CNIL](https://www.cnil.fr/) et ANSSI**')).toEqual([
			{ type: 'link', href: 'https://www.cnil.fr/', parts: [{ type: 'text', text: 'CNIL', bold: true }] },
			{ type: 'text', text: ' et ANSSI', bold: true }
		]);
		expect(parseInline('[le **guide** CNIL](https://www.cnil.fr/guide)')).toEqual([
			{
				type: 'link',
				href: 'https://www.cnil.fr/guide',
				parts: [
					{ type: 'text', text: 'le ', bold: false },
					{ type: 'text', text: 'guide', bold: true },
					{ type: 'text', text: ' CNIL', bold: false }
				]
			}
		]);
	});

	it('keeps an unmatched or empty marker as text', () => {
		expect(parseInline('2 ** 3 = 8')).toEqual([{ type: 'text', text: '2 ** 3 = 8', bold: false }]);
		expect(parseInline('**a** b **c')).toEqual([
			{ type: 'text', text: 'a', bold: true },
			{ type: 'text', text: ' b **c', bold: false }
		]);
		expect(plainText(parseAdvice('****'))).toBe('');
		expect(parseInline('***x***').map((n) => n.type === 'text' && n.text).join('|')).toContain('x');
	});

	it('makes links of http and https addresses only', () => {
		expect(parseInline('[CNIL](https://www.cnil.fr/fr/designer)')).toEqual([
			{ type: 'link', href: 'https://www.cnil.fr/fr/designer', parts: [{ type: 'text', text: 'CNIL', bold: false }] }
		]);
		expect(parseInline('[site](http://example.fr)')[0]).toMatchObject({ type: 'link', href: 'http://example.fr/' });
		for (const hostile of [
			'[clic](javascript:alert(1))',
			'[clic](JaVaScRiPt:alert(1))',
			'[clic](data:text/html;base64,PHNjcmlwdD4=)',
			'[clic](vbscript:msgbox)',
			'[clic](//evil.example)',
			'[clic](https://user:pw@evil.example/)',
			'[clic]( https://example.fr)',
			'[clic](https://exa mple.fr)',
			'[clic](https://example.fr/"onmouseover="alert(1))'
		]) {
			const nodes = parseInline(hostile);
			expect(nodes.every((n) => n.type === 'text'), hostile).toBe(true);
		}
		expect(safeHref('javascript:alert(1)')).toBeNull();
		expect(safeHref('https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000027432023')).toBe(
			'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000027432023'
		);
	});

	it('keeps HTML and entities as the very text typed, never decoded', () => {
		const text = '<script>alert(1)</script> &lt;b&gt; &amp; <img src=x onerror=alert(1)>';
		expect(parseInline(text)).toEqual([{ type: 'text', text, bold: false }]);
	});

	it('reads a huge or pathological text quickly, and cuts it at its limit', () => {
		const cases = [
			'x'.repeat(2_000_000),
			'['.repeat(200_000),
			'[a]('.repeat(100_000),
			'*'.repeat(300_001),
			'- '.repeat(100_000) + '\n'.repeat(100_000),
			('[' + 'a'.repeat(499) + '](https://' + 'b'.repeat(1999)).repeat(50)
		];
		for (const c of cases) {
			const started = performance.now();
			const blocks = parseAdvice(c);
			expect(performance.now() - started).toBeLessThan(2_000);
			expect(plainText(blocks).length).toBeLessThanOrEqual(MAX_SOURCE_LENGTH + 10);
		}
		expect(plainText(parseAdvice('y'.repeat(MAX_SOURCE_LENGTH + 5)))).toMatch(/y \[…\]$/);
	});

	it('never throws on input that is not text', () => {
		expect(parseAdvice(undefined as unknown as string)).toEqual([]);
		expect(parseAdvice(42 as unknown as string)).toEqual([]);
	});
});

describe('advice format: rendering (AdviceBody.svelte, server side)', () => {
	it('renders paragraphs, lists, bold and links with rel="noopener noreferrer"', () => {
		const out = html('Réponse **non**.\n\n- un\n- [CNIL](https://www.cnil.fr/)', ['https://www.legifrance.gouv.fr/']);
		expect(out).toContain('<strong>non</strong>');
		expect(out).toMatch(/<ul[^>]*><li>un<\/li>/);
		expect(out).toContain('<a href="https://www.cnil.fr/" rel="noopener noreferrer">CNIL</a>');
		expect(out).toContain('Sources :');
		expect(out).toMatch(/<a href="https:\/\/www\.legifrance\.gouv\.fr\/" rel="noopener noreferrer"[^>]*>https:\/\/www\.legifrance\.gouv\.fr\/<\/a>/);
	});

	it('escapes every piece of markup: no element, attribute or script comes from the text', () => {
		const hostile = [
			'<script>alert("x")</script>',
			'<img src=x onerror=alert(1)>',
			'**<b onclick="alert(1)">gras</b>**',
			'[<svg onload=alert(1)>](https://example.fr/)',
			'[x](javascript:alert(1))',
			'&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;script&#x3E;',
			'- <iframe src="https://evil.example"></iframe>'
		].join('\n\n');
		const out = html(hostile, ['javascript:alert(1)', 'https://ok.example/']);
		// Text "<" is escaped as &lt;: every raw "<" followed by a letter is an element the component made.
		const tags = [...out.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
		expect(new Set(tags.map((t) => t[1]))).toEqual(new Set(['div', 'p', 'strong', 'a', 'ul', 'li']));
		for (const [, , attributes] of tags) {
			const names = [...attributes!.matchAll(/\s([\w-]+)=/g)].map((m) => m[1]);
			expect(names.every((n) => n === 'class' || n === 'href' || n === 'rel'), attributes).toBe(true);
		}
		for (const [, href] of out.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
		expect(out).toContain('&lt;script>alert("x")&lt;/script>');
		// Entities typed by the author are shown as typed (their & escaped), never decoded into markup.
		expect(out).toContain('&amp;lt;script&amp;gt;');
		// A source that is not an http(s) address is shown as text, not as a link.
		expect(out).toContain('<li>javascript:alert(1)</li>');
	});
});
