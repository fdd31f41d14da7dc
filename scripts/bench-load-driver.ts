// The load generator of `npm run bench:load`, in its own process (forked by scripts/bench-load.ts,
// so that the load it generates is not measured in the benchmark's or the server's process).
//
// It receives scenarios over the IPC channel and answers each with its figures. A scenario is a
// set of requests, one per connection (so that each connection can carry its own user's cookie and
// its own commune's address), driven by autocannon for a bounded time AND a bounded number of
// responses, whichever comes first. Latencies of every response (not only the 2xx ones, which is
// all autocannon's own histogram keeps) are recorded here, so that p95 can be given exactly.
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';

export interface DriverRequest {
	method: 'GET' | 'POST';
	path: string;
	headers: Record<string, string>;
	/** For a POST: the body, where every `{n}` becomes a number that grows with each request. */
	body?: string;
}

export interface Scenario {
	base: string;
	connections: number;
	/**
	 * Requests per second per connection, as people at work send them: each connection is a user who
	 * waits a random time (exponential, of mean 1/rate) before each request (see runPaced). None: as
	 * fast as the server answers (autocannon).
	 */
	rate?: number;
	durationS: number;
	maxRequests: number;
	/** One per connection, taken in turn when there are fewer requests than connections. */
	requests: DriverRequest[];
	/** A form action called as the page's JavaScript does: a 200 is a success only if the JSON says so. */
	actionJson?: boolean;
}

export interface ScenarioResult {
	requests: number;
	durationMs: number;
	rps: number;
	statuses: Record<string, number>;
	/** Responses other than 2xx (a 303 to the sign-in page is one of them). */
	non2xx: number;
	/** Connection errors, timeouts included. */
	errors: number;
	timeouts: number;
	/** 200 answers of a form action saying `failure` or `error`. */
	refused: number;
	/**
	 * Requests still waiting for their answer when the time (or the count) was up: counted in the
	 * latencies with the time they had waited so far (a lower bound), so that an overloaded route
	 * cannot look fast by answering nothing.
	 */
	unfinished: number;
	latency: { mean: number; p50: number; p95: number; p99: number; max: number };
	bytes: number;
}

type Message = { type: 'run'; id: number; scenario: Scenario } | { type: 'exit' };

// autocannon has no type declarations: only what is used here (and, for the requests still
// waiting when the time is up, the client's queue: autocannon 9.0.0 is pinned).
interface AcClient {
	setRequests(requests: AcRequest[]): void;
	pipelinedRequests?: { pendingRequests?: { startTime: [number, number] }[] };
}
interface AcRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string;
	setupRequest?: (req: AcRequest) => AcRequest;
	onResponse?: (status: number, body: string) => void;
}
interface AcInstance {
	on(event: 'response', fn: (client: AcClient, status: number, bytes: number, ms: number) => void): void;
	stop(): void;
}
interface AcResult {
	errors: number;
	timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AcResult) => void) => AcInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function percentile(sorted: Float64Array, p: number): number {
	if (!sorted.length) return 0;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i]!;
}

export async function runScenario(s: Scenario): Promise<ScenarioResult> {
	let latencies = new Float64Array(Math.min(s.maxRequests, 1 << 16));
	let count = 0;
	let answered = 0;
	let bytes = 0;
	let non2xx = 0;
	let refused = 0;
	let counter = 0;
	const statuses: Record<string, number> = {};
	let nextClient = 0;
	let unfinished = 0;
	const clients: AcClient[] = [];
	const record = (ms: number) => {
		if (count === latencies.length) {
			const bigger = new Float64Array(latencies.length * 2);
			bigger.set(latencies);
			latencies = bigger;
		}
		latencies[count++] = ms;
	};
	const started = performance.now();
	let instance: AcInstance | undefined;
	let stopped = false;
	let stoppedAt = 0;
	// Stopped here rather than by autocannon's own duration, to see first what is still waiting.
	const stop = () => {
		if (stopped) return;
		stopped = true;
		stoppedAt = performance.now();
		clearTimeout(timer);
		const now = process.hrtime();
		for (const c of clients) {
			for (const p of c.pipelinedRequests?.pendingRequests ?? []) {
				record((now[0] - p.startTime[0]) * 1000 + (now[1] - p.startTime[1]) / 1e6);
				unfinished++;
			}
		}
		instance?.stop();
	};
	const timer = setTimeout(stop, s.durationS * 1000);
	const result = await new Promise<AcResult>((resolve, reject) => {
		instance = autocannon(
			{
				url: s.base,
				connections: s.connections,
				duration: s.durationS + 120,
				timeout: 60,
				pipelining: 1,
				setupClient(client: AcClient) {
					clients.push(client);
					const r = s.requests[nextClient++ % s.requests.length]!;
					const req: AcRequest = { method: r.method, path: r.path, headers: { ...r.headers } };
					if (r.body !== undefined) {
						const template = r.body;
						req.body = template.replaceAll('{n}', String(++counter));
						if (template.includes('{n}')) req.setupRequest = (q) => ({ ...q, body: template.replaceAll('{n}', String(++counter)) });
					}
					if (s.actionJson) {
						req.onResponse = (status, body) => {
							if (!stopped && status === 200 && !body.includes('"type":"success"')) refused++;
						};
					}
					client.setRequests([req]);
				}
			},
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client, status, resBytes, ms) => {
			if (stopped) return;
			record(ms);
			answered++;
			bytes += resBytes;
			statuses[status] = (statuses[status] ?? 0) + 1;
			if (status < 200 || status >= 300) non2xx++;
			if (answered >= s.maxRequests) stop();
		});
	});
	clearTimeout(timer);
	const durationMs = (stoppedAt || performance.now()) - started;
	const sorted = latencies.slice(0, count).sort();
	let sum = 0;
	for (const v of sorted) sum += v;
	return {
		requests: answered,
		durationMs,
		rps: answered / (durationMs / 1000),
		statuses,
		non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		refused,
		unfinished,
		latency: {
			mean: count ? sum / count : 0,
			p50: percentile(sorted, 50),
			p95: percentile(sorted, 95),
			p99: percentile(sorted, 99),
			max: count ? sorted[count - 1]! : 0
		},
		bytes
	};
}

/**
 * The paced level: one virtual user per connection, each on its own kept-alive socket, waiting an
 * exponentially distributed time before each request (so that the users do not all click at the
 * same instant, as autocannon's own `connectionRate` timers do, which turns a light load into
 * bursts). Latency is measured from the request's sending to its last byte.
 */
async function runPaced(s: Scenario & { rate: number }): Promise<ScenarioResult> {
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	let non2xx = 0;
	let errors = 0;
	let refused = 0;
	let bytes = 0;
	let counter = 0;
	let unfinished = 0;
	const agent = new Agent({ keepAlive: true, maxSockets: s.connections });
	const started = performance.now();
	const deadline = started + s.durationS * 1000;
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	const base = new URL(s.base);
	const one = (r: DriverRequest) =>
		new Promise<{ status: number; body: string }>((resolve, reject) => {
			const body = r.body === undefined ? undefined : r.body.replaceAll('{n}', String(++counter));
			const req = httpRequest(
				{ agent, host: base.hostname, port: base.port, method: r.method, path: r.path, headers: body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(body) } },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (d: Buffer) => chunks.push(d));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
					res.on('error', reject);
				}
			);
			req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
			req.on('error', reject);
			req.end(body);
		});
	const user = async (i: number) => {
		const r = s.requests[i % s.requests.length]!;
		for (;;) {
			const think = -Math.log(1 - Math.random()) * (1000 / s.rate);
			await sleep(Math.min(think, Math.max(0, deadline - performance.now())));
			if (performance.now() >= deadline || latencies.length >= s.maxRequests) return;
			const t0 = performance.now();
			try {
				const res = await one(r);
				const ms = performance.now() - t0;
				if (t0 + ms > deadline) {
					// Answered after the end: counted with its whole wait, as a request still waiting.
					unfinished++;
				}
				latencies.push(ms);
				statuses[res.status] = (statuses[res.status] ?? 0) + 1;
				bytes += Buffer.byteLength(res.body);
				if (res.status < 200 || res.status >= 300) non2xx++;
				else if (s.actionJson && !res.body.includes('"type":"success"')) refused++;
			} catch {
				errors++;
			}
		}
	};
	await Promise.all(Array.from({ length: s.connections }, (_, i) => user(i)));
	agent.destroy();
	// Over the measuring window (a request still answered after it was counted as waiting).
	const durationMs = Math.min(performance.now() - started, s.durationS * 1000);
	const sorted = Float64Array.from(latencies).sort();
	const sum = latencies.reduce((a, b) => a + b, 0);
	return {
		requests: latencies.length,
		durationMs,
		rps: latencies.length / (durationMs / 1000),
		statuses,
		non2xx,
		errors,
		timeouts: 0,
		refused,
		unfinished,
		latency: { mean: latencies.length ? sum / latencies.length : 0, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : 0 },
		bytes
	};
}

if (process.send) {
	process.on('message', (raw) => {
		const msg = raw as Message;
		if (msg.type === 'exit') {
			process.disconnect?.();
			return;
		}
		(msg.scenario.rate ? runPaced({ ...msg.scenario, rate: msg.scenario.rate }) : runScenario(msg.scenario)).then(
			(result) => process.send!({ type: 'result', id: msg.id, result }),
			(err: unknown) => process.send!({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) })
		);
	});
	process.send({ type: 'ready' });
}
