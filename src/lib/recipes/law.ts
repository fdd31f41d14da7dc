// Where a field sits in the law: the items of GDPR art. 30(1) (the register), of art. 13 and 14
// (the information notice) and the questions of the CNIL's PIA tool. Fields declare their items
// (`FieldDef.law`); the dossier, the exports, the notice and the PIA file group fields by them.
// These are lists of the law's items, not of fields: no field name appears here.
import type { FieldDef } from './types';

/** GDPR art. 30(1): what each entry of the register must contain. */
export type Art30Item = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

/** The items of art. 30(1), in order, with the dossier's heading for each. */
export const ART30_ITEMS: { item: Art30Item; heading: string; text: string }[] = [
	{ item: 'a', heading: 'Responsable (art. 30.1.a)', text: 'le nom et les coordonnées du responsable du traitement, du responsable conjoint et du délégué' },
	{ item: 'b', heading: 'Finalités (art. 30.1.b)', text: 'les finalités du traitement' },
	{ item: 'c', heading: 'Personnes et données concernées (art. 30.1.c)', text: 'les catégories de personnes concernées et de données' },
	{ item: 'd', heading: 'Destinataires (art. 30.1.d)', text: 'les catégories de destinataires' },
	{ item: 'e', heading: 'Transferts hors de l’Union européenne (art. 30.1.e)', text: 'les transferts vers un pays tiers et leurs garanties' },
	{ item: 'f', heading: 'Durées de conservation (art. 30.1.f)', text: 'les délais prévus pour l’effacement' },
	{ item: 'g', heading: 'Mesures de sécurité (art. 30.1.g)', text: 'une description générale des mesures de sécurité' }
];

/** Fields of a register entry outside art. 30(1), which the CNIL's model adds. */
export const CNIL_MODEL_HEADING = 'Autres informations du modèle de la CNIL';

/**
 * GDPR art. 13 (data collected from the person) and 14 (collected elsewhere): the items of the
 * information notice that come from the register entry, in the notice's order.
 */
export type NoticeItem = '13.1.a' | '13.1.c' | '14.1.d' | '13.1.e' | '13.1.f' | '13.2.a';

export const NOTICE_ITEMS: { item: NoticeItem; heading: string; text: string; only14?: boolean }[] = [
	{ item: '13.1.a', heading: 'Qui traite vos données ?', text: 'l’identité et les coordonnées du responsable du traitement' },
	{ item: '13.1.c', heading: 'Pourquoi ?', text: 'les finalités et la base juridique du traitement' },
	{ item: '14.1.d', heading: 'Quelles données, et d’où viennent-elles ?', text: 'les catégories de données (article 14 seulement)', only14: true },
	{ item: '13.1.e', heading: 'Qui les reçoit ?', text: 'les destinataires' },
	{ item: '13.1.f', heading: 'Hors de l’Union européenne', text: 'les transferts hors de l’Union européenne' },
	{ item: '13.2.a', heading: 'Combien de temps ?', text: 'la durée de conservation' }
];

/**
 * The questions of the CNIL's PIA tool a register entry answers (shared/domain/peers.md): context
 * 111–123, fundamental principles 211–227.
 */
export const PIA_QUESTIONS = {
	111: 'Présentation du traitement',
	112: 'Responsabilités liées au traitement',
	113: 'Référentiels applicables',
	121: 'Données traitées, destinataires et durées de conservation',
	122: 'Cycle de vie des données',
	123: 'Supports des données',
	211: 'Finalités',
	212: 'Fondement',
	213: 'Minimisation des données',
	214: 'Exactitude des données',
	215: 'Durées de conservation',
	221: 'Information des personnes',
	222: 'Recueil du consentement',
	223: 'Droits d’accès et à la portabilité',
	224: 'Droits de rectification et d’effacement',
	225: 'Droits de limitation et d’opposition',
	226: 'Sous-traitance',
	227: 'Transferts hors de l’Union européenne'
} as const;

export type PiaQuestion = keyof typeof PIA_QUESTIONS;

/** A field's place in the law. */
export interface FieldLaw {
	/** The art. 30(1) item it documents; none: the CNIL model adds it (e.g. the legal basis). */
	art30?: Art30Item;
	/** The paragraph of the information notice it feeds, if residents are told about it. */
	notice?: NoticeItem;
	/** The PIA tool's questions it answers. */
	pia?: PiaQuestion[];
}

/**
 * A register entry's fields grouped as the dossier prints them: the items of art. 30(1) in order
 * (each with the fields that declare it), then the fields the CNIL model adds. Every field given
 * is in exactly one group.
 */
export function art30Groups(fields: FieldDef[]): { item: Art30Item | null; heading: string; fields: FieldDef[] }[] {
	return [
		...ART30_ITEMS.map((i) => ({ item: i.item, heading: i.heading, fields: fields.filter((f) => f.law?.art30 === i.item) })),
		{ item: null, heading: CNIL_MODEL_HEADING, fields: fields.filter((f) => !f.law?.art30) }
	];
}

/** The fields that feed a paragraph of the information notice, in their declared order. */
export function noticeFields(fields: FieldDef[], item: NoticeItem): FieldDef[] {
	return fields.filter((f) => f.law?.notice === item);
}

/** The fields that answer a question of the PIA tool, in their declared order. */
export function piaFields(fields: FieldDef[], question: PiaQuestion): FieldDef[] {
	return fields.filter((f) => f.law?.pia?.includes(question));
}
