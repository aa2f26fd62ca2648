package dev.earshot.protocol;

/** Keeps client-supplied text short when it is quoted back in an error message. */
public final class Quoting {
    /** Long enough to recognise a value, short enough that a 4 KB junk value cannot flood headers or logs. */
    static final int MAX_QUOTED_CHARS = 64;

    private Quoting() {
    }

    public static String clip(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_QUOTED_CHARS ? clean : clean.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
