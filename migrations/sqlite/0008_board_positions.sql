-- The manual order of a board's cards, kept when the board's view has no sort: per grouping
-- attribute (so per board of an object or a list) and the same for everyone in the
-- workspace. Cards without a position follow those with one.
CREATE TABLE board_positions (
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    attribute_id  TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    row_id        TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (attribute_id, row_id)
);
-- A column's placed cards, in order.
CREATE INDEX board_positions_order ON board_positions(attribute_id, position);
