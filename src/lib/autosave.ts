// Progressive enhancement of recipe forms: with JavaScript, each answer is saved shortly after it
// changes, and the page says so. Without JavaScript, the "Enregistrer" buttons do the same job.
import { applyAction, deserialize } from '$app/forms';
import { invalidateAll } from '$app/navigation';
import { page } from '$app/state';
import type { Check } from '$lib/recipes/types';

export type SaveState =
	| { kind: 'idle' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: Date; version?: number; checks?: Check[] }
	| { kind: 'error'; message: string };

interface Options {
	onState: (s: SaveState) => void;
	/** Delay after the last change before saving. */
	delay?: number;
}

export function autosave(form: HTMLFormElement, options: Options) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const pending = new Set<string>();
	let inFlight: Promise<void> = Promise.resolve();

	function fieldName(target: EventTarget | null): string | null {
		const el = target as HTMLInputElement | null;
		if (!el || !el.name || el.name.startsWith('_') || el.name === 'intent') return null;
		return el.name;
	}

	function schedule(name: string, delay: number) {
		pending.add(name);
		clearTimeout(timer);
		timer = setTimeout(() => {
			inFlight = inFlight.then(() => flush());
		}, delay);
	}

	async function flush(keepalive = false) {
		const names = [...pending];
		pending.clear();
		if (!names.length) return;
		const all = new FormData(form);
		const body = new FormData();
		for (const n of names) for (const v of all.getAll(n)) body.append(n, v);
		body.set('_fields', names.join(','));
		body.set('_version', String(all.get('_version') ?? ''));
		body.set('intent', 'autosave');
		options.onState({ kind: 'saving' });
		try {
			const res = await fetch(form.action, {
				method: 'POST',
				body,
				keepalive,
				headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
			});
			if (keepalive) return;
			const result = deserialize(await res.text());
			if (result.type === 'success') {
				const data = (result.data ?? {}) as { version?: number; checks?: Check[] };
				const version = form.querySelector<HTMLInputElement>('input[name="_version"]');
				if (version && data.version !== undefined) version.value = String(data.version);
				// The answers just saved are no longer refused: their messages go, the others stay.
				const shown = page.form as { errors?: Record<string, string> } | null;
				if (shown?.errors && names.some((n) => n in shown.errors!)) {
					const errors = Object.fromEntries(Object.entries(shown.errors).filter(([k]) => !names.includes(k)));
					await applyAction(Object.keys(errors).length ? { type: 'failure', status: 400, data: { ...shown, errors } } : { type: 'success', status: 200, data: { autosave: true } });
				}
				options.onState({ kind: 'saved', at: new Date(), version: data.version, checks: data.checks });
			} else if (result.type === 'failure') {
				const data = (result.data ?? {}) as { message?: string; conflicts?: unknown[] };
				options.onState({ kind: 'error', message: data.message ?? 'Réponse non enregistrée.' });
				await applyAction(result);
				if (data.conflicts?.length) await invalidateAll();
			} else if (result.type === 'redirect') {
				await applyAction(result);
			} else {
				options.onState({ kind: 'error', message: 'Réponse non enregistrée : réessayez avec le bouton « Enregistrer ».' });
			}
		} catch {
			options.onState({ kind: 'error', message: 'Pas de connexion : vos réponses seront enregistrées avec le bouton « Enregistrer ».' });
			for (const n of names) pending.add(n);
		}
	}

	const onChange = (e: Event) => {
		const name = fieldName(e.target);
		if (name) schedule(name, options.delay ?? 500);
	};
	// Long texts are also saved while typing, after a pause.
	const onInput = (e: Event) => {
		const el = e.target as HTMLElement;
		const name = fieldName(e.target);
		if (name && (el.tagName === 'TEXTAREA' || (el as HTMLInputElement).type === 'text')) schedule(name, 2000);
	};
	// Before a full submit, let a pending autosave go first so versions stay in order.
	const onSubmit = () => {
		clearTimeout(timer);
		pending.clear();
	};
	// Leaving the page (or the tab going to the background) sends what is still waiting.
	const onLeave = () => {
		if (!pending.size) return;
		clearTimeout(timer);
		void flush(true);
	};
	const onVisibility = () => {
		if (document.visibilityState === 'hidden') onLeave();
	};
	form.addEventListener('change', onChange);
	form.addEventListener('input', onInput);
	form.addEventListener('submit', onSubmit, { capture: true });
	window.addEventListener('pagehide', onLeave);
	document.addEventListener('visibilitychange', onVisibility);
	return {
		destroy() {
			onLeave();
			window.removeEventListener('pagehide', onLeave);
			document.removeEventListener('visibilitychange', onVisibility);
			clearTimeout(timer);
			form.removeEventListener('change', onChange);
			form.removeEventListener('input', onInput);
			form.removeEventListener('submit', onSubmit, { capture: true });
		}
	};
}
