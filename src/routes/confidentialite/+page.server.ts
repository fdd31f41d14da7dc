import { env } from '$env/dynamic/private';
import { appRegisterEntry, privacyConfig, retentionLines } from '$lib/server/privacy';
import { activityKind, kindFields } from '$lib/recipes/records';
import { applies, displayValue } from '$lib/recipes/fields';

/** The app's own information notice (art. 13): public, no sign-in needed. */
export function load() {
	const config = privacyConfig(env);
	const entry = appRegisterEntry(config);
	const register = kindFields(activityKind)
		.filter((f) => applies(f, entry) && displayValue(f, entry[f.name], new Map()))
		.map((f) => ({ label: f.exportLabel ?? f.label, value: displayValue(f, entry[f.name], new Map()) }));
	return { config, retention: retentionLines(), register };
}
