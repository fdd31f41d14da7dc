// Recipe « Répondre aux demandes » — the procedure and the register of rights requests (art. 12–22).
import { booleanField, textareaField, textField } from './fields';
import type { Recipe } from './types';

export const droitsRecipe: Recipe = {
	id: 'droits',
	title: 'Répondre aux demandes des personnes',
	why:
		'Chacun peut demander à la commune une copie de ses données, leur correction, leur effacement ou s’opposer à leur usage. La commune a un mois pour répondre. Une procédure simple et un registre des demandes évitent d’oublier une échéance.',
	priority: 2,
	after: ['dpd'],
	steps: [
		{
			kind: 'form',
			id: 'procedure',
			title: 'La procédure',
			intro: 'Qui reçoit les demandes, comment l’identité est vérifiée, qui répond. Une page suffit.',
			minutes: 10,
			fields: [
				textField('receivedBy', 'Qui reçoit et enregistre les demandes ?', { required: true, example: 'Le délégué, à rgpd@… ; l’accueil transmet les demandes écrites le jour même', max: 300 }),
				textareaField('identityCheck', 'Comment l’identité est-elle vérifiée ?', {
					required: true,
					example: 'Seulement en cas de doute : demande d’un justificatif, vu puis rendu, jamais copié',
					max: 1500
				}),
				textField('answeredBy', 'Qui signe la réponse ?', { required: true, example: 'Le maire, sur proposition du délégué', max: 300 }),
				booleanField('modelKnown', 'La lettre type de réponse (ci-dessous) est connue de l’accueil', { required: true })
			]
		},
		{
			kind: 'collection',
			id: 'demandes',
			title: 'Le registre des demandes',
			intro: 'Inscrivez chaque demande dès sa réception : l’échéance d’un mois est calculée et rappelée ; une demande en retard apparaît sur le tableau de bord.',
			minutes: 5,
			recordKind: 'request',
			allowNone: 'Aucune demande reçue pour l’instant'
		}
	]
};
