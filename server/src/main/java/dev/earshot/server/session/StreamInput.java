package dev.earshot.server.session;

/**
 * What the transport tells a live stream, on {@code /v1/listen} ({@link LiveSession}) or {@code /v2/listen}
 * (a Flux session over one): the way in, as {@link Outbox} is the way back. The transport calls the
 * {@code on...} methods from its I/O threads, one at a time.
 */
public interface StreamInput {
    String requestId();

    /** The WebSocket is open: start the first-audio deadline. */
    void start();

    /** @return whether the transport may read the next frame now (else it waits for {@link Outbox#resumeReading()}) */
    boolean onAudio(byte[] bytes);

    /** An empty binary frame: the legacy end-of-stream signal. */
    void onEndOfAudio();

    /** A text frame: a control message, or garbage that earns an error reply. */
    void onText(String text);

    /** A WebSocket Ping: activity for the idle deadline once audio has started. */
    void onPing();

    /** A frame over its size limit; {@code frameBytes} is what was read when it passed it. */
    void onFrameTooLarge(long frameBytes, long limitBytes, String kind);

    /** The connection is gone: free everything, send nothing. */
    void onTransportClosed(int code, String reason);

    /** The stream never opened: free what it holds and give back its place, sending nothing. */
    void discard();
}
