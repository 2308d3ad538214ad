-- Notes, tasks and comment threads: attached to records (and, for comments, list entries).
-- Actors are stored as JSON {"type", "id"}; lists of linked records and assignees as JSON.

CREATE TABLE notes (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    parent_object_id   TEXT NOT NULL,
    parent_record_id   TEXT NOT NULL,
    title              TEXT NOT NULL,
    content_plaintext  TEXT NOT NULL,
    content_markdown   TEXT NOT NULL,
    meeting_id         TEXT,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX notes_parent ON notes(workspace_id, parent_record_id, created_at);
CREATE INDEX notes_workspace ON notes(workspace_id, created_at);

CREATE TABLE tasks (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    content_plaintext  TEXT NOT NULL,
    deadline_at        TEXT,
    is_completed       INTEGER NOT NULL DEFAULT 0,
    linked_records     TEXT NOT NULL,
    assignees          TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX tasks_workspace ON tasks(workspace_id, created_at);

-- Which records a task links to, for filtering tasks by record.
CREATE TABLE task_links (
    task_id           TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    target_object_id  TEXT NOT NULL,
    target_record_id  TEXT NOT NULL,
    PRIMARY KEY (task_id, target_record_id)
);
CREATE INDEX task_links_record ON task_links(target_record_id);

CREATE TABLE comments (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    thread_id          TEXT NOT NULL,
    content_plaintext  TEXT NOT NULL,
    author             TEXT NOT NULL,
    object_id          TEXT,
    record_id          TEXT,
    list_id            TEXT,
    entry_id           TEXT,
    resolved_at        TEXT,
    resolved_by        TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX comments_thread ON comments(thread_id, created_at);
CREATE INDEX comments_record ON comments(workspace_id, record_id);
CREATE INDEX comments_entry ON comments(workspace_id, entry_id);
