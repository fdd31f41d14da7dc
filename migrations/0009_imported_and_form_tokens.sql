CREATE TABLE "form_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
-- The erasure exception of the journal's trigger (migration 0008) now also keeps `imported_at`:
-- an erasure changes the values in `changes` and nothing else.
CREATE OR REPLACE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND current_setting('superchef.journal', true) = 'effacement'
		AND NEW.id = OLD.id AND NEW.at = OLD.at
		AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.user_name = OLD.user_name
		AND NEW.commune_id IS NOT DISTINCT FROM OLD.commune_id AND NEW.entity = OLD.entity
		AND NEW.entity_id = OLD.entity_id AND NEW.action = OLD.action
		AND NEW.imported_at IS NOT DISTINCT FROM OLD.imported_at THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'DELETE' AND current_setting('superchef.journal', true) = 'purge' AND OLD.action = 'consultation' THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
