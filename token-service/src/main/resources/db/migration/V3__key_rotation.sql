-- Key rotations (POST /admin/key-rotations): each run re-seals every token not under the active key,
-- in batches; the rows' key ids are the work list, so a run that dies is resumed by starting another.
CREATE TABLE key_rotation (
    id             uuid        PRIMARY KEY,
    target_key_id  text        NOT NULL,
    requested_by   text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    resealed_rows  bigint      NOT NULL DEFAULT 0,
    status         text        NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    error          text
);
