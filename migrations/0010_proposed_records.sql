ALTER TABLE "records" ADD COLUMN "proposal" jsonb;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "confirmed_by" uuid;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "confirmed_by_name" text;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Entries created from the catalogue before this version were pre-filled by the app and never
-- confirmed as such: they are shown « proposé, non confirmé » until someone confirms them.
UPDATE "records" SET "proposal" = jsonb_build_object('source', 'catalogue', 'why', 'pré-remplie depuis le catalogue des activités courantes') WHERE "origin" ? 'catalogue';
