// The information notice of an activity (GDPR art. 13, or art. 14 when the data come from
// elsewhere), written in plain French from the register fiche, the notice record and the DPD.
// Its paragraphs are the notice items of src/lib/recipes/law.ts; each tells the fiche's fields that
// declare the item (`law.notice`), in their declared order: with the notice's own wording for the
// fields below (`WORDING`), as « label : value » for any other. Only the fields written for residents
// declare a notice item: the register's internal texts (the justification of the legal basis, the
// source of a retention period, the reason of the DPIA hint, notes) declare none and never appear.
import { applies, displayValue, isAnswered, labelled } from '../recipes/fields';
import { NOTICE_ITEMS, noticeFields, type NoticeItem } from '../recipes/law';
import { activityKind, DATA_CATEGORIES, kindFields } from '../recipes/records';
import { RIGHTS } from '../recipes/registers';
import type { Answers, FieldDef } from '../recipes/types';
import { bodyName } from '../french';

export interface NoticeInput {
	commune: { name: string; type: string; address: string; mayorName: string };
	dpd: Answers;
	fiche: Answers;
	notice: Answers;
}

export interface NoticeText {
	title: string;
	article: '13' | '14';
	paragraphs: { heading: string; text: string }[];
}

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const lines = (v: unknown) => s(v).split('\n').map((l) => l.trim()).filter(Boolean);
const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** The legal basis in words a resident understands (outputs.md §5), never the register's justification. */
const BASIS_SENTENCE: Record<string, string> = {
	c: 'La commune utilise ces données parce que la loi le lui impose',
	e: 'La commune utilise ces données pour accomplir une mission de service public qui lui est confiée',
	a: 'La commune utilise ces données avec votre accord (votre consentement)',
	b: 'La commune utilise ces données pour exécuter le contrat que vous passez avec elle',
	d: 'La commune utilise ces données pour protéger votre vie ou votre santé, ou celles d’une autre personne',
	f: 'La commune utilise ces données pour un intérêt légitime'
};

type Commune = NoticeInput['commune'];

/** The notice's own wording of some fields ('' when another field's wording already says it). */
const WORDING: Record<string, (fiche: Answers, commune: Commune) => string> = {
	name: (fiche, commune) => {
		const body = bodyOf(commune);
		return `${body.charAt(0).toUpperCase() + body.slice(1)}, représentée par ${commune.type === 'commune' ? 'son maire' : 'son président'}${s(commune.mayorName) ? `, ${s(commune.mayorName)}` : ''}${s(commune.address) ? ` (${s(commune.address)})` : ''}, est responsable du traitement « ${s(fiche.name)} ».`;
	},
	purposes: (fiche) => {
		const purposes = lines(fiche.purposes);
		return `Vos données servent à : ${purposes.length ? purposes.map(lower).join(' ; ') : '[finalités à compléter dans le registre]'}.`;
	},
	legalBasis: (fiche) => `${BASIS_SENTENCE[s(fiche.legalBasis)] ?? 'Base légale à préciser'}.`,
	dataCategories: (fiche) => {
		if (s(fiche.dataDetails)) return '';
		const cats = (Array.isArray(fiche.dataCategories) ? fiche.dataCategories : []).map((c) => DATA_CATEGORIES.find((o) => o.value === c)?.label ?? String(c));
		return cats.length ? cats.join(' ; ') : '[données à préciser]';
	},
	dataDetails: (fiche) => s(fiche.dataDetails),
	recipientsInternal: (fiche) => s(fiche.recipientsInternal),
	recipientsExternal: (fiche) => s(fiche.recipientsExternal),
	processors: (fiche) => (s(fiche.processors) ? `nos prestataires (${s(fiche.processors)}), qui agissent sur nos instructions` : ''),
	transfers: () => '',
	transferDetails: (fiche) => s(fiche.transferDetails),
	retention: (fiche) => s(fiche.retention)
};

/** How each item's parts make its paragraph; null leaves the paragraph out. */
const COMPOSE: Record<NoticeItem, (parts: string[], input: NoticeInput) => string | null> = {
	'13.1.a': (parts) => sentences(parts),
	'13.1.c': (parts) => sentences(parts),
	'14.1.d': (parts, { notice }) => `${parts.join(' ; ') || '[données à préciser]'}. Elles proviennent de : ${s(notice.sourceDetails) || '[origine à préciser]'}.`,
	'13.1.e': (parts) => (parts.length ? `${parts.join(' ; ')}.` : '[destinataires à préciser dans le registre]'),
	'13.1.f': (parts, { fiche }) => (fiche.transfers === 'oui' ? `Des données sont transférées hors de l’Union européenne : ${parts.join(' ; ')}.` : null),
	'13.2.a': (parts) => `${parts.join(' ; ') || '[durée à préciser dans le registre]'}.`.replace(/\.\.$/, '.')
};

/** Parts as sentences: a full stop added where there is none. */
const sentences = (parts: string[]) => parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');

const bodyOf = (commune: Commune) => bodyName(commune, 'sentence');

/** A field in the notice: its wording, or « label : value » when answered. */
function told(field: FieldDef, fiche: Answers, commune: Commune): string {
	const wording = WORDING[field.name];
	if (wording) return wording(fiche, commune);
	return isAnswered(fiche[field.name]) ? labelled(field, displayValue(field, fiche[field.name], new Map())) : '';
}

export function noticeText(input: NoticeInput): NoticeText {
	const { commune, dpd, fiche, notice } = input;
	const article = notice.source === 'autre' ? '14' : '13';
	const basis = s(fiche.legalBasis);
	const dpdContact = [s(dpd.email) && `par e-mail à ${s(dpd.email)}`, s(dpd.postalAddress) && `par courrier : ${s(dpd.postalAddress).replace(/\n/g, ', ')}`].filter(Boolean).join(', ou ');
	const fields = kindFields(activityKind).filter((f) => applies(f, fiche));
	const paragraphs: NoticeText['paragraphs'] = [];
	for (const { item, heading, only14 } of NOTICE_ITEMS) {
		if (only14 && article !== '14') continue;
		const text = COMPOSE[item](noticeFields(fields, item).map((f) => told(f, fiche, commune)).filter(Boolean), input);
		if (text !== null) paragraphs.push({ heading, text });
		// Art. 13(2)(e), from the notice itself: whether answering is compulsory (after the purposes).
		if (item === '13.1.c' && article === '13' && notice.mandatory) {
			paragraphs.push({
				heading: 'Devez-vous répondre ?',
				text:
					notice.mandatory === 'non'
						? 'Répondre est facultatif.'
						: `${notice.mandatory === 'oui' ? 'Les informations demandées sont obligatoires' : 'Certaines informations sont obligatoires'}${s(notice.mandatoryDetails) ? ` : ${s(notice.mandatoryDetails)}` : ''} ; sans elles, votre demande ne pourra pas être traitée.`
			});
		}
	}
	const rightNames = RIGHTS.filter((r) => ['acces', 'rectification', 'effacement', 'limitation', ...(basis === 'e' || basis === 'f' ? ['opposition'] : []), ...(basis === 'a' || basis === 'b' ? ['portabilite'] : [])].includes(r.value)).map((r) => lower(r.label.replace(/ \(.*\)$/, '')));
	paragraphs.push({
		heading: 'Vos droits',
		text: `Vous pouvez demander ${rightNames.map((r) => (/^[aeiouyàâéèê]/i.test(r) ? `l’${r}` : `la ${r}`)).join(', ').replace('l’accès, la rectification', 'l’accès à vos données, leur rectification')}${basis === 'a' ? ', et retirer votre consentement à tout moment, aussi simplement que vous l’avez donné' : ''}. ${s(notice.consentWithdraw) && basis === 'a' ? `Pour vous désinscrire : ${s(notice.consentWithdraw)}. ` : ''}Écrivez au délégué à la protection des données de la commune${dpdContact ? `, ${dpdContact}` : ''}. Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).`
	});
	return { title: `Vos données personnelles : ${s(fiche.name)}`, article, paragraphs };
}
