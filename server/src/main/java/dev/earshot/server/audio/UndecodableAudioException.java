package dev.earshot.server.audio;

/** The bytes cannot be decoded as audio (DATA-0000). The message says why, in one sentence for the client. */
public final class UndecodableAudioException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndecodableAudioException(String message) {
        super(message);
    }
}
