import { describe, expect, it } from 'vitest';
import { BUSY, Busy, Gate } from '../../src/lib/server/heavy';

/** A promise and its resolver: work that ends when the test says so. */
function pending() {
	let done!: () => void;
	const promise = new Promise<void>((resolve) => (done = resolve));
	return { promise, done };
}

describe('heavy work gate', () => {
	it('lets one piece of work per user run, and tells the second to wait (429)', async () => {
		const gate = new Gate({ concurrency: 3, queue: 3, waitMs: 60_000 }, 'Un import est déjà en cours pour vous : patientez.');
		const first = pending();
		const running = gate.run('alice', () => first.promise);
		const second = await gate.run('alice', async () => 'ran').catch((e: unknown) => e);
		expect(second).toBeInstanceOf(Busy);
		expect((second as Busy).status).toBe(429);
		expect((second as Busy).message).toMatch(/déjà en cours.*patientez/);
		// Someone else is not held by Alice's work.
		await expect(gate.run('bob', async () => 'bob ran')).resolves.toBe('bob ran');
		first.done();
		await running;
		// Once her first is over, Alice may start again.
		await expect(gate.run('alice', async () => 'again')).resolves.toBe('again');
		expect(gate.stats).toEqual({ running: 0, waiting: 0 });
	});

	it('runs at most `concurrency` at once; the next waits its turn, in order', async () => {
		const gate = new Gate({ concurrency: 2, queue: 5, waitMs: 60_000 });
		const order: string[] = [];
		const works = ['a', 'b', 'c', 'd'].map((u) => ({ u, p: pending() }));
		const runs = works.map(({ u, p }) =>
			gate.run(u, async () => {
				order.push(`start ${u}`);
				await p.promise;
				order.push(`end ${u}`);
			})
		);
		await new Promise((r) => setImmediate(r));
		expect(gate.stats).toEqual({ running: 2, waiting: 2 });
		expect(order).toEqual(['start a', 'start b']);
		works[1]!.p.done();
		await runs[1];
		await new Promise((r) => setImmediate(r));
		expect(order).toEqual(['start a', 'start b', 'end b', 'start c']);
		for (const w of works) w.p.done();
		await Promise.all(runs);
		expect(order.filter((x) => x.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
		expect(gate.stats).toEqual({ running: 0, waiting: 0 });
	});

	it('says « patientez » (503) at once when the queue is full, and after a short wait in the queue', async () => {
		const gate = new Gate({ concurrency: 1, queue: 1, waitMs: 50 });
		const hold = pending();
		const running = gate.run('a', () => hold.promise);
		const queued = gate.run('b', async () => 'b ran').catch((e: unknown) => e);
		const full = await gate.run('c', async () => 'c ran').catch((e: unknown) => e);
		expect(full).toBeInstanceOf(Busy);
		expect((full as Busy).status).toBe(503);
		expect((full as Busy).message).toBe(BUSY);
		expect(BUSY).toMatch(/Beaucoup de travail en cours.*réessayez dans une minute/);
		// b waited 50 ms in the queue while a held the place: told to come back, and its place freed.
		const waited = await queued;
		expect(waited).toBeInstanceOf(Busy);
		expect((waited as Busy).reason).toBe('full');
		expect(gate.stats).toEqual({ running: 1, waiting: 0 });
		hold.done();
		await running;
		await expect(gate.run('b', async () => 'b ran')).resolves.toBe('b ran');
	});

	it('gives the place back when the work fails, and releasing twice frees one place only', async () => {
		const gate = new Gate({ concurrency: 1, queue: 0, waitMs: 0 });
		await expect(gate.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		const release = await gate.acquire('a');
		release();
		release();
		expect(gate.stats).toEqual({ running: 0, waiting: 0 });
		const again = await gate.acquire('b');
		await expect(gate.acquire('c')).rejects.toBeInstanceOf(Busy);
		again();
	});

	it('puts the message next to a named field', async () => {
		const gate = new Gate({ concurrency: 1, queue: 0, waitMs: 0 }, 'Un import est déjà en cours pour vous : patientez.');
		const release = await gate.acquire('a');
		const err = (await gate.acquire('a', 'file').catch((e: unknown) => e)) as Busy;
		expect(err.fieldErrors).toEqual({ file: 'Un import est déjà en cours pour vous : patientez.' });
		release();
	});
});
