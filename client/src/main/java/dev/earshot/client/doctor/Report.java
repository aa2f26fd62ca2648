package dev.earshot.client.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The doctor's findings for a person (a line per check, fix beneath) or for CI (one JSON document). */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAME_WIDTH = 12;

    private Report() {
    }

    /** One finding as text lines. */
    public static void print(Finding finding, PrintWriter out) {
        String name = String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s", finding.check());
        out.println(String.format(Locale.ROOT, "%-4s  %s %s", finding.verdict(), name, finding.evidence()));
        if (!finding.fix().isEmpty()) {
            out.println(" ".repeat(6 + NAME_WIDTH + 1) + "fix: " + finding.fix());
        }
        out.flush();
    }

    /** The worst verdict: FAIL over WARN over PASS (SKIP does not count). */
    public static Verdict overall(List<Finding> findings) {
        Verdict worst = Verdict.PASS;
        for (Finding finding : findings) {
            if (finding.verdict() == Verdict.FAIL) {
                return Verdict.FAIL;
            }
            if (finding.verdict() == Verdict.WARN) {
                worst = Verdict.WARN;
            }
        }
        return worst;
    }

    public static String summary(List<Finding> findings) {
        Map<Verdict, Integer> counts = counts(findings);
        return overall(findings) + ": " + counts.get(Verdict.PASS) + " pass, " + counts.get(Verdict.WARN) + " warn, "
                + counts.get(Verdict.FAIL) + " fail, " + counts.get(Verdict.SKIP) + " skipped";
    }

    public static String json(DoctorOptions options, List<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("url", options.url().toString());
        root.put("file", options.file() == null ? null : options.file().toString());
        root.put("declared", options.declared().query());
        root.put("verdict", overall(findings).name());
        ObjectNode counts = root.putObject("counts");
        counts(findings).forEach((verdict, count) -> counts.put(verdict.name().toLowerCase(Locale.ROOT), count));
        ArrayNode checks = root.putArray("checks");
        for (Finding finding : findings) {
            ObjectNode check = checks.addObject();
            check.put("check", finding.check());
            check.put("verdict", finding.verdict().name());
            check.put("evidence", finding.evidence());
            check.put("fix", finding.fix());
        }
        return root.toPrettyString();
    }

    private static Map<Verdict, Integer> counts(List<Finding> findings) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        findings.forEach(finding -> counts.merge(finding.verdict(), 1, Integer::sum));
        return counts;
    }
}
