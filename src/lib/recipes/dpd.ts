// Recipe « Désigner le délégué » — GDPR art. 37–39; facts in shared/domain/rgpd-communes.md §1.
// The fields that declare art. 30(1)(a) are the DPD's name and contact details the register carries.
import {
	booleanField,
	dateField,
	emailField,
	numberField,
	radioField,
	telField,
	textareaField,
	textField
} from './fields';
import type { Answers, Check, Recipe } from './types';
import { CIVILITIES } from '../french';

export const DPD_KINDS = [
	{ value: 'interne', label: 'Un agent ou une personne de la commune (DPD interne)', help: 'Le plus souvent le secrétaire de mairie dans une petite commune.' },
	{ value: 'mutualise', label: 'Un DPD partagé avec d’autres organismes (DPD mutualisé)', help: 'Par convention avec d’autres communes, l’intercommunalité, le centre de gestion ou un syndicat (art. 37.3).' },
	{ value: 'externe', label: 'Un prestataire extérieur (DPD externe)', help: 'Une entreprise ou un organisme qui assure la mission par contrat.' }
];

export const DPD_POSITIONS = [
	{ value: 'secretaire', label: 'Le ou la secrétaire de mairie' },
	{ value: 'agent', label: 'Un autre agent de la commune' },
	{ value: 'maire', label: 'Le maire' },
	{ value: 'adjoint', label: 'Un adjoint ou un conseiller municipal' },
	{ value: 'exterieur', label: 'Une personne extérieure à la commune' }
];

function dpdChecks(a: Answers): Check[] {
	const out: Check[] = [];
	if (a.position === 'maire') {
		out.push({
			severity: 'error',
			field: 'position',
			message:
				'Le maire ne peut pas être DPD : il est le responsable des traitements de la commune, et le DPD doit justement le conseiller et contrôler en toute indépendance (réponse ministérielle du 27 septembre 2018). Choisissez une autre personne.'
		});
	}
	if (a.position === 'adjoint') {
		out.push({
			severity: 'warning',
			field: 'position',
			message:
				'La CNIL déconseille de désigner un élu : il participe aux décisions sur les fichiers qu’il devrait contrôler, ce qui crée un conflit d’intérêts. Si vous maintenez ce choix, expliquez ci-dessous comment l’indépendance est assurée.'
		});
	}
	if (a.position === 'secretaire') {
		out.push({
			severity: 'info',
			field: 'position',
			message:
				'La CNIL met en garde : un secrétaire de mairie peut manquer de temps et d’indépendance pour cette mission. C’est pourtant souvent le meilleur choix dans une petite commune, à condition de le prévoir : indiquez à l’étape suivante le temps réservé chaque semaine et comment l’indépendance est garantie.'
		});
	}
	return out;
}

export const dpdRecipe: Recipe = {
	id: 'dpd',
	title: 'Désigner le délégué',
	why:
		'Toute commune, quelle que soit sa taille, doit avoir un délégué à la protection des données (DPD) : c’est la personne qui conseille le maire et veille au respect du RGPD. Sa désignation est déclarée à la CNIL, et ses coordonnées sont publiées. C’est la première recette : toutes les autres s’appuient sur elle.',
	priority: 1,
	documents: ['lettre_mission', 'arrete_designation'],
	steps: [
		{
			kind: 'form',
			id: 'type',
			title: 'Qui sera le délégué ?',
			intro:
				'Le délégué peut être une personne de la commune, un délégué partagé avec d’autres organismes, ou un prestataire. Aucun diplôme n’est exigé ; il faut connaître la commune et avoir du temps pour la mission.',
			tip: 'Avec un DPD partagé ou externe, gardez à la mairie un « correspondant » : la personne qui connaît les fichiers et fait le lien (conseil de l’AMF).',
			minutes: 5,
			fields: [
				radioField('dpdKind', 'Forme de la désignation', DPD_KINDS, { required: true }),
				radioField('position', 'Qui est-ce ?', DPD_POSITIONS, {
					required: true,
					help: 'Le choix de la personne compte : certaines fonctions créent un conflit d’intérêts.'
				}),
				textField('sharedWith', 'Avec quels organismes est-il partagé ?', {
					required: true,
					showIf: { field: 'dpdKind', equals: 'mutualise' },
					example: 'Communauté de communes Ouche et Montagne, centre de gestion de la Côte-d’Or',
					max: 300
				}),
				dateField('conventionDate', 'Date de la convention de mutualisation', {
					required: true,
					showIf: { field: 'dpdKind', equals: 'mutualise' },
					help: 'La convention qui organise le partage du délégué : l’arrêté de désignation la cite.',
					notFuture: 'elle est après aujourd’hui. Notez la date à laquelle la convention a été signée ; si elle ne l’est pas encore, attendez sa signature pour désigner le délégué.'
				}),
				textField('conventionParties', 'Parties à la convention', {
					required: true,
					showIf: { field: 'dpdKind', equals: 'mutualise' },
					help: 'Les signataires de la convention, tels qu’ils y sont nommés.',
					example: 'la commune de Glanon et le centre de gestion de la Côte-d’Or',
					max: 400
				}),
				textField('correspondent', 'Correspondant à la mairie', {
					showIf: { field: 'dpdKind', oneOf: ['mutualise', 'externe'] },
					help: 'La personne de la mairie qui fait le lien avec le délégué.',
					example: 'Sophie Martin, secrétaire de mairie',
					max: 200
				})
			],
			checks: (a) => {
				const out = dpdChecks(a);
				if ((a.dpdKind === 'mutualise' || a.dpdKind === 'externe') && !(typeof a.correspondent === 'string' && a.correspondent.trim())) {
					out.push({
						severity: 'warning',
						field: 'correspondent',
						message:
							'Avec un délégué partagé ou extérieur, nommez un correspondant à la mairie : c’est lui qui connaît les fichiers, signale les nouveaux traitements et les incidents au délégué. Sans lui, le délégué ne voit pas ce qui se passe à la mairie (conseil de l’AMF et de la CNIL).'
					});
				}
				return out;
			}
		},
		{
			kind: 'form',
			id: 'identite',
			title: 'Identité et coordonnées du délégué',
			intro:
				'Ces coordonnées seront déclarées à la CNIL et publiées : les habitants doivent pouvoir écrire au délégué. Préférez une adresse e-mail de fonction (rgpd@…) qui survivra aux changements de personne.',
			minutes: 5,
			fields: [
				radioField('civility', 'Civilité', CIVILITIES, {
					help: 'Pour accorder l’arrêté : « Madame X est désignée déléguée », « Monsieur Y est désigné délégué ». Sans réponse, l’arrêté emploie une tournure neutre.'
				}),
				textField('lastName', 'Nom', { required: true, max: 100, law: { art30: 'a' } }),
				textField('firstName', 'Prénom', { required: true, max: 100, law: { art30: 'a' } }),
				textField('organisation', 'Organisme du délégué', {
					required: true,
					showIf: { field: 'dpdKind', oneOf: ['mutualise', 'externe'] },
					help: 'Pour un DPD partagé ou externe : l’organisme qui l’emploie.',
					max: 200,
					law: { art30: 'a' }
				}),
				emailField('email', 'E-mail du délégué', { required: true, example: 'rgpd@mairie-glanon.fr', law: { art30: 'a' } }),
				telField('phone', 'Téléphone', { required: true, law: { art30: 'a' } }),
				textareaField('postalAddress', 'Adresse postale', { required: true, example: 'Mairie, 2 rue de l’Église, 21250 Glanon', max: 400, law: { art30: 'a' } }),
				numberField('hoursPerWeek', 'Temps consacré à la mission (heures par semaine)', {
					required: true,
					min: 0.5,
					max: 40,
					help: 'Le RGPD exige que le délégué ait le temps nécessaire (art. 38). Même une heure par semaine, écrite noir sur blanc, protège la mission.'
				})
			]
		},
		{
			kind: 'form',
			id: 'independance',
			title: 'Indépendance et moyens : les trois vérifications de la CNIL',
			intro:
				'Avant la déclaration, la CNIL demande de vérifier trois points : la compétence, les moyens, l’indépendance. Le délégué ne reçoit pas d’instruction pour sa mission, ne peut pas être sanctionné pour l’avoir faite, et rend compte directement au maire.',
			tip: 'Une formation du GIP compte comme moyen : notez-la. La CNIL attend des traces de formation.',
			minutes: 10,
			fields: [
				booleanField('checkCompetence', 'Compétence : le délégué connaît la commune, ses services et les bases du RGPD, ou va être formé', { required: true }),
				booleanField('checkMeans', 'Moyens : il a du temps, accès aux informations et aux fichiers, et peut être joint', { required: true }),
				booleanField('checkIndependence', 'Indépendance : il n’est pas en conflit d’intérêts et ne reçoit pas d’instruction pour sa mission', { required: true }),
				textareaField('independenceMeasures', 'Comment le temps et l’indépendance sont-ils garantis ?', {
					required: true,
					showIf: { field: 'position', oneOf: ['secretaire', 'adjoint', 'agent'] },
					help: 'La CNIL demande de l’écrire quand le délégué a d’autres fonctions dans la commune.',
					example: 'Deux heures par semaine réservées dans l’emploi du temps ; le DPD rend compte au maire seul ; il peut saisir la CNIL sans autorisation',
					max: 3000
				}),
				textareaField('training', 'Formation suivie ou prévue', { example: 'Formation « Super Chef RGPD » du GIP, mars 2027', max: 1000 })
			],
			checks: (a) => {
				const out: Check[] = dpdChecks(a).filter((c) => c.severity !== 'info');
				for (const [name, label] of [
					['checkCompetence', 'la compétence'],
					['checkMeans', 'les moyens'],
					['checkIndependence', 'l’indépendance']
				] as const) {
					if (a[name] === 'non') {
						out.push({
							severity: 'warning',
							field: name,
							message: `Point à régler avant la déclaration : ${label}. Notez ce qui manque et prévoyez une action (formation, temps réservé…).`
						});
					}
				}
				return out;
			}
		},
		{
			kind: 'form',
			id: 'lettre',
			title: 'La lettre de mission et l’arrêté de désignation',
			intro:
				'La lettre de mission dit ce que fait le délégué, avec quels moyens et quel temps ; elle est signée par le maire et le délégué. L’arrêté du maire désigne officiellement le délégué. Aucune délibération du conseil n’est exigée, mais l’informer est conseillé.',
			tip: 'Relisez le texte proposé, adaptez-le, puis produisez les deux documents : ils seront datés et rangés dans le dossier de conformité.',
			minutes: 15,
			panel: 'documents',
			defaults: (a) => ({ missions: DEFAULT_MISSIONS, means: defaultMeans(a.hoursPerWeek) }),
			fields: [
				textareaField('missions', 'Missions confiées', {
					required: true,
					help: 'L’article 39 du RGPD les fixe ; vous pouvez en ajouter.',
					max: 5000
				}),
				textareaField('means', 'Moyens et temps alloués', { required: true, max: 3000 }),
				textareaField('relays', 'Relais dans les services', {
					help: 'Les personnes qui aident le délégué : l’agent de l’école, le policier municipal, le CCAS…',
					example: 'Accueil : Martine Durand ; école : le directeur',
					max: 2000
				}),
				textField('meetingFrequency', 'Fréquence des points avec le maire', { required: true, example: 'Une fois par trimestre, et à chaque nouveau projet', max: 200 }),
				textareaField('channels', 'Comment le délégué est saisi et rend compte', {
					required: true,
					example: 'Par e-mail à rgpd@… ; un bilan annuel présenté au conseil municipal',
					max: 2000
				}),
				dateField('designationDate', 'Date de prise d’effet', { required: true })
			]
		},
		{
			kind: 'form',
			id: 'cnil',
			title: 'Déclarer le délégué à la CNIL',
			intro:
				'La désignation se déclare en ligne sur le site de la CNIL (cnil.fr, rubrique « Désigner un DPO »). Les informations demandées sont rassemblées ci-dessous, prêtes à copier. Une fois la déclaration faite, notez sa date et le numéro de l’accusé de réception.',
			tip: 'Gardez l’accusé de réception (e-mail de la CNIL) : c’est une preuve que vous mettrez dans le dossier.',
			minutes: 15,
			panel: 'cnil-form',
			fields: [
				booleanField('declared', 'La déclaration a été faite sur le site de la CNIL', { required: true }),
				dateField('declarationDate', 'Date de la déclaration', {
					required: true,
					showIf: { field: 'declared', equals: 'oui' },
					notFuture: 'elle est après aujourd’hui. Notez la date de la déclaration déjà faite (celle de l’accusé de réception de la CNIL) ; si elle n’est pas encore faite, répondez « Non ».'
				}),
				textField('receiptNumber', 'Numéro de l’accusé de réception', {
					required: true,
					showIf: { field: 'declared', equals: 'oui' },
					help: 'Il figure dans l’e-mail de confirmation de la CNIL.',
					example: 'DPO-12345',
					max: 60
				})
			]
		},
		{
			kind: 'form',
			id: 'publication',
			title: 'Publier les coordonnées du délégué',
			intro:
				'Les habitants doivent savoir comment joindre le délégué : la CNIL demande aux communes d’indiquer ses coordonnées sur leur site et sur leurs formulaires. Informer le conseil municipal et les agents est conseillé.',
			minutes: 10,
			fields: [
				booleanField('onWebsite', 'Coordonnées publiées sur le site de la commune', { required: true }),
				textField('websiteUrl', 'Adresse de la page', { showIf: { field: 'onWebsite', equals: 'oui' }, example: 'https://www.glanon.fr/rgpd', max: 300 }),
				booleanField('onForms', 'Coordonnées ajoutées sur les formulaires (inscriptions, demandes…)', { required: true }),
				booleanField('atMairie', 'Affichées à la mairie', { required: true }),
				booleanField('councilInformed', 'Conseil municipal informé', { required: true }),
				booleanField('staffInformed', 'Agents informés', { required: true })
			],
			checks: (a) =>
				a.onWebsite === 'non' && a.onForms === 'non' && a.atMairie === 'non'
					? [{ severity: 'warning', message: 'Les coordonnées du délégué ne sont publiées nulle part : publiez-les au moins à un endroit (art. 37.7 du RGPD).' }]
					: []
		}
	]
};

/** Default text of the mission letter, written from GDPR art. 38–39. */
export const DEFAULT_MISSIONS = [
	'Informer et conseiller le maire, les élus et les agents sur leurs obligations au titre du RGPD.',
	'Contrôler le respect du RGPD : sensibiliser et former les agents, vérifier les pratiques.',
	'Tenir à jour le registre des activités de traitement de la commune.',
	'Conseiller la commune sur les analyses d’impact et en vérifier l’exécution.',
	'Rédiger ou relire les mentions d’information, les clauses des contrats avec les prestataires, les procédures de réponse aux demandes des habitants et de gestion des violations de données.',
	'Coopérer avec la CNIL et être son point de contact.'
].join('\n');

export function defaultMeans(hoursPerWeek: unknown): string {
	const hours = typeof hoursPerWeek === 'string' && hoursPerWeek ? hoursPerWeek.replace('.', ',') : '…';
	return [
		`Le délégué consacre ${hours} heure(s) par semaine à sa mission, sur son temps de travail.`,
		'Il a accès à tous les fichiers et locaux de la commune nécessaires à sa mission.',
		'Il suit une formation au RGPD et dispose de la documentation utile.',
		'Il ne reçoit aucune instruction pour l’exercice de sa mission et ne peut être sanctionné pour l’avoir exercée.'
	].join('\n');
}
