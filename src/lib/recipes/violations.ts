// Recipe « Gérer les violations de données » — the internal procedure and the breach register
// (art. 33–34): every breach documented, the CNIL notified within 72 hours when there is a risk.
import { booleanField, textareaField, textField } from './fields';
import type { Recipe } from './types';

export const violationsRecipe: Recipe = {
	id: 'violations',
	title: 'Gérer les violations de données',
	why:
		'Un courriel envoyé au mauvais destinataire, un ordinateur volé, un rançongiciel : ce sont des violations de données. Toutes sont inscrites dans un registre ; celles qui présentent un risque pour les personnes sont notifiées à la CNIL dans les 72 heures. Savoir à l’avance qui fait quoi évite de perdre ces heures.',
	priority: 1,
	after: ['dpd'],
	steps: [
		{
			kind: 'form',
			id: 'procedure',
			title: 'La procédure interne',
			intro: 'Qui prévient qui, et qui décide de notifier la CNIL. Les prestataires doivent prévenir la commune sans délai.',
			minutes: 10,
			fields: [
				textField('alertWho', 'Qui faut-il prévenir en premier ?', { required: true, example: 'Le délégué et le maire, par téléphone', max: 300 }),
				textareaField('firstSteps', 'Les premiers gestes', {
					required: true,
					example: 'Débrancher l’ordinateur du réseau sans l’éteindre ; noter l’heure et ce qui s’est passé ; ne pas payer de rançon',
					max: 2000
				}),
				textField('decides', 'Qui décide de notifier la CNIL ?', { required: true, example: 'Le maire, sur avis du délégué', max: 300 }),
				booleanField('processorsBound', 'Les contrats des prestataires les obligent à prévenir la commune sans délai', { required: true })
			]
		},
		{
			kind: 'collection',
			id: 'registre',
			title: 'Le registre des violations',
			intro: 'Inscrivez chaque incident, même mineur. L’application compte les 72 heures et vous guide : faut-il notifier la CNIL, informer les personnes ?',
			minutes: 5,
			recordKind: 'breach',
			allowNone: 'Aucune violation constatée pour l’instant'
		}
	]
};
