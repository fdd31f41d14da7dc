import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { dpiaKind } from '../../src/lib/recipes/assessments';
import { recordCompleteness } from '../../src/lib/recipes/engine';
import { DPIA_SCREENINGS, proposedScreening } from '../../src/lib/recipes/proposals';
import { ficheFromCatalogue } from '../../src/lib/recipes/records';
import { validRecordData } from '../../src/lib/server/domain/record-writes';

describe('the DPIA screening proposed from the catalogue', () => {
	it('names only catalogue entries, and gives each entry’s hint as a complete, valid screening', () => {
		for (const id of Object.keys(DPIA_SCREENINGS)) expect(CATALOGUE.some((e) => e.id === id), id).toBe(true);
		for (const entry of CATALOGUE) {
			const p = proposedScreening(ficheFromCatalogue(entry), entry.id);
			if (entry.dpiaHint === 'probable' || entry.dpiaHint === 'a_examiner') {
				expect(p, entry.id).toBeNull();
				continue;
			}
			expect(p, entry.id).not.toBeNull();
			expect(p!.verdict.required, entry.id).toBe(entry.dpiaHint === 'requise');
			expect(validRecordData(dpiaKind, p!.answers), entry.id).toEqual(p!.answers);
			expect(recordCompleteness(dpiaKind, p!.answers).missing.map((f) => f.name), entry.id).toEqual([]);
			expect(p!.why, entry.id).toContain(entry.dpiaReason);
		}
	});

	it('proposes nothing for « requise » without a named case, nor against the fiche’s hint', () => {
		expect(proposedScreening({ dpiaHint: 'requise' }, undefined)).toBeNull();
		expect(proposedScreening({ dpiaHint: 'non_requise' }, 'videoprotection')).toBeNull();
		expect(proposedScreening({ dpiaHint: 'non_requise', dpiaReason: 'Rien' }, undefined)?.verdict.required).toBe(false);
	});
});
