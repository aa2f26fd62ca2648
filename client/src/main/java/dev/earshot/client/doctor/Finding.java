package dev.earshot.client.doctor;

/**
 * One line of the doctor's report: which check, how it came out, what was seen, and what to do.
 *
 * @param check    short name ({@code credentials}, {@code sample-rate}, ...)
 * @param verdict  PASS, WARN, FAIL or SKIP
 * @param evidence what was measured or received, with the request id when there is one
 * @param fix      what to change; empty for PASS
 */
public record Finding(String check, Verdict verdict, String evidence, String fix) {
    public Finding {
        fix = fix == null ? "" : fix;
    }

    public static Finding pass(String check, String evidence) {
        return new Finding(check, Verdict.PASS, evidence, "");
    }

    public static Finding warn(String check, String evidence, String fix) {
        return new Finding(check, Verdict.WARN, evidence, fix);
    }

    public static Finding fail(String check, String evidence, String fix) {
        return new Finding(check, Verdict.FAIL, evidence, fix);
    }

    public static Finding skip(String check, String why) {
        return new Finding(check, Verdict.SKIP, why, "");
    }
}
