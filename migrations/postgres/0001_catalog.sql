-- Catalog of workspaces, members, credentials, objects, lists and attributes.
-- Record values live in one table per object (created at runtime, see api/src/storage/ddl.rs);
-- the history of every value lives in value_history.
-- Ids are UUID text (as on SQLite), instants RFC 3339 text with nanoseconds (sortable as text),
-- flags 0/1 integers: the same column types on SQLite and PostgreSQL.

CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    access_level  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (workspace_id, email)
);
CREATE INDEX users_email ON users(email);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    expires_at    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Only the SHA-256 of an API key is stored; the key is shown once.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE TABLE objects (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    api_slug       TEXT NOT NULL,
    singular_noun  TEXT NOT NULL,
    plural_noun    TEXT NOT NULL,
    table_name     TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    UNIQUE (workspace_id, api_slug)
);

-- parent_id is an object id (or, later, a list id).
CREATE TABLE attributes (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    parent_id         TEXT NOT NULL,
    api_slug          TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT,
    type              TEXT NOT NULL,
    is_system         BIGINT NOT NULL DEFAULT 0,
    is_writable       BIGINT NOT NULL DEFAULT 1,
    is_required       BIGINT NOT NULL DEFAULT 0,
    is_unique         BIGINT NOT NULL DEFAULT 0,
    is_multiselect    BIGINT NOT NULL DEFAULT 0,
    is_archived       BIGINT NOT NULL DEFAULT 0,
    default_value     TEXT,
    config            TEXT NOT NULL,
    column_name       TEXT,
    position          BIGINT NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (parent_id, api_slug)
);
CREATE INDEX attributes_parent ON attributes(parent_id, position);

CREATE TABLE select_options (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    attribute_id  TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    is_archived   BIGINT NOT NULL DEFAULT 0,
    position      BIGINT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (attribute_id, title)
);

CREATE TABLE statuses (
    id                     TEXT PRIMARY KEY,
    workspace_id           TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    attribute_id           TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    title                  TEXT NOT NULL,
    is_archived            BIGINT NOT NULL DEFAULT 0,
    celebration_enabled    BIGINT NOT NULL DEFAULT 0,
    target_time_in_status  TEXT,
    position               BIGINT NOT NULL,
    created_at             TEXT NOT NULL,
    UNIQUE (attribute_id, title)
);

-- Append-only history of every value: a write closes the open row (active_until) and
-- inserts a new one, in the same transaction as the current-value update.
CREATE TABLE value_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id  TEXT NOT NULL,
    parent_id     TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    attribute_id  TEXT NOT NULL,
    value         TEXT NOT NULL,
    active_from   TEXT NOT NULL,
    active_until  TEXT
);
CREATE INDEX value_history_record ON value_history(record_id, attribute_id, id);

-- Current values of multi-value attributes (email addresses, domains, multi-selects...):
-- one row per value, so a filter is an EXISTS on an index.
CREATE TABLE multi_values (
    record_id     TEXT NOT NULL,
    attribute_id  TEXT NOT NULL,
    ord           BIGINT NOT NULL,
    key           TEXT,
    num           DOUBLE PRECISION,
    value         TEXT NOT NULL,
    PRIMARY KEY (record_id, attribute_id, ord)
);
CREATE INDEX multi_values_key ON multi_values(attribute_id, key);

-- One row per value of a unique attribute: the primary key makes a duplicate fail
-- atomically, for single- and multi-value attributes alike.
CREATE TABLE unique_values (
    attribute_id  TEXT NOT NULL,
    key           TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    PRIMARY KEY (attribute_id, key)
);
CREATE INDEX unique_values_record ON unique_values(record_id);
