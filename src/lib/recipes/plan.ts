// Recipe « Suivre le plan d'action » — every action, from non-conformities, planned security
// measures, risk treatments, or added by hand.
import type { Recipe } from './types';

export const planRecipe: Recipe = {
	id: 'plan',
	title: 'Suivre le plan d’action',
	why:
		'Le plan d’action rassemble tout ce qui reste à faire : les non-conformités, les mesures de sécurité prévues, le traitement des risques. Chaque action a un responsable et une échéance ; quand elle est faite, ce dont elle venait est mis à jour.',
	priority: 2,
	after: ['conformite', 'securite'],
	steps: [
		{
			kind: 'collection',
			id: 'actions',
			title: 'Les actions',
			intro: 'Les actions créées depuis la grille de conformité, la sécurité ou l’analyse des risques arrivent ici ; ajoutez les vôtres. Les actions en retard apparaissent sur le tableau de bord.',
			minutes: 15,
			recordKind: 'action',
			allowNone: 'Aucune action à prévoir',
			requireComplete: true
		}
	]
};
