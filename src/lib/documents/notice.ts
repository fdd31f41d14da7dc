// The information notice of an activity (GDPR art. 13, or art. 14 when the data come from
// elsewhere), written in plain French from the register fiche, the notice record and the DPD.
import { DATA_CATEGORIES, LEGAL_BASES } from '../recipes/records';
import { RIGHTS } from '../recipes/registers';
import type { Answers } from '../recipes/types';
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

const BASIS_SENTENCE: Record<string, string> = {
	c: 'Ce traitement répond à une obligation légale de la commune',
	e: 'Ce traitement relève de l’exécution d’une mission de service public de la commune',
	a: 'Ce traitement repose sur votre consentement',
	b: 'Ce traitement est nécessaire au contrat que vous passez avec la commune',
	d: 'Ce traitement est nécessaire à la sauvegarde de vos intérêts vitaux',
	f: 'Ce traitement repose sur l’intérêt légitime de la commune'
};

export function noticeText({ commune, dpd, fiche, notice }: NoticeInput): NoticeText {
	const body = bodyName(commune, 'sentence');
	const article = notice.source === 'autre' ? '14' : '13';
	const purposes = lines(fiche.purposes);
	const basis = s(fiche.legalBasis);
	const dpdContact = [s(dpd.email) && `par e-mail à ${s(dpd.email)}`, s(dpd.postalAddress) && `par courrier : ${s(dpd.postalAddress).replace(/\n/g, ', ')}`].filter(Boolean).join(', ou ');
	const recipients = [s(fiche.recipientsInternal), s(fiche.recipientsExternal), s(fiche.processors) && `nos prestataires (${s(fiche.processors)}), qui agissent sur nos instructions`].filter(Boolean);
	const paragraphs: NoticeText['paragraphs'] = [
		{
			heading: 'Qui traite vos données ?',
			text: `${body.charAt(0).toUpperCase() + body.slice(1)}, représentée par ${commune.type === 'commune' ? 'son maire' : 'son président'}${s(commune.mayorName) ? `, ${s(commune.mayorName)}` : ''}${s(commune.address) ? ` (${s(commune.address)})` : ''}, est responsable du traitement « ${s(fiche.name)} ».`
		},
		{
			heading: 'Pourquoi ?',
			text: `Vos données servent à : ${purposes.length ? purposes.map(lower).join(' ; ') : '[finalités à compléter dans le registre]'}. ${BASIS_SENTENCE[basis] ?? 'Base légale à préciser'}${s(fiche.legalBasisJustification) ? ` (${s(fiche.legalBasisJustification)})` : ''}.`
		}
	];
	if (article === '14') {
		const cats = (Array.isArray(fiche.dataCategories) ? fiche.dataCategories : []).map((c) => DATA_CATEGORIES.find((o) => o.value === c)?.label ?? String(c));
		paragraphs.push({
			heading: 'Quelles données, et d’où viennent-elles ?',
			text: `${s(fiche.dataDetails) || (cats.length ? cats.join(' ; ') : '[données à préciser]')}. Elles proviennent de : ${s(notice.sourceDetails) || '[origine à préciser]'}.`
		});
	} else if (notice.mandatory) {
		paragraphs.push({
			heading: 'Devez-vous répondre ?',
			text:
				notice.mandatory === 'non'
					? 'Répondre est facultatif.'
					: `${notice.mandatory === 'oui' ? 'Les informations demandées sont obligatoires' : 'Certaines informations sont obligatoires'}${s(notice.mandatoryDetails) ? ` : ${s(notice.mandatoryDetails)}` : ''} ; sans elles, votre demande ne pourra pas être traitée.`
		});
	}
	paragraphs.push({ heading: 'Qui les reçoit ?', text: recipients.length ? `${recipients.join(' ; ')}.` : '[destinataires à préciser dans le registre]' });
	if (fiche.transfers === 'oui') {
		paragraphs.push({ heading: 'Hors de l’Union européenne', text: `Des données sont transférées hors de l’Union européenne : ${s(fiche.transferDetails)}.` });
	}
	paragraphs.push({ heading: 'Combien de temps ?', text: `${s(fiche.retention) || '[durée à préciser dans le registre]'}.`.replace(/\.\.$/, '.') });
	const rightNames = RIGHTS.filter((r) => ['acces', 'rectification', 'effacement', 'limitation', ...(basis === 'e' || basis === 'f' ? ['opposition'] : []), ...(basis === 'a' || basis === 'b' ? ['portabilite'] : [])].includes(r.value)).map((r) => lower(r.label.replace(/ \(.*\)$/, '')));
	paragraphs.push({
		heading: 'Vos droits',
		text: `Vous pouvez demander ${rightNames.map((r) => (/^[aeiouyàâéèê]/i.test(r) ? `l’${r}` : `la ${r}`)).join(', ').replace('l’accès, la rectification', 'l’accès à vos données, leur rectification')}${basis === 'a' ? ', et retirer votre consentement à tout moment, aussi simplement que vous l’avez donné' : ''}. ${s(notice.consentWithdraw) && basis === 'a' ? `Pour vous désinscrire : ${s(notice.consentWithdraw)}. ` : ''}Écrivez au délégué à la protection des données de la commune${dpdContact ? `, ${dpdContact}` : ''}. Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).`
	});
	return { title: `Vos données personnelles : ${s(fiche.name)}`, article, paragraphs };
}
