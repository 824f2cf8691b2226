package dev.vigil.job;

import dev.vigil.job.inference.FrameInference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The job's named pipelines besides the default one ({@code vigil.guest} / {@code vigil.models}):
 * each a guest and its model bindings, {@code vigil.pipeline.<name>.guest} and {@code
 * vigil.pipeline.<name>.models}, listed in {@link JobOptions#PIPELINES}. A source's config names
 * the one that serves it. Every other option (batching, pool, repository) is the job's.
 */
public final class Pipelines {
    /** Names become operator uids ({@code inference-<name>}): keep them plain. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Pipelines() {}

    static ConfigOption<String> guest(String name) {
        return ConfigOptions.key("vigil.pipeline." + name + ".guest")
                .stringType()
                .noDefaultValue()
                .withDescription("The guest of pipeline " + name + ", as vigil.guest.");
    }

    static ConfigOption<Map<String, String>> models(String name) {
        return ConfigOptions.key("vigil.pipeline." + name + ".models")
                .mapType()
                .noDefaultValue()
                .withDescription("The models of pipeline " + name + ", as vigil.models.");
    }

    /**
     * The options of each named pipeline, in the order listed: the job's, with the pipeline's guest
     * and models in {@code vigil.guest} and {@code vigil.models}.
     *
     * @throws IllegalArgumentException a name that is not plain, or a pipeline without its guest or
     *     models
     */
    public static Map<String, Configuration> of(Configuration options) {
        Map<String, Configuration> named = new LinkedHashMap<>();
        List<String> names = options.get(JobOptions.PIPELINES);
        for (String name : names) {
            if (!NAME.matcher(name).matches() || named.containsKey(name)) {
                throw new IllegalArgumentException(
                        JobOptions.PIPELINES.key()
                                + " names '"
                                + name
                                + "': each name once, lower-case letters, digits and '-'");
            }
            Configuration pipeline = new Configuration(options);
            pipeline.set(JobOptions.GUEST, required(options, guest(name)));
            pipeline.set(JobOptions.MODELS, required(options, models(name)));
            named.put(name, pipeline);
        }
        return named;
    }

    /** A Wasm inference stage per named pipeline, as {@link VigilPipeline#build} takes them. */
    public static Map<String, FrameInference.Factory> wasmInference(Configuration options) {
        Map<String, FrameInference.Factory> factories = new LinkedHashMap<>();
        of(options).forEach((name, own) -> factories.put(name, new WasmInferenceFactory(own)));
        return factories;
    }

    private static <T> T required(Configuration options, ConfigOption<T> option) {
        return options.getOptional(option)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        JobOptions.PIPELINES.key()
                                                + " lists a pipeline without "
                                                + option.key()
                                                + ": set it (as vigil.guest / vigil.models are"
                                                + " set for the default pipeline)"));
    }
}
