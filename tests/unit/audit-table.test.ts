// The journal's table: the date on one line (a <time> in a cell that does not wrap, a non-breaking
// space from the formatter), the changes in words as the server made them, shortened on the dashboard.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import AuditTable from '../../src/lib/components/AuditTable.svelte';

const line = (id: number, changes: { label: string; before?: string; after?: string; value?: string }[]) => ({
	id,
	at: '2026-03-29T00:30:00.000Z',
	when: '29/03/2026\u00a001:30',
	who: 'Claire Martin',
	what: 'grille de conformité « Cantine » : modification',
	changes
});

describe('AuditTable', () => {
	it('puts the date in a <time> of a cell that does not wrap, and the changes in words', () => {
		const body = render(AuditTable, { props: { entries: [line(1, [{ label: 'Finalité', before: 'Non conforme', after: 'Conforme' }, { label: 'Rôle', value: 'Élu (maire ou conseiller)' }])], caption: 'Journal' } }).body;
		expect(body).toMatch(/<td class="when[^"]*"><time datetime="2026-03-29T00:30:00.000Z">29\/03\/2026\u00a001:30<\/time><\/td>/);
		expect(body).toContain('Finalité : Non conforme → Conforme');
		expect(body).toContain('Rôle : Élu (maire ou conseiller)');
		expect(body).toContain('grille de conformité « Cantine » : modification');
	});

	it('shows three changes and a count of the others on the dashboard', () => {
		const changes = Array.from({ length: 5 }, (_, i) => ({ label: `Champ ${i + 1}`, value: 'x'.repeat(100) }));
		const body = render(AuditTable, { props: { entries: [line(1, changes)], caption: 'Journal', compact: true } }).body;
		expect(body).toContain('Champ 3 : ');
		expect(body).not.toContain('Champ 4 : ');
		expect(body).toContain('… et 2 autres réponses');
		expect(body).toContain(`${'x'.repeat(60)}…`);
	});
});
