package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.nn.ModelRef;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every guest option of the job reaches the guest's settings, as a submission passes it. */
class GuestDeploymentTest {
    @Test
    void eachGuestOptionReachesWasmSettings() {
        WasmSettings settings =
                GuestDeployment.settings(
                                VigilJob.options(
                                        new String[] {
                                            "--vigil.models", "detector:d@2",
                                            "--vigil.guest.pool-size", "3",
                                            "--vigil.guest.call-deadline", "7 s",
                                            "--vigil.guest.max-memory-pages", "512",
                                            "--vigil.guest.take-timeout", "45 s",
                                            "--vigil.guest.max-frame-pixels", "1000000",
                                            "--vigil.guest.max-detections-per-frame", "12",
                                            "--vigil.guest.execution", "INTERPRETED",
                                            "--vigil.guest.require-signatures", "true",
                                            "--vigil.guest.trust-store", "/srv/trusted"
                                        }),
                                4)
                        .build();

        assertThat(settings.allowedModels()).isEqualTo(Map.of("detector", ModelRef.parse("d@2")));
        assertThat(settings.poolSize()).isEqualTo(3);
        assertThat(settings.callDeadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.maxMemoryPages()).isEqualTo(512);
        assertThat(settings.takeTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.maxFramePixels()).isEqualTo(1_000_000L);
        assertThat(settings.maxDetectionsPerFrame()).isEqualTo(12);
        assertThat(settings.execution()).isEqualTo(WasmSettings.Execution.INTERPRETED);
        assertThat(settings.requireSignatures()).isTrue();
        assertThat(settings.trustStore()).contains(Path.of("/srv/trusted"));
        assertThat(settings.deviceIndex()).isEqualTo(4);
    }

    @Test
    void aReaderBindsItsDetectorAndRecogniserAndFitsTheJob() {
        var options =
                VigilJob.options(
                        new String[] {
                            "--vigil.models", "detector:ppocr-det@4,recogniser:ppocr-rec@4"
                        });
        assertThat(GuestDeployment.settings(options, 0).build().allowedModels())
                .isEqualTo(
                        Map.of(
                                "detector", ModelRef.parse("ppocr-det@4"),
                                "recogniser", ModelRef.parse("ppocr-rec@4")));
        GuestDeployment.checkFits(
                new GuestMetadata(
                        GuestMetadata.ABI_VERSION,
                        "text-read",
                        "1.0.0",
                        List.of("detector", "recogniser"),
                        Set.of(FrameEncoding.JPEG),
                        8),
                options);
    }

    @Test
    void aGuestWithoutModelsIsRefusedWithWhatRuns() {
        assertThatThrownBy(
                        () ->
                                GuestDeployment.checkFits(
                                        new GuestMetadata(
                                                GuestMetadata.ABI_VERSION,
                                                "bare",
                                                "1",
                                                List.of(),
                                                Set.of(FrameEncoding.JPEG),
                                                8),
                                        VigilJob.options(new String[0])))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("declares no model")
                .hasMessageContaining("'detector' and 'recogniser'");
    }

    @Test
    void withoutOptionsTheGuestRunsOnWasmSettingsDefaults() {
        WasmSettings settings =
                GuestDeployment.settings(VigilJob.options(new String[0]), 0).build();
        WasmSettings defaults = WasmSettings.defaults();

        assertThat(settings.poolSize()).isEqualTo(defaults.poolSize());
        assertThat(settings.callDeadline()).isEqualTo(defaults.callDeadline());
        assertThat(settings.maxMemoryPages()).isEqualTo(defaults.maxMemoryPages());
        assertThat(settings.takeTimeout()).isEqualTo(defaults.takeTimeout());
        assertThat(settings.maxFramePixels()).isEqualTo(defaults.maxFramePixels());
        assertThat(settings.maxDetectionsPerFrame()).isEqualTo(defaults.maxDetectionsPerFrame());
        assertThat(settings.execution()).isEqualTo(defaults.execution());
        assertThat(settings.requireSignatures()).isEqualTo(defaults.requireSignatures());
        assertThat(settings.trustStore()).isEmpty();
    }
}
