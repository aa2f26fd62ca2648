package dev.earshot.client.doctor;

/** How one check came out. */
public enum Verdict {
    /** Works as it should. */
    PASS,
    /** Works, but something will bite later (or costs quality): the fix says what. */
    WARN,
    /** Broken: streams fail or transcripts are wrong until fixed. */
    FAIL,
    /** Not run, because an earlier check failed or it does not apply. */
    SKIP
}
