-- When a task was completed (Attio's completed_at); tasks completed before this column
-- existed take their creation time.
ALTER TABLE tasks ADD COLUMN completed_at TEXT;
UPDATE tasks SET completed_at = created_at WHERE is_completed <> 0;

-- The objects every workspace starts with (people, companies, deals) cannot be deleted.
ALTER TABLE objects ADD COLUMN is_standard INTEGER NOT NULL DEFAULT 0;
UPDATE objects SET is_standard = 1 WHERE api_slug IN ('people', 'companies', 'deals');

-- Saved views of an object or a list: a table or a board with its filter, sorts, columns and
-- grouping (the JSON `config`). Attio's API lists them; our own routes write them.
CREATE TABLE views (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    parent_kind   TEXT NOT NULL,
    parent_id     TEXT NOT NULL,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    config        TEXT NOT NULL,
    is_archived   INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX views_parent ON views(parent_id, created_at, id);
