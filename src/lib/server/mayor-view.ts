// What awaits the mayor (role « élu ») on the dashboard, first: the documents he signs, the DPIA
// decisions that are his (the DPD has given an opinion, the mayor has not decided), the latest
// compliance dossier to read and download. The red flags are the dashboard's « À surveiller ».
import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DOCUMENT_TEMPLATES, type DocumentContext, type DocumentTemplate } from '../documents/templates';
import { RECORD_KINDS } from '../recipes/records';
import type { Executor } from './db';
import { dossiers, records } from './db/schema';
import { documentContext, listDocuments } from './domain/documents';
import type { Access } from './tenancy';

/** The mayor's (or the president's) signature block, as the templates write it. */
const MAYOR_SIGNATURE = /^(le|la)\s+(maire|présidente?)\b/i;

/** True when the document produced from this template carries the mayor's signature. */
export function signedByMayor(template: Pick<DocumentTemplate, 'signatures'>, ctx: DocumentContext): boolean {
	return template.signatures(ctx).some((s) => MAYOR_SIGNATURE.test(s.role.trim()));
}

const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

export interface MayorView {
	/** The latest version of each document the mayor signs (the one to print and sign). */
	toSign: { id: string; kind: string; title: string; generatedAt: string; generatedByName: string }[];
	/** Risk assessments with the DPD's opinion and no decision of the mayor. */
	decisions: { id: string; title: string; dpdOpinionDate: string }[];
	/** The latest compliance dossier, or null when none was produced. */
	dossier: { version: number; generatedAt: string; generatedByName: string; pageCount: number | null } | null;
}

export async function mayorView(db: Executor, access: Pick<Access, 'commune'>): Promise<MayorView> {
	const communeId = access.commune.id;
	const parent = alias(records, 'parent');
	const [docs, ctx, risks, [last]] = await Promise.all([
		listDocuments(db, communeId),
		documentContext(db, access),
		db
			.select({ id: records.id, data: records.data, parentData: parent.data })
			.from(records)
			.leftJoin(parent, eq(parent.id, records.parentId))
			.where(and(eq(records.communeId, communeId), eq(records.kind, 'risk'), isNull(records.archivedAt)))
			.orderBy(records.createdAt),
		db
			.select({ version: dossiers.version, generatedAt: dossiers.generatedAt, generatedByName: dossiers.generatedByName, pageCount: dossiers.pageCount })
			.from(dossiers)
			.where(eq(dossiers.communeId, communeId))
			.orderBy(desc(dossiers.version))
			.limit(1)
	]);
	// Newest first: the first document of each kind is the one to sign.
	const seen = new Set<string>();
	const toSign: MayorView['toSign'] = [];
	for (const d of docs) {
		if (seen.has(d.kind)) continue;
		seen.add(d.kind);
		const template = Object.hasOwn(DOCUMENT_TEMPLATES, d.kind) ? DOCUMENT_TEMPLATES[d.kind] : undefined;
		if (!template || !signedByMayor(template, ctx)) continue;
		toSign.push({ id: d.id, kind: d.kind, title: d.title, generatedAt: d.generatedAt.toISOString(), generatedByName: d.generatedByName });
	}
	const activity = RECORD_KINDS.activity!;
	const decisions = risks
		.filter((r) => filled(r.data.dpdOpinion) && !filled(r.data.mayorDecision))
		.map((r) => {
			const name = r.parentData?.[activity.titleField];
			return { id: r.id, title: typeof name === 'string' && name.trim() ? name.trim() : 'activité sans nom', dpdOpinionDate: typeof r.data.dpdOpinionDate === 'string' ? r.data.dpdOpinionDate : '' };
		});
	return {
		toSign,
		decisions,
		dossier: last ? { version: last.version, generatedAt: last.generatedAt.toISOString(), generatedByName: last.generatedByName, pageCount: last.pageCount } : null
	};
}
