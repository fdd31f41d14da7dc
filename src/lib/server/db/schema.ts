import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Proposal } from '../../recipes/types';
import {
	bigserial,
	boolean,
	customType,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v))
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		isGipAdmin: boolean('is_gip_admin').notNull().default(false),
		isTrainer: boolean('is_trainer').notNull().default(false),
		createdAt: createdAt(),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
			.notNull()
			.defaultNow()
	},
	(t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** SHA-256 (hex) of the token held by the browser: the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * One-time password reset links issued by a GIP administrator (until the app sends e-mail): only
 * the SHA-256 of the token is stored; a link works once, before `expiresAt`.
 */
export const passwordResets = pgTable(
	'password_resets',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);

/** Failed login attempts, counted per key ("email:…" or "ip:…") in a sliding window. */
export const loginAttempts = pgTable('login_attempts', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
	lockedUntil: timestamp('locked_until', { withTimezone: true })
});

export const BODY_TYPES = ['commune', 'ccas', 'epci', 'syndicat', 'autre'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

/** A public body: a commune, its CCAS, an EPCI, a syndicat… ("commune" in the UI and the code). */
export const communes = pgTable(
	'communes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		type: text('type').$type<BodyType>().notNull().default('commune'),
		name: text('name').notNull(),
		inseeCode: text('insee_code'),
		departement: text('departement'),
		population: integer('population'),
		postalCode: text('postal_code'),
		siren: text('siren'),
		address: text('address').notNull().default(''),
		mayorName: text('mayor_name').notNull().default(''),
		email: text('email').notNull().default(''),
		phone: text('phone').notNull().default(''),
		/** A practice commune created in a training session: marked everywhere, never in statistics. */
		isPractice: boolean('is_practice').notNull().default(false),
		practiceSessionId: uuid('practice_session_id'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('communes_insee_idx').on(t.inseeCode)]
);

export const ROLES = ['dpd', 'elu', 'formateur'] as const;
export type Role = (typeof ROLES)[number];

export const memberships = pgTable(
	'memberships',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('memberships_user_commune_key').on(t.userId, t.communeId),
		index('memberships_commune_idx').on(t.communeId)
	]
);

export const invitations = pgTable(
	'invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** SHA-256 (hex) of the token in the invitation link. */
		tokenHash: text('token_hash').notNull(),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		label: text('label').notNull().default(''),
		// A deleted account leaves its invitations (and the memberships they gave) in place.
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('invitations_token_key').on(t.tokenHash),
		index('invitations_commune_idx').on(t.communeId)
	]
);

/** Append-only journal of every write. A trigger (see migrations) forbids UPDATE and DELETE. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		userId: uuid('user_id'),
		userName: text('user_name').notNull().default(''),
		communeId: uuid('commune_id'),
		entity: text('entity').notNull(),
		entityId: text('entity_id').notNull(),
		action: text('action').notNull(),
		changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
		/** Set on history carried in by a JSON import: what the file says, not what was recorded here. */
		importedAt: timestamp('imported_at', { withTimezone: true })
	},
	(t) => [
		// The journal is read per commune in id order (the dashboard's latest entries, the journal
		// page, the dossier): by (commune, id), not a backward scan of the whole table.
		index('audit_log_commune_idx').on(t.communeId, t.id),
		index('audit_log_user_idx').on(t.userId)
	]
);

export type User = typeof users.$inferSelect;
export type Commune = typeof communes.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

/** Who last set each answer and when, and at which version: { field: { by, byName, at, version } }. */
export type FieldMeta = Record<string, { by: string; byName: string; at: string; version: number }>;

/** `FieldMeta.by` of an answer a JSON import brought: its author has no account here. */
export const IMPORTED_BY = 'fichier-importé';

/** The answers of one step of one recipe, for one commune. */
export const stepAnswers = pgTable(
	'step_answers',
	{
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		recipeId: text('recipe_id').notNull(),
		stepId: text('step_id').notNull(),
		answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
		fieldMeta: jsonb('field_meta').$type<FieldMeta>().notNull().default({}),
		/** Bumped by every save: a save made from an older version is checked for conflicts. */
		version: integer('version').notNull().default(0),
		status: text('status').$type<'en_cours' | 'plus_tard' | 'terminee'>().notNull().default('en_cours'),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by')
	},
	(t) => [primaryKey({ columns: [t.communeId, t.recipeId, t.stepId] })]
);

/** A record of a declared kind (a support of the map, a register fiche…), its fields in `data`. */
export const records = pgTable(
	'records',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		/** For a record attached to another (the risk assessment of a register fiche…). */
		parentId: uuid('parent_id').references((): AnyPgColumn => records.id, { onDelete: 'cascade' }),
		data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
		fieldMeta: jsonb('field_meta').$type<FieldMeta>().notNull().default({}),
		version: integer('version').notNull().default(0),
		/** Where it came from: { catalogue: 'etat-civil' } or { copiedFrom: … }. */
		origin: jsonb('origin').$type<Record<string, string>>().notNull().default({}),
		createdAt: createdAt(),
		createdBy: uuid('created_by'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by'),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		/** Set on a record carried in by a JSON import: its content and history are the file's claims. */
		importedAt: timestamp('imported_at', { withTimezone: true }),
		/**
		 * Set when the app pre-filled the record (from the catalogue, from the commune profile): why
		 * it was proposed. Such a record is « proposé, non confirmé » — it counts as done nowhere —
		 * until a named person confirms it (`confirmedAt`, `confirmedBy`, `confirmedByName`).
		 */
		proposal: jsonb('proposal').$type<Proposal>(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
		/** The name of the person who confirmed, as it was then (kept when the account goes). */
		confirmedByName: text('confirmed_by_name')
	},
	(t) => [index('records_commune_kind_idx').on(t.communeId, t.kind), index('records_parent_idx').on(t.parentId)]
);

/** Documents generated by the app (mission letter, designation act…), with their PDF. */
export const documents = pgTable(
	'documents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		/** The edited text the PDF was made from. */
		content: jsonb('content').$type<Record<string, unknown>>().notNull(),
		pdf: bytea('pdf').notNull(),
		sha256: text('sha256').notNull(),
		generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
		generatedBy: uuid('generated_by'),
		generatedByName: text('generated_by_name').notNull().default('')
	},
	(t) => [index('documents_commune_kind_idx').on(t.communeId, t.kind, t.generatedAt)]
);

/** Obligations the DPD confirmed by hand (those no recipe step covers yet), with a note. */
export const obligationConfirmations = pgTable(
	'obligation_confirmations',
	{
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		obligationId: text('obligation_id').notNull(),
		note: text('note').notNull().default(''),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
		confirmedBy: uuid('confirmed_by')
	},
	(t) => [primaryKey({ columns: [t.communeId, t.obligationId] })]
);

export type StepAnswers = typeof stepAnswers.$inferSelect;
export type RecordRow = typeof records.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

/** Every compliance dossier produced: its data snapshot and fingerprint; the PDF is re-made from them. */
export const dossiers = pgTable(
	'dossiers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		fingerprint: text('fingerprint').notNull(),
		snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
		generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
		generatedBy: uuid('generated_by'),
		generatedByName: text('generated_by_name').notNull().default(''),
		pageCount: integer('page_count')
	},
	(t) => [uniqueIndex('dossiers_commune_version_key').on(t.communeId, t.version)]
);

export type DossierRow = typeof dossiers.$inferSelect;

/** A GIP training session: a trainer, a date and place, and an enrolment code for the secretaries. */
export const trainingSessions = pgTable(
	'training_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		trainerId: uuid('trainer_id')
			.notNull()
			.references(() => users.id),
		title: text('title').notNull(),
		date: text('date').notNull(),
		place: text('place').notNull().default(''),
		capacity: integer('capacity').notNull().default(6),
		code: text('code').notNull(),
		createdAt: createdAt(),
		closedAt: timestamp('closed_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('training_sessions_code_key').on(t.code), index('training_sessions_trainer_idx').on(t.trainerId)]
);

/** A commune enrolled in a session by one of its DPDs; leaving ends the trainer's access. */
export const sessionEnrolments = pgTable(
	'session_enrolments',
	{
		sessionId: uuid('session_id')
			.notNull()
			.references(() => trainingSessions.id, { onDelete: 'cascade' }),
		communeId: uuid('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'cascade' }),
		/** Null once the DPD who enrolled the commune has deleted their account. */
		enrolledBy: uuid('enrolled_by').references(() => users.id, { onDelete: 'set null' }),
		enrolledAt: createdAt(),
		leftAt: timestamp('left_at', { withTimezone: true }),
		attended: boolean('attended')
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.communeId] }), index('session_enrolments_commune_idx').on(t.communeId)]
);

/** Advice the GIP edits: questions and answers, and tips, attached to a recipe, a step or a catalogue entry. */
export const advice = pgTable(
	'advice',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').$type<'question' | 'astuce'>().notNull(),
		/** "recipe:dpd", "step:dpd/type", "catalogue:listes-electorales" or "general". */
		target: text('target').notNull(),
		title: text('title').notNull(),
		/** A small safe format: paragraphs, lists, **bold**, [links](https://…). */
		body: text('body').notNull(),
		sources: jsonb('sources').$type<string[]>().notNull().default([]),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		createdBy: uuid('created_by'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		updatedBy: uuid('updated_by'),
		retiredAt: timestamp('retired_at', { withTimezone: true })
	},
	(t) => [index('advice_target_idx').on(t.target)]
);

/** Every version of every advice entry, so that a previous text can be restored. */
export const adviceHistory = pgTable(
	'advice_history',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		adviceId: uuid('advice_id')
			.notNull()
			.references(() => advice.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		action: text('action').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		target: text('target').notNull(),
		sources: jsonb('sources').$type<string[]>().notNull().default([]),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
		changedBy: uuid('changed_by'),
		changedByName: text('changed_by_name').notNull().default('')
	},
	(t) => [index('advice_history_advice_idx').on(t.adviceId, t.version)]
);

export type TrainingSession = typeof trainingSessions.$inferSelect;
export type Advice = typeof advice.$inferSelect;

/**
 * One row per creating form submitted: the token drawn when the form was rendered, consumed in the
 * transaction of the insert. A second submission of the same token finds the record made by the first.
 */
export const formTokens = pgTable('form_tokens', {
	token: text('token').primaryKey(),
	userId: uuid('user_id').notNull(),
	/** What was created ('record', 'commune', 'invitation'…) and its id, to redirect a resubmission to it. */
	kind: text('kind').notNull(),
	resultId: text('result_id').notNull(),
	createdAt: createdAt()
});
