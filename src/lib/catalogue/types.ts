// An entry of the commune starter catalogue: a typical activity of a French commune, pre-filled
// with the same field names as a register fiche (see activityKind in ../recipes/records.ts).
export interface SourceRef {
	/** What the source says, in one plain French sentence. */
	text: string;
	url?: string;
	/** True where the source is secondary or uncertain: the app says so to the user. */
	weak: boolean;
}

export interface CatalogueEntry {
	id: string;
	/** Group shown in the catalogue: Population, Élections, Enfance, Social, Urbanisme… */
	domain: string;
	name: string;
	description: string;
	/** One purpose per line. */
	purposes: string;
	legalBasis: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
	legalBasisJustification: string;
	/** Values of DATA_SUBJECTS. */
	dataSubjects: string[];
	/** Values of DATA_CATEGORIES. */
	dataCategories: string[];
	dataDetails: string;
	/** Values of SENSITIVE_DATA; empty when none. */
	sensitive: string[];
	sensitiveJustification?: string;
	retention: string;
	finalFate: 'destruction' | 'versement' | 'tri';
	retentionSource: SourceRef;
	recipientsInternal: string;
	recipientsExternal: string;
	processors: string;
	/** Values of DPIA_HINTS, with the reason (CNIL list entry or criteria). */
	dpiaHint: 'non_requise' | 'requise' | 'probable' | 'a_examiner';
	dpiaReason: string;
	/** Cautions the secretary must read (e.g. no commercial use of the electoral list). */
	cautions?: string[];
	/** Any other field of the fiche, pre-filled under its name (a field added to the fiche needs no change here). */
	[field: string]: unknown;
}
