// The other registers: rights requests, data breaches, processors, and the action plan.
// Facts: shared/domain/rgpd-communes.md §6 (1 month for requests, 72 hours for breaches, art. 28).
import { breachDue, deadline, endOfParisDay, fromParisLocal, requestDue } from '../deadlines';
import { CIVILITIES, formatDate, formatParis, parisDate } from '../french';
import {
	booleanField,
	checkboxesField,
	dateField,
	datetimeField,
	numberField,
	radioField,
	recordsField,
	selectField,
	textareaField,
	textField,
	yes
} from './fields';
import type { Option, RecordKind } from './types';

// ---- Rights requests --------------------------------------------------------------------------

export const RIGHTS: Option[] = [
	{ value: 'acces', label: 'Accès (obtenir une copie de ses données)' },
	{ value: 'rectification', label: 'Rectification (corriger une erreur)' },
	{ value: 'effacement', label: 'Effacement' },
	{ value: 'limitation', label: 'Limitation (geler les données le temps d’une vérification)' },
	{ value: 'opposition', label: 'Opposition' },
	{ value: 'portabilite', label: 'Portabilité (récupérer ses données dans un format ouvert)' },
	{ value: 'retrait', label: 'Retrait du consentement' },
	{ value: 'autre', label: 'Autre demande' }
];

export const requestKind: RecordKind = {
	id: 'request',
	entity: 'demande d’exercice des droits',
	singular: 'une demande',
	plural: 'demandes',
	titleField: 'requesterName',
	sections: [
		{
			title: 'La demande',
			intro: 'Une personne demande à exercer un de ses droits sur ses données. La commune doit répondre dans un mois ; ce délai peut être prolongé de deux mois pour une demande complexe, à condition de le dire à la personne dans le premier mois.',
			fields: [
				radioField('requesterCivility', 'Civilité', CIVILITIES, { personal: true, help: 'Pour la formule d’appel de la réponse (« Madame Dupont, ») ; sans elle, la réponse commence par « Madame, Monsieur, ».' }),
				textField('requesterName', 'Nom de la personne', { required: true, max: 200, personal: true }),
				textField('requesterContact', 'Adresse ou e-mail pour répondre', { required: true, max: 300, personal: true }),
				selectField('right', 'Droit exercé', RIGHTS, { required: true }),
				dateField('receivedOn', 'Date de réception', { required: true, help: 'Le délai d’un mois court à partir de cette date.' }),
				textareaField('details', 'Ce qui est demandé', { max: 3000, personal: true }),
				booleanField('identityChecked', 'Identité vérifiée', {
					required: true,
					help: 'En cas de doute raisonnable seulement, demandez un justificatif ; ne gardez pas de copie de la pièce d’identité après vérification.'
				})
			]
		},
		{
			title: 'Le délai et la réponse',
			fields: [
				booleanField('extended', 'Délai prolongé de deux mois (demande complexe)', { help: 'Seulement si la personne en a été informée, avec les raisons, dans le premier mois.' }),
				dateField('extensionToldOn', 'Date où la personne a été informée de la prolongation', { required: true, showIf: { field: 'extended', equals: 'oui' } }),
				dateField('answeredOn', 'Date de la réponse'),
				textareaField('answerSummary', 'Réponse apportée', { required: true, showIf: { field: 'answeredOn', answered: true }, max: 3000, personal: true })
			]
		}
	],
	// The proof that a request was handled is kept for the limitation period of a claim against
	// the commune (CNIL: keep what proves the answer, no longer), counted from the answer.
	retention: {
		years: 3,
		from: (a) => (typeof a.answeredOn === 'string' && a.answeredOn ? a.answeredOn : null),
		fromLabel: 'après la réponse',
		archivedYears: 1,
		basis: 'Preuve que la demande a été traitée (article 12 du RGPD), le temps d’un éventuel recours ; recommandation de la CNIL : ne pas garder au-delà.'
	},
	summary: (a, ctx) => {
		if (typeof a.receivedOn !== 'string' || !a.receivedOn) return { label: 'À compléter', tone: 'neutral' };
		const due = requestDue(a.receivedOn, yes(a, 'extended'));
		if (typeof a.answeredOn === 'string' && a.answeredOn) {
			return a.answeredOn > due
				? { label: `Répondu en retard, le ${formatDate(a.answeredOn)}`, tone: 'warn', detail: `Échéance : ${formatDate(due)}` }
				: { label: `Répondu le ${formatDate(a.answeredOn)}`, tone: 'ok' };
		}
		const d = deadline(endOfParisDay(due), ctx.now);
		return { label: d.late ? `En retard : échéance dépassée (${formatDate(due)})` : `À répondre avant le ${formatDate(due)} — ${d.text}`, tone: d.late ? 'bad' : 'warn' };
	}
};

/** A rights request is late when unanswered after its due date (Paris time). */
export function requestIsLate(a: Record<string, unknown>, now = new Date()): boolean {
	if (typeof a.receivedOn !== 'string' || !a.receivedOn || a.answeredOn) return false;
	return endOfParisDay(requestDue(a.receivedOn, a.extended === 'oui')) < now;
}

// ---- Data breaches ----------------------------------------------------------------------------

export const BREACH_NATURES: Option[] = [
	{ value: 'confidentialite', label: 'Confidentialité', help: 'Des données ont été vues ou envoyées à quelqu’un qui ne devait pas : courriel mal adressé, vol d’ordinateur.' },
	{ value: 'integrite', label: 'Intégrité', help: 'Des données ont été modifiées à tort.' },
	{ value: 'disponibilite', label: 'Disponibilité', help: 'Des données ont été perdues ou sont inaccessibles : panne, rançongiciel, dossier détruit.' }
];

export const BREACH_RISKS: Option[] = [
	{ value: 'aucun', label: 'Pas de risque pour les personnes', help: 'Par exemple des données chiffrées perdues, ou une erreur corrigée aussitôt sans que personne n’ait vu les données. On documente, on ne notifie pas.' },
	{ value: 'risque', label: 'Un risque pour les personnes', help: 'Notifier la CNIL dans les 72 heures après la découverte (article 33).' },
	{ value: 'eleve', label: 'Un risque élevé pour les personnes', help: 'Notifier la CNIL dans les 72 heures et informer les personnes concernées sans tarder (article 34).' }
];

export const breachKind: RecordKind = {
	id: 'breach',
	entity: 'violation de données',
	singular: 'une violation',
	plural: 'violations de données',
	titleField: 'title',
	sections: [
		{
			title: 'Ce qui s’est passé',
			intro: 'Toute violation, même mineure, est inscrite ici (article 33.5) : c’est le registre interne que la CNIL peut demander.',
			fields: [
				textField('title', 'En quelques mots', { required: true, example: 'Liste des inscrits à la cantine envoyée à tous les parents', max: 200 }),
				datetimeField('discoveredAt', 'Découverte le', { required: true, help: 'Heure de Paris. Le délai de 72 heures court à partir de ce moment.' }),
				textareaField('howFound', 'Comment la violation a-t-elle été découverte ?', { example: 'Un parent a signalé avoir reçu la liste par courriel', max: 1000, personal: true }),
				checkboxesField('nature', 'Nature de la violation', BREACH_NATURES, { required: true }),
				textareaField('description', 'Description et cause', { required: true, max: 3000, personal: true }),
				textareaField('dataConcerned', 'Données concernées', { required: true, max: 2000 }),
				textareaField('peopleConcerned', 'Personnes concernées', { required: true, max: 2000, personal: true }),
				numberField('peopleCount', 'Nombre approximatif de personnes', { min: 0, max: 10_000_000 }),
				numberField('recordsCount', 'Nombre approximatif d’enregistrements (fiches, lignes, dossiers)', { min: 0, max: 100_000_000 }),
				textareaField('consequences', 'Conséquences possibles pour les personnes', { required: true, max: 2000 }),
				textareaField('measures', 'Mesures prises pour y remédier', { required: true, max: 3000 }),
				textareaField('measuresPlanned', 'Mesures prévues pour éviter que cela se reproduise', { max: 3000 })
			]
		},
		{
			title: 'Faut-il prévenir la CNIL et les personnes ?',
			intro: 'La question à se poser : la violation peut-elle avoir des conséquences pour les personnes (vie privée, argent, réputation, discrimination) ? En cas de doute, notifiez : une notification peut être complétée ensuite.',
			fields: [
				radioField('risk', 'Risque pour les personnes', BREACH_RISKS, { required: true }),
				textareaField('notNotifiedReason', 'Pourquoi la violation n’a pas été notifiée à la CNIL', {
					required: true,
					showIf: { field: 'risk', equals: 'aucun' },
					example: 'Clé USB chiffrée perdue : les données ne peuvent pas être lues',
					max: 2000
				}),
				booleanField('cnilNotified', 'La CNIL a été notifiée', { required: true, showIf: { field: 'risk', oneOf: ['risque', 'eleve'] }, help: 'Sur le site de la CNIL, téléservice « Notifier une violation de données ».' }),
				datetimeField('cnilNotifiedAt', 'Notifiée le', { required: true, showIf: { field: 'cnilNotified', equals: 'oui' } }),
				textField('cnilReference', 'Numéro de la notification', { showIf: { field: 'cnilNotified', equals: 'oui' }, max: 100 }),
				textareaField('lateReason', 'Raisons du retard (au-delà de 72 heures)', { showIf: { field: 'cnilNotified', equals: 'oui' }, max: 2000 }),
				booleanField('peopleInformed', 'Les personnes concernées ont été informées', { required: true, showIf: { field: 'risk', equals: 'eleve' } }),
				dateField('peopleInformedOn', 'Informées le', { required: true, showIf: { field: 'peopleInformed', equals: 'oui' } }),
				textareaField('peopleInformedHow', 'Comment ont-elles été informées ?', { showIf: { field: 'peopleInformed', equals: 'oui' }, example: 'Courrier à chaque famille', max: 1000, personal: true }),
				textareaField('notInformedReason', 'Pourquoi elles n’ont pas été informées', {
					required: true,
					showIf: { field: 'peopleInformed', equals: 'non' },
					help: 'Article 34.3 : données rendues illisibles (chiffrées), mesures prises qui font disparaître le risque élevé, ou information individuelle disproportionnée (remplacée par une communication publique).',
					max: 2000
				})
			]
		}
	],
	// The breach register (art. 33.5) must be shown to the CNIL on request: no end is set, it is kept
	// as long as the commune uses the app; the people's data in it can be erased one by one (art. 17).
	retention: {
		archivedYears: 1,
		basis: 'Registre des violations (article 33.5 du RGPD) : la CNIL peut le demander à tout moment ; gardé tant que la commune utilise l’application, les données des personnes pouvant être effacées à leur demande.'
	},
	summary: (a, ctx) => {
		if (typeof a.discoveredAt !== 'string' || !a.discoveredAt) return { label: 'À compléter', tone: 'neutral' };
		const found = fromParisLocal(a.discoveredAt);
		if (!found) return { label: 'À compléter', tone: 'neutral' };
		if (!a.risk) {
			const d = deadline(breachDue(found), ctx.now);
			return { label: `Décider s’il faut notifier — ${d.late ? 'délai de 72 heures dépassé' : d.text}`, tone: d.late ? 'bad' : 'warn' };
		}
		if (a.risk === 'aucun') return { label: 'Documentée, sans notification', tone: 'ok' };
		const due = breachDue(found);
		if (yes(a, 'cnilNotified') && typeof a.cnilNotifiedAt === 'string') {
			const at = fromParisLocal(a.cnilNotifiedAt);
			const late = at !== null && at > due;
			return { label: late ? `Notifiée en retard, le ${formatParis(at!)}` : 'Notifiée à la CNIL dans les délais', tone: late ? 'warn' : 'ok' };
		}
		const d = deadline(due, ctx.now);
		return {
			label: d.late ? `Notification en retard : délai dépassé depuis le ${formatParis(due)}` : `Notifier la CNIL avant le ${formatParis(due)} — ${d.text}`,
			tone: 'bad'
		};
	}
};

/** A breach that needed notifying and was not, or too late. */
export function breachNotInTime(a: Record<string, unknown>, now = new Date()): boolean {
	if (a.risk !== 'risque' && a.risk !== 'eleve') return false;
	const found = typeof a.discoveredAt === 'string' ? fromParisLocal(a.discoveredAt) : null;
	if (!found) return false;
	const due = breachDue(found);
	if (a.cnilNotified === 'oui' && typeof a.cnilNotifiedAt === 'string') {
		const at = fromParisLocal(a.cnilNotifiedAt);
		return at !== null && at > due;
	}
	return now > due;
}

// ---- Processors (art. 28) ---------------------------------------------------------------------

export const PROCESSOR_CLAUSES: Option[] = [
	{ value: 'objet', label: 'Objet, durée, nature et finalité du traitement, données et personnes concernées' },
	{ value: 'instructions', label: 'Le prestataire n’agit que sur instruction écrite de la commune' },
	{ value: 'confidentialite', label: 'Confidentialité des personnes qui traitent les données' },
	{ value: 'securite', label: 'Mesures de sécurité (article 32)' },
	{ value: 'sous_traitants', label: 'Pas de sous-traitant ultérieur sans autorisation écrite de la commune' },
	{ value: 'droits', label: 'Aide à la commune pour répondre aux demandes des personnes' },
	{ value: 'assistance', label: 'Aide pour la sécurité, les violations et les analyses d’impact (articles 32 à 36)' },
	{ value: 'fin', label: 'Suppression ou restitution des données en fin de contrat' },
	{ value: 'audits', label: 'Informations et audits permettant de vérifier le respect du contrat' }
];

export const processorKind: RecordKind = {
	id: 'processor',
	entity: 'sous-traitant',
	copyable: true,
	singular: 'un sous-traitant',
	plural: 'sous-traitants',
	titleField: 'name',
	sections: [
		{
			title: 'Le prestataire',
			intro: 'Un sous-traitant traite des données pour le compte de la commune : éditeur d’un logiciel hébergé, prestataire de paie, hébergeur du site, service d’envoi de SMS. Le contrat doit contenir les clauses de l’article 28.',
			fields: [
				textField('name', 'Nom du prestataire', { required: true, max: 200 }),
				textField('service', 'Service rendu', { required: true, example: 'Logiciel d’état civil hébergé ; envoi des SMS d’alerte', max: 300 }),
				textField('contact', 'Contact (et délégué du prestataire)', { max: 300 }),
				recordsField('activities', 'Activités du registre concernées', 'activity', { required: true })
			]
		},
		{
			title: 'Le contrat (article 28)',
			fields: [
				checkboxesField('clauses', 'Clauses présentes dans le contrat', PROCESSOR_CLAUSES, { required: true, help: 'Relisez le contrat ou les conditions générales ; demandez un avenant s’il en manque.' }),
				textareaField('securityNotes', 'Sécurité offerte par le prestataire', { max: 2000 }),
				textareaField('subProcessors', 'Sous-traitants ultérieurs connus', { max: 2000 }),
				booleanField('transfers', 'Des données partent-elles hors de l’Union européenne ?', { required: true }),
				textareaField('transferDetails', 'Pays et garanties', { required: true, showIf: { field: 'transfers', equals: 'oui' }, max: 2000 }),
				radioField(
					'endOfContract',
					'À la fin du contrat',
					[
						{ value: 'restitution', label: 'Les données sont rendues à la commune' },
						{ value: 'suppression', label: 'Les données sont supprimées' },
						{ value: 'non_prevu', label: 'Rien n’est prévu' }
					],
					{ required: true }
				)
			]
		}
	],
	summary: (a) => {
		const n = Array.isArray(a.clauses) ? a.clauses.length : 0;
		const total = PROCESSOR_CLAUSES.length;
		if (!a.name) return { label: 'À compléter', tone: 'neutral' };
		return n === total && a.endOfContract !== 'non_prevu'
			? { label: `Contrat conforme (${n}/${total} clauses)`, tone: 'ok' }
			: { label: `Contrat à compléter (${n}/${total} clauses)`, tone: 'warn' };
	}
};

// ---- Action plan ------------------------------------------------------------------------------

export const ACTION_ORIGINS: Option[] = [
	{ value: 'conformite', label: 'Non-conformité de la grille' },
	{ value: 'securite', label: 'Mesure de sécurité prévue' },
	{ value: 'risque', label: 'Traitement d’un risque' },
	{ value: 'manuel', label: 'Ajoutée à la main' }
];

export const ACTION_STATUSES: Option[] = [
	{ value: 'a_faire', label: 'À faire' },
	{ value: 'en_cours', label: 'En cours' },
	{ value: 'fait', label: 'Faite' }
];

export const actionKind: RecordKind = {
	id: 'action',
	entity: 'action du plan',
	isDone: (a) => a.status === 'fait',
	singular: 'une action',
	plural: 'actions du plan',
	titleField: 'title',
	sections: [
		{
			title: 'L’action',
			fields: [
				textField('title', 'Action', { required: true, max: 300 }),
				selectField('originKind', 'Origine', ACTION_ORIGINS, { required: true }),
				textareaField('details', 'Détail', { max: 3000 }),
				textField('owner', 'Qui s’en charge ?', { required: true, max: 200 }),
				dateField('dueDate', 'Échéance', { required: true }),
				radioField(
					'priority',
					'Priorité',
					[
						{ value: '1', label: '1 — urgent' },
						{ value: '2', label: '2 — important' },
						{ value: '3', label: '3 — quand c’est possible' }
					],
					{ required: true }
				),
				radioField('status', 'État', ACTION_STATUSES, { required: true }),
				dateField('doneOn', 'Faite le', { required: true, showIf: { field: 'status', equals: 'fait' } })
			]
		}
	],
	summary: (a, ctx) => {
		if (a.status === 'fait') return { label: typeof a.doneOn === 'string' && a.doneOn ? `Faite le ${formatDate(a.doneOn)}` : 'Faite', tone: 'ok' };
		const owner = typeof a.owner === 'string' && a.owner.trim() !== '';
		if (typeof a.dueDate === 'string' && a.dueDate) {
			const late = a.dueDate < parisDate(ctx.now);
			const label = late ? `En retard (échéance ${formatDate(a.dueDate)})` : `Pour le ${formatDate(a.dueDate)}`;
			return { label: owner ? label : `${label} — responsable à désigner`, tone: late ? 'bad' : owner ? 'neutral' : 'warn' };
		}
		// Without an owner and a due date an action is not a plan (outputs.md §4).
		return owner ? { label: 'Échéance à fixer', tone: 'warn' } : { label: 'À planifier', tone: 'warn' };
	}
};

/** An action not done that lacks an owner or a due date: « à planifier » (outputs.md §4). */
export function actionToPlan(a: Record<string, unknown>): { owner: boolean; dueDate: boolean } | null {
	if (a.status === 'fait') return null;
	const owner = typeof a.owner === 'string' && a.owner.trim() !== '';
	const dueDate = typeof a.dueDate === 'string' && a.dueDate !== '';
	return owner && dueDate ? null : { owner, dueDate };
}

export function actionIsLate(a: Record<string, unknown>, now = new Date()): boolean {
	return a.status !== 'fait' && typeof a.dueDate === 'string' && a.dueDate !== '' && a.dueDate < parisDate(now);
}

// ---- Training records -------------------------------------------------------------------------

/** A training attended (created by the trainer's attendance list): evidence for the dossier. */
export const trainingKind: RecordKind = {
	id: 'training',
	entity: 'attestation de formation',
	singular: 'une formation suivie',
	plural: 'formations suivies',
	titleField: 'title',
	sections: [
		{
			title: 'La formation',
			intro: 'La CNIL attend des traces de formation : celle-ci a été enregistrée par le formateur du GIP.',
			fields: [
				textField('title', 'Intitulé', { required: true, max: 200 }),
				dateField('date', 'Date', { required: true }),
				textField('place', 'Lieu', { max: 200 }),
				textField('trainer', 'Formateur', { required: true, max: 200 }),
				textField('participant', 'Participant', { required: true, max: 200 })
			]
		}
	],
	summary: (a) => ({ label: typeof a.date === 'string' && a.date ? `Suivie le ${formatDate(a.date)}` : 'Formation', tone: 'ok' })
};
