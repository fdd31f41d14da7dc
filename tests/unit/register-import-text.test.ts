// The register import speaks French: « Créer la fiche », « Créer les 3 fiches », never « Créer les 1 fiche ».
import { describe, expect, it } from 'vitest';
import { createButtonLabel, createdSentence, previewCounts, supportsCreatedSentence } from '../../src/lib/register-import-text';

describe('the register import’s sentences', () => {
	it('the button agrees with the number of fiches', () => {
		expect(createButtonLabel(1)).toBe('Créer la fiche');
		expect(createButtonLabel(2)).toBe('Créer les 2 fiches');
		expect(createButtonLabel(1500)).toMatch(/^Créer les 1\s500 fiches$/);
		for (const n of [1, 2, 3, 10]) expect(createButtonLabel(n)).not.toMatch(/les 1 fiche\b/);
	});

	it('the preview and the result agree too (0 and 1 singular, as in French)', () => {
		expect(previewCounts(1, 0)).toEqual({ fiches: '1 fiche à créer', problems: '0 problème' });
		expect(previewCounts(3, 2)).toEqual({ fiches: '3 fiches à créer', problems: '2 problèmes' });
		expect(createdSentence(1)).toBe('1 fiche créée.');
		expect(createdSentence(4)).toBe('4 fiches créées.');
		expect(supportsCreatedSentence(0)).toBe('');
		expect(supportsCreatedSentence(1)).toBe('1 support ajouté à la cartographie : complétez-le (type, lieu, utilisateurs).');
		expect(supportsCreatedSentence(2)).toBe('2 supports ajoutés à la cartographie : complétez-les (type, lieu, utilisateurs).');
	});
});
