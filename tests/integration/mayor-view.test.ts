// The mayor (role « élu ») sees first what awaits him on the dashboard: the latest version of each
// document he signs, the DPIA decisions that are his (the DPD's opinion given, his decision not),
// the latest compliance dossier, which he may download. Read through the dashboard's load and the
// dossier's PDF route, as the mayor.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/c/[communeId]/+page.server';
import Dashboard from '../../src/routes/c/[communeId]/+page.svelte';
import { GET as dossierPdf } from '../../src/routes/c/[communeId]/dossier/[version].pdf/+server';
import { DOCUMENT_TEMPLATES } from '../../src/lib/documents/templates';
import { documentContext, documentTemplate, generateDocument } from '../../src/lib/server/domain/documents';
import { generateDossier } from '../../src/lib/server/domain/dossiers';
import { acceptInvitation, invite } from '../../src/lib/server/domain/members';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { saveRecord } from '../../src/lib/server/domain/record-writes';
import { signedByMayor } from '../../src/lib/server/mayor-view';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Access } from '../../src/lib/server/tenancy';
import type { Answers } from '../../src/lib/recipes/types';
import { DPD_ANSWERS, DPD_STEP_IDS, submission } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

// Fixed instants, in the past of any run: the order of the documents, not today, matters.
const JANUARY = new Date('2026-01-12T09:00:00Z');
const FEBRUARY = new Date('2026-02-16T09:00:00Z');

describe('which documents the mayor signs', () => {
	it('is read from the templates’ signature blocks', () => {
		const ctx = { commune: { name: 'Glanon', type: 'commune', address: '', mayorName: 'Jean Maire', inseeCode: '21301' }, dpd: {} } as never;
		expect(Object.values(DOCUMENT_TEMPLATES).filter((t) => signedByMayor(t, ctx)).map((t) => t.kind).sort()).toEqual(['arrete_designation', 'lettre_mission']);
		expect(signedByMayor({ signatures: () => [{ role: 'Le délégué à la protection des données', name: 'X' }] }, ctx)).toBe(false);
		expect(signedByMayor({ signatures: () => [{ role: 'Le président', name: 'X' }] }, ctx)).toBe(true);
	});
});

describe.each(engines())('the mayor’s dashboard on the $name database', (engine) => {
	const db = useDatabase(engine);

	async function dashboard(user: SessionUser, communeId: string) {
		const event = { locals: { user, session: null }, url: new URL(`http://localhost/c/${communeId}`), params: { communeId } };
		return (await withAppDatabase(db(), () => load(event as never))) as Awaited<ReturnType<typeof load>>;
	}

	async function produce(access: Access, kind: string, title: string, now: Date) {
		const draft = documentTemplate(kind).compose(await documentContext(db(), access));
		const input: Record<string, unknown> = { title };
		for (const s of draft.sections) input[`section_${s.id}`] = s.text;
		return generateDocument(db(), access, kind, input, now);
	}

	async function save(access: Access, kind: string, data: Answers, parent?: string) {
		const result = await saveRecord(db(), access, kind, null, submission(data, parent ? { _parent: parent } : {}));
		expect(result.errors, kind).toEqual({});
		return result.id;
	}

	it('lists the documents to sign, the decisions to take and the latest dossier, which the mayor downloads', async () => {
		const dpd = await makeUser(db(), { name: 'Claire Martin' });
		const commune = await makeCommune(db(), dpd);
		const access = await accessOf(db(), dpd, commune.id);
		for (const id of DPD_STEP_IDS) await saveStep(db(), access, 'dpd', id, submission(DPD_ANSWERS[id]!), 'continue');
		const mayor = await makeUser(db(), { name: 'Jean Maire' });
		const { token } = await invite(db(), access, { role: 'elu' });
		await acceptInvitation(db(), mayor, token);

		// Nothing yet: the blocks say so.
		const empty = await dashboard(mayor, commune.id);
		expect(empty.mayor).toEqual({ toSign: [], decisions: [], dossier: null });

		await produce(access, 'lettre_mission', 'Lettre de mission (première version)', JANUARY);
		const letter = await produce(access, 'lettre_mission', 'Lettre de mission du délégué', FEBRUARY);
		const act = await produce(access, 'arrete_designation', 'Arrêté de désignation du délégué', JANUARY);

		const cantine = await save(access, 'activity', { name: 'Cantine scolaire' });
		const paie = await save(access, 'activity', { name: 'Paie des agents' });
		const urbanisme = await save(access, 'activity', { name: 'Urbanisme' });
		const awaiting = await save(access, 'risk', { dpdOpinion: 'Risques acceptables.', dpdOpinionDate: '2026-02-01' }, cantine);
		await save(access, 'risk', { dpdOpinion: 'Risques acceptables.', dpdOpinionDate: '2026-02-01', mayorDecision: 'validee', mayorDecisionDate: '2026-02-03' }, paie);
		await save(access, 'risk', { acces_gravite: '2' }, urbanisme);

		const before = await dashboard(mayor, commune.id);
		expect(before.mayor!.toSign.map((d) => [d.id, d.title])).toEqual([
			[letter, 'Lettre de mission du délégué'],
			[act, 'Arrêté de désignation du délégué']
		]);
		expect(before.mayor!.decisions).toEqual([{ id: awaiting, title: 'Cantine scolaire', dpdOpinionDate: '2026-02-01' }]);
		expect(before.mayor!.dossier).toBeNull();

		const { version } = await generateDossier(db(), access);
		const after = await dashboard(mayor, commune.id);
		expect(after.mayor!.dossier).toMatchObject({ version, generatedByName: 'Claire Martin' });

		// The page: what awaits the mayor comes first, with its links.
		const mayorAccess = await accessOf(db(), mayor, commune.id);
		const page = render(Dashboard, { props: { data: { ...after, commune: mayorAccess.commune, role: 'elu', roleLabel: 'Élu', canEdit: false }, form: null } as never }).body;
		const headings = [...page.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)].map((m) => m[1]);
		expect(headings[0]).toBe('Ce qui vous attend');
		expect(headings.indexOf('Ce qui vous attend')).toBeLessThan(headings.indexOf('Prochaine étape'));
		expect(page).toContain(`href="/c/${commune.id}/documents/fichier/${letter}"`);
		expect(page).toContain(`href="/c/${commune.id}/documents/fichier/${act}"`);
		expect(page).toContain(`href="/c/${commune.id}/fiches/risk/${awaiting}"`);
		expect(page).toContain(`href="/c/${commune.id}/dossier/v${version}.pdf"`);
		expect(page).toContain('Analyse des risques — Cantine scolaire');

		// The mayor downloads it: the PDF route lets an élu read.
		expect(mayorAccess.role).toBe('elu');
		const event = { locals: { user: mayor, session: null }, url: new URL(`http://localhost/c/${commune.id}/dossier/v${version}.pdf`), params: { communeId: commune.id, version: `v${version}` } };
		const response = await withAppDatabase(db(), () => dossierPdf(event as never));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

		// The DPD's dashboard has no mayor's block.
		const dpdData = await dashboard(dpd, commune.id);
		expect(dpdData.mayor).toBeNull();
		const dpdPage = render(Dashboard, { props: { data: { ...dpdData, commune: access.commune, role: 'dpd', roleLabel: 'DPD', canEdit: true }, form: null } as never }).body;
		expect(dpdPage).not.toContain('Ce qui vous attend');
	});
});
