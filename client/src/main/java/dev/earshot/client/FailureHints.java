package dev.earshot.client;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ErrorCode;

/**
 * One line of advice per failure, as docs/troubleshooting.md explains at length: what usually causes it and
 * what to do. Shared by {@code earshot stream} and {@code earshot doctor}.
 */
public final class FailureHints {
    private FailureHints() {
    }

    /** For a refused upgrade. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "fix the query parameter the message names (see docs/live-api.md §2)";
            case 401 -> "check the API key: --key, EARSHOT_API_KEY, or the key 'earshot serve' stored";
            case 403 -> "this key may not use the requested model";
            case 404 -> "the URL's path is wrong: streams go to /v1/listen on the server's base URL";
            case 405 -> "the request reached the server without a WebSocket upgrade (a proxy that drops it?)";
            case 429 -> "the server is at its stream limit: retry in a second, or raise --max-streams";
            case 503 -> "the server is shutting down: retry against another instance";
            default -> "see the server's log for this request id";
        };
    }

    /** For a close with an error code. */
    public static String forClose(CloseReason close) {
        ErrorCode code = close.errorCode().orElse(null);
        if (code == null) {
            return "an unexpected close code: see the server's log for this request id";
        }
        return switch (code) {
            case UNDECODABLE_AUDIO -> "the bytes are not the audio the query declares: run 'earshot doctor FILE' "
                    + "(WAV or another container: omit encoding; raw: give encoding, sample_rate, channels)";
            case FRAME_TOO_LARGE -> "send the audio in frames of 20-250 ms, far below the 8 MiB limit";
            case NO_RESULT_IN_TIME -> "the server's engine stalled or there was too little decodable audio: retry, "
                    + "and check the server's log for this request id";
            case NO_AUDIO_IN_TIME -> "send audio within 10 s of opening, and KeepAlive every few seconds during "
                    + "pauses (KeepAlive alone does not keep a stream that never sent audio)";
            case SHUTDOWN -> "the server shut down: reconnect";
            default -> "see the server's log for this request id";
        };
    }

    public static String forNetwork() {
        return "is the server running, and is the URL right? ('earshot serve' listens on http://127.0.0.1:8080)";
    }
}
