package dev.earshot.bench.report;

import dev.earshot.bench.load.StepResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code --plot FILE}: lag p50 and p95 against the number of streams, as an SVG written by hand (a
 * polyline per series, a dashed line at the bound). The engine-only baseline, when there is one, is drawn
 * dashed beside the server.
 */
public final class LagPlot {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** One set of steps to draw: its p50 and its p95 line. */
    public record Curve(String label, List<StepResult> steps, boolean dashed) {
    }

    private LagPlot() {
    }

    public static String svg(String title, List<Curve> curves, Duration lagBound) {
        double bound = lagBound.toMillis();
        int maxStreams = 1;
        double maxLag = bound * 1.25;
        for (Curve curve : curves) {
            for (StepResult step : curve.steps()) {
                maxStreams = Math.max(maxStreams, step.streams());
                if (step.lagMs().p95() != null) {
                    maxLag = Math.max(maxLag, step.lagMs().p95() * 1.1);
                }
            }
        }
        Axes axes = new Axes(niceCeiling(maxStreams), niceCeiling(maxLag));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        axes.draw(svg);
        double boundY = axes.y(bound);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\" "
                + "stroke-dasharray=\"2,4\"/>%n", LEFT, boundY, WIDTH - RIGHT, boundY));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#666\">bound %.0f ms</text>%n",
                WIDTH - RIGHT + 6, boundY + 4, bound));
        String[][] colours = {{"#1f77b4", "#d62728"}, {"#2ca02c", "#9467bd"}};
        int legendY = TOP + 10;
        for (int i = 0; i < curves.size(); i++) {
            Curve curve = curves.get(i);
            String[] pair = colours[i % colours.length];
            legendY = line(svg, axes, curve, " p50", pair[0], step -> step.lagMs().p50(), legendY);
            legendY = line(svg, axes, curve, " p95", pair[1], step -> step.lagMs().p95(), legendY);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int line(StringBuilder svg, Axes axes, Curve curve, String suffix, String colour,
                            Function<StepResult, Double> lag, int legendY) {
        // The bisecting search can revisit an N: the last run of it is drawn.
        Map<Integer, Double> points = new TreeMap<>();
        curve.steps().stream().sorted(Comparator.comparingInt(StepResult::streams))
                .forEach(step -> points.put(step.streams(), lag.apply(step)));
        String dash = curve.dashed() ? " stroke-dasharray=\"6,4\"" : "";
        List<String> coordinates = new ArrayList<>();
        points.forEach((streams, millis) -> {
            if (millis != null) {
                coordinates.add(String.format(Locale.ROOT, "%.1f,%.1f", axes.x(streams), axes.y(millis)));
            }
        });
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                colour, dash, String.join(" ", coordinates)));
        for (String point : coordinates) {
            String[] xy = point.split(",");
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n", xy[0], xy[1], colour));
        }
        int x = WIDTH - RIGHT + 10;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"2\"%s/>%n", x, legendY, x + 24, legendY, colour, dash));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 30, legendY + 4,
                escape(curve.label() + suffix)));
        return legendY + 18;
    }

    /** Maps streams and milliseconds to the drawing area, and draws the axes with their ticks. */
    private record Axes(double maxStreams, double maxLagMs) {
        double x(double streams) {
            return LEFT + streams / maxStreams * (WIDTH - LEFT - RIGHT);
        }

        double y(double millis) {
            return HEIGHT - BOTTOM - millis / maxLagMs * (HEIGHT - TOP - BOTTOM);
        }

        void draw(StringBuilder svg) {
            int bottom = HEIGHT - BOTTOM;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    LEFT, bottom, WIDTH - RIGHT, bottom));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                    LEFT, TOP, LEFT, bottom));
            double xStep = niceStep(maxStreams);
            for (double streams = 0; streams <= maxStreams + 1e-9; streams += xStep) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(streams), bottom, x(streams),
                        bottom + 5, x(streams), bottom + 18, label(streams)));
            }
            double yStep = niceStep(maxLagMs);
            for (double millis = 0; millis <= maxLagMs + 1e-9; millis += yStep) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y(millis), WIDTH - RIGHT,
                        y(millis), LEFT - 6, y(millis) + 4, label(millis)));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">concurrent streams</text>%n",
                    (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12));
            svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                    + "text-anchor=\"middle\">lag behind real time (ms)</text>%n", (TOP + bottom) / 2, (TOP + bottom) / 2));
        }
    }

    /** About five ticks: 1, 2 or 5 times a power of ten. */
    static double niceStep(double range) {
        double rough = range / 5;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return Math.max(1, nice * power);
    }

    /** The smallest whole number of ticks at or above {@code value}. */
    static double niceCeiling(double value) {
        double step = niceStep(value);
        return Math.ceil(value / step) * step;
    }

    private static String label(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
