// Recipe « Tenir le registre » — GDPR art. 30; facts in shared/domain/rgpd-communes.md §2–§3.
import { booleanField, dateField, textareaField, textField } from './fields';
import type { Recipe } from './types';

export const registreRecipe: Recipe = {
	id: 'registre',
	title: 'Tenir le registre des traitements',
	why:
		'Le registre des activités de traitement est le document que la CNIL demande en premier lors d’un contrôle (art. 30 du RGPD). Une fiche par activité : ce que fait la commune, pourquoi, avec quelles données, pour combien de temps, et comment elle les protège.',
	priority: 1,
	after: ['dpd', 'cartographie'],
	steps: [
		{
			kind: 'collection',
			id: 'catalogue',
			title: 'Choisir les activités de la commune',
			intro:
				'Cochez dans le catalogue ce que fait votre commune : chaque activité cochée devient une fiche pré-remplie, que vous adapterez ensuite. Rien n’est définitif : vous pourrez ajouter ou retirer des fiches.',
			tip: 'Pensez aux activités discrètes : les alertes par SMS envoyées par le maire, la liste du colis des aînés, la location de la salle des fêtes.',
			minutes: 15,
			recordKind: 'activity',
			widget: 'catalogue',
		},
		{
			kind: 'collection',
			id: 'fiches',
			title: 'Compléter chaque fiche',
			intro:
				'Relisez chaque fiche et adaptez-la à votre commune : les informations pré-remplies sont un point de départ, pas une certitude. L’indicateur de complétude dit ce qui manque.',
			tip: 'Une fiche par séance de travail suffit : le registre se construit en quelques semaines.',
			minutes: 60,
			perRecord: { minutes: 7, confirm: 3 },
			recordKind: 'activity',
			requireComplete: true,
		},
		{
			kind: 'form',
			id: 'organisation',
			title: 'La fiche de l’organisme',
			intro:
				'Le registre commence par une fiche commune à toutes les activités : qui est responsable (la commune, représentée par le maire), qui est le délégué, qui tient le registre et comment il est présenté à la CNIL.',
			minutes: 5,
			fields: [
				textField('keeper', 'Qui tient le registre à jour ?', { required: true, example: 'Sophie Martin, secrétaire de mairie et DPD', max: 200 }),
				textField('format', 'Sous quelle forme est-il tenu ?', {
					required: true,
					help: 'Le registre doit être écrit ; la forme électronique convient.',
					example: 'Dans l’application Super Chef RGPD, avec une copie PDF datée',
					max: 300
				}),
				booleanField('reviewPlanned', 'Une relecture annuelle du registre est prévue', { required: true }),
				dateField('lastReview', 'Date de la dernière relecture complète'),
				textareaField('notes', 'Remarques', { max: 2000 })
			]
		}
	]
};
