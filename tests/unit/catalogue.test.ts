import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/catalogue/entries';
import {
	activityKind,
	DATA_CATEGORIES,
	DATA_SUBJECTS,
	DPIA_HINTS,
	FINAL_FATES,
	kindFields,
	LEGAL_BASES,
	SENSITIVE_DATA
} from '../../src/lib/recipes/records';
import { isAnswered } from '../../src/lib/recipes/fields';
import { ficheFromCatalogue } from '../../src/lib/recipes/records';
import type { Option } from '../../src/lib/recipes/types';

const values = (options: Option[]) => new Set(options.map((o) => o.value));

const REQUIRED_IDS = [
	'etat-civil',
	'listes-electorales',
	'recensement-citoyen',
	'urbanisme',
	'cadastre',
	'cimetiere',
	'inscriptions-scolaires',
	'cantine-periscolaire',
	'ccas-aide-sociale',
	'registre-canicule',
	'alerte-sms',
	'lettre-information',
	'site-web',
	'videoprotection',
	'cameras-pietons',
	'gestion-personnel',
	'paie',
	'recrutement',
	'elus',
	'location-salles',
	'colis-aines',
	'marches-publics',
	'eau-assainissement',
	'archives-papier',
	'courrier-accueil',
	'debits-de-boissons',
	'associations-subventions',
	'bibliotheque'
];

const byId = (id: string) => {
	const entry = CATALOGUE.find((e) => e.id === id);
	if (!entry) throw new Error(`missing catalogue entry ${id}`);
	return entry;
};

describe('commune catalogue', () => {
	it('has at least 25 entries with unique kebab-case ids', () => {
		expect(CATALOGUE.length).toBeGreaterThanOrEqual(25);
		const ids = CATALOGUE.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
	});

	it('contains the typical activities of a commune', () => {
		const ids = new Set(CATALOGUE.map((e) => e.id));
		for (const id of REQUIRED_IDS) expect(ids.has(id), id).toBe(true);
	});

	it('uses only the option values of the register', () => {
		const subjects = values(DATA_SUBJECTS);
		const categories = values(DATA_CATEGORIES);
		const sensitive = values(SENSITIVE_DATA);
		for (const e of CATALOGUE) {
			expect(values(LEGAL_BASES).has(e.legalBasis), `${e.id} legalBasis`).toBe(true);
			expect(values(FINAL_FATES).has(e.finalFate), `${e.id} finalFate`).toBe(true);
			expect(values(DPIA_HINTS).has(e.dpiaHint), `${e.id} dpiaHint`).toBe(true);
			expect(e.dataSubjects.length, `${e.id} dataSubjects`).toBeGreaterThan(0);
			expect(e.dataCategories.length, `${e.id} dataCategories`).toBeGreaterThan(0);
			for (const v of e.dataSubjects) expect(subjects.has(v), `${e.id} subject ${v}`).toBe(true);
			for (const v of e.dataCategories) expect(categories.has(v), `${e.id} category ${v}`).toBe(true);
			for (const v of e.sensitive) expect(sensitive.has(v), `${e.id} sensitive ${v}`).toBe(true);
		}
	});

	it('gives every entry its purposes, legal basis justification, retention and source', () => {
		for (const e of CATALOGUE) {
			expect(e.name.trim(), e.id).not.toBe('');
			expect(e.domain.trim(), e.id).not.toBe('');
			expect(e.purposes.split('\n').every((p) => p.trim() !== ''), `${e.id} purposes`).toBe(true);
			expect(e.legalBasisJustification.trim(), e.id).not.toBe('');
			expect(e.retention.trim(), `${e.id} retention`).not.toBe('');
			expect(e.retentionSource.text.trim(), `${e.id} retentionSource`).not.toBe('');
			expect(e.recipientsInternal.trim(), `${e.id} recipientsInternal`).not.toBe('');
			expect(e.dpiaReason.trim(), `${e.id} dpiaReason`).not.toBe('');
			if (e.retentionSource.url) expect(e.retentionSource.url).toMatch(/^https:\/\//);
		}
	});

	it('says what to check wherever a retention source is weak', () => {
		for (const e of CATALOGUE.filter((x) => x.retentionSource.weak)) {
			expect(e.retentionSource.text, e.id).toMatch(/vérifier|confirmer/i);
		}
	});

	it('justifies every sensitive data category', () => {
		for (const e of CATALOGUE.filter((x) => x.sensitive.length > 0)) {
			expect(e.sensitiveJustification?.trim() ?? '', e.id).not.toBe('');
		}
	});

	it('gives the expected DPIA hints', () => {
		expect(byId('ccas-aide-sociale').dpiaHint).toBe('requise');
		expect(byId('listes-electorales').dpiaHint).toBe('non_requise');
		expect(byId('registre-canicule').dpiaHint).toBe('probable');
		// Video-protection of public roads is a case of art. 35(3)(c): required by itself, not « probable ».
		expect(byId('videoprotection').dpiaHint).toBe('requise');
		expect(byId('cameras-pietons').dpiaHint).toBe('a_examiner');
		expect(byId('gestion-personnel').dpiaHint).toBe('non_requise');
		expect(byId('cantine-periscolaire').dpiaHint).toBe('non_requise');
	});

	it('carries the key cautions', () => {
		expect(byId('listes-electorales').cautions?.join(' ')).toMatch(/commercial/);
		expect(byId('colis-aines').cautions?.join(' ')).toMatch(/consonance/);
		expect(byId('cantine-periscolaire').cautions?.join(' ')).toMatch(/religion/);
	});

	it('passes the register field schemas', () => {
		const fields = kindFields(activityKind);
		for (const e of CATALOGUE) {
			const entry = e as unknown as Record<string, unknown>;
			for (const field of fields) {
				if (!(field.name in entry)) continue;
				// The register stores the source as text; the catalogue keeps it structured.
				const value = field.name === 'retentionSource' ? e.retentionSource.text : entry[field.name];
				if (!isAnswered(value)) continue;
				const result = field.schema.safeParse(value);
				expect(result.success, `${e.id}.${field.name}: ${result.error?.issues[0]?.message ?? ''}`).toBe(true);
			}
		}
	});

	it('pre-fills any fiche field an entry names, and nothing else', () => {
		const entry = { ...CATALOGUE[0]!, jointController: 'Centre communal d’action sociale', notAField: 'ignoré' };
		const data = ficheFromCatalogue(entry);
		expect(data.jointController).toBe('Centre communal d’action sociale');
		expect(data).not.toHaveProperty('notAField');
		expect(data).not.toHaveProperty('cautions');
		const names = new Set(kindFields(activityKind).map((f) => f.name));
		for (const key of Object.keys(data)) expect(names.has(key), key).toBe(true);
		expect(data.retentionSource).toEqual(expect.stringContaining(CATALOGUE[0]!.retentionSource.text));
	});
});
