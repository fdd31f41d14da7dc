// Reading registers made elsewhere (CSV as spreadsheets write it) and turning the fiche's texts into
// the PIA tool's tag lists.
import { describe, expect, it } from 'vitest';
import { activityKind, kindFields } from '../../src/lib/recipes/records';
import { html, tags } from '../../src/lib/server/exports/pia';
import { cellInput, decodeText, matchColumns, normalizeHeader, parseCsv } from '../../src/lib/server/exports/register-parse';

const field = (name: string) => kindFields(activityKind).find((f) => f.name === name)!;

describe('CSV', () => {
	it('reads quoted cells over several lines, doubled quotes and the separator of the header', () => {
		expect(parseCsv('"a";"b"\r\n"x ""y""";"ligne 1\nligne 2"\r\n')).toEqual([
			['a', 'b'],
			['x "y"', 'ligne 1\nligne 2']
		]);
		expect(parseCsv('a,b\n1,"2,5"\n')).toEqual([
			['a', 'b'],
			['1', '2,5']
		]);
		expect(parseCsv('a\tb\n1\t2')).toEqual([
			['a', 'b'],
			['1', '2']
		]);
	});

	it('refuses a quote left open (a truncated file)', () => {
		expect(() => parseCsv('"a";"b\n1;2')).toThrow(/tronqué/);
	});

	it('decodes UTF-8 with its BOM, and Windows-1252 as Excel writes French CSV', () => {
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x45, 0x74, 0x61, 0x74, 0x20, 0xc3, 0xa9]))).toBe('Etat é');
		expect(decodeText(new Uint8Array([0x44, 0xe9, 0x66, 0x75, 0x6e, 0x74, 0x73, 0x20, 0x92, 0x9c, 0x80]))).toBe('Défunts ’œ€');
	});
});

describe('columns and cells', () => {
	it('matches headers whatever the case, accents and punctuation', () => {
		expect(normalizeHeader('Finalité(s) du traitement')).toBe('finalite s du traitement');
		const m = matchColumns(['NOM DU TRAITEMENT', 'finalite(s) du traitement', 'legalBasis', 'Base légale', 'Complétude (%)', 'Autre']);
		expect(m.map((c) => c.field?.name ?? null)).toEqual(['name', 'purposes', 'legalBasis', null, null, null]);
		expect(m[4]!.computed).toBe(true);
	});

	it('maps option labels back to their values, and says why a cell cannot be read', () => {
		const supports = new Map([[normalizeHeader('Ordinateur du secrétariat'), '11111111-1111-4111-8111-111111111111']]);
		expect(cellInput(field('legalBasis'), 'Obligation légale (art. 6.1.c)', supports)).toEqual({ value: 'c' });
		expect(cellInput(field('legalBasis'), 'obligation legale', supports)).toEqual({ value: 'c' });
		expect(cellInput(field('legalBasis'), 'Art. 6.1.e', supports)).toEqual({ value: 'e' });
		expect(cellInput(field('dataSubjects'), 'Enfants ; Parents, responsables légaux', supports)).toEqual({ value: ['enfants', 'parents'] });
		expect(cellInput(field('hasSensitive'), 'OUI', supports)).toEqual({ value: 'oui' });
		expect(cellInput(field('supports'), 'ordinateur du SECRETARIAT ; (supprimé)', supports)).toEqual({ value: ['11111111-1111-4111-8111-111111111111'] });
		// A support the commune lacks is named, not an error: the import creates it.
		expect(cellInput(field('supports'), 'Ordinateur du secrétariat ; Clé USB ; clé usb', supports)).toEqual({ value: ['11111111-1111-4111-8111-111111111111'], missing: ['Clé USB'] });
		expect(cellInput(field('purposes'), "'=Gérer", supports)).toEqual({ value: '=Gérer' });
		expect(cellInput(field('legalBasis'), 'Bon sens', supports)).toMatchObject({ error: expect.stringContaining('« Bon sens » n’est pas une des propositions') });
		expect(cellInput(field('supports'), 'Clé USB', supports)).toEqual({ value: [], missing: ['Clé USB'] });
	});

	it('reads « non renseigné », as the export writes an unanswered field, as no answer', () => {
		const none = new Map<string, string>();
		expect(cellInput(field('legalBasis'), 'non renseigné', none)).toEqual({ value: '' });
		expect(cellInput(field('dataSubjects'), 'Non renseigné', none)).toEqual({ value: [] });
		expect(cellInput(field('hasSensitive'), ' NON RENSEIGNE ', none)).toEqual({ value: '' });
		expect(cellInput(field('purposes'), 'non renseigné pour l’instant', none)).toEqual({ value: 'non renseigné pour l’instant' });
	});
});

describe('PIA texts', () => {
	it('splits a text into tags by line or « ; », or by comma when it is one phrase list', () => {
		expect(tags('Vol d’ordinateur, consultation par un tiers, courriel mal adressé')).toEqual(['Vol d’ordinateur', 'consultation par un tiers', 'courriel mal adressé']);
		expect(tags('Armoire fermée, à clé ; sauvegarde.\n- antivirus')).toEqual(['Armoire fermée, à clé', 'sauvegarde', 'antivirus']);
		expect(tags('')).toEqual([]);
	});

	it('writes paragraphs as escaped HTML', () => {
		expect(html('a < b\nc', '', undefined, 'd')).toBe('<p>a &lt; b<br>c</p><p>d</p>');
	});
});
