// The designation act and the mission letter: what they say (visas, articles, voies de recours,
// notification, agreement with the person) and how they are laid out (no page holding only the
// signatures). Dates are fixed: nothing here depends on today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arreteDesignation, DOCUMENT_TEMPLATES, lettreMission, type DocumentContext } from '../../src/lib/documents/templates';
import { missingFields } from '../../src/lib/recipes/engine';
import { applies } from '../../src/lib/recipes/fields';
import { dpdRecipe } from '../../src/lib/recipes/dpd';
import type { Answers } from '../../src/lib/recipes/types';
import { letterOf } from '../../src/lib/server/domain/documents';
import { renderLetter, type LetterContent } from '../../src/lib/server/pdf/letter';
import { DPD_ANSWERS } from '../helpers/answers';

const NOW = new Date('2026-12-01T10:00:00Z');
const DPD: Answers = Object.assign({}, ...Object.values(DPD_ANSWERS));
const commune = { name: 'Aubigny', type: 'commune', address: 'Mairie, 1 place de la Mairie, 21000 Aubigny', mayorName: 'Jean Bernard', inseeCode: '21001' };
const ctxOf = (dpd: Answers, body: Partial<DocumentContext['commune']> = {}): DocumentContext => ({ commune: { ...commune, ...body }, dpd });
const SHARED: Answers = {
	...DPD,
	dpdKind: 'mutualise',
	position: 'exterieur',
	sharedWith: 'Centre de gestion de la Côte-d’Or',
	organisation: 'Centre de gestion de la Côte-d’Or',
	conventionDate: '2026-03-01',
	conventionParties: 'la commune d’Aubigny et le centre de gestion de la Côte-d’Or'
};

function actText(dpd: Answers, body: Partial<DocumentContext['commune']> = {}) {
	const draft = arreteDesignation.compose(ctxOf(dpd, body));
	const section = (id: string) => draft.sections.find((s) => s.id === id)!;
	const all = [draft.subtitle, ...draft.sections.flatMap((s) => [s.heading, s.text]), ...arreteDesignation.signatures(ctxOf(dpd, body)).flatMap((s) => [s.role, s.name, s.line ?? ''])].join('\n');
	return { draft, section, all };
}

const dir = mkdtempSync(join(tmpdir(), 'documents-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** The text of each page of a PDF, read with pdftotext -f N -l N. */
function pages(pdf: Buffer): string[] {
	const file = join(dir, `doc-${++files}.pdf`);
	writeFileSync(file, pdf);
	const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
	return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

function letter(dpd: Answers, template = arreteDesignation, edit: (sections: { id: string; heading: string; text: string }[]) => void = () => {}): LetterContent {
	const ctx = ctxOf(dpd);
	const draft = template.compose(ctx);
	const sections = draft.sections.map((s) => ({ ...s }));
	edit(sections);
	return letterOf({ ...commune, type: 'commune', isPractice: false }, template, ctx, draft.title, draft.subtitle, sections, NOW);
}

describe('the designation act', () => {
	it('cites the GDPR, the loi 78-17 and the CGCT article of the mayor’s powers, and names the commune represented by its mayor', () => {
		const { section } = actText(DPD);
		const visas = section('vus').text;
		expect(visas).toContain('règlement (UE) 2016/679');
		expect(visas).toContain('notamment ses articles 37 à 39');
		expect(visas).toContain('Vu la loi n° 78-17 du 6 janvier 1978');
		expect(visas).toContain('code général des collectivités territoriales, notamment son article L2122-18');
		expect(visas).toContain('la commune d’Aubigny, représentée par son maire,');
		expect(visas).not.toContain('convention');
		// A syndicat: its president, and the CGCT article of an EPCI's executive.
		expect(actText(DPD, { name: 'SIVOS des Trois Villages', type: 'syndicat' }).section('vus').text).toContain('article L5211-9');
	});

	it('cites the convention of a shared DPD, with its date and its parties', () => {
		const { section } = actText(SHARED);
		expect(section('vus').text).toContain('Vu la convention du 1er mars 2026 entre la commune d’Aubigny et le centre de gestion de la Côte-d’Or, qui organise');
		expect(section('article1').text).toContain('dans le cadre de la convention du 1er mars 2026');
		expect(actText({ ...SHARED, conventionDate: undefined, conventionParties: undefined }).section('vus').text).toContain('Vu la convention du [date] entre [parties à la convention]');
	});

	it('asks the date and the parties of the convention when the DPD is shared, and only then', () => {
		const type = dpdRecipe.steps.find((s) => s.id === 'type')!;
		if (type.kind !== 'form') throw new Error('form step expected');
		const names = ['conventionDate', 'conventionParties'];
		const fields = type.fields.filter((f) => names.includes(f.name));
		expect(fields.map((f) => f.name)).toEqual(names);
		for (const f of fields) {
			expect(applies(f, { dpdKind: 'mutualise' }), f.name).toBe(true);
			expect(applies(f, { dpdKind: 'interne' }), f.name).toBe(false);
			expect(applies(f, { dpdKind: 'externe' }), f.name).toBe(false);
		}
		const shared = { dpdKind: 'mutualise', position: 'exterieur', sharedWith: 'CDG 21' };
		expect(missingFields(type.fields, shared).map((f) => f.name)).toEqual(names);
		expect(missingFields(type.fields, { ...shared, conventionDate: '2026-03-01', conventionParties: 'la commune et le CDG' })).toEqual([]);
		expect(missingFields(type.fields, { dpdKind: 'interne', position: 'secretaire' })).toEqual([]);
	});

	it('agrees « désigné » with the person: Madame, Monsieur, or a neutral wording, never « désigné(e) »', () => {
		const madame = actText({ ...DPD, civility: 'madame' });
		expect(madame.section('article1').text).toBe('Madame Sophie Martinot est désignée déléguée à la protection des données de la commune d’Aubigny à compter du 15 octobre 2026.');
		expect(madame.section('article4').text).toContain('notifié à l’intéressée,');
		expect(madame.all).toContain('Signature de l’intéressée :');
		const monsieur = actText({ ...DPD, civility: 'monsieur', firstName: 'Paul', lastName: 'Durand' });
		expect(monsieur.section('article1').text).toBe('Monsieur Paul Durand est désigné délégué à la protection des données de la commune d’Aubigny à compter du 15 octobre 2026.');
		expect(monsieur.section('article4').text).toContain('notifié à l’intéressé,');
		expect(monsieur.all).not.toMatch(/désignée|intéressée/);
		const unknown = actText({ ...DPD, civility: undefined });
		expect(unknown.section('article1').text).toBe('La fonction de délégué à la protection des données de la commune d’Aubigny est confiée à Sophie Martinot à compter du 15 octobre 2026.');
		expect(unknown.section('article4').text).toContain('notifié à la personne désignée,');
		for (const { all } of [madame, monsieur, unknown, actText(SHARED)]) expect(all).not.toMatch(/\(e\)|désigné\(|intéressé\(/);
		// The organisation of a shared DPD, in both wordings.
		expect(actText(SHARED).section('article1').text).toMatch(/^Madame Sophie Martinot, Centre de gestion de la Côte-d’Or, est désignée déléguée/);
		expect(actText({ ...SHARED, civility: undefined }).section('article1').text).toContain('est confiée à Sophie Martinot, Centre de gestion de la Côte-d’Or à compter du');
	});

	it('fills in the articles: the missions of art. 39, the contact details published, then the voies et délais de recours', () => {
		const { draft, section } = actText({ ...DPD, websiteUrl: 'https://www.aubigny.fr/rgpd' });
		expect(section('article2').text).toContain('missions prévues à l’article 39 du RGPD : informer et conseiller');
		expect(section('article2').text).toContain('analyses d’impact');
		expect(section('article2').text).toContain('coopérer avec la Commission nationale de l’informatique et des libertés');
		expect(section('article3').text).toContain('e-mail : rgpd@mairie-glanon.fr ; téléphone : 03 80 00 12 34 ; adresse : Mairie, 2 rue de l’Église, 21250 Glanon');
		expect(section('article3').text).toContain('(https://www.aubigny.fr/rgpd)');
		const last = draft.sections.at(-1)!;
		expect(last.heading).toBe('Voies et délais de recours');
		expect(last.text).toContain('tribunal administratif dans un délai de deux mois à compter de sa notification');
		expect(last.text).toContain('R421-1 et R421-5 du code de justice administrative');
		expect(last.text).toContain('« Télérecours citoyens », sur le site www.telerecours.fr');
	});

	it('leaves room for the notification and the DPD’s signature next to the mayor’s', () => {
		const signatures = arreteDesignation.signatures(ctxOf(DPD));
		expect(signatures).toEqual([
			{ role: 'Le maire', name: 'Jean Bernard' },
			{ role: 'Notifié le : ……………………', name: 'À l’intéressée, Madame Sophie Martinot', line: 'Signature de l’intéressée :' }
		]);
	});

	it('makes « Arrête » a fixed line, and no section of either document an empty box', () => {
		const { draft } = actText(DPD);
		const arrete = draft.sections.find((s) => s.heading === 'Arrête')!;
		expect(arrete).toMatchObject({ text: '', fixed: true });
		expect(draft.sections.indexOf(arrete)).toBe(1);
		for (const template of Object.values(DOCUMENT_TEMPLATES)) {
			for (const dpd of [DPD, SHARED, {}]) {
				for (const s of template.compose(ctxOf(dpd)).sections) {
					if (!s.fixed) expect(s.text.trim(), `${template.kind} ${s.id}`).not.toBe('');
				}
			}
		}
	});

	it('prints the visas, « Arrête », the articles, the recours and the notification in the PDF', async () => {
		const text = pages(await renderLetter(letter(SHARED), NOW)).join('\n').replace(/\s+/g, ' ');
		for (const expected of [
			'Vu la convention du 1er mars 2026',
			'Arrête Article 1 Madame Sophie Martinot',
			'Voies et délais de recours',
			'www.telerecours.fr',
			'Fait à Aubigny, le 1er décembre 2026.',
			'Notifié le',
			'Signature de l’intéressée :'
		])
			expect(text).toContain(expected);
	});
});

describe('the signature block', () => {
	const LAST = 'Dernier paragraphe de la lettre, qui doit rester avec les signatures.';

	/** The mission letter with `n` extra paragraphs, its last section ending with LAST. */
	const padded = (n: number, tail: 'paragraph' | 'list') =>
		letter(DPD, lettreMission, (sections) => {
			const organisation = sections.find((s) => s.id === 'organisation')!;
			organisation.text += Array.from({ length: n }, (_, i) => `\n\nParagraphe ${i + 1} : le délégué rend compte de son activité au maire et au conseil municipal.`).join('');
			const last = sections.at(-1)!;
			last.text = tail === 'paragraph' ? `${last.text}\n\n${LAST}` : `- Premier point de la liste\n- ${LAST}`;
		});

	it('stays on the page of the last paragraph, whatever the length of the letter', async () => {
		let moved = 0;
		for (const tail of ['paragraph', 'list'] as const) {
			// 0 and 1: the letter's end falls near the bottom of the first page; then longer letters.
			for (const n of [0, 1, 2, 3, 12, 20]) {
				const content = padded(n, tail);
				const text = pages(await renderLetter(content, NOW));
				const last = text.at(-1)!.replace(/\s+/g, ' ');
				expect(last, `${tail}, ${n} paragraphs: signatures on the last page`).toContain('Fait à Aubigny, le 1er décembre 2026.');
				expect(last, `${tail}, ${n} paragraphs: the last paragraph with the signatures`).toContain(LAST);
				expect(last).toContain('Le délégué à la protection des données');
				for (const page of text.slice(0, -1)) expect(page).not.toContain('Fait à Aubigny');
				if (text.length > 1 && /^\s*(•\s*)?Dernier paragraphe/.test(text.at(-1)!)) moved++;
			}
		}
		// Some lengths put the end of the letter near the bottom of a page (what the test is for).
		expect(moved).toBeGreaterThan(0);
	}, 30_000);
});
