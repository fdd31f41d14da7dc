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
// next runs. Their rows are written directly with drizzle, in batches (src/lib/server/seed/bodies.ts), but every record and step
// is first checked against the same zod schemas and completeness rules as the forms.
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { SessionUser } from '../src/lib/server/auth/session';
import { openDatabase, optionsFromEnv, type Db } from '../src/lib/server/db';
import { communes, memberships, records, users, type BodyType, type Commune } from '../src/lib/server/db/schema';
import { generateDossier, getDossier, writeDossier } from '../src/lib/server/domain/dossiers';
import { buildDossier } from '../src/lib/server/dossier/model';
import { renderDossier, type RenderTimings } from '../src/lib/server/dossier/render';
import { buildSnapshot, fingerprint } from '../src/lib/server/dossier/snapshot';
import { insertPlannedBody, planBody, validSiren, type BodyCounts, type BodyIdentity } from '../src/lib/server/seed/bodies';
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

interface BodySpec extends BodyCounts {
	/** The marker: the body is found again by this name (and type). */
	name: string;
	type: BodyType;
	population: number;
	target: { ms: number; rssMb?: number };
}

/** The texts of the two bodies' records: a made-up commune and agglomeration. */
function identityOf(spec: BodySpec): BodyIdentity {
	return {
		type: spec.type,
		town: 'Villebanc',
		domain: 'banc-essai.example.fr',
		code: 'BANC',
		address: 'Hôtel de l’agglomération, 1 place du Banc, 21200 Beaune',
		dpd: spec.type === 'epci' ? { firstName: 'Camille', lastName: 'Banc' } : { firstName: 'Sophie', lastName: 'Banc' }
	};
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
	const planned = planBody(spec, identityOf(spec), now);
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
		await insertPlannedBody(tx, c!.id, user, planned, { action: 'création (banc d’essai)', stepsAt: now });
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
