import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';

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
		createdBy: uuid('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedBy: uuid('accepted_by').references(() => users.id),
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
		changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [
		index('audit_log_commune_idx').on(t.communeId, t.at),
		index('audit_log_user_idx').on(t.userId)
	]
);

export type User = typeof users.$inferSelect;
export type Commune = typeof communes.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
