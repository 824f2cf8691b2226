package dev.vigil.job.inference;

import dev.vigil.schemas.FailureStage;

/**
 * Why one frame produced no detection record: the stage that gave up, a stable reason code (metrics
 * count by it) and a message that says what failed and what to do.
 */
public record FrameFailure(FailureStage stage, String reasonCode, String message) {}
