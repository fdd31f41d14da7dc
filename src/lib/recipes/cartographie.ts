// Recipe « Cartographier » — the inventory of everything that holds personal data.
import { SUPPORT_CATEGORIES } from './records';
import type { CollectionStep, Recipe } from './types';

const step = (
	category: string,
	title: string,
	intro: string,
	prompts: string[],
	allowNone: string,
	minutes: number,
	tip?: string
): CollectionStep => ({
	kind: 'collection',
	id: category,
	title,
	intro,
	tip,
	minutes,
	perRecord: { minutes: 3, confirm: 1 },
	recordKind: 'support',
	filter: { field: 'category', value: category },
	prompts,
	allowNone,
});

if (SUPPORT_CATEGORIES.length !== 5) throw new Error('one step per support category');

export const cartographieRecipe: Recipe = {
	id: 'cartographie',
	title: 'Cartographier les données',
	why:
		'On ne protège que ce que l’on connaît. Faites le tour de la mairie : chaque fichier, logiciel, appareil, service en ligne et classeur qui contient des noms, des adresses ou des numéros. Cette carte nourrit le registre et montre où porter la sécurité.',
	priority: 1,
	after: ['dpd'],
	steps: [
		step(
			'bureautique',
			'Les fichiers bureautiques',
			'Ouvrez les dossiers de l’ordinateur de la mairie : tableurs, documents, dossiers partagés. Notez ceux qui contiennent des données sur des personnes.',
			[
				'La liste utilisée une seule fois par an (par exemple les bénéficiaires du colis de Noël) ?',
				'Le tableur des inscriptions à la cantine ou au centre de loisirs ?',
				'Les fichiers copiés sur le bureau « pour aller plus vite » ?',
				'Les pièces jointes gardées dans la messagerie ?'
			],
			'Aucun fichier bureautique ne contient de données personnelles',
			15,
			'Cherchez dans « Documents » et « Téléchargements » : c’est là que dorment les vieux fichiers oubliés.'
		),
		step(
			'logiciel',
			'Les logiciels métier',
			'Listez les logiciels utilisés à la mairie : état civil, élections, paie, comptabilité, facturation de l’eau ou de la cantine, cimetière, urbanisme. Pour chacun : l’éditeur et où sont les données.',
			[
				'Le logiciel d’état civil et d’élections ?',
				'La paie et la comptabilité ?',
				'La facturation (eau, cantine, location de salles) ?',
				'Le logiciel de gestion du cimetière ou du cadastre ?'
			],
			'La commune n’utilise aucun logiciel métier',
			10
		),
		step(
			'materiel',
			'Le matériel',
			'Ordinateurs, téléphones, tablettes, clés USB, disques de sauvegarde, photocopieur : tout appareil qui garde des données, même temporairement.',
			[
				'Le téléphone du maire, utilisé pour envoyer des SMS aux habitants (alertes météo de la préfecture) ?',
				'Les téléphones personnels des élus ou des agents utilisés pour la mairie ?',
				'Les clés USB et le disque de sauvegarde ?',
				'Le photocopieur, qui garde parfois une copie des documents ?',
				'L’ancien ordinateur rangé dans un placard ?'
			],
			'Aucun matériel ne contient de données personnelles',
			10,
			'Un téléphone sans code de verrouillage, c’est un fichier d’habitants ouvert à qui le trouve : notez-le dans les remarques.'
		),
		step(
			'en_ligne',
			'Les services en ligne',
			'Messagerie, stockage en ligne, site internet, formulaires en ligne, service d’envoi de SMS, réseaux sociaux de la commune.',
			[
				'La messagerie de la mairie (et celle, personnelle, d’un élu utilisée pour la commune) ?',
				'Le site internet et son formulaire de contact ?',
				'Un service d’alerte par SMS ou d’envoi de lettre d’information ?',
				'Un espace de stockage en ligne (Drive, Dropbox…) ?'
			],
			'La commune n’utilise aucun service en ligne',
			10
		),
		step(
			'papier',
			'Le papier',
			'Les archives papier sont aussi concernées par le RGPD dès qu’elles sont classées (par nom, par date…). Faites le tour des armoires, du bureau et de la salle des archives.',
			[
				'Le registre de l’urbanisme ?',
				'Les registres d’état civil et les dossiers de mariage ?',
				'Le dossier enfoui au fond d’une armoire ?',
				'La salle des archives et son inventaire ?',
				'Les cahiers ou fiches d’inscription (cantine, salle des fêtes, colis des aînés) ?'
			],
			'La commune ne garde aucun document papier sur des personnes',
			20,
			'Beaucoup de stagiaires avaient oublié les archives papier : c’est souvent là qu’il y a le plus de données.'
		)
	]
};
