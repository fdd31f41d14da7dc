// Recipe « Suivre le plan d'action » — every action, from non-conformities, planned security
// measures, risk treatments, or added by hand.
import { addMonths } from '../deadlines';
import type { Answers, Recipe } from './types';

/**
 * The action plan in one table (`/c/…/plan`): each open action without an owner or a due date is
 * proposed one — the commune's DPD, and a due date from its priority — marked « proposé » until the
 * secretary submits the table (she accepts it as it is, or changes it).
 * Months from « today » (Paris) by priority: 1 — urgent, 2 — important, 3 — when possible.
 */
export const PRIORITY_MONTHS: Record<string, number> = { '1': 1, '2': 3, '3': 6 };

/** The due date proposed for an action of this priority (priority 2 when it has none). */
export function proposedDueDate(priority: unknown, today: string): string {
	return addMonths(today, PRIORITY_MONTHS[String(priority)] ?? PRIORITY_MONTHS['2']!);
}

/** The owner proposed for every action: the DPD named in « Désigner le délégué » (empty until named). */
export function proposedOwner(dpd: Answers): string {
	return [dpd.firstName, dpd.lastName].filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()).join(' ');
}

export const planRecipe: Recipe = {
	id: 'plan',
	title: 'Suivre le plan d’action',
	why:
		'Le plan d’action rassemble tout ce qui reste à faire : les non-conformités, les mesures de sécurité prévues, le traitement des risques. Chaque action a un responsable et une échéance ; quand elle est faite, ce dont elle venait est mis à jour.',
	priority: 2,
	after: ['conformite', 'securite'],
	steps: [
		{
			kind: 'collection',
			id: 'actions',
			title: 'Les actions',
			intro: 'Les actions créées depuis la grille de conformité, la sécurité ou l’analyse des risques arrivent ici ; ajoutez les vôtres. Les actions en retard apparaissent sur le tableau de bord.',
			minutes: 15,
			perRecord: { minutes: 2, confirm: 1 },
			recordKind: 'action',
			allowNone: 'Aucune action à prévoir',
			widget: 'plan-table',
			requireComplete: true
		}
	]
};
