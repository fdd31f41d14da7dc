// One place for « today » in Paris and French formatting (src/lib/french.ts).
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TEMPLATES } from '../../src/lib/documents/templates';
import {
	agreeing,
	bodyName,
	civilityWord,
	downloadName,
	formatDate,
	formatDateNumeric,
	formatDateOr,
	formatMonth,
	formatNumber,
	formatParis,
	formatShort,
	mairieOf,
	ofPlace,
	ofWord,
	parisDate,
	plural,
	pluralWord,
	today
} from '../../src/lib/french';
import { letterOf } from '../../src/lib/server/domain/documents';
import { DPD_ANSWERS } from '../helpers/answers';

const NBSP = /[\u202f\u00a0]/g;
const plain = (s: string) => s.replace(NBSP, ' ');

// 00:35 in Paris on 6 December 2026 (UTC+1 in winter), still 5 December in UTC.
const AFTER_MIDNIGHT = new Date('2026-12-05T23:35:00Z');

describe('today, in Paris', () => {
	it('is 6 December at 00:35 in Paris, although UTC still says 5 December', () => {
		expect(AFTER_MIDNIGHT.toISOString().slice(0, 10)).toBe('2026-12-05');
		expect(today(AFTER_MIDNIGHT)).toBe('2026-12-06');
		expect(parisDate(AFTER_MIDNIGHT)).toBe('2026-12-06');
		// Summer time: 00:35 in Paris is 22:35 UTC the day before.
		expect(today(new Date('2026-07-13T22:35:00Z'))).toBe('2026-07-14');
		expect(today(new Date('2026-07-13T21:59:00Z'))).toBe('2026-07-13');
	});

	it('dates a designation act produced at that instant 6 décembre 2026', () => {
		const commune = { name: 'Aubigny', type: 'commune' as const, address: '1 place de la Mairie, 21170 Aubigny', inseeCode: '21038', isPractice: false };
		const ctx = { commune: { ...commune, mayorName: 'Jean Dupont' }, dpd: { ...DPD_ANSWERS.identite, ...DPD_ANSWERS.lettre } };
		for (const kind of ['arrete_designation', 'lettre_mission']) {
			const template = DOCUMENT_TEMPLATES[kind]!;
			const draft = template.compose(ctx);
			const letter = letterOf(commune, template, ctx, draft.title, draft.subtitle, draft.sections, AFTER_MIDNIGHT);
			expect(letter.date, kind).toBe('6 décembre 2026');
			expect(letter.footer, kind).toContain('produit le 6 décembre 2026');
			expect(letter.letterhead[0], kind).toBe('Commune d’Aubigny');
		}
	});
});

describe('French dates', () => {
	it('writes « 1er » for the first of the month, and the other days plainly', () => {
		expect(formatDate('2026-12-01')).toBe('1er décembre 2026');
		expect(formatDate('2026-12-06')).toBe('6 décembre 2026');
		expect(formatDate('2026-12-11')).toBe('11 décembre 2026');
		expect(formatDate('2026-12-21')).toBe('21 décembre 2026');
		expect(plain(formatParis(new Date('2026-11-30T23:10:00Z')))).toBe('1er décembre 2026 à 00:10');
		expect(formatParis(new Date('2026-11-30T23:10:00Z'), false)).toBe('1er décembre 2026');
		expect(formatParis(AFTER_MIDNIGHT, false)).toBe('6 décembre 2026');
	});

	it('gives a placeholder for a missing or malformed date, and the short and numeric forms', () => {
		expect(formatDateOr('')).toBe('[date]');
		expect(formatDateOr(undefined, '—')).toBe('—');
		expect(formatDateOr('2026-13')).toBe('[date]');
		expect(formatDateOr('2026-05-01')).toBe('1er mai 2026');
		expect(formatDateNumeric('2026-05-04')).toBe('04/05/2026');
		expect(plain(formatShort(AFTER_MIDNIGHT))).toBe('06/12/2026 00:35');
		expect(formatMonth('2026-12')).toBe('décembre 2026');
	});
});

describe('French numbers and plurals', () => {
	it('groups thousands with a narrow space and writes a decimal comma', () => {
		expect(plain(formatNumber(1943))).toBe('1 943');
		expect(plain(formatNumber(1234567))).toBe('1 234 567');
		expect(formatNumber(2.5)).toBe('2,5');
		expect(formatNumber(12)).toBe('12');
	});

	it('takes the singular for 0 and 1, the plural from 2', () => {
		expect(plural(0, 'fiche')).toBe('0 fiche');
		expect(plural(1, 'fiche')).toBe('1 fiche');
		expect(plural(2, 'fiche')).toBe('2 fiches');
		expect(plain(plural(1500, 'habitant'))).toBe('1 500 habitants');
		expect(plural(3, 'travail', 'travaux')).toBe('3 travaux');
		expect(pluralWord(1, 'est', 'sont')).toBe('est');
		expect(pluralWord(4, 'est', 'sont')).toBe('sont');
	});
});

describe('elision and contraction', () => {
	it('elides « de » before a vowel or h, contracts it with « Le » and « Les »', () => {
		expect(ofPlace('Glanon')).toBe('de Glanon');
		expect(ofPlace('Aubigny')).toBe('d’Aubigny');
		expect(ofPlace('Yvré-l’Évêque')).toBe('d’Yvré-l’Évêque');
		expect(ofPlace('Écully')).toBe('d’Écully');
		expect(ofPlace('Hauteville')).toBe('d’Hauteville');
		expect(ofPlace('Le Mans')).toBe('du Mans');
		expect(ofPlace('Les Andelys')).toBe('des Andelys');
		expect(ofPlace('La Rochelle')).toBe('de La Rochelle');
		expect(ofWord('accès')).toBe('d’accès');
		expect(ofWord('rectification')).toBe('de rectification');
	});

	it('names a commune « Commune d’Aubigny » and any other body by its name', () => {
		expect(bodyName({ name: 'Aubigny', type: 'commune' })).toBe('Commune d’Aubigny');
		expect(bodyName({ name: 'Glanon', type: 'commune' }, 'sentence')).toBe('la commune de Glanon');
		expect(bodyName({ name: 'CCAS de Glanon', type: 'ccas' })).toBe('CCAS de Glanon');
		expect(mairieOf('Arnay-le-Duc')).toBe('Mairie d’Arnay-le-Duc');
		expect(mairieOf('Le Mans', false)).toBe('mairie du Mans');
	});

	it('elides in the documents: the mission letter and the act of a commune starting with a vowel', () => {
		const ctx = { commune: { name: 'Aubigny', type: 'commune', address: '', mayorName: 'Jean Dupont', inseeCode: null }, dpd: { ...DPD_ANSWERS.identite, ...DPD_ANSWERS.lettre } };
		const letter = DOCUMENT_TEMPLATES.lettre_mission!.compose(ctx);
		expect(letter.subtitle).toMatch(/^Commune d’Aubigny — /);
		expect(letter.sections.map((s) => s.text).join('\n')).toContain('de la commune d’Aubigny, à compter du 15 octobre 2026');
		expect(DOCUMENT_TEMPLATES.arrete_designation!.compose(ctx).subtitle).toBe('Le maire d’Aubigny');
	});
});

describe('download file names', () => {
	it('keeps letters without their accents, one dash between words, and the date given', () => {
		expect(downloadName(['registre', 'Saint-Étienne-lès-Oullins', '2026-12-06'], 'csv')).toBe('registre-Saint-Etienne-les-Oullins-2026-12-06.csv');
		expect(downloadName(['dossier-rgpd', 'L’Haÿ-les-Roses', 'v3', today(AFTER_MIDNIGHT)], 'pdf')).toBe('dossier-rgpd-L-Hay-les-Roses-v3-2026-12-06.pdf');
		expect(downloadName(['mention', 'Cœur de village : « fête »'], 'pdf')).toBe('mention-Coeur-de-village-fete.pdf');
		expect(downloadName(['  ', '…'], 'json')).toBe('document.json');
		expect(downloadName(['x'.repeat(300)], 'pdf')).toBe(`${'x'.repeat(150)}.pdf`);
		// Nothing but ASCII letters, digits, dots and dashes: safe in a content-disposition header.
		expect(downloadName(['a"b\\c\r\nd/é'], 'pdf')).toMatch(/^[A-Za-z0-9._-]+$/);
		expect(downloadName(['arrete_designation', 'Glanon'], 'pdf')).toBe('arrete_designation-Glanon.pdf');
	});
});

describe('civility and agreement', () => {
	it('names the civility and agrees a word with it, neutral when it is unknown', () => {
		expect(civilityWord('madame')).toBe('Madame');
		expect(civilityWord('monsieur')).toBe('Monsieur');
		expect(civilityWord(undefined)).toBe('');
		expect(civilityWord('constructor')).toBe('');
		const forms = { feminine: 'l’intéressée', masculine: 'l’intéressé', neutral: 'la personne désignée' };
		expect(agreeing('madame', forms)).toBe('l’intéressée');
		expect(agreeing('monsieur', forms)).toBe('l’intéressé');
		expect(agreeing('', forms)).toBe('la personne désignée');
		expect(agreeing(['madame'], forms)).toBe('la personne désignée');
	});
});
