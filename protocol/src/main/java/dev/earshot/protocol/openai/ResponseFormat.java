package dev.earshot.protocol.openai;

import java.util.Optional;

/** OpenAI's {@code response_format} for a transcription, with its wire name and the Content-Type it is sent with. */
public enum ResponseFormat {
    JSON("json", "application/json"),
    TEXT("text", "text/plain; charset=utf-8"),
    SRT("srt", "text/plain; charset=utf-8"),
    VTT("vtt", "text/vtt; charset=utf-8"),
    VERBOSE_JSON("verbose_json", "application/json");

    private final String wireName;
    private final String contentType;

    ResponseFormat(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    public String wireName() {
        return wireName;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the format is one whole document (subtitles, verbose_json), which has no stream of text events. */
    public boolean isDocument() {
        return this == SRT || this == VTT || this == VERBOSE_JSON;
    }

    public static Optional<ResponseFormat> fromWire(String name) {
        for (ResponseFormat format : values()) {
            if (format.wireName.equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
