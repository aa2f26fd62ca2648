-- The request log: one row per finished request (session/events/RequestRecord). One schema for SQLite and
-- PostgreSQL alike, so only types both know: times are milliseconds since the epoch, UTC; lists are JSON text;
-- text is TEXT, so no value a client chose (a user agent, a method) can be too long and fail a whole batch.
CREATE TABLE requests (
    request_id      TEXT             NOT NULL PRIMARY KEY,
    kind            TEXT             NOT NULL,
    started_ms      BIGINT           NOT NULL,
    ended_ms        BIGINT           NOT NULL,
    key_fingerprint TEXT,
    method          TEXT,
    path            TEXT,
    query           TEXT,
    client_address  TEXT,
    user_agent      TEXT,
    audio_seconds   DOUBLE PRECISION NOT NULL,
    audio_bytes     BIGINT           NOT NULL,
    encoding        TEXT,
    results         INTEGER          NOT NULL,
    finals          INTEGER          NOT NULL,
    http_status     INTEGER          NOT NULL,
    close_code      INTEGER,
    close_reason    TEXT,
    -- RequestRecord.failed(): an HTTP error or a close other than 1000; Deepgram's status=failed filter.
    failed          BOOLEAN          NOT NULL,
    warnings        TEXT             NOT NULL,
    timeline        TEXT             NOT NULL,
    transcript      TEXT
);

-- Newest first, and retention by age and by count.
CREATE INDEX requests_by_time ON requests (started_ms);
-- status=succeeded|failed, status=<HTTP status or class>, status=<close code>: each newest first.
CREATE INDEX requests_by_outcome ON requests (failed, started_ms);
CREATE INDEX requests_by_http_status ON requests (http_status, started_ms);
CREATE INDEX requests_by_close_code ON requests (close_code, started_ms);
