CREATE TABLE "form_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "imported_at" timestamp with time zone;