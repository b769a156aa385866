DROP INDEX IF EXISTS project_money_gap_idx;
DROP INDEX IF EXISTS project_money_needed_idx;
