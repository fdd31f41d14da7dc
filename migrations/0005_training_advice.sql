CREATE TABLE "advice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "advice_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"advice_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"target" text NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	"changed_by_name" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_enrolments" (
	"session_id" uuid NOT NULL,
	"commune_id" uuid NOT NULL,
	"enrolled_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"attended" boolean,
	CONSTRAINT "session_enrolments_session_id_commune_id_pk" PRIMARY KEY("session_id","commune_id")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trainer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"date" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"capacity" integer DEFAULT 6 NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "is_practice" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "communes" ADD COLUMN "practice_session_id" uuid;--> statement-breakpoint
ALTER TABLE "advice_history" ADD CONSTRAINT "advice_history_advice_id_advice_id_fk" FOREIGN KEY ("advice_id") REFERENCES "public"."advice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_enrolments" ADD CONSTRAINT "session_enrolments_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_enrolments" ADD CONSTRAINT "session_enrolments_commune_id_communes_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."communes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_enrolments" ADD CONSTRAINT "session_enrolments_enrolled_by_users_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_trainer_id_users_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advice_target_idx" ON "advice" USING btree ("target");--> statement-breakpoint
CREATE INDEX "advice_history_advice_idx" ON "advice_history" USING btree ("advice_id","version");--> statement-breakpoint
CREATE INDEX "session_enrolments_commune_idx" ON "session_enrolments" USING btree ("commune_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_sessions_code_key" ON "training_sessions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "training_sessions_trainer_idx" ON "training_sessions" USING btree ("trainer_id");