// A model answer to a rights request, to adapt before sending.
import { requestDue } from '../deadlines';
import { bodyName, civilityWord, formatDate, ofWord } from '../french';
import { RIGHTS } from '../recipes/registers';
import type { Answers } from '../recipes/types';

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function requestAnswerLetter(commune: { name: string; mayorName: string }, dpd: Answers, request: Answers): string {
	const name = RIGHTS.find((r) => r.value === request.right && r.value !== 'autre')?.label.replace(/ \(.*\)$/, '').toLowerCase() ?? 'exercice de vos droits';
	// « demande d’accès », « demande de rectification »
	const right = ofWord(name);
	const received = s(request.receivedOn) ? formatDate(s(request.receivedOn)) : '[date de réception]';
	const due = s(request.receivedOn) ? formatDate(requestDue(s(request.receivedOn), request.extended === 'oui')) : '';
	// « Madame Dupont, » when the civility and the name are known; otherwise « Madame, Monsieur, ».
	const civility = civilityWord(request.requesterCivility);
	const addressed = civility || 'Madame, Monsieur';
	const salutation = civility && s(request.requesterName) ? `${civility} ${s(request.requesterName)},` : `${addressed},`;
	return [
		`Objet : votre demande ${right} du ${received}`,
		'',
		salutation,
		'',
		`Nous avons bien reçu le ${received} votre demande ${right} concernant les données personnelles que ${bodyName({ ...commune, type: 'commune' }, 'sentence')} détient à votre sujet.`,
		'',
		request.right === 'acces'
			? 'Vous trouverez ci-joint une copie de ces données, avec leurs finalités, leurs destinataires, leur durée de conservation et leur origine.'
			: request.right === 'rectification'
				? 'Les informations inexactes ont été corrigées comme vous le demandiez.'
				: request.right === 'effacement'
					? 'Vos données ont été effacées, à l’exception de celles que la loi nous oblige à conserver, que nous vous précisons ci-dessous.'
					: '[Décrivez ici la suite donnée à la demande, ou les raisons d’un refus, qui doivent être motivées.]',
		'',
		'Si cette réponse ne vous satisfait pas, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).',
		'',
		`Pour toute question, le délégué à la protection des données de la commune reste à votre disposition${s(dpd.email) ? ` : ${s(dpd.email)}` : ''}.`,
		'',
		`Veuillez agréer, ${addressed}, nos salutations distinguées.`,
		'',
		`Le maire${s(commune.mayorName) ? `, ${s(commune.mayorName)}` : ''}`,
		'',
		due ? `(Réponse à envoyer au plus tard le ${due}.)` : ''
	].join('\n').trim();
}
