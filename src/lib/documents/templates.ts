// Documents the app writes for the commune, declared as data: each composes editable sections from
// the commune and the recipe answers; the user edits them before the PDF is produced.
import type { Answers } from '../recipes/types';
import { agreeing, bodyName as bodyNameOf, civilityWord, formatDateOr, ofPlace } from '../french';

export interface DocumentContext {
	commune: { name: string; type: string; address: string; mayorName: string; inseeCode: string | null };
	dpd: Answers;
}

export interface EditableSection {
	id: string;
	heading: string;
	/** Paragraphs separated by blank lines; lines starting with "- " make a list. */
	text: string;
	/**
	 * A fixed line (the « Arrête » of an act): its heading is printed, it has no text and is not
	 * edited — the editor shows it as a line, never as an empty box.
	 */
	fixed?: true;
}

/** A signatory: the role, the name, and the line where they sign (« Signature : » by default). */
export interface Signatory {
	role: string;
	name: string;
	line?: string;
}

export interface DocumentTemplate {
	kind: string;
	title: string;
	/** What it is and who signs it, for the page. */
	description: string;
	recipe: string;
	compose(ctx: DocumentContext): { title: string; subtitle: string; sections: EditableSection[] };
	signatures(ctx: DocumentContext): Signatory[];
}

const str = (v: unknown, fallback = '…') => (typeof v === 'string' && v.trim() ? v.trim() : fallback);

export function dpdName(dpd: Answers): string {
	return `${str(dpd.firstName, '')} ${str(dpd.lastName, '')}`.trim() || '[nom du délégué]';
}

/** « Madame Sophie Martinot », or the name alone when the civility is not known. */
export function dpdTitledName(dpd: Answers): string {
	const civility = civilityWord(dpd.civility);
	return civility ? `${civility} ${dpdName(dpd)}` : dpdName(dpd);
}

/** The CGCT article that gives the executive its powers of administration, by kind of body. */
function cgctVisa(type: string): string {
	if (type === 'commune') return 'Vu le code général des collectivités territoriales, notamment son article L2122-18 (le maire, seul chargé de l’administration de la commune) ;';
	if (type === 'epci' || type === 'syndicat')
		return 'Vu le code général des collectivités territoriales, notamment son article L5211-9 (le président, organe exécutif de l’établissement, seul chargé de l’administration) ;';
	return 'Vu le code général des collectivités territoriales ;';
}

/** « 6 décembre 2026 », « 1er décembre 2026 », or « [date] » when not answered (french.ts). */
export function formatDateFr(iso: unknown): string {
	return formatDateOr(iso);
}

const mayorTitle = (ctx: DocumentContext) => (ctx.commune.type === 'commune' ? 'Le maire' : 'Le président');
const bodyName = (ctx: DocumentContext) => bodyNameOf(ctx.commune, 'sentence');

const bullets = (text: unknown, missing: string) =>
	str(text, '')
		.split('\n')
		.map((l) => l.replace(/^[-•]\s*/, '').trim())
		.filter(Boolean)
		.map((l) => `- ${l}`)
		.join('\n') || missing;

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
				{ id: 'missions', heading: 'Missions', text: bullets(d.missions, '[missions à compléter dans la recette]') },
				{ id: 'moyens', heading: 'Moyens et temps alloués', text: bullets(d.means, '[moyens et temps à compléter dans la recette]') },
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
	description:
		'L’acte par lequel le maire désigne le délégué. Signé par le maire, notifié au délégué (qui signe la notification), puis affiché ou publié.',
	recipe: 'dpd',
	compose(ctx) {
		const d = ctx.dpd;
		const c = d.civility;
		const who = dpdTitledName(d);
		const designated = agreeing(c, { feminine: 'désignée déléguée', masculine: 'désigné délégué', neutral: '' });
		const concerned = agreeing(c, { feminine: 'l’intéressée', masculine: 'l’intéressé', neutral: 'la personne désignée' });
		const shared = d.dpdKind === 'mutualise';
		const convention = `la convention du ${formatDateFr(d.conventionDate)} entre ${str(d.conventionParties, '[parties à la convention]')}`;
		const organisation = d.organisation && d.dpdKind !== 'interne' ? `, ${str(d.organisation)},` : '';
		const from = `à compter du ${formatDateFr(d.designationDate)}`;
		const article1 = designated
			? `${who}${organisation} est ${designated} à la protection des données de ${bodyName(ctx)} ${from}.`
			: `La fonction de délégué à la protection des données de ${bodyName(ctx)} est confiée à ${who}${organisation.replace(/,$/, '')} ${from}.`;
		const contact = [
			`e-mail : ${str(d.email)}`,
			`téléphone : ${str(d.phone)}`,
			`adresse : ${str(d.postalAddress).replace(/\s*\n\s*/g, ', ')}`
		].join(' ; ');
		const website = typeof d.websiteUrl === 'string' && d.websiteUrl.trim() ? ` (${d.websiteUrl.trim()})` : '';
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
						cgctVisa(ctx.commune.type),
						...(shared ? [`Vu ${convention}, qui organise la mise à disposition d’un délégué à la protection des données partagé ;`] : []),
						`Considérant que ${bodyName(ctx)}, représentée par ${ctx.commune.type === 'commune' ? 'son maire' : 'son président'}, est responsable des traitements de données personnelles qu’elle met en œuvre et, autorité publique, est tenue de désigner un délégué à la protection des données (article 37.1.a du RGPD) ;`,
						`Considérant que ${who} dispose des qualités requises pour exercer cette mission, ainsi que du temps et des moyens nécessaires ;`
					].join('\n\n')
				},
				{ id: 'arrete', heading: 'Arrête', text: '', fixed: true },
				{ id: 'article1', heading: 'Article 1', text: shared ? `${article1}\n\nCette désignation est faite dans le cadre de ${convention}.` : article1 },
				{
					id: 'article2',
					heading: 'Article 2',
					text: `Le délégué exerce les missions prévues à l’article 39 du RGPD : informer et conseiller le maire, les élus et les agents sur leurs obligations ; contrôler le respect du RGPD et des règles de la commune, notamment en sensibilisant et en formant les agents ; conseiller la commune sur les analyses d’impact et en vérifier l’exécution ; coopérer avec la Commission nationale de l’informatique et des libertés (CNIL) et être son point de contact. Sa lettre de mission précise ces missions.\n\nLe délégué dispose du temps et des moyens nécessaires. Il ne reçoit aucune instruction pour l’exercice de ses missions, ne peut être sanctionné pour les avoir exercées et rend compte directement au maire (article 38 du RGPD).`
				},
				{
					id: 'article3',
					heading: 'Article 3',
					text: `Les coordonnées du délégué (${contact}) sont communiquées à la CNIL et publiées sur le site internet de la commune${website} et sur ses formulaires, afin que chacun puisse le joindre (article 37.7 du RGPD).`
				},
				{
					id: 'article4',
					heading: 'Article 4',
					text: `Le présent arrêté sera notifié à ${concerned}, affiché en mairie et, s’il y a lieu, transmis au représentant de l’État dans le département. ${mayorTitle(ctx)} est chargé de son exécution.`
				},
				{
					id: 'recours',
					heading: 'Voies et délais de recours',
					text: `Le présent arrêté peut faire l’objet d’un recours devant le tribunal administratif dans un délai de deux mois à compter de sa notification (articles R421-1 et R421-5 du code de justice administrative). Le tribunal peut être saisi par l’application « Télérecours citoyens », sur le site www.telerecours.fr.`
				}
			]
		};
	},
	signatures: (ctx) => [
		{ role: mayorTitle(ctx), name: str(ctx.commune.mayorName, '') },
		{
			role: 'Notifié le : ……………………',
			name: `${agreeing(ctx.dpd.civility, { feminine: 'À l’intéressée', masculine: 'À l’intéressé', neutral: 'À la personne désignée' })}, ${dpdTitledName(ctx.dpd)}`,
			line: agreeing(ctx.dpd.civility, { feminine: 'Signature de l’intéressée :', masculine: 'Signature de l’intéressé :', neutral: 'Signature de la personne désignée :' })
		}
	]
};

export const DOCUMENT_TEMPLATES: Record<string, DocumentTemplate> = {
	[lettreMission.kind]: lettreMission,
	[arreteDesignation.kind]: arreteDesignation
};
