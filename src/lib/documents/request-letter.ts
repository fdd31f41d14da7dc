// A model answer to a rights request, to adapt before sending.
import { requestDue } from '../deadlines';
import { bodyName, formatDate, ofWord } from '../french';
import { RIGHTS } from '../recipes/registers';
import type { Answers } from '../recipes/types';

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function requestAnswerLetter(commune: { name: string; mayorName: string }, dpd: Answers, request: Answers): string {
	const name = RIGHTS.find((r) => r.value === request.right && r.value !== 'autre')?.label.replace(/ \(.*\)$/, '').toLowerCase() ?? 'exercice de vos droits';
	// « demande d’accès », « demande de rectification »
	const right = ofWord(name);
	const received = s(request.receivedOn) ? formatDate(s(request.receivedOn)) : '[date de réception]';
	const due = s(request.receivedOn) ? formatDate(requestDue(s(request.receivedOn), request.extended === 'oui')) : '';
	return [
		`Objet : votre demande ${right} du ${received}`,
		'',
		`${s(request.requesterName) ? `Madame, Monsieur ${s(request.requesterName)},` : 'Madame, Monsieur,'}`,
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
		'Veuillez agréer, Madame, Monsieur, nos salutations distinguées.',
		'',
		`Le maire${s(commune.mayorName) ? `, ${s(commune.mayorName)}` : ''}`,
		'',
		due ? `(Réponse à envoyer au plus tard le ${due}.)` : ''
	].join('\n').trim();
}
