// Recipe « Informer les personnes » — a notice (art. 13 or 14) for every fiche, and how consent
// is collected, withdrawn and proven where it is the legal basis.
import type { Recipe } from './types';

export const informationRecipe: Recipe = {
	id: 'information',
	title: 'Informer les personnes',
	why:
		'Les habitants ont le droit de savoir ce que la commune fait de leurs données, pourquoi, combien de temps, et à qui écrire. Une mention d’information courte sur chaque formulaire, sur le site ou sur une affiche y répond. Quand l’activité repose sur le consentement (alerte SMS, lettre d’information), il faut aussi pouvoir le prouver et le retirer facilement.',
	priority: 2,
	after: ['registre'],
	steps: [
		{
			kind: 'collection',
			id: 'mentions',
			title: 'Une mention par activité',
			intro: 'Pour chaque activité, complétez ce que la fiche du registre ne dit pas ; la mention est rédigée pour vous, prête à coller sur un formulaire ou à imprimer.',
			minutes: 60,
			perRecord: { minutes: 6, confirm: 2 },
			recordKind: 'notice',
			perParent: { requiredFor: () => true },
			requireComplete: true
		}
	]
};
