package dev.earshot.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A scrape read back: each sample line as {@code name{labels}} and its value, and each family's type. */
record Exposition(String text, Map<String, Double> samples, Map<String, String> types) {

    static Exposition parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new Exposition(text, samples, types);
    }

    /** The value of one sample, which must be there. */
    double value(String sample) {
        assertThat(samples).as("samples of the scrape").containsKey(sample);
        return samples.get(sample);
    }
}
