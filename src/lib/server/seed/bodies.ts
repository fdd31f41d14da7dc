// Generated bodies with a full, valid history: the supports, register fiches, DPIA screenings and
// assessments, conformity grids, notices, actions, processors, rights requests, breaches and answered
// steps of a commune or an EPCI, spread over the last fourteen months. Used by the dossier benchmark
// (two bodies) and by `npm run seed:scale` (a GIP-sized population).
//
// Every record and step is first checked against the same zod schemas and completeness rules as
// the forms, so the data is what the app would have saved; it is then written directly with
// drizzle, in batches, in the caller's transaction (one body = one transaction, whole or absent).
import { randomUUID } from 'node:crypto';
import { toParisLocal } from '../../deadlines';
import { CATALOGUE } from '../../catalogue/entries';
import { FEARED_EVENTS, PRINCIPLES } from '../../recipes/assessments';
import { DEFAULT_MISSIONS, defaultMeans } from '../../recipes/dpd';
import { missingFields, parseFields } from '../../recipes/engine';
import { RECIPES } from '../../recipes';
import { ficheFromCatalogue, kindFields, RECORD_KINDS, SECURITY_HEADINGS, SUPPORT_CATEGORIES } from '../../recipes/records';
import { BREACH_NATURES, PROCESSOR_CLAUSES, RIGHTS } from '../../recipes/registers';
import { NO_COMMUNE_FACTS } from '../../recipes/completeness';
import { MEASURES, THEMES } from '../../recipes/securite';
import type { Answers } from '../../recipes/types';
import type { SessionUser } from '../auth/session';
import type { Executor } from '../db';
import { stepAnswers, type BodyType, type FieldMeta } from '../db/schema';
import { luhn } from '../domain/communes';
import { createRecords } from '../domain/record-writes';
import { completenessOf } from '../domain/records';
import { parisDate } from '../../french';

/** How much a body holds. */
export interface BodyCounts {
	activities: number;
	supports: number;
	/** Activities screened for a DPIA (default: all of them); the first `dpiaRequired` need one. */
	dpiaScreened?: number;
	dpiaRequired: number;
	risks: number;
	grids: number;
	notices: number;
	actions: number;
	processors: number;
	requests: number;
	breaches: number;
}

/** Who the body is, for the texts of its records and answers. */
export interface BodyIdentity {
	type: BodyType;
	/** The town named in postal addresses. */
	town: string;
	/** The e-mail and web domain of the body (example.fr addresses only). */
	domain: string;
	/** A short code for references (CNIL receipt, notification numbers). */
	code: string;
	address: string;
	dpd: { firstName: string; lastName: string };
	/** Sites of an EPCI's services (default: towns of Côte-d'Or). */
	sites?: readonly string[];
	/** The random seed (default: derived from the counts). */
	seed?: number;
}

export interface PlannedStep {
	recipeId: string;
	stepId: string;
	answers: Answers;
}

export interface PlannedBody {
	records: Planned[];
	/** Every step of the cookbook, in the cookbook's order: a caller may keep only the first ones. */
	steps: PlannedStep[];
}

// ---- deterministic data ------------------------------------------------------------------------

/** mulberry32: the same data on every machine. */
export function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const SITES = ['Beaune', 'Nuits-Saint-Georges', 'Seurre', 'Meursault', 'Chagny', 'Pommard', 'Volnay', 'Savigny-lès-Beaune', 'Ladoix-Serrigny', 'Aloxe-Corton', 'Chorey-lès-Beaune', 'Bligny-sur-Ouche', 'Arnay-le-Duc', 'Pouilly-en-Auxois', 'Saint-Romain', 'Auxey-Duresses', 'Santenay', 'Corgoloin', 'Gevrey-Chambertin', 'Vougeot'];
export const SERVICES = ['pôle Enfance', 'pôle Solidarités', 'service des Eaux', 'service Déchets', 'pôle Aménagement', 'service Ressources humaines', 'direction des Finances', 'service Culture', 'service des Sports', 'pôle Mobilités'];
export const PEOPLE = ['Martine Durand', 'Louis Girard', 'Chantal Lefèvre', 'Éric Mercier', 'Hélène Faure', 'François Garnier', 'Agnès Chevalier', 'Jérôme Perrin', 'Cécile Morel', 'Benoît Lambert', 'Noémie Rousseau', 'Gaëlle Fontaine'];

export const iso = (d: Date) => parisDate(d);
export const daysFrom = (base: Date, days: number) => new Date(base.getTime() + days * 86_400_000);

/** Checks a record against the forms' zod schemas and its completeness; returns it unchanged. */
export function checked(kindId: string, data: Answers, parent?: Answers): Answers {
	const kind = RECORD_KINDS[kindId]!;
	const { values, errors } = parseFields(kindFields(kind), data, Object.keys(data));
	if (Object.keys(errors).length) throw new Error(`${kindId} : données refusées par les schémas — ${JSON.stringify(errors)}`);
	for (const [k, v] of Object.entries(values)) {
		if (JSON.stringify(v) !== JSON.stringify(data[k])) throw new Error(`${kindId} : ${k} n’est pas sous sa forme enregistrée (${JSON.stringify(data[k])})`);
	}
	// Judged on its own answers: every planned fiche describes its security measures itself.
	const missing = completenessOf(kind, data, { parent: parent ?? null, commune: NO_COMMUNE_FACTS, proposal: null }).missing;
	if (missing.length) throw new Error(`${kindId} : champs obligatoires manquants — ${missing.map((f) => f.name).join(', ')}`);
	return data;
}

/** Checks a form step's answers (schemas and required fields, seen with the recipe's other answers). */
export function checkedStep(recipeId: string, stepId: string, answers: Answers, recipeAnswers: Answers): Answers {
	const recipe = RECIPES.find((r) => r.id === recipeId)!;
	const step = recipe.steps.find((s) => s.id === stepId);
	if (!step || step.kind !== 'form') throw new Error(`${recipeId}/${stepId} : pas une étape de formulaire`);
	const { errors } = parseFields(step.fields, answers, Object.keys(answers));
	if (Object.keys(errors).length) throw new Error(`${recipeId}/${stepId} : ${JSON.stringify(errors)}`);
	const missing = missingFields(step.fields, { ...recipeAnswers, ...answers });
	if (missing.length) throw new Error(`${recipeId}/${stepId} : manquent ${missing.map((f) => f.name).join(', ')}`);
	return answers;
}

export function validSiren(prefix: string): string {
	for (let i = 0; i < 10; i++) if (luhn(`${prefix}${i}`)) return `${prefix}${i}`;
	throw new Error('no SIREN');
}

export interface Planned {
	id: string;
	kind: string;
	parentId: string | null;
	data: Answers;
	origin: Record<string, string>;
	at: Date;
}

export function planBody(spec: BodyCounts, who: BodyIdentity, now: Date): PlannedBody {
	const rand = prng(who.seed ?? spec.activities * 7919 + spec.supports);
	const sites = who.sites?.length ? who.sites : SITES;
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
	const some = <T>(list: readonly T[], n: number) => [...list].sort(() => rand() - 0.5).slice(0, Math.max(1, Math.min(n, list.length)));
	const out: Planned[] = [];
	// Created over the last 14 months, in order: the journal has twelve full months to show.
	let clock = daysFrom(now, -420).getTime();
	const step = (420 * 86_400_000) / (spec.activities * 2.2 + spec.actions + spec.supports + 50);
	const add = (kind: string, data: Answers, parentId: string | null = null, origin: Record<string, string> = {}, parent?: Answers) => {
		clock += step;
		const rec: Planned = { id: randomUUID(), kind, parentId, data: checked(kind, data, parent), origin, at: new Date(Math.min(clock, now.getTime() - 60_000)) };
		out.push(rec);
		return rec;
	};
	const place = (i: number) => (who.type === 'epci' ? `${sites[i % sites.length]}` : 'mairie');

	// Supports.
	const supports: Planned[] = [];
	for (let i = 0; i < spec.supports; i++) {
		const category = SUPPORT_CATEGORIES[i % SUPPORT_CATEGORIES.length]!.value;
		const data: Answers = {
			category,
			name: `${{ bureautique: 'Dossier partagé', logiciel: 'Logiciel métier', materiel: 'Poste de travail', en_ligne: 'Service en ligne', papier: 'Armoire de dossiers' }[category]} n° ${i + 1} (${place(i)})`,
			location: who.type === 'epci' ? `Site de ${place(i)}, bureau ${100 + i}` : `Mairie, bureau ${1 + (i % 4)}`,
			users: `${pick(SERVICES)} : ${pick(PEOPLE)} et son équipe`,
			notes: i % 3 === 0 ? 'Revu lors de l’inventaire annuel ; accès limité aux agents habilités.' : ''
		};
		if (category === 'materiel') data.device = 'ordinateur';
		if (category === 'logiciel' || category === 'en_ligne') {
			data.vendor = pick(['Berger-Levrault', 'JVS-Mairistem', 'Ciril Group', 'Arpège', 'Cegid Public', 'Éditeur régional']);
			data.hosting = i % 7 === 0 ? 'local' : 'prestataire';
		}
		if (!data.notes) delete data.notes;
		supports.push(add('support', data));
	}

	// Activities: catalogue entries under varied names, every required field and all seven security headings.
	const activities: Planned[] = [];
	for (let i = 0; i < spec.activities; i++) {
		const entry = CATALOGUE[i % CATALOGUE.length]!;
		const round = Math.floor(i / CATALOGUE.length);
		const data: Answers = ficheFromCatalogue(entry);
		data.name = who.type === 'epci' ? `${entry.name} — ${SERVICES[round % SERVICES.length]}, site de ${sites[(i + round) % sites.length]} (n° ${i + 1})` : round ? `${entry.name} (n° ${i + 1})` : entry.name;
		if (entry.sensitive.length && !isFilled(data.sensitiveJustification)) data.sensitiveJustification = 'Données nécessaires à la mission, recueillies au cas par cas et réservées aux agents habilités (art. 9.2).';
		data.recipientsExternal ??= 'Aucun organisme extérieur, sauf réquisition d’une autorité';
		data.processors ??= 'Aucun';
		data.jointController = i % 9 === 0 ? 'Le CCAS, pour l’instruction des dossiers communs' : '';
		if (!data.jointController) delete data.jointController;
		data.transfers = i % 40 === 0 ? 'oui' : 'non';
		if (data.transfers === 'oui') data.transferDetails = 'Messagerie hébergée aux États-Unis ; clauses contractuelles types de la Commission européenne et chiffrement.';
		for (const h of SECURITY_HEADINGS) data[h.name] = `${h.example} ; vérifié en ${['janvier', 'mars', 'juin', 'septembre'][i % 4]} (${place(i)}).`;
		data.supports = some(supports, 1 + (i % 3)).map((s) => s.id);
		activities.push(add('activity', data, null, { catalogue: entry.id, bench: String(i + 1) }));
	}

	// DPIA screenings for every activity: the first `dpiaRequired` need an assessment.
	activities.slice(0, spec.dpiaScreened ?? activities.length).forEach((a, i) => {
		const data: Answers =
			i < spec.dpiaRequired
				? i % 2
					? { art35Case: 'aucun', onRequiredList: 'accompagnement-social' }
					: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune', criteria: ['sensibles', 'vulnerables'], criteriaReviewed: 'oui', notes: 'Données sociales de personnes vulnérables.' }
				: i % 3 === 0
					? { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'scolaire' }
					: i % 2
						? { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune', criteria: ['grande-echelle'], criteriaReviewed: 'oui', oneCriterionDecision: 'pas_aipd', oneCriterionWhy: 'Beaucoup de personnes, mais des données courantes, peu d’agents y accèdent et tout est détruit au bout d’un an.' }
						: { art35Case: 'aucun', onRequiredList: 'aucune', onNotRequiredList: 'aucune', criteria: [], criteriaReviewed: 'oui' };
		add('dpia', data, a.id);
	});

	// Risk assessments, complete with the residual estimates, on the first `risks` of those.
	for (let i = 0; i < spec.risks; i++) {
		const a = activities[i]!;
		const data: Answers = { dpdOpinion: 'Les mesures prévues ramènent les risques à un niveau acceptable ; points à revoir dans un an.', dpdOpinionDate: iso(daysFrom(now, -60 + i)), mayorDecision: i % 10 === 9 ? 'a_revoir' : 'validee', mayorDecisionDate: iso(daysFrom(now, -55 + i)) };
		const stillHigh = i % 8 === 0;
		for (const [k, e] of FEARED_EVENTS.entries()) {
			const g = String(2 + ((i + k) % 3));
			const v = String(1 + ((i * 3 + k) % 4));
			Object.assign(data, {
				[`${e.id}_impacts`]: e.examples.impacts,
				[`${e.id}_threats`]: e.examples.threats,
				[`${e.id}_sources`]: e.examples.sources,
				[`${e.id}_measures`]: `${e.examples.measures} ; revue au ${place(i)}.`,
				[`${e.id}_gravite`]: g,
				[`${e.id}_vraisemblance`]: v,
				[`${e.id}_justification`]: `Gravité ${g} : données ${i % 2 ? 'sociales' : 'd’identité'} ; vraisemblance ${v} au vu des mesures existantes.`,
				[`${e.id}_gravite_residuelle`]: stillHigh && k === 0 ? '3' : String(Math.max(1, Number(g) - 1)),
				[`${e.id}_vraisemblance_residuelle`]: stillHigh && k === 0 ? '3' : '1'
			});
		}
		if (stillHigh) {
			data.cnilConsulted = i % 16 === 0 ? 'oui' : 'non';
			if (data.cnilConsulted === 'oui') data.cnilConsultedDate = iso(daysFrom(now, -30));
		}
		add('risk', data, a.id, {}, a.data);
	}

	// Conformity grids, some with a non-conformity.
	const grids: Planned[] = [];
	for (let i = 0; i < spec.grids; i++) {
		const a = activities[(i * 7) % activities.length]!;
		const data: Answers = {};
		for (const p of PRINCIPLES) {
			data[`p_${p.id}`] = i % 4 === 0 && p.id === 'information' ? 'non_conforme' : p.id === 'transferts' && a.data.transfers === 'non' ? 'na' : 'conforme';
			data[`p_${p.id}_why`] = data[`p_${p.id}`] === 'non_conforme' ? 'Le formulaire ne mentionne ni la finalité ni le contact du délégué.' : `Vérifié avec le ${pick(SERVICES)} lors de la revue de la fiche.`;
		}
		if (out.some((r) => r.kind === 'conformity' && r.parentId === a.id)) continue;
		grids.push(add('conformity', data, a.id));
	}

	// Information notices.
	for (let i = 0; i < spec.notices; i++) {
		const a = activities[(i * 5 + 1) % activities.length]!;
		if (out.some((r) => r.kind === 'notice' && r.parentId === a.id)) continue;
		const data: Answers = { source: 'personne', mandatory: 'partiel', mandatoryDetails: 'Nom et adresse sont obligatoires ; sans eux la demande ne peut pas être traitée.', channels: ['formulaire', 'site'] };
		if (a.data.legalBasis === 'a') Object.assign(data, { consentHow: 'Case à cocher non pré-cochée sur le formulaire, signé et daté', consentWithdraw: 'Un courriel au délégué ou la réponse STOP ; désinscription sous 48 h', consentProof: 'Formulaires signés classés au service ; export daté de la plateforme' });
		add('notice', data, a.id, {}, a.data);
	}

	// Actions: from the grids' non-conformities first, then by hand.
	const nonConform = grids.filter((g) => g.data.p_information === 'non_conforme');
	for (let i = 0; i < spec.actions; i++) {
		const fromGrid = nonConform[i];
		const status = i % 5 === 0 ? 'fait' : i % 5 === 1 ? 'en_cours' : 'a_faire';
		const data: Answers = {
			title: fromGrid ? `Mettre en conformité : information des personnes — ${String(activities.find((a) => a.id === fromGrid.parentId)!.data.name)}`.slice(0, 300) : `${pick(['Former les agents', 'Réviser les habilitations', 'Chiffrer les portables', 'Relire les contrats', 'Mettre à jour la mention', 'Tester la sauvegarde'])} — ${pick(SERVICES)} (n° ${i + 1})`,
			originKind: fromGrid ? 'conformite' : 'manuel',
			details: 'Suivi en réunion mensuelle du réseau des référents.',
			owner: pick(PEOPLE),
			// Some past their due date (late unless done), most to come.
			dueDate: iso(daysFrom(now, i % 6 === 2 ? -20 - i : 15 + i * 2)),
			priority: String(1 + (i % 3)),
			status
		};
		if (status === 'fait') data.doneOn = iso(daysFrom(now, -(i % 30) - 1));
		add('action', data, null, fromGrid ? { kind: 'conformity', id: fromGrid.id, item: 'information' } : {});
	}

	// Processors.
	for (let i = 0; i < spec.processors; i++) {
		const full = i % 3 !== 0;
		const data: Answers = {
			name: `${pick(['Berger-Levrault', 'JVS-Mairistem', 'Ciril Group', 'Arpège', 'Cegid Public', 'SMS Alerte', 'Hébergeur régional', 'Paie Services'])} (contrat ${2020 + (i % 6)}-${100 + i})`,
			service: pick(['Logiciel hébergé', 'Paie des agents', 'Envoi des alertes', 'Hébergement du site', 'Facturation de l’eau', 'Portail famille']),
			contact: `dpo${i + 1}@prestataire.example.fr`,
			activities: some(activities, 1 + (i % 12)).map((a) => a.id),
			clauses: full ? PROCESSOR_CLAUSES.map((c) => c.value) : PROCESSOR_CLAUSES.slice(0, 5).map((c) => c.value),
			securityNotes: 'Hébergement en France, sauvegardes quotidiennes, chiffrement des échanges.',
			transfers: 'non',
			endOfContract: full ? 'restitution' : 'non_prevu'
		};
		add('processor', data);
	}

	// Rights requests: answered in time, one extended, one late and unanswered.
	for (let i = 0; i < spec.requests; i++) {
		// The third one is past its month, unanswered.
		const received = daysFrom(now, i === 2 ? -50 : -10 - i * 9);
		const data: Answers = {
			requesterName: `${PEOPLE[(i + 3) % PEOPLE.length]} (demande ${i + 1})`,
			requesterContact: `${10 + i} rue de la Gare, ${place(i) === 'mairie' ? who.town : place(i)}`,
			right: RIGHTS[i % RIGHTS.length]!.value,
			receivedOn: iso(received),
			details: 'Demande reçue par courrier à l’accueil, transmise au délégué le jour même.',
			identityChecked: 'oui'
		};
		if (i === 1) Object.assign(data, { extended: 'oui', extensionToldOn: iso(daysFrom(received, 20)) });
		else if (i !== 2 && i * 9 + 10 > 20) Object.assign(data, { answeredOn: iso(daysFrom(received, 12)), answerSummary: 'Copie des données envoyée par courrier recommandé.' });
		add('request', data);
	}

	// Breaches.
	for (let i = 0; i < spec.breaches; i++) {
		const found = daysFrom(now, -20 - i * 37);
		const risk = ['aucun', 'risque', 'eleve'][i % 3]!;
		const data: Answers = {
			title: `${pick(['Courriel envoyé au mauvais destinataire', 'Ordinateur portable volé', 'Dossier papier égaré', 'Rançongiciel sur un poste'])} (${i + 1})`,
			discoveredAt: toParisLocal(found),
			nature: [BREACH_NATURES[i % BREACH_NATURES.length]!.value],
			description: 'Découverte par un agent, signalée au délégué dans l’heure.',
			dataConcerned: 'Nom, adresse, situation familiale',
			peopleConcerned: 'Usagers du service',
			peopleCount: String(20 + i * 15),
			consequences: 'Risque de démarchage ou de gêne ; pas de donnée bancaire.',
			measures: 'Demande de suppression au destinataire ; mots de passe changés ; rappel des consignes.',
			risk
		};
		if (risk === 'aucun') Object.assign(data, { notNotifiedReason: 'Destinataire identifié, suppression confirmée le jour même : pas de risque pour les personnes.' });
		if (risk !== 'aucun') Object.assign(data, { cnilNotified: 'oui', cnilNotifiedAt: toParisLocal(new Date(found.getTime() + 30 * 3_600_000)), cnilReference: `NOTIF-${who.code}-${i + 1}` });
		if (risk === 'eleve') Object.assign(data, { peopleInformed: 'oui', peopleInformedOn: iso(daysFrom(found, 3)) });
		add('breach', data);
	}

	// Steps: every form step answered, every collection step done.
	const dpdName = who.dpd;
	const dpd: Record<string, Answers> = {
		type:
			who.type === 'epci'
				? {
						dpdKind: 'mutualise',
						position: 'exterieur',
						sharedWith: 'Les communes membres de la communauté',
						conventionDate: iso(daysFrom(now, -430)),
						conventionParties: 'la communauté et ses communes membres'
					}
				: { dpdKind: 'interne', position: 'secretaire' },
		identite: {
			...dpdName,
			...(who.type === 'epci' ? { organisation: 'Service commun de protection des données' } : {}),
			email: `rgpd@${who.domain}`,
			phone: '03 80 00 99 99',
			postalAddress: who.address,
			hoursPerWeek: who.type === 'epci' ? '14' : '2'
		},
		independance: { checkCompetence: 'oui', checkMeans: 'oui', checkIndependence: 'oui', independenceMeasures: 'Temps réservé chaque semaine ; rend compte au président seul.', training: 'Formation « Super Chef RGPD » du GIP, mars 2026' },
		lettre: { missions: DEFAULT_MISSIONS, means: defaultMeans(who.type === 'epci' ? '14' : '2'), relays: 'Un référent par service et par site', meetingFrequency: 'Une fois par mois', channels: `Par e-mail à rgpd@${who.domain} ; bilan annuel au conseil`, designationDate: iso(daysFrom(now, -400)) },
		cnil: { declared: 'oui', declarationDate: iso(daysFrom(now, -395)), receiptNumber: `DPO-2025-${who.code}` },
		publication: { onWebsite: 'oui', websiteUrl: `https://www.${who.domain}/donnees-personnelles`, onForms: 'oui', atMairie: 'oui', councilInformed: 'oui', staffInformed: 'oui' }
	};
	const steps: { recipeId: string; stepId: string; answers: Answers }[] = [];
	const dpdAll = Object.assign({}, ...Object.values(dpd)) as Answers;
	for (const [stepId, answers] of Object.entries(dpd)) steps.push({ recipeId: 'dpd', stepId, answers: checkedStep('dpd', stepId, answers, dpdAll) });
	const forms: [string, string, Answers][] = [
		['registre', 'organisation', { keeper: `${dpdName.firstName} ${dpdName.lastName}, délégué`, format: 'Dans l’application Super Chef RGPD, avec une copie PDF datée', reviewPlanned: 'oui', lastReview: iso(daysFrom(now, -40)) }],
		['droits', 'procedure', { receivedBy: `Le délégué, à rgpd@${who.domain}`, identityCheck: 'Seulement en cas de doute : justificatif vu puis rendu, jamais copié', answeredBy: 'Le président, sur proposition du délégué', modelKnown: 'oui' }],
		['violations', 'procedure', { alertWho: 'Le délégué et le directeur général, par téléphone', firstSteps: 'Débrancher le poste du réseau sans l’éteindre ; noter l’heure ; prévenir le délégué', decides: 'Le président, sur avis du délégué', processorsBound: 'oui' }]
	];
	for (const t of THEMES) {
		const answers: Answers = {};
		for (const [k, m] of t.measures.entries()) {
			answers[`m_${m.id}`] = k === 1 && t.id === 'sauvegardes' ? 'prevu' : 'fait';
			answers[`m_${m.id}_note`] = `Vérifié sur ${who.type === 'epci' ? 'chaque site' : 'le poste de la mairie'}.`;
		}
		forms.push(['securite', t.id, answers]);
	}
	for (const [recipeId, stepId, answers] of forms) steps.push({ recipeId, stepId, answers: checkedStep(recipeId, stepId, answers, answers) });
	for (const r of RECIPES) for (const s of r.steps) if (s.kind === 'collection') steps.push({ recipeId: r.id, stepId: s.id, answers: {} });
	if (MEASURES.length !== THEMES.reduce((n, t) => n + t.measures.length, 0)) throw new Error('measures');
	return { records: out, steps };
}

function isFilled(v: unknown) {
	return typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}

/**
 * Writes a planned body's records through the one write path (each with its field history and its
 * creation in the audit log, at its date) and its steps (done), in batches, within the caller's
 * transaction.
 */
export async function insertPlannedBody(
	tx: Executor,
	communeId: string,
	user: Pick<SessionUser, 'id' | 'name'>,
	planned: PlannedBody,
	opts: { action: string; stepsAt: Date; batch?: number }
): Promise<void> {
	const meta = (data: Answers, at: Date): FieldMeta => Object.fromEntries(Object.keys(data).map((k) => [k, { by: user.id, byName: user.name, at: at.toISOString(), version: 1 }]));
	// Parents before children (the parent_id foreign key), in planned order.
	await createRecords(
		tx,
		{ user, communeId, canEdit: true },
		planned.records.map((r) => ({ id: r.id, kind: r.kind, parentId: r.parentId, data: r.data, origin: r.origin, action: opts.action, at: r.at })),
		{ batch: opts.batch }
	);
	const at = opts.stepsAt;
	if (planned.steps.length) {
		await tx.insert(stepAnswers).values(
			planned.steps.map((s) => ({ communeId, recipeId: s.recipeId, stepId: s.stepId, answers: s.answers, fieldMeta: meta(s.answers, at), version: 1, status: 'terminee' as const, completedAt: at, updatedAt: at, updatedBy: user.id }))
		);
	}
}
