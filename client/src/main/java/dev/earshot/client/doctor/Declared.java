package dev.earshot.client.doctor;

import java.util.StringJoiner;

/**
 * What the application tells the server about its audio: the query's {@code encoding}, {@code sample_rate}
 * and {@code channels}. Null fields were not given.
 */
public record Declared(String encoding, Integer sampleRate, Integer channels) {
    public static Declared nothing() {
        return new Declared(null, null, null);
    }

    public boolean hasEncoding() {
        return encoding != null;
    }

    public int channelCount() {
        return channels == null ? 1 : channels;
    }

    /** The query parameters, as the application sends them. */
    public String query() {
        StringJoiner query = new StringJoiner("&");
        if (encoding != null) {
            query.add("encoding=" + encoding);
        }
        if (sampleRate != null) {
            query.add("sample_rate=" + sampleRate);
        }
        if (channels != null) {
            query.add("channels=" + channels);
        }
        return query.toString();
    }

    @Override
    public String toString() {
        return query().isEmpty() ? "nothing declared" : query();
    }
}
