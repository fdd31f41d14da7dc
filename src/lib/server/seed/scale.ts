// A GIP-sized population for measuring the app at scale (`npm run seed:scale`): 1,600 member bodies
// — mostly communes of 100 to 3,500 inhabitants with 10 to 40 register entries, some CCAS and
// syndicats, and EPCI up to one with 800 — about 2,000 users (secretaries who are the DPD of one to
// three bodies, mayors, trainers, an administrator), 40 training sessions, advice entries and a
// year of audit log.
//
// The bodies are real places (the official list of Bourgogne-Franche-Comté); the people are
// generated from lists of common first and last names; e-mails are under echelle.superchef-rgpd.fr,
// a marker by which the run finds what it already made. Idempotent: a second run adds only what is
// missing. Each body is written in one transaction (whole or absent), its records and steps checked
// against the forms' schemas first (see bodies.ts).
import { inArray, like, sql } from 'drizzle-orm';
import { RECIPES } from '../../recipes';
import { hashPassword } from '../auth/password';
import type { Db } from '../db';
import { advice, auditLog, communes, memberships, sessionEnrolments, trainingSessions, users, type BodyType, type Role } from '../db/schema';
import { createAdvice } from '../domain/advice';
import { officialBodies, type OfficialBody } from '../official-list';
import { seedAdvice } from './advice';
import { daysFrom, insertPlannedBody, iso, planBody, prng, validSiren, type BodyCounts, type BodyIdentity } from './bodies';
import { mairieOf } from '../../french';

export const SCALE_DOMAIN = 'echelle.superchef-rgpd.fr';
export const SCALE_PASSWORD = 'Echelle-GIP-2026!';
/** Bourgogne-Franche-Comté: where the bodies are taken from. */
const DEPARTEMENTS = ['21', '25', '39', '58', '70', '71', '89', '90'];

const FIRST_NAMES = ['Sophie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Valérie', 'Christine', 'Véronique', 'Sandrine', 'Céline', 'Stéphanie', 'Aurélie', 'Émilie', 'Delphine', 'Laetitia', 'Virginie', 'Karine', 'Patricia', 'Martine', 'Corinne', 'Marie', 'Julie', 'Camille', 'Laura', 'Pauline', 'Élodie', 'Caroline', 'Agnès', 'Brigitte', 'Françoise', 'Anne', 'Hélène', 'Jean', 'Philippe', 'Michel', 'Alain', 'Patrick', 'Nicolas', 'Christophe', 'Pierre', 'Laurent', 'Frédéric', 'Éric', 'David', 'Stéphane', 'Pascal', 'Thierry', 'Olivier', 'Sébastien', 'Didier', 'Bernard', 'Gérard', 'Daniel', 'Thomas', 'Julien', 'Vincent', 'François', 'Dominique', 'Claude', 'Denis'];
const LAST_NAMES = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte'];
const SESSION_TOPICS = ['Premiers pas : désigner le délégué', 'Cartographier les fichiers de la mairie', 'Tenir le registre des activités', 'Les droits des personnes et les mentions', 'Sécuriser le poste de la mairie', 'Réagir à une violation de données', 'Analyse d’impact : quand et comment', 'Préparer le dossier de conformité'];
const SESSION_TARGETS = ['step:dpd/identite', 'step:cartographie/logiciel', 'step:registre/fiches', 'recipe:droits', 'recipe:securite', 'recipe:violations', 'recipe:aipd', 'general'];

export interface ScaleOptions {
	/** Member bodies (default 1,600); smaller for tests. */
	bodies?: number;
	/** Training sessions (default 40). */
	sessions?: number;
	/** The largest body's register entries (default 800). */
	largest?: number;
	now?: Date;
	log?: (line: string) => void;
}

export interface ScaleResult {
	bodies: { total: number; created: number };
	users: { total: number; created: number };
	sessions: { total: number; created: number };
	advice: number;
	records: number;
	auditRows: number;
}

type Person = { key: string; email: string; name: string; isTrainer?: boolean; isGipAdmin?: boolean };

interface BodyPlan {
	key: string;
	type: BodyType;
	name: string;
	official: OfficialBody | null;
	population: number;
	counts: BodyCounts;
	/** How many of the cookbook's steps are done (a prefix, in the cookbook's order). */
	stepsDone: number;
	dpd: Person;
	elu: Person | null;
	createdDaysAgo: number;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const slug = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

/** The counts of a body of `activities` register entries, in proportion, varied by `r`. */
function countsFor(activities: number, r: () => number, large = false): BodyCounts {
	const k = activities / 25;
	const screened = large ? activities : Math.floor(activities * (0.2 + 0.5 * r()));
	const required = Math.min(screened, large ? Math.round(activities * 0.06) : Math.floor(r() * 3));
	return {
		activities,
		supports: Math.max(2, Math.round(large ? activities / 13 : 3 + 5 * r())),
		dpiaScreened: screened,
		dpiaRequired: required,
		risks: Math.min(required, large ? Math.round(activities / 20) : Math.floor(r() * 2)),
		grids: Math.min(activities, Math.round(k * (1 + 4 * r()))),
		notices: Math.min(activities, Math.round(k * 3 * r())),
		actions: Math.round(2 + k * 8 * r()),
		processors: Math.round(1 + k * 3 * r()),
		requests: Math.round(k * 3 * r()),
		breaches: r() < 0.15 * Math.max(1, k) ? Math.max(1, Math.round(k / 4)) : 0
	};
}

/** The deterministic plan: which bodies, who serves them, how far each is. */
function planPopulation(total: number, sessions: number, largest: number) {
	const rand = prng(20_261_129);
	const r = () => rand();
	const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
	const namesTaken = new Set<string>();
	const person = (prefix: string, n: number, extra: Partial<Person> = {}): Person => {
		let name = '';
		for (let attempt = 0; attempt < 20 && (!name || namesTaken.has(name)); attempt++) name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
		namesTaken.add(name);
		return { key: `${prefix}-${pad(n, prefix === 'formateur' ? 2 : 4)}`, email: `${prefix}-${pad(n, prefix === 'formateur' ? 2 : 4)}@${SCALE_DOMAIN}`, name, ...extra };
	};

	const nEpci = Math.max(1, Math.round(total * 0.025));
	const nCcas = Math.round(total * 0.0125);
	const nSyndicat = Math.round(total * 0.00625);
	const nCommunes = total - nEpci - nCcas - nSyndicat;

	const inRegion = (b: OfficialBody) => b.departement !== null && DEPARTEMENTS.includes(b.departement);
	const small = officialBodies('commune').filter((c) => inRegion(c) && (c.population ?? 0) >= 100 && (c.population ?? 0) <= 3500);
	if (small.length < nCommunes) throw new Error(`only ${small.length} communes of 100–3,500 inhabitants in the region`);
	// Every k-th commune of the list (sorted by code), so that every département is represented.
	const step = small.length / nCommunes;
	const chosen = Array.from({ length: nCommunes }, (_, i) => small[Math.floor(i * step)]!);
	const epci = officialBodies('epci')
		.filter(inRegion)
		.sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
		.slice(0, nEpci);
	const bigTowns = officialBodies('commune')
		.filter((c) => inRegion(c) && (c.population ?? 0) > 3500)
		.sort((a, b) => a.code.localeCompare(b.code));

	const bodies: Omit<BodyPlan, 'dpd' | 'elu'>[] = [];
	chosen.forEach((c, i) => {
		// A larger commune keeps more files; one in twenty has exactly 40 entries.
		const pop = c.population ?? 500;
		const activities = i % 20 === 7 ? 40 : Math.min(40, Math.max(10, Math.round(10 + (pop / 3500) * 18 + r() * 14)));
		bodies.push({ key: `commune:${c.code}`, type: 'commune', name: c.name, official: c, population: pop, counts: countsFor(activities, r), stepsDone: 0, createdDaysAgo: 0 });
	});
	epci.forEach((e, i) => {
		const activities = i === 0 ? largest : i < 5 ? Math.round(largest * (0.15 + 0.1 * i)) : 40 + Math.round(r() * 40);
		bodies.push({ key: `epci:${e.code}`, type: 'epci', name: e.name, official: e, population: e.population ?? 20_000, counts: countsFor(activities, r, i === 0), stepsDone: 0, createdDaysAgo: 0 });
	});
	for (let i = 0; i < nCcas; i++) {
		const town = bigTowns[i % bigTowns.length]!;
		bodies.push({ key: `ccas:${town.code}`, type: 'ccas', name: `CCAS de ${town.name}`, official: { ...town, siren: null }, population: town.population ?? 5000, counts: countsFor(10 + Math.round(r() * 10), r), stepsDone: 0, createdDaysAgo: 0 });
	}
	for (let i = 0; i < nSyndicat; i++) {
		const town = bigTowns[(i * 7 + 3) % bigTowns.length]!;
		const what = ['des eaux', 'scolaire', 'd’assainissement', 'd’électricité', 'des transports scolaires'][i % 5]!;
		bodies.push({ key: `syndicat:${town.code}`, type: 'syndicat', name: `Syndicat intercommunal ${what} de la région de ${town.name}`, official: { ...town, siren: null }, population: 3000 + Math.round(r() * 9000), counts: countsFor(10 + Math.round(r() * 5), r), stepsDone: 0, createdDaysAgo: 0 });
	}

	// Secretaries: each is the DPD of one to three bodies, in the list's order (neighbours).
	const stepCount = RECIPES.reduce((n, rec) => n + rec.steps.length, 0);
	const secretaries: Person[] = [];
	const mayors: Person[] = [];
	const planned: BodyPlan[] = [];
	let current: Person | null = null;
	let left = 0;
	for (const b of bodies) {
		const large = b.type === 'epci' && b.counts.activities >= largest * 0.15;
		if (large || left === 0 || !current) {
			current = person('secretaire', secretaries.length + 1);
			secretaries.push(current);
			left = large ? 1 : 1 + (r() < 0.4 ? 1 : 0) + (r() < 0.3 ? 1 : 0);
		}
		left -= 1;
		// Two thirds of the communes' mayors follow the work (read only).
		const elu = b.type === 'commune' && r() < 0.66 ? person('elu', mayors.length + 1) : null;
		if (elu) mayors.push(elu);
		const progress = large ? 1 : r() < 0.12 ? 0 : r();
		planned.push({ ...b, dpd: current, elu, stepsDone: Math.round(progress * stepCount), createdDaysAgo: 30 + Math.floor(r() * 400) });
	}
	const trainers = Array.from({ length: 10 }, (_, i) => person('formateur', i + 1, { isTrainer: true }));
	const admin: Person = { key: 'admin', email: `admin@${SCALE_DOMAIN}`, name: 'Administrateur du GIP (échelle)', isGipAdmin: true };

	// Sessions over the last year and the next month, six places each.
	const communeIdx = planned.flatMap((b, i) => (b.type === 'commune' ? [i] : []));
	const sessionPlans = Array.from({ length: sessions }, (_, i) => {
		const town = bigTowns[(i * 11) % bigTowns.length]!;
		const daysAgo = Math.round(365 - (395 * i) / Math.max(1, sessions - 1));
		// Six communes (not EPCI, CCAS or syndicats), distinct, spread over the list.
		const enrolled: number[] = [];
		for (let k = 0; enrolled.length < Math.min(6, communeIdx.length) && k < 1000; k++) {
			const idx = communeIdx[Math.floor(r() * communeIdx.length)]!;
			if (!enrolled.includes(idx)) enrolled.push(idx);
		}
		let code = '';
		const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
		for (let k = 0; k < 6; k++) code += ALPHABET[Math.floor(r() * ALPHABET.length)];
		return {
			code,
			trainer: trainers[i % trainers.length]!,
			title: `${SESSION_TOPICS[i % SESSION_TOPICS.length]} (${town.name})`,
			place: `Salle du conseil, ${mairieOf(town.name, false)}`,
			daysAgo,
			target: SESSION_TARGETS[i % SESSION_TARGETS.length]!,
			town: town.name,
			enrolled
		};
	});
	return { bodies: planned, people: [admin, ...trainers, ...secretaries, ...mayors], admin, sessions: sessionPlans };
}

/** Fills the database with the GIP-sized population; returns what exists and what was added. */
export async function seedScale(db: Db, opts: ScaleOptions = {}): Promise<ScaleResult> {
	const log = opts.log ?? (() => {});
	const now = opts.now ?? new Date();
	const population = planPopulation(opts.bodies ?? 1600, opts.sessions ?? 40, opts.largest ?? 800);

	// Users: one password for all (hashed once); created if missing.
	const existingUsers = new Map(
		(await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(like(users.email, `%@${SCALE_DOMAIN}`))).map((u) => [u.email, u])
	);
	const missing = population.people.filter((p) => !existingUsers.has(p.email));
	if (missing.length) {
		const passwordHash = await hashPassword(SCALE_PASSWORD);
		for (let i = 0; i < missing.length; i += 500) {
			const batch = missing.slice(i, i + 500);
			await db.transaction(async (tx) => {
				const rows = await tx
					.insert(users)
					.values(batch.map((p) => ({ email: p.email, name: p.name, passwordHash, isTrainer: p.isTrainer ?? false, isGipAdmin: p.isGipAdmin ?? false, createdAt: daysFrom(now, -420), passwordChangedAt: daysFrom(now, -420) })))
					.returning({ id: users.id, email: users.email, name: users.name });
				await tx.insert(auditLog).values(rows.map((u) => ({ at: daysFrom(now, -420), userId: null, userName: '', entity: 'compte', entityId: u.id, action: 'création (jeu d’échelle)', changes: { name: u.name, email: u.email } })));
				for (const u of rows) existingUsers.set(u.email, u);
			});
		}
		log(`  comptes : ${missing.length} créés`);
	}
	const userOf = (p: Person) => existingUsers.get(p.email)!;

	// Bodies, found again by their marker e-mail.
	const marker = (b: BodyPlan) => `${b.key.replace(':', '-')}@${SCALE_DOMAIN}`;
	const existingBodies = new Map(
		(await db.select({ id: communes.id, email: communes.email }).from(communes).where(like(communes.email, `%@${SCALE_DOMAIN}`))).map((c) => [c.email, c.id])
	);
	let created = 0;
	let recordCount = 0;
	const started = performance.now();
	for (const [i, b] of population.bodies.entries()) {
		if (existingBodies.has(marker(b))) continue;
		const dpdUser = userOf(b.dpd);
		const createdAt = daysFrom(now, -b.createdDaysAgo);
		const postal = b.official?.postalCodes[0] ?? '21000';
		const town = b.official?.name ?? b.name;
		const domain = `${slug(b.name)}.example.fr`;
		const identity: BodyIdentity = {
			type: b.type,
			town,
			domain,
			code: (b.official?.code ?? String(i)).toUpperCase(),
			address: b.type === 'commune' ? `Mairie, 1 place de la Mairie, ${postal} ${town}` : `${b.name}, 2 rue de la République, ${postal} ${town}`,
			dpd: { firstName: dpdUser.name.split(' ')[0]!, lastName: dpdUser.name.split(' ').slice(1).join(' ') },
			seed: 1000 + i
		};
		const planned = planBody(b.counts, identity, now);
		planned.steps = planned.steps.slice(0, b.stepsDone);
		// The records' dates, planned over fourteen months, squeezed between the body's creation and today.
		const start = daysFrom(now, -420).getTime();
		const squeeze = (now.getTime() - createdAt.getTime()) / (now.getTime() - start);
		for (const r of planned.records) r.at = new Date(createdAt.getTime() + Math.max(0, r.at.getTime() - start) * squeeze);
		const id = await db.transaction(async (tx) => {
			const [c] = await tx
				.insert(communes)
				.values({
					type: b.type,
					name: b.name,
					inseeCode: b.type === 'epci' ? null : (b.official?.code ?? null),
					departement: b.official?.departement ?? null,
					population: b.population,
					postalCode: postal,
					siren: b.official?.siren ?? validSiren(`2${pad(i, 7)}`),
					address: identity.address,
					mayorName: b.elu ? userOf(b.elu).name : '',
					email: marker(b),
					phone: `03 ${pad(80 + (i % 9), 2)} ${pad((i * 7) % 100, 2)} ${pad((i * 13) % 100, 2)} ${pad(i % 100, 2)}`,
					createdAt,
					updatedAt: createdAt
				})
				.returning({ id: communes.id });
			const members: { userId: string; communeId: string; role: Role; createdAt: Date }[] = [{ userId: dpdUser.id, communeId: c!.id, role: 'dpd', createdAt }];
			if (b.elu) members.push({ userId: userOf(b.elu).id, communeId: c!.id, role: 'elu', createdAt: daysFrom(createdAt, 2) });
			await tx.insert(memberships).values(members);
			await tx.insert(auditLog).values([
				{ at: createdAt, userId: dpdUser.id, userName: dpdUser.name, communeId: c!.id, entity: 'organisme', entityId: c!.id, action: 'création (jeu d’échelle)', changes: { name: b.name, type: b.type } },
				...(b.elu ? [{ at: daysFrom(createdAt, 2), userId: dpdUser.id, userName: dpdUser.name, communeId: c!.id, entity: 'membre', entityId: c!.id, action: 'ajout', changes: { user: userOf(b.elu).name, role: 'elu' } }] : [])
			]);
			await insertPlannedBody(tx, c!.id, dpdUser, planned, { action: 'création (jeu d’échelle)', stepsAt: daysFrom(now, -Math.floor(b.createdDaysAgo / 2)) });
			return c!.id;
		});
		existingBodies.set(marker(b), id);
		created += 1;
		recordCount += planned.records.length;
		if (created % 100 === 0) log(`  organismes : ${created} créés (${Math.round((performance.now() - started) / 1000)} s)`);
	}
	if (created) log(`  organismes : ${created} créés, ${recordCount} fiches, en ${Math.round((performance.now() - started) / 1000)} s`);

	// Advice: the GIP's questions, then one tip per session from its trainer.
	const admin = userOf(population.admin);
	let adviceCreated = await seedAdvice(db, { id: admin.id, name: admin.name, isGipAdmin: true, isTrainer: false }, now);

	// Training sessions, by their code; enrolments and attendance.
	let sessionsCreated = 0;
	const existingCodes = new Set((await db.select({ code: trainingSessions.code }).from(trainingSessions).where(inArray(trainingSessions.code, population.sessions.map((s) => s.code)))).map((s) => s.code));
	const tipTitles = new Set((await db.select({ title: advice.title }).from(advice).where(like(advice.title, 'Retour de formation%'))).map((a) => a.title));
	for (const s of population.sessions) {
		const trainer = userOf(s.trainer);
		const date = daysFrom(now, -s.daysAgo);
		// The journal never runs ahead of today, even for a session still to come.
		const past = (d: Date) => (d > now ? now : d);
		if (!existingCodes.has(s.code)) {
			await db.transaction(async (tx) => {
				const [row] = await tx
					.insert(trainingSessions)
					.values({ trainerId: trainer.id, title: s.title, date: iso(date), place: s.place, capacity: 6, code: s.code, createdAt: past(daysFrom(date, -30)), closedAt: s.daysAgo > 0 ? date : null })
					.returning();
				await tx.insert(auditLog).values({ at: past(daysFrom(date, -30)), userId: trainer.id, userName: trainer.name, entity: 'formation', entityId: row!.id, action: 'création', changes: { title: s.title, date: iso(date), code: s.code } });
				for (const idx of s.enrolled) {
					const b = population.bodies[idx]!;
					const dpd = userOf(b.dpd);
					const communeId = existingBodies.get(marker(b))!;
					await tx.insert(sessionEnrolments).values({ sessionId: row!.id, communeId, enrolledBy: dpd.id, enrolledAt: past(daysFrom(date, -7)), attended: s.daysAgo > 0 ? idx % 7 !== 3 : null }).onConflictDoNothing();
					await tx.insert(auditLog).values({ at: past(daysFrom(date, -7)), userId: dpd.id, userName: dpd.name, communeId, entity: 'formation', entityId: row!.id, action: 'inscription', changes: { session: s.title } });
				}
			});
			sessionsCreated += 1;
		}
		const tipTitle = `Retour de formation — ${s.title}`.slice(0, 200);
		if (!tipTitles.has(tipTitle)) {
			await createAdvice(db, { id: trainer.id, name: trainer.name, isTrainer: true, isGipAdmin: false }, {
				kind: 'astuce',
				target: s.target,
				title: tipTitle,
				body: `Lors de la session de ${s.town}, les secrétaires ont surtout demandé **par où commencer**. Notre conseil : une recette à la fois, dans l’ordre proposé, en notant ce qui manque plutôt qu’en s’arrêtant.\n\n- Gardez les documents signés au même endroit.\n- Revenez sur la recette un an plus tard pour la relire.`,
				sources: ''
			}, { now: past(date) });
			adviceCreated += 1;
		}
	}

	const [counts] = await db
		.select({
			bodies: sql<number>`(select count(*) from ${communes} where ${communes.email} like ${'%@' + SCALE_DOMAIN})`.mapWith(Number),
			users: sql<number>`(select count(*) from ${users} where ${users.email} like ${'%@' + SCALE_DOMAIN})`.mapWith(Number),
			sessions: sql<number>`(select count(*) from ${trainingSessions} ts join ${users} u on u.id = ts.trainer_id where u.email like ${'%@' + SCALE_DOMAIN})`.mapWith(Number),
			records: sql<number>`(select count(*) from records r join ${communes} c on c.id = r.commune_id where c.email like ${'%@' + SCALE_DOMAIN})`.mapWith(Number),
			audit: sql<number>`(select count(*) from ${auditLog})`.mapWith(Number)
		})
		.from(sql`(select 1) as one`);
	return {
		bodies: { total: counts!.bodies, created },
		users: { total: counts!.users, created: missing.length },
		sessions: { total: counts!.sessions, created: sessionsCreated },
		advice: adviceCreated,
		records: counts!.records,
		auditRows: counts!.audit
	};
}
