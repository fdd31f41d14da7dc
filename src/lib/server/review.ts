// The one-page review of a register entry the app proposed (issue 15): every item of the entry,
// grouped by its art. 30(1) item as the dossier prints it, each with where its answer comes from
// (the catalogue's justification, the retention's source — « source à confirmer » when weak —, the
// profile's reason, or « réponse de X le … » when a person gave it), and the entry's cautions.
import { CATALOGUE } from '../catalogue/entries';
import type { CatalogueEntry } from '../catalogue/types';
import { pendingProposal, securityText } from '../recipes/completeness';
import { isAnswered, shortLabel } from '../recipes/fields';
import { art30Groups } from '../recipes/law';
import { activityKind, kindFields, supportKind } from '../recipes/records';
import type { FieldDef, Proposal } from '../recipes/types';
import { formatShort } from '../french';
import type { Executor } from './db';
import type { RecordRow } from './db/schema';
import { loadCompleteness } from './completeness';
import { fieldText } from './dossier/model';
import { listRecords, recordTitle } from './domain/records';
import { proposedEntries } from './domain/proposals';

export interface ReviewItem {
	name: string;
	label: string;
	/** The answer as the dossier prints it ('' when none). */
	value: string;
	/** Where it comes from, in French. */
	source: string;
	/** The source is weak or missing: the app says so. */
	weak: boolean;
	/** Typed by a person (not proposed by the app). */
	byPerson: boolean;
}

export interface Review {
	id: string;
	name: string;
	proposal: Proposal | null;
	confirmed: { by: string; at: string } | null;
	catalogue: { name: string; description: string } | null;
	cautions: string[];
	groups: { heading: string; items: ReviewItem[] }[];
	percent: number;
	/** What is still missing, confirmation aside. */
	missing: string[];
	/** The other entries waiting for confirmation, and this one's place among all. */
	position: number;
	pending: number;
	next: { id: string; name: string } | null;
}

/** Answers stamped « (catalogue) », « (profil) », « (application) » were proposed by the app. */
const BY_APP = /\((catalogue|profil|application)\)$/;

function sourceOf(field: FieldDef, entry: CatalogueEntry | undefined, proposal: Proposal | null, meta: { byName: string; at: string } | undefined): { source: string; weak: boolean; byPerson: boolean } {
	if (meta && !BY_APP.test(meta.byName)) return { source: `Réponse de ${meta.byName}, le ${formatShort(meta.at)}`, weak: false, byPerson: true };
	if (entry) {
		const from = `Catalogue (« ${entry.name} »)`;
		switch (field.name) {
			case 'legalBasis':
			case 'legalBasisJustification':
				return { source: `${from} : ${entry.legalBasisJustification}`, weak: false, byPerson: false };
			case 'retention':
			case 'finalFate':
			case 'retentionSource':
				return {
					// Weak: the page shows « source à confirmer » next to it.
					source: `${from} : ${entry.retentionSource.text}`,
					weak: entry.retentionSource.weak,
					byPerson: false
				};
			case 'dpiaHint':
			case 'dpiaReason':
				return { source: `${from} : ${entry.dpiaReason}`, weak: false, byPerson: false };
			case 'hasSensitive':
			case 'sensitive':
			case 'sensitiveJustification':
				return { source: entry.sensitiveJustification ? `${from} : ${entry.sensitiveJustification}` : `${from} : aucune donnée sensible prévue`, weak: false, byPerson: false };
			default:
				return { source: `${from}, à adapter à votre commune`, weak: false, byPerson: false };
		}
	}
	if (proposal) return { source: `Proposé par l’application : ${proposal.why}`, weak: false, byPerson: false };
	return { source: 'Saisi par la commune', weak: false, byPerson: true };
}

/** The review of one register entry (any: proposed, confirmed or typed; the page says which). */
export async function entryReview(db: Executor, communeId: string, row: RecordRow): Promise<Review> {
	const [judged, supports, pending] = await Promise.all([loadCompleteness(db, communeId), listRecords(db, communeId, 'support'), proposedEntries(db, communeId)]);
	const names = new Map(supports.map((s) => [s.id, recordTitle(supportKind, s.data)]));
	const entry = row.origin.catalogue ? CATALOGUE.find((e) => e.id === row.origin.catalogue) : undefined;
	const proposal = pendingProposal(row) ?? row.proposal ?? null;
	const security = new Map(judged.security(row.data).headings.map((h) => [h.name, h]));
	const groups = art30Groups(kindFields(activityKind)).map((g) => ({
		heading: g.heading,
		items: g.fields.map((f) => {
			const sh = security.get(f.name);
			const value = sh ? securityText(sh) : fieldText(f, row.data[f.name], names);
			const answered = sh ? Boolean(value) : isAnswered(row.data[f.name]);
			const src = answered ? sourceOf(f, entry, proposal, row.fieldMeta[f.name]) : { source: 'Pas encore de réponse : à compléter.', weak: false, byPerson: false };
			return { name: f.name, label: f.exportLabel?.replace(/^Mesures de sécurité — /, '') ?? f.label, value, ...src };
		})
	})).filter((g) => g.items.length);
	const c = judged.of(activityKind, row);
	const at = pending.findIndex((p) => p.id === row.id);
	const others = pending.filter((p) => p.id !== row.id);
	// The next one after this one in the register's order, else the first left.
	const next = (at >= 0 ? pending.slice(at + 1)[0] : undefined) ?? others[0] ?? null;
	return {
		id: row.id,
		name: recordTitle(activityKind, row.data),
		proposal: pendingProposal(row),
		confirmed: row.proposal && row.confirmedAt ? { by: row.confirmedByName ?? 'une personne dont le compte a été supprimé', at: formatShort(row.confirmedAt) } : null,
		catalogue: entry ? { name: entry.name, description: entry.description } : null,
		cautions: entry?.cautions ?? [],
		groups,
		percent: c.percent,
		missing: c.missing.filter((f) => f.name !== '__confirmation').map(shortLabel),
		position: at + 1,
		pending: pending.length,
		next: next ? { id: next.id, name: next.name } : null
	};
}
