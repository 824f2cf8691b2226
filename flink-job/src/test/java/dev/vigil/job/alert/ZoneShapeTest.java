package dev.vigil.job.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZoneShapeTest {
    /** The bottom half of the frame. */
    private static final ZoneShape BOTTOM =
            new ZoneShape("bottom", new double[] {0, 1, 1, 0}, new double[] {0.5, 0.5, 1, 1});

    /** An L: the left column and the bottom row, each 0.4 wide (concave at (0.4, 0.6)). */
    private static final ZoneShape ELL =
            new ZoneShape(
                    "ell",
                    new double[] {0, 0.4, 0.4, 1, 1, 0},
                    new double[] {0, 0, 0.6, 0.6, 1, 1});

    @Test
    void aBoxIsInByTheMiddleOfItsBottomEdge() {
        assertThat(BOTTOM.holdsBottomCentre(0.1f, 0.3f, 0.6f)).isTrue();
        assertThat(BOTTOM.holdsBottomCentre(0.1f, 0.3f, 0.4f)).isFalse();
        // Concave: the notch of the L is outside though between its arms.
        assertThat(ELL.holdsBottomCentre(0.6f, 0.8f, 0.5f)).isFalse();
        assertThat(ELL.holdsBottomCentre(0.6f, 0.8f, 0.7f)).isTrue();
        assertThat(ELL.holdsBottomCentre(0.1f, 0.3f, 0.2f)).isTrue();
    }

    @Test
    void theShareOfABoxInsideIsItsClippedArea() {
        assertThat(BOTTOM.shareOf(0.2f, 0.4f, 0.4f, 0.6f)).isCloseTo(0.5, within(1e-6));
        assertThat(BOTTOM.shareOf(0.2f, 0.6f, 0.4f, 0.8f)).isCloseTo(1.0, within(1e-6));
        assertThat(BOTTOM.shareOf(0.2f, 0.1f, 0.4f, 0.3f)).isZero();
        // Straddling the notch of the L: the box (0.2..0.6) x (0.4..0.8) has 0.2x0.4 in the
        // column and 0.2x0.2 of the bottom row beyond it: 0.12 of 0.16.
        assertThat(ELL.shareOf(0.2f, 0.4f, 0.6f, 0.8f)).isCloseTo(0.75, within(1e-5));
    }

    @Test
    void aBoxWithoutAreaCountsByItsPoint() {
        assertThat(BOTTOM.shareOf(0.5f, 0.7f, 0.5f, 0.7f)).isEqualTo(1.0);
        assertThat(BOTTOM.shareOf(0.5f, 0.2f, 0.5f, 0.2f)).isZero();
    }
}
