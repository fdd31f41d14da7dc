// An obligation is covered by the answers, not by a finished step: a « Non » to « déclaré à la
// CNIL ? » completes the step but leaves the obligation open, and the obligations page, the
// dashboard's counts and the dossier (its synthesis and its red flags) say the same.
import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/c/[communeId]/obligations/+page.server';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { buildDossier, redFlags } from '../../src/lib/server/dossier/model';
import { buildSnapshot } from '../../src/lib/server/dossier/snapshot';
import { progressView } from '../../src/lib/server/progress-view';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Answers } from '../../src/lib/recipes/types';
import { DPD_ANSWERS, DPD_STEP_IDS, submission } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

describe.each(engines())('obligations covered by the answers on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function communeWithDpd(overrides: Record<string, Answers>) {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user);
		const access = await accessOf(db(), user, commune.id);
		for (const id of DPD_STEP_IDS) {
			const result = await saveStep(db(), access, 'dpd', id, submission({ ...DPD_ANSWERS[id], ...overrides[id] }), 'continue');
			expect(result.status, id).toBe('terminee');
		}
		return { user, commune, access };
	}

	async function pageData(user: SessionUser, communeId: string) {
		const event = { locals: { user, session: null }, url: new URL(`http://localhost/c/${communeId}/obligations`), params: { communeId } };
		const data = (await withAppDatabase(db(), () => load(event as never))) as Awaited<ReturnType<typeof load>>;
		const items = new Map(data.groups.flatMap((g) => g.items).map((i) => [i.id, i]));
		return { data, items };
	}

	async function dossierOf(communeId: string, now: Date) {
		const snapshot = await buildSnapshot(db(), communeId);
		const model = buildDossier(snapshot, { version: 1, generatedAt: now, generatedByName: 'Test', fingerprint: 'x' });
		const text = model.blocks.map((b) => ('text' in b ? b.text : JSON.stringify(b))).join('\n');
		return { flags: new Map(redFlags(snapshot, now).map((f) => [f.id, f])), text };
	}

	it('leaves the CNIL declaration and the publication open after « Non », on the page and in the dossier alike', async () => {
		const nowhere = { onWebsite: 'non', onForms: 'non', atMairie: 'non', councilInformed: 'non', staffInformed: 'non' };
		const { user, commune, access } = await communeWithDpd({ cnil: { declared: 'non' }, publication: nowhere });
		const now = new Date();

		const page = await pageData(user, commune.id);
		const declare = page.items.get('dpd-declarer-cnil')!;
		const publish = page.items.get('dpd-publier-coordonnees')!;
		expect(declare).toMatchObject({ covered: false, by: null });
		expect(declare.unmet).toEqual(['« Oui » à « La déclaration a été faite sur le site de la CNIL »']);
		expect(publish).toMatchObject({ covered: false, by: null });
		// The other DPD obligations, answered « Oui », are covered.
		expect(page.items.get('dpd-designer')).toMatchObject({ covered: true, by: 'recette' });

		const dossier = await dossierOf(commune.id, now);
		expect(dossier.flags.get('dpd')!.items).toEqual([`Réponse attendue : ${declare.unmet[0]}.`]);
		expect(dossier.flags.get('dpd-publication')!.items).toHaveLength(1);
		// The same count on the page, on the dashboard and in the dossier's synthesis.
		const view = await progressView(db(), commune.id, now);
		expect(view.obligations).toMatchObject({ covered: page.data.covered, total: page.data.total });
		expect(dossier.text).toContain(`Obligations couvertes : ${page.data.covered} sur ${page.data.total}.`);

		// « Oui », with its date and receipt: covered everywhere, the red flag gone.
		await saveStep(db(), access, 'dpd', 'cnil', submission(DPD_ANSWERS.cnil!), 'continue');
		await saveStep(db(), access, 'dpd', 'publication', submission({ ...nowhere, onForms: 'oui' }), 'continue');
		const after = await pageData(user, commune.id);
		expect(after.items.get('dpd-declarer-cnil')).toMatchObject({ covered: true, by: 'recette', unmet: [] });
		expect(after.items.get('dpd-publier-coordonnees')).toMatchObject({ covered: true, by: 'recette', unmet: [] });
		expect(after.data.covered).toBe(page.data.covered + 2);
		const fixed = await dossierOf(commune.id, now);
		expect(fixed.flags.get('dpd')!.items).toEqual([]);
		expect(fixed.flags.get('dpd-publication')!.items).toEqual([]);
		expect(fixed.text).toContain(`Obligations couvertes : ${after.data.covered} sur ${after.data.total}.`);
	});
});
