// Follow-up questions in the browser: the answers of a form as they stand, and the questions their
// declared conditions open (src/lib/recipes/conditions.ts). Without JavaScript the page shows every
// follow-up with its condition; with it, the forms hide those whose condition does not hold, and
// show them as soon as the answer that opens them is chosen.
import { appliesIn, type LiveCondition } from '$lib/recipes/conditions';
import type { FieldView } from '$lib/recipes/view';

const MULTI = new Set(['checkboxes', 'records']);

/** The form's answers as they stand, disabled inputs included (a read-only page still shows the follow-ups of its answers). */
export function readAnswers(form: HTMLFormElement, fields: readonly FieldView[]): Record<string, unknown> {
	const types = new Map(fields.map((f) => [f.name, f.type]));
	const out: Record<string, unknown> = {};
	for (const f of fields) out[f.name] = MULTI.has(f.type) ? [] : '';
	for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input[name], select[name], textarea[name]')) {
		const type = types.get(el.name);
		if (!type) continue;
		if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
			if (!el.checked) continue;
			if (MULTI.has(type)) (out[el.name] as string[]).push(el.value);
			else out[el.name] = el.value;
		} else out[el.name] = el.value;
	}
	return out;
}

/** The names of the fields shown for these answers (a follow-up of a hidden question hides too). */
export function shownFields(fields: readonly FieldView[], answers: Record<string, unknown>): Set<string> {
	const fixedHidden: LiveCondition = { fixed: false };
	return appliesIn(
		fields.map((f) => ({ name: f.name, showIf: f.live ?? (f.visible ? undefined : fixedHidden) })),
		answers
	);
}
