-- Key rotations become stored jobs (issue 10): POST /admin/key-rotations only inserts the run; a scheduled
-- worker on any replica claims a running run with a lease (FOR UPDATE SKIP LOCKED), renews the lease with
-- every batch it re-seals, and releases it when it is done or shuts down. A replica that dies leaves its
-- lease to expire, and another replica's worker resumes the run.
ALTER TABLE key_rotation
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz;
CREATE INDEX key_rotation_running ON key_rotation (started_at) WHERE status = 'running';
