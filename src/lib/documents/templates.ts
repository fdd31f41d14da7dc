// Documents the app writes for the commune, declared as data: each composes editable sections from
// the commune and the recipe answers; the user edits them before the PDF is produced.
import type { Answers } from '../recipes/types';
import { bodyName as bodyNameOf, formatDateOr, ofPlace } from '../french';

export interface DocumentContext {
	commune: { name: string; type: string; address: string; mayorName: string; inseeCode: string | null };
	dpd: Answers;
}

export interface EditableSection {
	id: string;
	heading: string;
	/** Paragraphs separated by blank lines; lines starting with "- " make a list. */
	text: string;
}

export interface DocumentTemplate {
	kind: string;
	title: string;
	/** What it is and who signs it, for the page. */
	description: string;
	recipe: string;
	compose(ctx: DocumentContext): { title: string; subtitle: string; sections: EditableSection[] };
	signatures(ctx: DocumentContext): { role: string; name: string }[];
}

const str = (v: unknown, fallback = '…') => (typeof v === 'string' && v.trim() ? v.trim() : fallback);

export function dpdName(dpd: Answers): string {
	return `${str(dpd.firstName, '')} ${str(dpd.lastName, '')}`.trim() || '[nom du délégué]';
}

/** « 6 décembre 2026 », « 1er décembre 2026 », or « [date] » when not answered (french.ts). */
export function formatDateFr(iso: unknown): string {
	return formatDateOr(iso);
}

const mayorTitle = (ctx: DocumentContext) => (ctx.commune.type === 'commune' ? 'Le maire' : 'Le président');
const bodyName = (ctx: DocumentContext) => bodyNameOf(ctx.commune, 'sentence');

const bullets = (text: unknown) =>
	str(text, '')
		.split('\n')
		.map((l) => l.replace(/^[-•]\s*/, '').trim())
		.filter(Boolean)
		.map((l) => `- ${l}`)
		.join('\n');

export const lettreMission: DocumentTemplate = {
	kind: 'lettre_mission',
	title: 'Lettre de mission du délégué à la protection des données',
	description: 'Ce que fait le délégué, avec quels moyens et quel temps. Signée par le maire et le délégué.',
	recipe: 'dpd',
	compose(ctx) {
		const d = ctx.dpd;
		const kind =
			d.dpdKind === 'mutualise'
				? ` Le délégué est partagé avec : ${str(d.sharedWith)}.`
				: d.dpdKind === 'externe'
					? ` Le délégué est un prestataire extérieur${d.organisation ? ` (${str(d.organisation)})` : ''}.`
					: '';
		return {
			title: 'Lettre de mission du délégué à la protection des données',
			subtitle: `${bodyNameOf(ctx.commune)} — règlement (UE) 2016/679 (RGPD), articles 37 à 39`,
			sections: [
				{
					id: 'objet',
					heading: 'Objet',
					text: `${mayorTitle(ctx)}, ${str(ctx.commune.mayorName, '[nom du maire]')}, confie à ${dpdName(d)} la mission de délégué à la protection des données (DPD) de ${bodyName(ctx)}, à compter du ${formatDateFr(d.designationDate)}.${kind}\n\nLe délégué conseille la commune et veille au respect du RGPD. La commune, représentée par son maire, reste responsable des traitements de données personnelles.`
				},
				{ id: 'missions', heading: 'Missions', text: bullets(d.missions) },
				{ id: 'moyens', heading: 'Moyens et temps alloués', text: bullets(d.means) },
				{
					id: 'relais',
					heading: 'Relais dans les services',
					text: str(d.relays, 'Le délégué s’appuie sur les agents de chaque service, qui l’informent des nouveaux traitements et de tout incident.')
				},
				{
					id: 'organisation',
					heading: 'Fonctionnement',
					text: `Le délégué fait le point avec le maire : ${str(d.meetingFrequency)}.\n\n${str(d.channels)}\n\nLe délégué est associé, dès le début, à tout projet qui touche à des données personnelles. Il est tenu au secret et à la confidentialité pour l’exercice de sa mission.`
				},
				{
					id: 'coordonnees',
					heading: 'Coordonnées du délégué',
					text: `${dpdName(d)}${d.organisation ? `, ${str(d.organisation)}` : ''}\nE-mail : ${str(d.email)}\nTéléphone : ${str(d.phone)}\nAdresse : ${str(d.postalAddress)}`
				}
			]
		};
	},
	signatures: (ctx) => [
		{ role: mayorTitle(ctx), name: str(ctx.commune.mayorName, '') },
		{ role: 'Le délégué à la protection des données', name: dpdName(ctx.dpd) }
	]
};

export const arreteDesignation: DocumentTemplate = {
	kind: 'arrete_designation',
	title: 'Arrêté de désignation du délégué à la protection des données',
	description: 'L’acte par lequel le maire désigne le délégué. Signé par le maire, puis affiché ou publié.',
	recipe: 'dpd',
	compose(ctx) {
		const d = ctx.dpd;
		return {
			title: `Arrêté portant désignation du délégué à la protection des données`,
			subtitle: `${mayorTitle(ctx)} ${ofPlace(ctx.commune.name)}`,
			sections: [
				{
					id: 'vus',
					heading: '',
					text: [
						'Vu le règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016 relatif à la protection des personnes physiques à l’égard du traitement des données à caractère personnel et à la libre circulation de ces données (RGPD), notamment ses articles 37 à 39 ;',
						'Vu la loi n° 78-17 du 6 janvier 1978 modifiée relative à l’informatique, aux fichiers et aux libertés ;',
						'Vu le code général des collectivités territoriales ;',
						`Considérant que ${bodyName(ctx)}, autorité publique, est tenue de désigner un délégué à la protection des données ;`,
						`Considérant que ${dpdName(d)} dispose des qualités requises pour exercer cette mission, ainsi que du temps et des moyens nécessaires ;`
					].join('\n\n')
				},
				{ id: 'arrete', heading: 'Arrête', text: '' },
				{
					id: 'article1',
					heading: 'Article 1',
					text: `${dpdName(d)}${d.organisation ? `, ${str(d.organisation)},` : ''} est désigné(e) délégué(e) à la protection des données de ${bodyName(ctx)} à compter du ${formatDateFr(d.designationDate)}.`
				},
				{
					id: 'article2',
					heading: 'Article 2',
					text: `Le délégué exerce les missions prévues à l’article 39 du RGPD, précisées par sa lettre de mission. Il dispose du temps et des moyens nécessaires, ne reçoit aucune instruction pour l’exercice de ses missions et rend compte directement au maire.`
				},
				{
					id: 'article3',
					heading: 'Article 3',
					text: `Les coordonnées du délégué (e-mail : ${str(d.email)} ; téléphone : ${str(d.phone)}) sont communiquées à la Commission nationale de l’informatique et des libertés (CNIL) et publiées sur le site internet et les formulaires de la commune.`
				},
				{
					id: 'article4',
					heading: 'Article 4',
					text: `Le présent arrêté sera affiché en mairie, notifié à l’intéressé(e) et transmis au représentant de l’État.`
				}
			]
		};
	},
	signatures: (ctx) => [{ role: mayorTitle(ctx), name: str(ctx.commune.mayorName, '') }]
};

export const DOCUMENT_TEMPLATES: Record<string, DocumentTemplate> = {
	[lettreMission.kind]: lettreMission,
	[arreteDesignation.kind]: arreteDesignation
};
