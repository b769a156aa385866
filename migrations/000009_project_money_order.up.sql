-- Projects are listed by their budget or their funding gap in UAH, both
-- kept in project_money; these indexes give each page of either order
-- straight from an index, where the last page ended.
CREATE INDEX project_money_needed_idx ON project_money (needed_uah DESC, project_id DESC);
CREATE INDEX project_money_gap_idx ON project_money (gap_uah DESC, project_id DESC);
