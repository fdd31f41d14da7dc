// The commune switcher's links: the same page in another commune when that page exists there, else
// the nearest page above it. Which pages exist is read from the routes themselves (every
// `+page.svelte` under /c/[communeId]), so a new page needs no entry here.
const PAGE_FILES = Object.keys(import.meta.glob('../routes/c/*/**/+page.svelte'));

/** One pattern per page under a commune, e.g. /^\/recettes\/[^/]+$/ for recettes/[recipeId]. */
const PAGES: RegExp[] = PAGE_FILES.map((file) => {
	const rest = file.replace(/^\.\.\/routes\/c\/[^/]+/, '').replace(/\/\+page\.svelte$/, '');
	const source = rest
		.split('/')
		.map((seg) => (/^\[.+\]$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('\\/');
	return new RegExp(`^${source}$`);
});

/** Ids belong to one commune (a fiche, a document, a dossier version): never carried to another. */
const COMMUNE_OWN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.\w+)?$|^\d+\.pdf$/i;

/** /c/<from>/<rest> → /c/<to>/<the longest part of rest that is a page in any commune>. */
export function switchPath(pathname: string, from: string | undefined, to: string): string {
	const prefix = `/c/${from}`;
	if (!from || !(pathname === prefix || pathname.startsWith(`${prefix}/`))) return `/c/${to}`;
	const segments = pathname.slice(prefix.length).split('/').filter(Boolean);
	const own = segments.findIndex((s) => COMMUNE_OWN.test(s));
	const kept = own === -1 ? segments : segments.slice(0, own);
	for (let n = kept.length; n > 0; n--) {
		const rest = '/' + kept.slice(0, n).join('/');
		if (PAGES.some((p) => p.test(rest))) return `/c/${to}${rest}`;
	}
	return `/c/${to}`;
}

/** For tests: the page patterns found in the routes. */
export const pagePatterns = (): readonly RegExp[] => PAGES;
