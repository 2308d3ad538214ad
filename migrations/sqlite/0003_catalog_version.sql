-- Bumped by every change to a workspace's objects, attributes, options or statuses, and read
-- with the credentials on each request: servers cache the catalog per version, so every
-- process sharing the database sees a change at once.
ALTER TABLE workspaces ADD COLUMN catalog_version BIGINT NOT NULL DEFAULT 0;
