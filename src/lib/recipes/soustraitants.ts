// Recipe « Encadrer les sous-traitants » — each processor with the art. 28 checklist.
import type { Recipe } from './types';

export const soustraitantsRecipe: Recipe = {
	id: 'sous-traitants',
	title: 'Encadrer les sous-traitants',
	why:
		'Les éditeurs de logiciels, l’hébergeur du site, le prestataire de paie ou d’envoi de SMS traitent des données pour la commune. La commune reste responsable : le contrat doit les obliger à protéger les données et à ne s’en servir que sur ses instructions (article 28).',
	priority: 2,
	after: ['cartographie', 'registre'],
	steps: [
		{
			kind: 'collection',
			id: 'liste',
			title: 'Les prestataires et leurs contrats',
			intro: 'Un prestataire par fiche, relié aux activités du registre qui l’utilisent, avec les clauses de l’article 28 trouvées dans son contrat.',
			tip: 'La cartographie vous donne la liste : chaque logiciel ou service en ligne hébergé chez un fournisseur a un sous-traitant derrière.',
			minutes: 40,
			perRecord: { minutes: 6, confirm: 2 },
			recordKind: 'processor',
			allowNone: 'La commune n’a aucun prestataire qui traite des données pour elle',
			requireComplete: true
		}
	]
};
