-- The journal stays append-only, with two exceptions made in one transaction by the retention and
-- erasure code only (`server/retention.ts`, `domain/erasure.ts`), which set the transaction-local
-- setting `superchef.journal` first:
--   'effacement': an UPDATE may replace the values in `changes`; who, when, which entity, which
--                 action and the author's name cannot change (art. 17, outputs.md §8);
--   'purge':      a DELETE may remove an entry of a page view (action 'consultation') at the end of
--                 its retention (access logs, CNIL délibération 2021-122).
-- TRUNCATE stays forbidden.
CREATE OR REPLACE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND current_setting('superchef.journal', true) = 'effacement'
		AND NEW.id = OLD.id AND NEW.at = OLD.at
		AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.user_name = OLD.user_name
		AND NEW.commune_id IS NOT DISTINCT FROM OLD.commune_id AND NEW.entity = OLD.entity
		AND NEW.entity_id = OLD.entity_id AND NEW.action = OLD.action THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'DELETE' AND current_setting('superchef.journal', true) = 'purge' AND OLD.action = 'consultation' THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
