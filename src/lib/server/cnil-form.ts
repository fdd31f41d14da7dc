// The data the CNIL's online DPO designation form asks for, ready to copy (as reported in
// shared/domain/rgpd-communes.md §1; the secretary checks them against the form itself).
import type { Answers } from '../recipes/types';
import type { Commune } from './db/schema';
import { bodyName } from '../french';

export interface CnilRow {
	section: string;
	label: string;
	value: string;
}

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export function cnilFormData(commune: Commune, dpd: Answers): CnilRow[] {
	const [mayorFirst, ...mayorLast] = commune.mayorName.split(' ');
	return [
		{ section: 'Organisme', label: 'SIREN', value: commune.siren ?? '' },
		{ section: 'Organisme', label: 'Nom', value: bodyName(commune) },
		{ section: 'Organisme', label: 'Adresse postale', value: commune.address },
		{ section: 'Organisme', label: 'Secteur d’activité', value: 'Administration publique générale (collectivité territoriale)' },
		{ section: 'Représentant légal', label: 'Nom', value: mayorLast.join(' ') },
		{ section: 'Représentant légal', label: 'Prénom', value: mayorFirst ?? '' },
		{ section: 'Représentant légal', label: 'E-mail', value: commune.email },
		{ section: 'Délégué', label: 'Nom', value: s(dpd.lastName) },
		{ section: 'Délégué', label: 'Prénom', value: s(dpd.firstName) },
		{ section: 'Délégué', label: 'Organisme (DPD externe ou mutualisé)', value: s(dpd.organisation) },
		{ section: 'Délégué', label: 'Téléphone', value: s(dpd.phone) },
		{ section: 'Délégué', label: 'E-mail', value: s(dpd.email) },
		{ section: 'Délégué', label: 'Adresse postale', value: s(dpd.postalAddress) },
		{ section: 'Coordonnées à publier', label: 'E-mail de contact du délégué', value: s(dpd.email) }
	];
}
