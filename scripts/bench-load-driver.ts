// The load generator of `npm run bench:load`, in its own process (forked by scripts/bench-load.ts,
// so that the load it generates is not measured in the benchmark's or the server's process).
//
// It receives scenarios over the IPC channel and answers each with its figures. A scenario is a
// set of requests, one per connection (so that each connection can carry its own user's cookie and
// its own commune's address), driven by autocannon for a bounded time AND a bounded number of
// responses, whichever comes first. Latencies of every response (not only the 2xx ones, which is
// all autocannon's own histogram keeps) are recorded here, so that p95 can be given exactly.
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

if (process.send) {
	process.on('message', (raw) => {
		const msg = raw as Message;
		if (msg.type === 'exit') {
			process.disconnect?.();
			return;
		}
		runScenario(msg.scenario).then(
			(result) => process.send!({ type: 'result', id: msg.id, result }),
			(err: unknown) => process.send!({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) })
		);
	});
	process.send({ type: 'ready' });
}
