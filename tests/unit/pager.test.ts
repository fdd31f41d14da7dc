// The links to the pages of a long list (the accounts of /admin): plain links, the current page
// marked for screen readers, the first and last pages always there, gaps shown once.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Pager from '../../src/lib/components/Pager.svelte';

const html = (page: number, pages: number) => render(Pager, { props: { page, pages, href: (p: number) => `?page=${p}`, label: 'Pages de la liste' } }).body;
const links = (body: string) => [...body.matchAll(/<a href="\?page=(\d+)"([^>]*)>(.*?)<\/a>/g)].map((m) => ({ page: Number(m[1]), attrs: m[2]!, text: m[3]!.replace(/<[^>]+>/g, '') }));

describe('Pager', () => {
	it('shows nothing for a list on one page', () => {
		expect(html(1, 1)).not.toContain('<nav');
	});

	it('links the neighbours, the ends, and marks the current page', () => {
		const body = html(6, 12);
		expect(body).toContain('aria-label="Pages de la liste"');
		const l = links(body);
		expect(l.map((x) => x.page)).toEqual([5, 1, 4, 5, 6, 7, 8, 12, 7]);
		expect(l[0]).toMatchObject({ text: '← Page précédente' });
		expect(l.at(-1)).toMatchObject({ text: 'Page suivante →' });
		expect(l.filter((x) => x.attrs.includes('aria-current="page"')).map((x) => x.page)).toEqual([6]);
		expect(l.find((x) => x.page === 12)!.text).toBe('Page 12');
		expect(body.match(/…/g)).toHaveLength(2);
	});

	it('has no previous link on the first page and no next link on the last', () => {
		expect(links(html(1, 3)).map((x) => x.text)).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page suivante →']);
		expect(links(html(3, 3)).map((x) => x.text)).toEqual(['← Page précédente', 'Page 1', 'Page 2', 'Page 3']);
	});
});
