package dev.earshot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/helm/earshot rendered by real Helm (its Go library, through helm-java's native build; no cluster, no
 * network) and every document read strictly by fabric8's Kubernetes model ({@link StrictManifests}).
 */
@Timeout(120)
class HelmChartTest {
    static final Path CHART = Path.of("helm", "earshot");
    static final Path SETTINGS_SOURCE = Path.of("..", "server", "src", "main", "java", "dev", "earshot", "server",
            "Setting.java");

    /** A Kubernetes version for Helm's capabilities: without one it assumes v1.20, older than the chart allows. */
    static final String KUBE_VERSION = "1.31.0";

    /** {@code helm template} on the chart, as release {@code name}. */
    static TemplateCommand template(String name) {
        return new Helm(CHART).template().withName(name).withKubeVersion(KUBE_VERSION);
    }

    /** The defaults, with the two Secrets every install must name. */
    static TemplateCommand template() {
        return template("speech").withNamespace("earshot")
                .set("apiKeys.existingSecret", "earshot-api-keys")
                .set("requestLog.existingSecret", "earshot-database");
    }

    @Test
    void defaultsRenderTheDeploymentServiceAutoscalerAndDisruptionBudget() {
        List<HasMetadata> resources = StrictManifests.parse(template().call());

        assertThat(resources).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        Deployment deployment = StrictManifests.only(resources, Deployment.class);
        assertThat(deployment.getMetadata().getName()).isEqualTo("speech-earshot");
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler sets the count").isNull();
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "earshot", "app.kubernetes.io/instance", "speech"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
        Service service = StrictManifests.only(resources, Service.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void theServerListensOnAllInterfacesWithKeysAndRequestLogFromSecrets() {
        Container earshot = container(StrictManifests.parse(template().call()));
        Map<String, EnvVar> env = earshot.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

        assertThat(earshot.getArgs()).containsExactly("serve");
        assertThat(env.get("EARSHOT_HOST").getValue()).isEqualTo("0.0.0.0");
        assertThat(env.get("EARSHOT_PORT").getValue()).isEqualTo("8080");
        assertThat(earshot.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(env.get("EARSHOT_MAX_STREAMS").getValue()).isEqualTo("12");
        assertThat(env.get("EARSHOT_DRAIN_PERIOD").getValue()).isEqualTo("30s");
        assertThat(env.get("EARSHOT_DATABASE").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("earshot-database");
        assertThat(env.get("EARSHOT_API_KEYS_FILE").getValue()).isEqualTo("/etc/earshot/api-keys/api-keys");
        assertThat(env).doesNotContainKey("EARSHOT_API_KEYS");
        assertThat(earshot.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/earshot/api-keys");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(earshot.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
        assertThat(earshot.getResources().getLimits().get("memory").toString()).isEqualTo("3Gi");
    }

    @Test
    void probesUseStatusAndReadinessAndTheGracePeriodOutlastsPreStopAndDrain() {
        Deployment deployment = StrictManifests.only(StrictManifests.parse(template()
                .set("server.drainPeriodSeconds", 45).call()), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container earshot = pod.getContainers().get(0);

        assertThat(earshot.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v1/status");
        assertThat(earshot.getStartupProbe().getHttpGet().getPath()).isEqualTo("/v1/status");
        assertThat(earshot.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v1/status/ready");
        assertThat(earshot.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        assertThat(earshot.getEnv()).contains(new EnvVar("EARSHOT_DRAIN_PERIOD", "45s", null));
        // docs/operations.md: the grace period must exceed the drain period by about 15 s, after preStop.
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(5 + 45 + 20).isGreaterThan(5 + 45 + 15);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(earshot.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void theAutoscalerTargetsTheActiveToMaximumStreamRatio() {
        List<HasMetadata> resources = StrictManifests.parse(template().call());
        HorizontalPodAutoscaler hpa = StrictManifests.only(resources, HorizontalPodAutoscaler.class);
        MetricSpec metric = hpa.getSpec().getMetrics().get(0);

        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("speech-earshot");
        assertThat(metric.getType()).isEqualTo("Pods");
        assertThat(metric.getPods().getMetric().getName()).isEqualTo("engine_requests_active_to_max_ratio");
        assertThat(metric.getPods().getTarget().getAverageValue().toString()).isEqualTo("0.7");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        PodDisruptionBudget pdb = StrictManifests.only(resources, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void optionalPartsRenderWhenAskedFor() {
        List<HasMetadata> resources = StrictManifests.parse(template("earshot")
                .set("apiKeys.keys[0]", "key-one").set("apiKeys.keys[1]", "key-two")
                .set("requestLog.database", "none")
                .set("autoscaling.enabled", false).set("replicaCount", 3)
                .set("serviceMonitor.enabled", true).set("serviceMonitor.labels.release", "prometheus")
                .call());

        assertThat(resources).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "Secret", "Deployment", "Service", "PodDisruptionBudget", "ServiceMonitor");
        Secret keys = StrictManifests.only(resources, Secret.class);
        assertThat(keys.getStringData().get("api-keys")).isEqualTo("key-one\nkey-two\n");
        Deployment deployment = StrictManifests.only(resources, Deployment.class);
        assertThat(deployment.getMetadata().getName()).isEqualTo("earshot");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/api-keys");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("earshot-api-keys"));
        assertThat(container(resources).getEnv()).contains(new EnvVar("EARSHOT_DATABASE", "none", null));
        ServiceMonitor monitor = StrictManifests.only(resources, ServiceMonitor.class);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(monitor.getSpec().getEndpoints().get(0).getPath()).isEqualTo("/metrics");
        assertThat(monitor.getSpec().getEndpoints().get(0).getPort()).isEqualTo("http");
    }

    @Test
    void refusesToRenderWithoutApiKeysOrWithoutTheDatabaseSecret() {
        assertThatThrownBy(() -> template("earshot").set("requestLog.database", "none").call())
                .hasMessageContaining("set apiKeys.existingSecret");
        assertThatThrownBy(() -> template("earshot").set("apiKeys.keys[0]", "k").call())
                .hasMessageContaining("needs requestLog.existingSecret");
        assertThatThrownBy(() -> template().set("requestLog.database", "sqlite").call())
                .hasMessageContaining("'sqlite' is neither postgresql nor none");
    }

    @Test
    void helmLintStrictPassesOnTheChartWithItsSecretsNamed(@TempDir Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        // helm lint takes no --set here; name the two Secrets in the copy's values instead.
        Path values = copy.resolve("values.yaml");
        Files.writeString(values, Files.readString(values).replace("existingSecret: \"\"", "existingSecret: given"));

        LintResult lint = new Helm(copy).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theStrictReaderRefusesFieldsTheModelDoesNotKnow() {
        String misspelt = template().call().replace("terminationGracePeriodSeconds:", "terminationGracePeriod:");
        assertThatThrownBy(() -> StrictManifests.parse(misspelt))
                .hasMessageContaining("[terminationGracePeriod]");
        String deepInside = template().call().replace("readOnlyRootFilesystem: true", "readOnlyRootFs: true");
        assertThatThrownBy(() -> StrictManifests.parse(deepInside))
                .hasMessageContaining("securityContext [readOnlyRootFs]");
        String wrongType = template().call().replace("minReplicas: 2", "minReplicas: two");
        assertThatThrownBy(() -> StrictManifests.parse(wrongType)).hasMessageContaining("minReplicas");
    }

    @Test
    void everyEarshotVariableTheChartSetsIsASettingOfTheServer() throws IOException {
        // Setting.java declares each setting as NAME("flag-name", ...); its variable is EARSHOT_FLAG_NAME.
        Matcher declaration = Pattern.compile("(?m)^    [A-Z_]+\\(\"([a-z-]+)\",")
                .matcher(Files.readString(SETTINGS_SOURCE));
        Set<String> variables = new TreeSet<>(Set.of("EARSHOT_JAVA_OPTS")); // read by the image's launcher
        while (declaration.find()) {
            variables.add("EARSHOT_" + declaration.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        assertThat(variables).contains("EARSHOT_HOST", "EARSHOT_DRAIN_PERIOD", "EARSHOT_API_KEYS_FILE");

        for (TemplateCommand render : List.of(template(), template("earshot").set("apiKeys.keys[0]", "k")
                .set("requestLog.database", "none"))) {
            assertThat(container(StrictManifests.parse(render.call())).getEnv()).extracting(EnvVar::getName)
                    .allSatisfy(name -> assertThat(variables).contains(name));
        }
    }

    private static Container container(List<HasMetadata> resources) {
        return StrictManifests.only(resources, Deployment.class).getSpec().getTemplate().getSpec().getContainers()
                .get(0);
    }
}
