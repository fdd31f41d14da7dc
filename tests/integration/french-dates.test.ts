// « Today » is the Paris date: a designation act produced at 00:35 in Paris on 6 December 2026
// (still 5 December in UTC) is dated 6 December, in the PDF and in its file name; a commune whose
// name starts with a vowel is « Commune d’Agencourt ».
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET } from '../../src/routes/c/[communeId]/documents/fichier/[docId]/+server';
import { documentContext, documentTemplate, generateDocument, getDocument } from '../../src/lib/server/domain/documents';
import { saveStep } from '../../src/lib/server/domain/recipes';
import { DPD_ANSWERS, DPD_STEP_IDS, submission } from '../helpers/answers';
import { engines, useDatabase, withAppDatabase } from '../helpers/db';
import { accessOf, makeCommune, makeUser } from '../helpers/fixtures';

const AFTER_MIDNIGHT = new Date('2026-12-05T23:35:00Z');

function pdfText(bytes: Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'acte-'));
	try {
		const file = join(dir, 'acte.pdf');
		writeFileSync(file, bytes);
		return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe.each(engines())('dates and French of the documents on the $name database', (engine) => {
	const db = useDatabase(engine);

	it('dates an act produced at 00:35 in Paris that day, in the PDF and in its file name', async () => {
		const user = await makeUser(db());
		const commune = await makeCommune(db(), user, '21001');
		expect(commune.name).toBe('Agencourt');
		const access = await accessOf(db(), user, commune.id);
		for (const id of DPD_STEP_IDS) await saveStep(db(), access, 'dpd', id, submission(DPD_ANSWERS[id]!), 'continue');

		const template = documentTemplate('arrete_designation');
		const draft = template.compose(await documentContext(db(), access));
		const input: Record<string, unknown> = { title: draft.title };
		for (const s of draft.sections) input[`section_${s.id}`] = s.text;
		const id = await generateDocument(db(), access, 'arrete_designation', input, AFTER_MIDNIGHT);

		const doc = await getDocument(db(), commune.id, id);
		expect(doc.generatedAt.toISOString()).toBe(AFTER_MIDNIGHT.toISOString());
		const text = pdfText(doc.pdf);
		expect(text).toContain('6 décembre 2026');
		expect(text).not.toContain('5 décembre 2026');
		expect(text).toContain('Commune d’Agencourt');
		expect(text).toContain('Le maire d’Agencourt');

		const event = { locals: { user, session: null }, url: new URL(`http://localhost/c/${commune.id}/documents/fichier/${id}`), params: { communeId: commune.id, docId: id } };
		const response = (await withAppDatabase(db(), () => GET(event as never))) as Response;
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="arrete_designation-Agencourt-2026-12-06.pdf"');
	});
});
