// The information notice of every catalogue activity, as a resident reads it: each item of art. 13
// (and 14) is there, written from the fields meant for residents, and none of the register's
// internal texts (justification of the legal basis, reason of the DPIA hint, cautions, source of
// the retention period) is pasted in.
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import { noticeText, type NoticeInput } from '../../src/lib/documents/notice';
import { activityKind, ficheFromCatalogue, kindFields } from '../../src/lib/recipes/records';
import type { Answers } from '../../src/lib/recipes/types';
import { DPD_ANSWERS } from '../helpers/answers';

const commune = { name: 'Aubigny', type: 'commune', address: 'Mairie, 1 place de la Mairie, 21000 Aubigny', mayorName: 'Jean Bernard' };
const dpd: Answers = Object.assign({}, ...Object.values(DPD_ANSWERS));

/** How the notice says each legal basis, in words. */
const BASIS_WORDS: Record<string, string> = {
	a: 'avec votre accord (votre consentement)',
	b: 'pour exécuter le contrat que vous passez avec elle',
	c: 'parce que la loi le lui impose',
	d: 'pour protéger votre vie ou votre santé',
	e: 'pour accomplir une mission de service public',
	f: 'pour un intérêt légitime'
};

const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** The pieces of an internal text long enough to be recognised when pasted (clauses, sentences). */
function pieces(text: string): string[] {
	return text
		.split(/\n|;|\.\s|\s\(|\)/)
		.map(norm)
		.filter((p) => p.length >= 25);
}

describe('the information notice of every catalogue activity', () => {
	it('covers the whole catalogue', () => {
		expect(CATALOGUE.length).toBeGreaterThan(10);
	});

	// The texts a resident may read: the fields that declare a notice item.
	const residentFields = kindFields(activityKind).filter((f) => f.law?.notice);

	it.each(CATALOGUE.map((e) => [e.id, e] as const))('%s', (_id, entry) => {
		const fiche = ficheFromCatalogue(entry);
		const residentText = norm(residentFields.map((f) => (typeof fiche[f.name] === 'string' ? String(fiche[f.name]) : '')).join('\n'));
		const internal = [entry.legalBasisJustification, entry.dpiaReason, ...(entry.cautions ?? []), entry.retentionSource.text];
		for (const source of ['personne', 'autre'] as const) {
			const input: NoticeInput = { commune, dpd, fiche, notice: { source, sourceDetails: 'Un autre organisme', mandatory: 'oui' } };
			const n = noticeText(input);
			const para = (heading: string) => norm(n.paragraphs.find((p) => p.heading === heading)?.text ?? '');
			const all = norm(n.paragraphs.map((p) => `${p.heading}\n${p.text}`).join('\n'));
			expect(n.article).toBe(source === 'autre' ? '14' : '13');
			// Who is responsible: the commune, represented by its mayor, with its address.
			expect(para('Qui traite vos données ?')).toContain(`La commune d’Aubigny, représentée par son maire, Jean Bernard (${commune.address}), est responsable du traitement « ${entry.name} ».`);
			// What for, and on which legal basis.
			for (const purpose of entry.purposes.split('\n')) expect(para('Pourquoi ?'), purpose).toContain(norm(lower(purpose)));
			expect(para('Pourquoi ?')).toContain(BASIS_WORDS[entry.legalBasis]);
			// Who receives the data.
			expect(para('Qui les reçoit ?')).toContain(norm(entry.recipientsInternal));
			if (entry.recipientsExternal) expect(para('Qui les reçoit ?')).toContain(norm(entry.recipientsExternal));
			// How long.
			expect(para('Combien de temps ?')).toContain(norm(entry.retention.split('\n')[0]!));
			// Art. 14: the data and where they come from.
			if (source === 'autre') expect(para('Quelles données, et d’où viennent-elles ?')).toContain('Elles proviennent de : Un autre organisme.');
			// The rights, the DPD's contact, the complaint to the CNIL.
			const rights = para('Vos droits');
			expect(rights).toContain('Vous pouvez demander l’accès à vos données, leur rectification');
			if (entry.legalBasis === 'a') expect(rights).toContain('retirer votre consentement');
			expect(rights).toContain(`par e-mail à ${String(dpd.email)}`);
			expect(rights).toContain('adresser une réclamation à la CNIL (www.cnil.fr)');
			expect(all).not.toContain('[');
			// No internal text, whole or in part (a piece that a resident field also says is allowed).
			for (const text of internal) {
				expect(all).not.toContain(norm(text));
				for (const piece of pieces(text)) if (!residentText.includes(piece)) expect(all, `${entry.id}: « ${piece} »`).not.toContain(piece);
			}
		}
	});
});
