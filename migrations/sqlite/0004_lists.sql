-- Lists: a parent object, and entries (one parent record each) stored like records, in a
-- table per list (see api/src/storage.rs). List attributes live in `attributes` with the
-- list as parent.
ALTER TABLE attributes ADD COLUMN parent_kind TEXT NOT NULL DEFAULT 'object';

CREATE TABLE lists (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    api_slug          TEXT NOT NULL,
    name              TEXT NOT NULL,
    parent_object_id  TEXT NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
    workspace_access  TEXT,
    table_name        TEXT NOT NULL UNIQUE,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (workspace_id, api_slug)
);
CREATE INDEX lists_parent ON lists(parent_object_id);
