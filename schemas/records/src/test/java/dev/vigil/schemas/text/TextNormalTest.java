package dev.vigil.schemas.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalTest {
    @Test
    void keepsLettersAndDigitsInUpperCase() {
        assertThat(TextNormal.of("ab-123 cd.")).isEqualTo("AB123CD");
    }

    @Test
    void readsTheLettersAPlateLeavesOutAsTheDigitsTheyLookLike() {
        assertThat(TextNormal.of("OGBS032")).isEqualTo(TextNormal.of("0GBS032"));
        assertThat(TextNormal.of("Q1-i0")).isEqualTo("0110");
    }

    @Test
    void keepsTheLettersAPlateUses() {
        assertThat(TextNormal.of("ABCDEFGHJKLMNPRSTUVWXYZ")).isEqualTo("ABCDEFGHJKLMNPRSTUVWXYZ");
        assertThat(TextNormal.of("8B5S")).isEqualTo("8B5S");
    }
}
