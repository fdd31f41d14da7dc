DROP INDEX "audit_log_commune_idx";--> statement-breakpoint
CREATE INDEX "audit_log_commune_idx" ON "audit_log" USING btree ("commune_id","id");