import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// End-to-end tests run against the built app (`node build`; `npm run test:e2e` builds it first) on
// a fixed port, with a fresh embedded database in a temporary folder for every run.
// Set E2E_DATABASE_URL to run them against a PostgreSQL server instead.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://localhost:${PORT}`;
const DATA_DIR = join(tmpdir(), `super-chef-rgpd-e2e-${PORT}`);
// The built server (adapter-node output); E2E_BUILD_DIR runs a copy of it instead.
const BUILD_DIR = process.env.E2E_BUILD_DIR ?? 'build';

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	forbidOnly: Boolean(process.env.CI),
	retries: 0,
	workers: 2,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	use: {
		baseURL: BASE_URL,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		// The data folder is deleted first: every run starts on an empty database.
		command: `rm -rf "${DATA_DIR}" && node "${BUILD_DIR}"`,
		url: `${BASE_URL}/healthz`,
		timeout: 120_000,
		reuseExistingServer: !process.env.CI,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: BASE_URL,
			DATA_DIR,
			DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
			NODE_ENV: 'production'
		}
	}
});
