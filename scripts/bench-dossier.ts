// npm run bench:dossier -- [--runs 5] [--out <folder>] [--reseed]
//
// Times the compliance dossier of a small commune (30 activities) and of a large body (800
// activities, 40 risk assessments, 200 actions…) against the targets: 30 activities ≤ 1 s; 800
// activities ≤ 5 s and ≤ 300 MB peak RSS.
//
// Database: DATABASE_URL when set (a PostgreSQL server); otherwise the embedded database in
// DATA_DIR, which defaults here to ./data/bench — NOT the application's ./data — so that the
// benchmark bodies never appear in the development database by accident.
//
// The two bodies are created once (in one transaction each) and found again by their name on the
// next runs. Their rows are written directly with drizzle, in batches, but every record and step
// is first checked against the same zod schemas and completeness rules as the forms.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { toParisLocal } from '../src/lib/deadlines';
import { CATALOGUE } from '../src/lib/catalogue/entries';
import { FEARED_EVENTS, PRINCIPLES } from '../src/lib/recipes/assessments';
import { DEFAULT_MISSIONS, defaultMeans } from '../src/lib/recipes/dpd';
import { missingFields, parseFields } from '../src/lib/recipes/engine';
import { RECIPES } from '../src/lib/recipes';
import { kindFields, RECORD_KINDS, SECURITY_HEADINGS, SUPPORT_CATEGORIES } from '../src/lib/recipes/records';
import { BREACH_NATURES, PROCESSOR_CLAUSES, RIGHTS } from '../src/lib/recipes/registers';
import { MEASURES, THEMES } from '../src/lib/recipes/securite';
import type { Answers } from '../src/lib/recipes/types';
import type { SessionUser } from '../src/lib/server/auth/session';
import { openDatabase, optionsFromEnv, type Db } from '../src/lib/server/db';
import { auditLog, communes, memberships, records, stepAnswers, users, type BodyType, type Commune, type FieldMeta } from '../src/lib/server/db/schema';
import { luhn } from '../src/lib/server/domain/communes';
import { generateDossier, getDossier, writeDossier } from '../src/lib/server/domain/dossiers';
import { completenessOf, entityName, ficheFromCatalogue } from '../src/lib/server/domain/records';
import { buildDossier } from '../src/lib/server/dossier/model';
import { renderDossier, type RenderTimings } from '../src/lib/server/dossier/render';
import { buildSnapshot, fingerprint } from '../src/lib/server/dossier/snapshot';
import type { Access } from '../src/lib/server/tenancy';

const { values: args } = parseArgs({
	options: {
		runs: { type: 'string', default: '5' },
		out: { type: 'string' },
		reseed: { type: 'boolean', default: false }
	}
});
const RUNS = Math.max(1, Number.parseInt(args.runs ?? '5', 10) || 5);

if (!process.env.DATABASE_URL && !process.env.DATA_DIR) process.env.DATA_DIR = 'data/bench';
const dbOptions = optionsFromEnv();
const outDir = resolve(args.out ?? (process.env.DATA_DIR ? process.env.DATA_DIR : 'data/bench'));

// ---- the two bodies ----------------------------------------------------------------------------

interface BodySpec {
	/** The marker: the body is found again by this name (and type). */
	name: string;
	type: BodyType;
	population: number;
	activities: number;
	supports: number;
	/** DPIA screenings: every activity is screened; these many need an assessment. */
	dpiaRequired: number;
	risks: number;
	grids: number;
	notices: number;
	actions: number;
	processors: number;
	requests: number;
	breaches: number;
	target: { ms: number; rssMb?: number };
}

const SMALL: BodySpec = {
	name: 'Villebanc (banc d’essai)',
	type: 'commune',
	population: 1850,
	activities: 30,
	supports: 10,
	dpiaRequired: 3,
	risks: 2,
	grids: 8,
	notices: 5,
	actions: 15,
	processors: 4,
	requests: 4,
	breaches: 1,
	target: { ms: 1000 }
};

const LARGE: BodySpec = {
	name: 'Agglomération de démonstration (banc d’essai)',
	type: 'epci',
	population: 48_500,
	activities: 800,
	supports: 60,
	dpiaRequired: 48,
	risks: 40,
	grids: 100,
	notices: 25,
	actions: 200,
	processors: 30,
	requests: 30,
	breaches: 8,
	target: { ms: 5000, rssMb: 300 }
};

const BENCH_USER = { name: 'Camille Banc', email: 'banc-essai@demo.superchef-rgpd.fr' };

// ---- deterministic data ------------------------------------------------------------------------

/** mulberry32: the same data on every machine. */
function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SITES = ['Beaune', 'Nuits-Saint-Georges', 'Seurre', 'Meursault', 'Chagny', 'Pommard', 'Volnay', 'Savigny-lès-Beaune', 'Ladoix-Serrigny', 'Aloxe-Corton', 'Chorey-lès-Beaune', 'Bligny-sur-Ouche', 'Arnay-le-Duc', 'Pouilly-en-Auxois', 'Saint-Romain', 'Auxey-Duresses', 'Santenay', 'Corgoloin', 'Gevrey-Chambertin', 'Vougeot'];
const SERVICES = ['pôle Enfance', 'pôle Solidarités', 'service des Eaux', 'service Déchets', 'pôle Aménagement', 'service Ressources humaines', 'direction des Finances', 'service Culture', 'service des Sports', 'pôle Mobilités'];
const PEOPLE = ['Martine Durand', 'Louis Girard', 'Chantal Lefèvre', 'Éric Mercier', 'Hélène Faure', 'François Garnier', 'Agnès Chevalier', 'Jérôme Perrin', 'Cécile Morel', 'Benoît Lambert', 'Noémie Rousseau', 'Gaëlle Fontaine'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (base: Date, days: number) => new Date(base.getTime() + days * 86_400_000);

/** Checks a record against the forms' zod schemas and its completeness; returns it unchanged. */
function checked(kindId: string, data: Answers, parent?: Answers): Answers {
	const kind = RECORD_KINDS[kindId]!;
	const { values, errors } = parseFields(kindFields(kind), data, Object.keys(data));
	if (Object.keys(errors).length) throw new Error(`${kindId} : données refusées par les schémas — ${JSON.stringify(errors)}`);
	for (const [k, v] of Object.entries(values)) {
		if (JSON.stringify(v) !== JSON.stringify(data[k])) throw new Error(`${kindId} : ${k} n’est pas sous sa forme enregistrée (${JSON.stringify(data[k])})`);
	}
	const missing = completenessOf(kind, data, { parent }).missing;
	if (missing.length) throw new Error(`${kindId} : champs obligatoires manquants — ${missing.map((f) => f.name).join(', ')}`);
	return data;
}

/** Checks a form step's answers (schemas and required fields, seen with the recipe's other answers). */
function checkedStep(recipeId: string, stepId: string, answers: Answers, recipeAnswers: Answers): Answers {
	const recipe = RECIPES.find((r) => r.id === recipeId)!;
	const step = recipe.steps.find((s) => s.id === stepId);
	if (!step || step.kind !== 'form') throw new Error(`${recipeId}/${stepId} : pas une étape de formulaire`);
	const { errors } = parseFields(step.fields, answers, Object.keys(answers));
	if (Object.keys(errors).length) throw new Error(`${recipeId}/${stepId} : ${JSON.stringify(errors)}`);
	const missing = missingFields(step.fields, { ...recipeAnswers, ...answers });
	if (missing.length) throw new Error(`${recipeId}/${stepId} : manquent ${missing.map((f) => f.name).join(', ')}`);
	return answers;
}

function validSiren(prefix: string): string {
	for (let i = 0; i < 10; i++) if (luhn(`${prefix}${i}`)) return `${prefix}${i}`;
	throw new Error('no SIREN');
}

interface Planned {
	id: string;
	kind: string;
	parentId: string | null;
	data: Answers;
	origin: Record<string, string>;
	at: Date;
}

function plan(spec: BodySpec, now: Date): { records: Planned[]; steps: { recipeId: string; stepId: string; answers: Answers }[] } {
	const rand = prng(spec.activities * 7919 + spec.supports);
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
	const place = (i: number) => (spec.type === 'epci' ? `${SITES[i % SITES.length]}` : 'mairie');

	// Supports.
	const supports: Planned[] = [];
	for (let i = 0; i < spec.supports; i++) {
		const category = SUPPORT_CATEGORIES[i % SUPPORT_CATEGORIES.length]!.value;
		const data: Answers = {
			category,
			name: `${{ bureautique: 'Dossier partagé', logiciel: 'Logiciel métier', materiel: 'Poste de travail', en_ligne: 'Service en ligne', papier: 'Armoire de dossiers' }[category]} n° ${i + 1} (${place(i)})`,
			location: spec.type === 'epci' ? `Site de ${place(i)}, bureau ${100 + i}` : `Mairie, bureau ${1 + (i % 4)}`,
			users: `${pick(SERVICES)} : ${pick(PEOPLE)} et son équipe`,
			notes: i % 3 === 0 ? 'Revu lors de l’inventaire annuel ; accès limité aux agents habilités.' : ''
		};
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
		data.name = spec.type === 'epci' ? `${entry.name} — ${SERVICES[round % SERVICES.length]}, site de ${SITES[(i + round) % SITES.length]} (n° ${i + 1})` : round ? `${entry.name} (n° ${i + 1})` : entry.name;
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
	activities.forEach((a, i) => {
		const data: Answers =
			i < spec.dpiaRequired
				? i % 2
					? { onNotRequiredList: 'aucune', onRequiredList: 'accompagnement-social' }
					: { onNotRequiredList: 'aucune', onRequiredList: 'aucune', criteria: ['sensibles', 'vulnerables'], criteriaReviewed: 'oui', notes: 'Données sociales de personnes vulnérables.' }
				: i % 3 === 0
					? { onNotRequiredList: 'scolaire' }
					: { onNotRequiredList: 'aucune', onRequiredList: 'aucune', criteria: i % 2 ? ['grande-echelle'] : [], criteriaReviewed: 'oui' };
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
			requesterContact: `${10 + i} rue de la Gare, ${place(i) === 'mairie' ? 'Villebanc' : place(i)}`,
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
		if (risk !== 'aucun') Object.assign(data, { cnilNotified: 'oui', cnilNotifiedAt: toParisLocal(new Date(found.getTime() + 30 * 3_600_000)), cnilReference: `NOTIF-BANC-${i + 1}` });
		if (risk === 'eleve') Object.assign(data, { peopleInformed: 'oui', peopleInformedOn: iso(daysFrom(found, 3)) });
		add('breach', data);
	}

	// Steps: every form step answered, every collection step done.
	const dpdName = spec.type === 'epci' ? { firstName: 'Camille', lastName: 'Banc' } : { firstName: 'Sophie', lastName: 'Banc' };
	const dpd: Record<string, Answers> = {
		type: spec.type === 'epci' ? { dpdKind: 'mutualise', position: 'exterieur', sharedWith: 'Les 54 communes membres de l’agglomération' } : { dpdKind: 'interne', position: 'secretaire' },
		identite: {
			...dpdName,
			...(spec.type === 'epci' ? { organisation: 'Service commun de protection des données' } : {}),
			email: 'rgpd@banc-essai.example.fr',
			phone: '03 80 00 99 99',
			postalAddress: 'Hôtel de l’agglomération, 1 place du Banc, 21200 Beaune',
			hoursPerWeek: spec.type === 'epci' ? '14' : '2'
		},
		independance: { checkCompetence: 'oui', checkMeans: 'oui', checkIndependence: 'oui', independenceMeasures: 'Temps réservé chaque semaine ; rend compte au président seul.', training: 'Formation « Super Chef RGPD » du GIP, mars 2026' },
		lettre: { missions: DEFAULT_MISSIONS, means: defaultMeans(spec.type === 'epci' ? '14' : '2'), relays: 'Un référent par service et par site', meetingFrequency: 'Une fois par mois', channels: 'Par e-mail à rgpd@banc-essai.example.fr ; bilan annuel au conseil', designationDate: iso(daysFrom(now, -400)) },
		cnil: { declared: 'oui', declarationDate: iso(daysFrom(now, -395)), receiptNumber: 'DPO-2025-BANC' },
		publication: { onWebsite: 'oui', websiteUrl: 'https://www.banc-essai.example.fr/donnees-personnelles', onForms: 'oui', atMairie: 'oui', councilInformed: 'oui', staffInformed: 'oui' }
	};
	const steps: { recipeId: string; stepId: string; answers: Answers }[] = [];
	const dpdAll = Object.assign({}, ...Object.values(dpd)) as Answers;
	for (const [stepId, answers] of Object.entries(dpd)) steps.push({ recipeId: 'dpd', stepId, answers: checkedStep('dpd', stepId, answers, dpdAll) });
	const forms: [string, string, Answers][] = [
		['registre', 'organisation', { keeper: `${dpdName.firstName} ${dpdName.lastName}, délégué`, format: 'Dans l’application Super Chef RGPD, avec une copie PDF datée', reviewPlanned: 'oui', lastReview: iso(daysFrom(now, -40)) }],
		['droits', 'procedure', { receivedBy: 'Le délégué, à rgpd@banc-essai.example.fr', identityCheck: 'Seulement en cas de doute : justificatif vu puis rendu, jamais copié', answeredBy: 'Le président, sur proposition du délégué', modelKnown: 'oui' }],
		['violations', 'procedure', { alertWho: 'Le délégué et le directeur général, par téléphone', firstSteps: 'Débrancher le poste du réseau sans l’éteindre ; noter l’heure ; prévenir le délégué', decides: 'Le président, sur avis du délégué', processorsBound: 'oui' }]
	];
	for (const t of THEMES) {
		const answers: Answers = {};
		for (const [k, m] of t.measures.entries()) {
			answers[`m_${m.id}`] = k === 1 && t.id === 'sauvegardes' ? 'prevu' : 'fait';
			answers[`m_${m.id}_note`] = `Vérifié sur ${spec.type === 'epci' ? 'chaque site' : 'le poste de la mairie'}.`;
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

async function ensureUser(db: Db): Promise<SessionUser> {
	const [found] = await db.select().from(users).where(eq(sql`lower(${users.email})`, BENCH_USER.email));
	// Not a password hash: nobody can sign in with this account; it only signs the benchmark's dossiers.
	const u = found ?? (await db.insert(users).values({ ...BENCH_USER, passwordHash: 'banc-essai-sans-connexion' }).returning())[0]!;
	return { id: u.id, email: u.email, name: u.name, isGipAdmin: u.isGipAdmin, isTrainer: u.isTrainer };
}

async function activityCount(db: Db, communeId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(records)
		.where(and(eq(records.communeId, communeId), eq(records.kind, 'activity'), isNull(records.archivedAt)));
	return Number(row?.n ?? 0);
}

/** Finds the body by its marker name, or creates it with all its data in one transaction. */
async function ensureBody(db: Db, user: SessionUser, spec: BodySpec): Promise<{ commune: Commune; seededMs: number | null }> {
	const existing = await db
		.select()
		.from(communes)
		.where(and(eq(communes.name, spec.name), eq(communes.type, spec.type)));
	for (const c of existing) {
		if (!args.reseed && (await activityCount(db, c.id)) === spec.activities) return { commune: c, seededMs: null };
		console.log(`  ${spec.name} : données incomplètes ou --reseed, recréation.`);
		await db.delete(communes).where(eq(communes.id, c.id));
	}
	const started = performance.now();
	const now = new Date();
	const planned = plan(spec, now);
	const commune = await db.transaction(async (tx) => {
		const [c] = await tx
			.insert(communes)
			.values({
				type: spec.type,
				name: spec.name,
				inseeCode: null,
				departement: '21',
				population: spec.population,
				postalCode: '21200',
				siren: validSiren(spec.type === 'epci' ? '20000099' : '21000099'),
				address: spec.type === 'epci' ? 'Hôtel de l’agglomération, 1 place du Banc, 21200 Beaune' : '1 place de la Mairie, 21200 Villebanc',
				mayorName: spec.type === 'epci' ? 'Bernadette Président' : 'Marcel Maire',
				email: 'contact@banc-essai.example.fr',
				phone: '03 80 00 99 00'
			})
			.returning();
		await tx.insert(memberships).values({ userId: user.id, communeId: c!.id, role: 'dpd' });
		const meta = (data: Answers, at: Date): FieldMeta => Object.fromEntries(Object.keys(data).map((k) => [k, { by: user.id, byName: user.name, at: at.toISOString(), version: 1 }]));
		const BATCH = 250;
		// Parents before children (the parent_id foreign key), in planned order.
		for (let i = 0; i < planned.records.length; i += BATCH) {
			const batch = planned.records.slice(i, i + BATCH);
			await tx.insert(records).values(
				batch.map((r) => ({ id: r.id, communeId: c!.id, kind: r.kind, parentId: r.parentId, data: r.data, fieldMeta: meta(r.data, r.at), version: 1, origin: r.origin, createdAt: r.at, createdBy: user.id, updatedAt: r.at, updatedBy: user.id }))
			);
			await tx.insert(auditLog).values(
				batch.map((r) => ({ at: r.at, userId: user.id, userName: user.name, communeId: c!.id, entity: entityName(RECORD_KINDS[r.kind]!), entityId: r.id, action: 'création (banc d’essai)', changes: { name: String(r.data.name ?? r.data.title ?? r.data.requesterName ?? '') } }))
			);
		}
		await tx.insert(stepAnswers).values(
			planned.steps.map((s) => ({ communeId: c!.id, recipeId: s.recipeId, stepId: s.stepId, answers: s.answers, fieldMeta: meta(s.answers, now), version: 1, status: 'terminee' as const, completedAt: now, updatedAt: now, updatedBy: user.id }))
		);
		return c!;
	});
	return { commune, seededMs: performance.now() - started };
}

// ---- measuring -------------------------------------------------------------------------------

const mb = (bytes: number) => bytes / 1024 / 1024;
const fmtMs = (ms: number) => `${Math.round(ms)} ms`;
const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** Peak RSS of the process so far, in bytes (Linux reports kilobytes). */
const maxRss = () => process.resourceUsage().maxRSS * 1024;

let sampledPeak = 0;
const sample = () => {
	sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
};

function nullSink(): Writable {
	let n = 0;
	return new Writable({
		write(_chunk, _enc, cb) {
			if (++n % 64 === 0) sample();
			cb();
		}
	});
}

interface Result {
	spec: BodySpec;
	activities: number;
	pages: number;
	bytes: number;
	file: string;
	totals: number[];
	snapshotMs: number[];
	renderMs: number[];
	split: { snapshot: number; fingerprint: number; model: number; render: number; layout: number; output: number };
	cpuMs: number[];
	rssBefore: number;
	peakRss: number;
	sampledPeak: number;
}

async function measure(db: Db, access: Access, spec: BodySpec): Promise<Result> {
	const communeId = access.commune.id;
	const rssBefore = process.memoryUsage().rss;
	const totals: number[] = [];
	const snapshotMs: number[] = [];
	const renderMs: number[] = [];
	const cpuMs: number[] = [];
	let pages = 0;
	for (let i = 0; i < RUNS; i++) {
		const cpu = process.cpuUsage();
		const t0 = performance.now();
		// As the app does: a new version only if the data changed, then the PDF streamed.
		const generated = await generateDossier(db, access);
		const t1 = performance.now();
		const row = await getDossier(db, communeId, generated.version);
		const t2 = performance.now();
		pages = await writeDossier(db, row, nullSink());
		const t3 = performance.now();
		const used = process.cpuUsage(cpu);
		sample();
		cpuMs.push((used.user + used.system) / 1000);
		totals.push(t3 - t0);
		snapshotMs.push(t1 - t0);
		renderMs.push(t3 - t2);
		console.log(`    essai ${i + 1}/${RUNS} : ${fmtMs(t3 - t0)} (instantané et empreinte ${fmtMs(t1 - t0)}, PDF ${fmtMs(t3 - t2)}), processeur ${fmtMs(cpuMs[i]!)}, ${pages} pages, RSS ${mb(process.memoryUsage().rss).toFixed(0)} Mo`);
	}
	// Once to a file.
	const generated = await generateDossier(db, access);
	const row = await getDossier(db, communeId, generated.version);
	mkdirSync(outDir, { recursive: true });
	const file = resolve(outDir, `dossier-${spec.activities}-activites.pdf`);
	const stream = createWriteStream(file);
	const filePages = await writeDossier(db, row, stream);
	await new Promise<void>((ok, ko) => (stream.closed ? ok() : stream.on('close', ok).on('error', ko)));
	// Where the time goes, once, step by step.
	let t = performance.now();
	const lap = () => {
		const n = performance.now();
		const d = n - t;
		t = n;
		return d;
	};
	const snapshot = await buildSnapshot(db, communeId);
	const snapshotTime = lap();
	fingerprint(snapshot);
	const fingerprintTime = lap();
	const model = buildDossier(row.snapshot as never, { version: row.version, generatedAt: row.generatedAt, generatedByName: row.generatedByName, fingerprint: row.fingerprint });
	const modelTime = lap();
	const passes: RenderTimings = { layout: 0, output: 0 };
	await renderDossier(model, { generatedAt: row.generatedAt }, nullSink(), passes);
	const renderTime = lap();
	sample();
	return {
		spec,
		activities: await activityCount(db, communeId),
		pages: filePages,
		bytes: statSync(file).size,
		file,
		totals,
		snapshotMs,
		renderMs,
		split: { snapshot: snapshotTime, fingerprint: fingerprintTime, model: modelTime, render: renderTime, ...passes },
		cpuMs,
		rssBefore,
		peakRss: maxRss(),
		sampledPeak
	};
}

// ---- main --------------------------------------------------------------------------------------

console.log(`Banc d’essai du dossier de conformité — ${RUNS} essai(s) par organisme`);
console.log(`Base : ${dbOptions.url ? 'serveur PostgreSQL (DATABASE_URL)' : `embarquée (PGlite), ${dbOptions.dataDir}${process.env.DATA_DIR === 'data/bench' ? ' — DATA_DIR par défaut du banc : data/bench' : ''}`}`);
console.log(`Node ${process.version}, ${cpus().length} processeurs, charge moyenne ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
const opened = performance.now();
const database = await openDatabase(dbOptions);
const results: Result[] = [];
try {
	const { db } = database;
	console.log(`  base ouverte en ${fmtMs(performance.now() - opened)}, RSS ${mb(process.memoryUsage().rss).toFixed(0)} Mo`);
	const user = await ensureUser(db);
	const bodies: { spec: BodySpec; commune: Commune }[] = [];
	let seeded = false;
	for (const spec of [SMALL, LARGE]) {
		const { commune, seededMs } = await ensureBody(db, user, spec);
		seeded ||= seededMs !== null;
		console.log(`  ${spec.name} : ${seededMs === null ? 'données existantes réutilisées' : `créé en ${fmtMs(seededMs)}`} (${commune.id})`);
		bodies.push({ spec, commune });
	}
	if (seeded) console.log('  (les données viennent d’être créées : le pic RSS mesuré ci-dessous inclut leur écriture ; relancez pour une mesure propre)');
	for (const { spec, commune } of bodies) {
		console.log(`\n  ${spec.name} (${spec.activities} activités)`);
		const access: Access = { user, commune, role: 'dpd', canEdit: true };
		results.push(await measure(db, access, spec));
	}
} finally {
	await database.close();
}

console.log('\nRésultats (temps : génération de la version + PDF en deux passes, vers un flux nul)');
for (const r of results) {
	const med = median(r.totals);
	const rssMb = mb(r.peakRss);
	const timeOk = med <= r.spec.target.ms;
	const rssOk = r.spec.target.rssMb === undefined || rssMb <= r.spec.target.rssMb;
	console.log(`\n  ${r.activities} activités — ${r.spec.name}`);
	console.log(`    temps      : médiane ${fmtMs(med)}, min ${fmtMs(Math.min(...r.totals))}, max ${fmtMs(Math.max(...r.totals))} (objectif ≤ ${fmtMs(r.spec.target.ms)} : ${timeOk ? 'atteint' : 'MANQUÉ'})`);
	console.log(`    dont       : instantané + empreinte médiane ${fmtMs(median(r.snapshotMs))}, PDF médiane ${fmtMs(median(r.renderMs))} ; temps processeur médian ${fmtMs(median(r.cpuMs))}`);
	console.log(`    détail     : instantané ${fmtMs(r.split.snapshot)}, empreinte ${fmtMs(r.split.fingerprint)}, modèle ${fmtMs(r.split.model)}, rendu ${fmtMs(r.split.render)} (passe 1, mise en page ${fmtMs(r.split.layout)} ; passe 2, PDF ${fmtMs(r.split.output)})`);
	console.log(`    mémoire    : pic RSS du processus ${rssMb.toFixed(0)} Mo${r.spec.target.rssMb ? ` (objectif ≤ ${r.spec.target.rssMb} Mo : ${rssOk ? 'atteint' : 'MANQUÉ'})` : ''} ; RSS avant ces essais ${mb(r.rssBefore).toFixed(0)} Mo, plus haut échantillon ${mb(r.sampledPeak).toFixed(0)} Mo`);
	console.log(`    document   : ${r.pages} pages, ${(r.bytes / 1024).toFixed(0)} Kio — ${r.file}`);
}
if (!dbOptions.url) console.log('\n  Note : la base embarquée (PGlite) occupe à elle seule plusieurs centaines de Mo de RSS ; avec DATABASE_URL, le pic mesure surtout le dossier.');
