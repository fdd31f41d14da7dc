// Recipe « Vérifier la conformité » — the grid of principles, for every register fiche.
import type { Recipe } from './types';

export const conformiteRecipe: Recipe = {
	id: 'conformite',
	title: 'Vérifier la conformité',
	why:
		'Pour chaque activité du registre, on vérifie les principes du RGPD un par un : un but précis, une base légale, seulement les données nécessaires, une durée de conservation, des personnes informées… Chaque écart devient une action du plan, et la grille montre à la CNIL que la commune a fait l’examen.',
	priority: 2,
	after: ['registre'],
	steps: [
		{
			kind: 'collection',
			id: 'grille',
			title: 'La grille de chaque activité',
			intro: 'Ouvrez la grille de chaque activité du registre et répondez principe par principe. Le résultat : conforme, non-conformité mineure (une action est prévue) ou majeure.',
			tip: 'Commencez par les activités avec des données sensibles : ce sont elles que la CNIL regarde en premier.',
			minutes: 90,
			perRecord: { minutes: 6, confirm: 3 },
			recordKind: 'conformity',
			shortcut: { path: 'conformite', label: 'Voir les grilles pré-remplies par l’application' },
			perParent: { requiredFor: () => true },
			requireComplete: true
		}
	]
};
