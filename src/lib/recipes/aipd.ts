// Recipe « Évaluer les risques » — DPIA screening for every fiche, then the CNIL-method risk
// assessment where a DPIA is needed (or wherever the DPD chooses).
import { dpiaVerdict } from './dpia';
import type { Recipe } from './types';

export const aipdRecipe: Recipe = {
	id: 'aipd',
	title: 'Évaluer les risques',
	why:
		'Certaines activités présentent un risque élevé pour les personnes : l’aide sociale, les caméras, les registres de personnes vulnérables. Pour elles, le RGPD exige une analyse d’impact (AIPD) : on décrit ce qui pourrait mal tourner, on estime la gravité et la vraisemblance, on prévoit des mesures. Le dépistage dit quelles activités sont concernées.',
	priority: 2,
	after: ['registre'],
	steps: [
		{
			kind: 'collection',
			id: 'depistage',
			title: 'Dépister les activités à risque',
			intro: 'Pour chaque activité, suivez l’ordre de la CNIL : sa liste des traitements dispensés, sa liste des traitements qui exigent une analyse, puis les neuf critères de risque élevé. Le verdict donne toujours sa raison. L’indication du catalogue n’est qu’un point de départ.',
			minutes: 45,
			perRecord: { minutes: 5, confirm: 1 },
			recordKind: 'dpia',
			shortcut: { path: 'depistage', label: 'Confirmer les verdicts proposés, en un tableau' },
			perParent: { requiredFor: () => true },
			requireComplete: true
		},
		{
			kind: 'collection',
			id: 'risques',
			title: 'Analyser les risques',
			intro: 'Pour chaque activité qui demande une analyse d’impact (et toute autre que vous choisissez) : les trois événements redoutés de la méthode de la CNIL, leur gravité et leur vraisemblance, puis une nouvelle estimation une fois le plan d’action réalisé.',
			tip: 'Faites-le à deux : le délégué et la personne qui gère l’activité au quotidien (l’agent du CCAS, le policier municipal…).',
			minutes: 120,
			perRecord: { minutes: 120, confirm: 30 },
			recordKind: 'risk',
			perParent: {
				requiredFor: (_parent, attached) => (attached.dpia ? dpiaVerdict(attached.dpia).required === true : false),
				requiredLabel: 'AIPD nécessaire'
			},
			requireComplete: true
		}
	]
};
