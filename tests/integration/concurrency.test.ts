// Many saves at once on the same step or the same record, from two DPDs of the same commune, each
// from the version it read: no lost update (every accepted answer is the final one or was replaced
// by a later accepted save, never silently erased), the version counts the accepted changes, each
// accepted save has its journal entry, and a save from a stale version is refused as a conflict.
// On PostgreSQL (a pool of connections) the saves really run in parallel; on the embedded database
// they are serialised by PGlite, but still interleave between a read and its save.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { kindFields, RECORD_KINDS } from '../../src/lib/recipes/records';
import { recipeAndStep } from '../../src/lib/server/domain/recipes';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { auditLog, dossiers, records } from '../../src/lib/server/db/schema';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { getStepRow, saveStep } from '../../src/lib/server/domain/recipes';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { archiveRecord, createActionFromRecord, saveRecord } from '../../src/lib/server/domain/record-writes';
import type { SaveResult } from '../../src/lib/server/domain/saving';
import type { Access } from '../../src/lib/server/tenancy';
import { COMPLETE_FICHE, submission } from '../helpers/answers';
import { engines, useDatabase } from '../helpers/db';
import { accessOf, domainError, errorText, makeCommune, makeUser } from '../helpers/fixtures';

/** Saves fired at once by each of the two DPDs. */
const PER_USER = 24;
/** Workers per DPD that read, then save, in a loop; and how many times each. */
const WORKERS = 8;
const ROUNDS = 4;

const SUPPORT = { category: 'papier', name: 'Classeur des inscriptions', location: 'Armoire du secrétariat', users: 'La secrétaire' };

interface Attempt {
	who: string;
	value: string;
	base: number;
	result: SaveResult;
}

/** Runs every task at once and reports all the failures, not only the first one. */
async function allSettledOk<T>(tasks: Promise<T>[]): Promise<T[]> {
	const settled = await Promise.allSettled(tasks);
	const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => errorText(s.reason));
	expect(failures, 'no save may fail with an error').toEqual([]);
	return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** A meeting point: `arrive()` resolves once `count` callers have arrived. */
function barrier(count: number): { arrive(): Promise<void> } {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return {
		arrive() {
			arrived += 1;
			if (arrived === count) open();
			return all;
		}
	};
}

describe.each(engines())('concurrent saves on the $name database', (engine) => {
	const db = useDatabase(engine);

	/** A commune with two DPDs (the creator, and a second one who accepted an invitation). */
	async function twoDpds() {
		const claire = await makeUser(db(), { name: 'Claire DPD' });
		const commune = await makeCommune(db(), claire);
		const a = await accessOf(db(), claire, commune.id);
		const bob: SessionUser = await makeUser(db(), { name: 'Bob Second DPD' });
		const { token } = await invite(db(), a, { role: 'dpd' });
		await acceptInvitation(db(), bob, token);
		const b = await accessOf(db(), bob, commune.id);
		expect(b.canEdit).toBe(true);
		return { communeId: commune.id, a, b };
	}

	function auditOf(communeId: string, entityId: string) {
		return db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.communeId, communeId), eq(auditLog.entityId, entityId)))
			.orderBy(asc(auditLog.id));
	}

	/**
	 * The checks shared by steps and records, for saves that each set `field` to a value of their
	 * own from the version they read (`base`):
	 * - each save is either accepted (changed, no conflict) or refused (one conflict on `field`);
	 * - an accepted save was not stale (made at the version just before the one it produced);
	 * - the versions produced are consecutive: the counter counts the accepted changes;
	 * - the final answer is the last accepted one, its field_meta names its author and version;
	 * - the journal has one entry per accepted save, in order, each `avant` being the previous
	 *   `apres`: no accepted answer was overwritten without being seen (no lost update);
	 * - a refused save is told which newer answer was kept, and that answer was really saved.
	 */
	function checkHistory(
		attempts: Attempt[],
		start: { version: number; value: unknown },
		final: { version: number; value: unknown; meta: { byName: string; version: number } | undefined },
		journal: { changes: Record<string, unknown> }[],
		label: string
	) {
		const accepted = attempts.filter((t) => t.result.conflicts.length === 0);
		const refused = attempts.filter((t) => t.result.conflicts.length > 0);
		expect(accepted.length, 'at least one save is accepted').toBeGreaterThan(0);
		for (const t of accepted) {
			expect(t.result.changed, `accepted save ${t.value}`).toBe(true);
			expect(t.result.version, `accepted save ${t.value} was made at the version just before its own`).toBe(t.base + 1);
		}
		const versions = accepted.map((t) => t.result.version).sort((x, y) => x - y);
		expect(versions, 'one version per accepted save, none skipped or shared').toEqual(versions.map((_, i) => start.version + 1 + i));

		const ordered = [...accepted].sort((x, y) => x.result.version - y.result.version);
		const last = ordered.at(-1)!;
		expect(final.version, 'the version counter counts the accepted changes').toBe(start.version + accepted.length);
		expect(final.value, 'the final answer is the last accepted one').toBe(last.value);
		expect(final.meta).toMatchObject({ byName: last.who, version: final.version });

		expect(journal.map((j) => (j.changes[label] as { apres: unknown }).apres), 'one journal entry per accepted save, in order').toEqual(
			ordered.map((t) => t.value)
		);
		let previous: unknown = start.value ?? '';
		for (const [i, j] of journal.entries()) {
			expect((j.changes[label] as { avant: unknown }).avant, `journal entry ${i + 1} replaced the previous answer, not an older one`).toEqual(previous);
			previous = (j.changes[label] as { apres: unknown }).apres;
		}

		const kept = new Set(ordered.map((t) => t.value));
		for (const t of refused) {
			expect(t.result.conflicts, `refused save ${t.value}`).toHaveLength(1);
			const [c] = t.result.conflicts;
			expect(c!.yours).toBe(t.value);
			expect(kept.has(c!.theirs as string), `the answer kept instead of ${t.value} was really saved`).toBe(true);
			expect(t.result.answers[c!.field], 'the refused save gets the newer answer back').toBe(c!.theirs);
		}
		return { accepted, refused };
	}

	describe('a step', () => {
		const RECIPE = 'dpd';
		const STEP = 'identite';
		const key = `${RECIPE}/${STEP}`;
		const { step } = recipeAndStep(RECIPE, STEP);
		const label = (name: string) => (step.kind === 'form' ? step.fields.find((f) => f.name === name)!.label : name);

		it('first saves all at once on a step never saved: one row, every answer saved once, nothing refused', async () => {
			const { communeId, a, b } = await twoDpds();
			// Different fields, so that none conflicts: the race is on creating the step's row.
			const saves: [Access, Record<string, string>][] = [
				[a, { lastName: 'Martinot' }],
				[b, { firstName: 'Sophie' }],
				[a, { email: 'rgpd@mairie-glanon.fr' }],
				[b, { phone: '03 80 00 12 34' }],
				[a, { postalAddress: 'Mairie, 2 rue de l’Église, 21250 Glanon' }],
				[b, { hoursPerWeek: '2' }]
			];
			const results = await allSettledOk(saves.map(([access, answers]) => saveStep(db(), access, RECIPE, STEP, submission(answers, { _version: '0' }), 'save')));
			for (const r of results) expect(r.conflicts).toEqual([]);
			const row = await getStepRow(db(), communeId, RECIPE, STEP);
			expect(row?.answers).toEqual(Object.assign({}, ...saves.map(([, answers]) => answers)));
			expect(row?.version).toBe(saves.length);
			expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual(saves.map((_, i) => i + 1));
			expect(await auditOf(communeId, key)).toHaveLength(saves.length);
		});

		it(`${2 * PER_USER} saves of the same answer from the same version: one is accepted, every other is refused as a conflict`, async () => {
			const { communeId, a, b } = await twoDpds();
			await saveStep(db(), a, RECIPE, STEP, submission({ lastName: 'Initial' }), 'save');
			const start = (await getStepRow(db(), communeId, RECIPE, STEP))!;
			const before = (await auditOf(communeId, key)).length;
			const tasks = Array.from({ length: 2 * PER_USER }, (_, i) => {
				const access = i % 2 ? b : a;
				const value = `${access.user.name} ${i}`;
				return saveStep(db(), access, RECIPE, STEP, submission({ lastName: value }, { _version: String(start.version) }), 'save').then(
					(result): Attempt => ({ who: access.user.name, value, base: start.version, result })
				);
			});
			const attempts = await allSettledOk(tasks);
			const row = (await getStepRow(db(), communeId, RECIPE, STEP))!;
			const journal = (await auditOf(communeId, key)).slice(before);
			const { accepted, refused } = checkHistory(
				attempts,
				{ version: start.version, value: 'Initial' },
				{ version: row.version, value: row.answers.lastName, meta: row.fieldMeta.lastName },
				journal,
				label('lastName')
			);
			expect(accepted).toHaveLength(1);
			expect(refused).toHaveLength(2 * PER_USER - 1);
		});

		it('two DPDs reading then saving in a loop, each from the version it read: no lost update', async () => {
			const { communeId, a, b } = await twoDpds();
			await saveStep(db(), a, RECIPE, STEP, submission({ lastName: 'Initial', firstName: 'Sophie' }), 'save');
			const start = (await getStepRow(db(), communeId, RECIPE, STEP))!;
			const before = (await auditOf(communeId, key)).length;
			const attempts: Attempt[] = [];
			// The first round is read by every worker before any of them saves: all but one are stale.
			const firstRead = barrier(2 * WORKERS);
			const worker = async (access: Access, w: number) => {
				for (let r = 0; r < ROUNDS; r++) {
					const read = (await getStepRow(db(), communeId, RECIPE, STEP))!;
					if (r === 0) await firstRead.arrive();
					const value = `${access.user.name} ${w}.${r}`;
					const result = await saveStep(db(), access, RECIPE, STEP, submission({ lastName: value }, { _version: String(read.version) }), 'save');
					attempts.push({ who: access.user.name, value, base: read.version, result });
				}
			};
			await allSettledOk(Array.from({ length: 2 * WORKERS }, (_, w) => worker(w % 2 ? b : a, w)));
			expect(attempts).toHaveLength(2 * WORKERS * ROUNDS);
			const row = (await getStepRow(db(), communeId, RECIPE, STEP))!;
			const { refused } = checkHistory(
				attempts,
				{ version: start.version, value: 'Initial' },
				{ version: row.version, value: row.answers.lastName, meta: row.fieldMeta.lastName },
				(await auditOf(communeId, key)).slice(before),
				label('lastName')
			);
			expect(refused.length, 'the stale saves of the first round at least are refused').toBeGreaterThanOrEqual(2 * WORKERS - 1);
			// The other answer of the step, never sent by these saves, is untouched.
			expect(row.answers.firstName).toBe('Sophie');
		});

		it('saves of different answers from a stale version are all accepted, and none erases another', async () => {
			const { communeId, a, b } = await twoDpds();
			await saveStep(db(), a, RECIPE, STEP, submission({ lastName: 'Initial' }), 'save');
			const start = (await getStepRow(db(), communeId, RECIPE, STEP))!;
			const names = ['lastName', 'firstName', 'email', 'phone', 'postalAddress', 'hoursPerWeek'] as const;
			const valueOf = (name: (typeof names)[number], round: number) =>
				({
					lastName: `Martinot ${round}`,
					firstName: `Sophie ${round}`,
					email: `rgpd${round}@mairie-glanon.fr`,
					phone: `03 80 00 12 ${String(round).padStart(2, '0')}`,
					postalAddress: `Mairie, ${round} rue de l’Église, 21250 Glanon`,
					hoursPerWeek: String(round + 1)
				})[name];
			const tasks: { access: Access; name: (typeof names)[number]; round: number }[] = [];
			for (let round = 1; round <= ROUNDS; round++) {
				for (const [i, name] of names.entries()) tasks.push({ access: (i + round) % 2 ? b : a, name, round });
			}
			// Round by round, all the saves of a round at once from the version read before them (stale
			// for all but the first): each speaks for one field, and the round's values are all there at
			// the end only if no save erased another's answer.
			for (let round = 1; round <= ROUNDS; round++) {
				const current = (await getStepRow(db(), communeId, RECIPE, STEP))!;
				const results = await allSettledOk(
					tasks
						.filter((t) => t.round === round)
						.map((t) => saveStep(db(), t.access, RECIPE, STEP, submission({ [t.name]: valueOf(t.name, round) }, { _version: String(current.version) }), 'save'))
				);
				for (const r of results) expect(r.conflicts).toEqual([]);
				const row = (await getStepRow(db(), communeId, RECIPE, STEP))!;
				expect(row.version).toBe(current.version + names.length);
				expect(row.answers).toEqual(Object.fromEntries(names.map((n) => [n, valueOf(n, round)])));
				for (const n of names) expect(row.fieldMeta[n]!.version).toBeGreaterThan(current.version);
			}
			expect(await auditOf(communeId, key)).toHaveLength(1 + ROUNDS * names.length);
		});
	});

	describe('a record', () => {
		const label = (kind: string, name: string) => kindFields(RECORD_KINDS[kind]!).find((f) => f.name === name)!.label;

		async function recordRow(id: string) {
			const [row] = await db().select().from(records).where(eq(records.id, id));
			return row!;
		}

		it(`${2 * PER_USER} saves of the same answer from the same version: one is accepted, every other is refused as a conflict`, async () => {
			const { communeId, a, b } = await twoDpds();
			const { id } = await saveRecord(db(), a, 'support', null, submission(SUPPORT));
			const start = await recordRow(id);
			const before = (await auditOf(communeId, id)).length;
			const attempts = await allSettledOk(
				Array.from({ length: 2 * PER_USER }, (_, i) => {
					const access = i % 2 ? b : a;
					const value = `Armoire ${i} (${access.user.name})`;
					return saveRecord(db(), access, 'support', id, submission({ location: value }, { _version: String(start.version) })).then(
						(result): Attempt => ({ who: access.user.name, value, base: start.version, result })
					);
				})
			);
			const row = await recordRow(id);
			const { accepted } = checkHistory(
				attempts,
				{ version: start.version, value: SUPPORT.location },
				{ version: row.version, value: row.data.location, meta: row.fieldMeta.location },
				(await auditOf(communeId, id)).slice(before),
				label('support', 'location')
			);
			expect(accepted).toHaveLength(1);
			expect(row.data).toEqual({ ...SUPPORT, location: accepted[0]!.value });
		});

		it('two DPDs reading then saving in a loop, each from the version it read: no lost update', async () => {
			const { communeId, a, b } = await twoDpds();
			const { id } = await saveRecord(db(), a, 'support', null, submission(SUPPORT));
			const start = await recordRow(id);
			const before = (await auditOf(communeId, id)).length;
			const attempts: Attempt[] = [];
			const firstRead = barrier(2 * WORKERS);
			const worker = async (access: Access, w: number) => {
				for (let r = 0; r < ROUNDS; r++) {
					const read = await recordRow(id);
					if (r === 0) await firstRead.arrive();
					const value = `Armoire ${w}.${r} (${access.user.name})`;
					const result = await saveRecord(db(), access, 'support', id, submission({ location: value }, { _version: String(read.version) }));
					attempts.push({ who: access.user.name, value, base: read.version, result });
				}
			};
			await allSettledOk(Array.from({ length: 2 * WORKERS }, (_, w) => worker(w % 2 ? b : a, w)));
			const row = await recordRow(id);
			const { refused } = checkHistory(
				attempts,
				{ version: start.version, value: SUPPORT.location },
				{ version: row.version, value: row.data.location, meta: row.fieldMeta.location },
				(await auditOf(communeId, id)).slice(before),
				label('support', 'location')
			);
			expect(refused.length, 'the stale saves of the first round at least are refused').toBeGreaterThanOrEqual(2 * WORKERS - 1);
			expect({ ...row.data, location: SUPPORT.location }).toEqual(SUPPORT);
		});

		it('saves of different answers from the same version are all accepted, and none erases another', async () => {
			const { communeId, a, b } = await twoDpds();
			const { id } = await saveRecord(db(), a, 'support', null, submission(SUPPORT));
			const names = ['name', 'location', 'users'] as const;
			for (let round = 1; round <= ROUNDS; round++) {
				const current = await recordRow(id);
				const results = await allSettledOk(
					names.map((n, i) => saveRecord(db(), (i + round) % 2 ? b : a, 'support', id, submission({ [n]: `${n} ${round}` }, { _version: String(current.version) })))
				);
				for (const r of results) expect(r.conflicts).toEqual([]);
				const row = await recordRow(id);
				expect(row.version).toBe(current.version + names.length);
				expect(row.data).toEqual({ ...SUPPORT, ...Object.fromEntries(names.map((n) => [n, `${n} ${round}`])) });
			}
			expect(await auditOf(communeId, id)).toHaveLength(1 + ROUNDS * names.length);
		});

		it('an attached record created by both DPDs at once exists once; the others are told it exists', async () => {
			const { communeId, a, b } = await twoDpds();
			const { id: activityId } = await saveRecord(db(), a, 'activity', null, submission(COMPLETE_FICHE));
			const settled = await Promise.allSettled(
				Array.from({ length: 2 * 6 }, (_, i) =>
					saveRecord(db(), i % 2 ? b : a, 'conformity', null, submission({ p_finalite: 'conforme', p_finalite_why: `Réponse ${i}` }, { _parent: activityId }))
				)
			);
			const created = settled.filter((s) => s.status === 'fulfilled');
			expect(created, settled.map((s) => (s.status === 'rejected' ? errorText(s.reason) : 'créée')).join('\n')).toHaveLength(1);
			for (const s of settled) {
				if (s.status === 'rejected') await domainError(Promise.reject(s.reason), 409);
			}
			const attached = await db()
				.select()
				.from(records)
				.where(and(eq(records.parentId, activityId), eq(records.kind, 'conformity'), isNull(records.archivedAt)));
			expect(attached).toHaveLength(1);
			expect(attached[0]!.version).toBe(1);
			expect((await auditOf(communeId, attached[0]!.id)).map((e) => e.action)).toEqual(['création']);
		});

		it('one problem turned into an action by both DPDs at once gives one action', async () => {
			const { communeId, a, b } = await twoDpds();
			const { id: activityId } = await saveRecord(db(), a, 'activity', null, submission(COMPLETE_FICHE));
			const { id } = await saveRecord(
				db(),
				a,
				'conformity',
				null,
				submission({ p_finalite: 'non_conforme', p_finalite_why: 'Le but n’est pas écrit.' }, { _parent: activityId })
			);
			const results = await allSettledOk(Array.from({ length: 2 * 6 }, (_, i) => createActionFromRecord(db(), i % 2 ? b : a, 'conformity', id, 'finalite')));
			expect(results.filter((r) => r.created)).toHaveLength(1);
			expect(new Set(results.map((r) => r.id)).size).toBe(1);
			const actions = await db()
				.select()
				.from(records)
				.where(and(eq(records.communeId, communeId), eq(records.kind, 'action'), isNull(records.archivedAt)));
			expect(actions).toHaveLength(1);
			expect(await auditOf(communeId, actions[0]!.id)).toHaveLength(1);
		});

		it('a record removed by both DPDs at once is removed once, with one journal entry', async () => {
			const { communeId, a, b } = await twoDpds();
			const { id } = await saveRecord(db(), a, 'support', null, submission(SUPPORT));
			const settled = await Promise.allSettled(Array.from({ length: 2 * 6 }, (_, i) => archiveRecord(db(), i % 2 ? b : a, 'support', id)));
			expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
			for (const s of settled) {
				if (s.status === 'rejected') await domainError(Promise.reject(s.reason), 404);
			}
			expect((await auditOf(communeId, id)).map((e) => e.action)).toEqual(['création', 'suppression']);
		});
	});

	describe('the compliance dossier', () => {
		it('generated by both DPDs at once: one new version, the others get the same one', async () => {
			const { communeId, a, b } = await twoDpds();
			for (const expected of [1, 2]) {
				if (expected === 2) await saveRecord(db(), a, 'support', null, submission(SUPPORT));
				const results = await allSettledOk(Array.from({ length: 6 }, (_, i) => generateDossier(db(), i % 2 ? b : a)));
				expect(results.map((r) => r.version)).toEqual(results.map(() => expected));
				expect(results.filter((r) => r.created)).toHaveLength(1);
			}
			const versions = await db().select({ version: dossiers.version }).from(dossiers).where(eq(dossiers.communeId, communeId)).orderBy(asc(dossiers.version));
			expect(versions.map((v) => v.version)).toEqual([1, 2]);
		});
	});
});
