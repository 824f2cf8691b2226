package dev.vigil.wasm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlateScoreTest {
    @Test
    void editDistancesCountInsertionsDeletionsAndSubstitutions() {
        assertThat(PlateScore.distance("AB 123 CD", "AB 123 CD")).isZero();
        assertThat(PlateScore.distance("AB 123 CD", "AB 123CD")).isEqualTo(1);
        assertThat(PlateScore.distance("AB 123 CD", "")).isEqualTo(9);
        assertThat(PlateScore.distance("KX-4721", "KX-4T21")).isEqualTo(1);
        assertThat(PlateScore.distance("", "ABC")).isEqualTo(3);
    }

    @Test
    void ratesAreExactUnspacedAndCharacterErrors() {
        PlateScore score = new PlateScore();
        score.add("AB 123 CD", "AB 123 CD");
        score.add("AB 123 CD", "AB123CD");
        score.add("KX-4721", "KX-4T21");
        score.add("1ABC234", "");
        assertThat(score.exactRate()).isEqualTo(0.25);
        assertThat(score.unspacedRate()).isEqualTo(0.5);
        assertThat(score.characterErrorRate()).isCloseTo((0 + 2 + 1 + 7) / 32.0, within(1e-9));
    }

    @Test
    void platesFollowTheirShapesAndTheSetIsTheSameForTheSameSeed() {
        Random random = new Random(3);
        for (String shape : PlateSet.SHAPES) {
            String text = PlateSet.text(shape, random);
            assertThat(text).hasSameSizeAs(shape);
            for (int i = 0; i < shape.length(); i++) {
                char s = shape.charAt(i);
                char t = text.charAt(i);
                assertThat(
                                s == 'A'
                                        ? Character.isUpperCase(t)
                                        : s == '9' ? Character.isDigit(t) : s == t)
                        .as("%s for %s", text, shape)
                        .isTrue();
            }
        }
        var a = PlateSet.generate(5, 3, PlateSet.Difficulty.HARD);
        var b = PlateSet.generate(5, 3, PlateSet.Difficulty.HARD);
        for (int i = 0; i < 3; i++) {
            assertThat(a.get(i).text()).isEqualTo(b.get(i).text());
            assertThat(a.get(i).frame().payload()).isEqualTo(b.get(i).frame().payload());
            assertThat(a.get(i).quality()).isBetween(50, 95);
        }
    }
}
