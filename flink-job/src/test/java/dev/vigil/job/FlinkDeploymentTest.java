package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.job.store.SharedModels;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/vigil-flinkdeployment.yaml against the Flink Kubernetes Operator's own CRD
 * schema (from flink-kubernetes-operator-api on Maven Central) and against the job: its arguments
 * are the job's options and parse, its TaskManager memory follows docs/OPERATIONS.md "Memory", and
 * it has savepoint upgrades, HA, a GPU and a shared model store. Nothing here talks to Kubernetes.
 */
class FlinkDeploymentTest {
    private static final Path FILE =
            Path.of("..", "deploy", "kubernetes", "vigil-flinkdeployment.yaml");
    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";

    /** ONNX Runtime's native memory budget of the rule, MiB (measured ~740 on the CPU). */
    private static final long ONNX_RUNTIME_MIB = 768;

    private static JsonNode deployment;
    private static JsonNode spec;
    private static Configuration flink;
    private static Configuration job;

    @BeforeAll
    static void read() throws IOException {
        deployment = CrdSchema.YAML.readTree(FILE.toFile());
        spec = deployment.path("spec");
        flink = new Configuration();
        spec.path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> flink.setString(e.getKey(), e.getValue().asText()));
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(arg -> args.add(arg.asText()));
        job = VigilJob.options(args.toArray(String[]::new));
    }

    /**
     * The operator release on Maven Central here (1.10.0) lists Flink versions up to v1_20 in its
     * CRD; Flink 2.2, which this job needs, is an enum value of later releases. That is the one
     * difference allowed: everything else must be as the schema says.
     */
    @Test
    void fitsTheOperatorsCrdSchemaButForTheFlinkVersionItPredates() {
        CrdSchema schema =
                CrdSchema.load(CRD, deployment.path("apiVersion").asText().split("/")[1]);

        List<String> violations = schema.violations(deployment);

        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith("$.spec.flinkVersion: \"v2_2\" is not one of [");
        ObjectNode asIfKnown = deployment.deepCopy();
        ((ObjectNode) asIfKnown.path("spec")).set("flinkVersion", new TextNode("v1_20"));
        assertThat(schema.violations(asIfKnown)).isEmpty();
    }

    @Test
    void theSchemaCheckFindsAMisspelledFieldAndAWrongType() {
        CrdSchema schema = CrdSchema.load(CRD, "v1beta1");
        ObjectNode broken = deployment.deepCopy();
        ((ObjectNode) broken.path("spec")).set("flinkVersion", new TextNode("v1_20"));
        ((ObjectNode) broken.path("spec").path("job")).put("upgradMode", "savepoint");
        ((ObjectNode) broken.path("spec").path("job")).put("parallelism", "four");

        assertThat(schema.violations(broken))
                .containsExactlyInAnyOrder(
                        "$.spec.job.upgradMode: unknown field",
                        "$.spec.job.parallelism: \"four\" is not of type integer");
    }

    @Test
    void itsArgumentsAreTheJobsOptionsAndParse() throws IllegalAccessException {
        Set<String> known = new HashSet<>();
        for (Field field : JobOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.get(null) instanceof ConfigOption<?> option) {
                known.add(option.key());
            }
        }
        assertThat(known).containsAll(job.keySet());
        // What each subtask builds from them (GuestDeployment, the model backend) parses.
        assertThat(GuestDeployment.settings(job, 0).build().allowedModels()).hasSize(2);
        assertThat(JobOptions.models(job).providers()).isNotEmpty();
        assertThat(job.get(JobOptions.MODEL_CACHE_MAX_SIZE).getBytes()).isPositive();
    }

    @Test
    void modelsCheckpointsAndHaAreOnASharedStore() {
        URI models = SharedModels.storeUri(job.get(JobOptions.MODEL_REPOSITORY)).orElseThrow();
        assertThat(models.getScheme()).isNotEqualTo("file");
        for (String key :
                List.of(
                        "high-availability.storageDir",
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir")) {
            assertThat(URI.create(flink.getString(key, "")).getScheme())
                    .as(key)
                    .isEqualTo(models.getScheme());
        }
        assertThat(flink.getString("high-availability.type", "")).isEqualTo("kubernetes");
        assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(spec.path("job").path("parallelism").asInt())
                .isLessThanOrEqualTo(job.get(JobOptions.MAX_PARALLELISM));
        // The job sets it from its own options: in the cluster's it would be overridden.
        assertThat(flink.containsKey(JobOptions.MAX_PARALLELISM.key())).isFalse();
        assertThat(job.containsKey(JobOptions.MAX_PARALLELISM.key())).isTrue();
    }

    @Test
    void eachTaskManagerHasAGpuAndMemoryByTheRule() {
        assertThat(flink.getString("external-resources", "")).isEqualTo("gpu");
        assertThat(Integer.parseInt(flink.getString("external-resource.gpu.amount", "0")))
                .isPositive();
        assertThat(flink.getString("external-resource.gpu.kubernetes.config-key", ""))
                .isEqualTo("nvidia.com/gpu");

        int slots = Integer.parseInt(flink.getString("taskmanager.numberOfTaskSlots", ""));
        long instance = job.get(JobOptions.MAX_MEMORY_PAGES) * 64L * 1024;
        long guests = slots * job.get(JobOptions.POOL_SIZE) * instance + instance;
        long needed = guests + ONNX_RUNTIME_MIB * 1024 * 1024;
        MemorySize offHeap =
                MemorySize.parse(flink.getString("taskmanager.memory.task.off-heap.size", ""));
        assertThat(offHeap.getBytes()).isGreaterThanOrEqualTo(needed);
        // The operator sizes the pod from resource.memory: the same as Flink's process size.
        assertThat(
                        MemorySize.parse(
                                spec.path("taskManager").path("resource").path("memory").asText()))
                .isEqualTo(
                        MemorySize.parse(flink.getString("taskmanager.memory.process.size", "")));
    }
}
