package dev.earshot.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Values of the {@code encoding} query parameter: raw, headerless audio (live-api.md §2). */
public enum Encoding {
    LINEAR16("linear16"),
    LINEAR32("linear32"),
    FLAC("flac"),
    MULAW("mulaw"),
    ALAW("alaw"),
    AMR_NB("amr-nb"),
    AMR_WB("amr-wb"),
    OPUS("opus"),
    OGG_OPUS("ogg-opus"),
    SPEEX("speex"),
    G729("g729");

    private final String wireName;

    Encoding(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Encoding> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }

    /** {@code "linear16 linear32 ..."}, for error messages that list what is allowed. */
    public static String allWireNames() {
        return Arrays.stream(values()).map(Encoding::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
