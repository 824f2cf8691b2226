package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestMetadataTest {
    private static GuestMetadata parse(String text) {
        return GuestMetadata.parse("g.wasm", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKeyAndIgnoresUnknownOnes() {
        GuestMetadata metadata =
                parse(
                        "abi=1\nname=text-detect\nversion=2.1.0\nmodels=det, rec\n"
                                + "input.encodings=JPEG,PNG\ninput.max_batch=8\nauthor=someone\n");

        assertThat(metadata.abi()).isEqualTo(1);
        assertThat(metadata.label()).isEqualTo("text-detect@2.1.0");
        assertThat(metadata.models()).containsExactly("det", "rec");
        assertThat(metadata.encodings())
                .containsExactlyInAnyOrder(FrameEncoding.JPEG, FrameEncoding.PNG);
        assertThat(metadata.maxBatch()).isEqualTo(8);
    }

    @Test
    void anEmptyModelListIsAllowed() {
        assertThat(
                        parse(
                                        "abi=1\nname=n\nversion=1\nmodels=\n"
                                                + "input.encodings=RAW_RGB8\ninput.max_batch=1\n")
                                .models())
                .isEmpty();
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> parse("abi=1\nname=n\n"))
                .isInstanceOf(GuestMetadataException.class)
                .hasMessageContaining("g.wasm")
                .hasMessageContaining("has no 'version'");
        assertThatThrownBy(() -> parse("abi=one\n"))
                .hasMessageContaining("'abi' is 'one', not a whole number");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "abi=1\nname=n\nversion=1\nmodels=\n"
                                                + "input.encodings=GIF\ninput.max_batch=1\n"))
                .hasMessageContaining("input.encodings names 'GIF'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "abi=1\nname=n\nversion=1\nmodels=\n"
                                                + "input.encodings=PNG\ninput.max_batch=0\n"))
                .hasMessageContaining("input.max_batch is 0");
        assertThatThrownBy(() -> parse("just text")).hasMessageContaining("is not key=value");
    }
}
