// Documents generated for a commune: composed from the templates, edited by the DPD, rendered to a
// PDF stored with its generation date, its author and its SHA-256.
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recipeErrors } from '../../recipes/engine';
import { findRecipe } from '../../recipes';
import { DOCUMENT_TEMPLATES, type DocumentContext, type DocumentTemplate } from '../../documents/templates';
import { bodyName, formatDate, today } from '../../french';
import { appendAudit } from '../audit';
import type { Db, Executor } from '../db';
import { documents } from '../db/schema';
import { isUuid, text } from '../forms';
import { renderLetter, type LetterContent, type LetterSection } from '../pdf/letter';
import { assertCanEdit, type Access } from '../tenancy';
import { DomainError, validate } from './errors';
import { watermarkFor } from './watermark';
import { recipeAnswersOf } from './recipes';

export function documentTemplate(kind: string): DocumentTemplate {
	const t = Object.hasOwn(DOCUMENT_TEMPLATES, kind) ? DOCUMENT_TEMPLATES[kind] : undefined;
	if (!t) throw new DomainError('Page introuvable', {}, 404);
	return t;
}

export async function documentContext(db: Executor, access: Pick<Access, 'commune'>): Promise<DocumentContext> {
	const c = access.commune;
	return {
		commune: { name: c.name, type: c.type, address: c.address, mayorName: c.mayorName, inseeCode: c.inseeCode },
		dpd: await recipeAnswersOf(db, c.id, 'dpd')
	};
}

/**
 * Why the document cannot be produced (empty: it can): a refusal in its recipe's answers, e.g. the
 * mayor chosen as DPD — no letter nor act may designate him.
 */
export function documentBlockers(template: DocumentTemplate, ctx: DocumentContext): string[] {
	const recipe = findRecipe(template.recipe);
	return recipe ? recipeErrors(recipe, ctx.dpd).map((c) => c.message) : [];
}

/** Splits an edited text into paragraphs, or list items when every line starts with "- ". */
export function toSections(sections: { heading: string; text: string }[]): LetterSection[] {
	return sections.map((s) => {
		const lines = s.text.split('\n').map((l) => l.trim()).filter(Boolean);
		if (lines.length && lines.every((l) => l.startsWith('- '))) {
			return { heading: s.heading || undefined, paragraphs: lines.map((l) => l.slice(2)), list: true };
		}
		return { heading: s.heading || undefined, paragraphs: s.text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, '\n').trim()).filter(Boolean) };
	});
}

export async function listDocuments(db: Executor, communeId: string, kind?: string) {
	return db
		.select({ id: documents.id, kind: documents.kind, title: documents.title, generatedAt: documents.generatedAt, generatedByName: documents.generatedByName, sha256: documents.sha256 })
		.from(documents)
		.where(kind ? and(eq(documents.communeId, communeId), eq(documents.kind, kind)) : eq(documents.communeId, communeId))
		.orderBy(desc(documents.generatedAt));
}

export async function getDocument(db: Executor, communeId: string, id: string) {
	if (!isUuid(id)) throw new DomainError('Page introuvable', {}, 404);
	const [doc] = await db.select().from(documents).where(and(eq(documents.id, id), eq(documents.communeId, communeId)));
	if (!doc) throw new DomainError('Page introuvable', {}, 404);
	return doc;
}

/**
 * What the letter shows: letterhead, the place and date of signature, the footer. Dated « today »
 * in Paris: an act produced at 00:35 in Paris on 6 December is dated 6 December.
 */
export function letterOf(
	c: Pick<Access['commune'], 'name' | 'type' | 'address' | 'inseeCode' | 'isPractice'>,
	template: Pick<DocumentTemplate, 'title' | 'signatures'>,
	ctx: DocumentContext,
	title: string,
	subtitle: string,
	sections: { heading: string; text: string }[],
	now: Date
): LetterContent {
	const date = formatDate(today(now));
	return {
		letterhead: [bodyName(c), ...(c.address ? c.address.split(/,\s*/) : []), ...(c.inseeCode ? [`Code INSEE ${c.inseeCode}`] : [])],
		title,
		subtitle,
		sections: toSections(sections),
		place: c.name,
		date,
		signatures: template.signatures(ctx),
		footer: `${template.title} — ${c.name} — produit le ${date}`,
		watermark: watermarkFor(c)
	};
}

/** Renders the edited text to a PDF and stores it; returns the new document's id. */
export async function generateDocument(db: Db, access: Access, kind: string, input: Record<string, unknown>, now = new Date()): Promise<string> {
	assertCanEdit(access);
	const template = documentTemplate(kind);
	const ctx = await documentContext(db, access);
	const blocked = documentBlockers(template, ctx);
	if (blocked.length) throw new DomainError(`Ce document ne peut pas être produit : ${blocked.join(' ')}`, {}, 409);
	const draft = template.compose(ctx);
	const shape: Record<string, z.ZodType> = { title: text('Titre', { max: 300 }) };
	// A fixed line (« Arrête ») is not edited: printed as composed, whatever the form sends.
	for (const s of draft.sections) if (!s.fixed) shape[`section_${s.id}`] = text(s.heading || 'Texte', { min: 0, max: 10_000 });
	const data = validate(z.object(shape), input) as Record<string, string>;
	const sections = draft.sections.map((s) => ({ id: s.id, heading: s.heading, text: s.fixed ? s.text : (data[`section_${s.id}`] ?? '') }));
	const c = access.commune;
	const pdf = await renderLetter(letterOf(c, template, ctx, data.title!, draft.subtitle, sections, now), now);
	const sha256 = createHash('sha256').update(pdf).digest('hex');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(documents)
			.values({
				communeId: c.id,
				kind,
				title: data.title!,
				content: { title: data.title, subtitle: draft.subtitle, sections },
				pdf,
				sha256,
				generatedAt: now,
				generatedBy: access.user.id,
				generatedByName: access.user.name
			})
			.returning({ id: documents.id });
		await appendAudit(tx, access.user, {
			communeId: c.id,
			entity: 'document',
			entityId: row!.id,
			action: `production : ${template.title}`,
			changes: { sha256 }
		});
		return row!.id;
	});
}
