package dev.earshot.server.session;

/**
 * The life of a live stream. Transitions only go forward:
 * {@code AWAITING_AUDIO → STREAMING → FINISHING → CLOSED}, and any state may jump to {@code CLOSED}.
 */
enum SessionState {
    /** Open, no audio yet: the first-audio deadline runs and KeepAlive does not stop it. */
    AWAITING_AUDIO,
    /** Audio has arrived: the idle deadline runs; audio, text and pings reset it. */
    STREAMING,
    /** CloseStream, an empty binary frame or shutdown: no more input, buffered audio is finishing. */
    FINISHING,
    /** Metadata and the Close frame are sent (or the client is gone); recognisers are being freed. */
    CLOSED;

    boolean acceptsInput() {
        return this == AWAITING_AUDIO || this == STREAMING;
    }
}
