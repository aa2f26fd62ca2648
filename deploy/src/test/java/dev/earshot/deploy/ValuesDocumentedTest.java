package dev.earshot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart's README has a row for every value in values.yaml, and no row for a value that is not there. */
@Timeout(30)
class ValuesDocumentedTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z.]+)` \\|");

    @Test
    void everyValueHasARowInTheReadme() throws IOException {
        JsonNode values = YAMLMapper.builder().build()
                .readTree(Files.readString(HelmChartTest.CHART.resolve("values.yaml")));
        List<String> leaves = new ArrayList<>();
        collectLeaves(values, "", leaves);
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(Files.readString(HelmChartTest.CHART.resolve("README.md")));
        while (row.find()) {
            rows.add(row.group(1));
        }

        assertThat(rows).containsExactlyInAnyOrderElementsOf(leaves);
    }

    /** A value is a scalar, a list, or an empty map (a map the operator fills, such as podAnnotations). */
    private static void collectLeaves(JsonNode node, String path, List<String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectLeaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), leaves);
            }
        } else {
            leaves.add(path);
        }
    }
}
