package dev.vigil.job.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchlistTest {
    @Test
    void matchesRegardlessOfCaseAndSeparators() {
        Watchlist exact = new Watchlist("w", List.of("AB-123-CD"), 0);
        assertThat(exact.match("ab 123 cd")).contains("AB-123-CD");
        assertThat(exact.match("AB.123.CD")).contains("AB-123-CD");
        assertThat(exact.match("AB123CE")).isEmpty();
        assertThat(exact.match("AB-I23-CD")).as("I on a plate is 1").contains("AB-123-CD");
        assertThat(exact.match(null)).isEmpty();
        assertThat(exact.match(" - ")).isEmpty();
    }

    @Test
    void oneEditForgivesOneCharacterInsertedDeletedOrMisreadAndNoMore() {
        Watchlist one = new Watchlist("w", List.of("KX4721"), 1);
        assertThat(one.match("KX472L")).contains("KX4721"); // misread
        assertThat(one.match("KX47211")).contains("KX4721"); // one too many
        assertThat(one.match("X4721")).contains("KX4721"); // one missing, at the start
        assertThat(one.match("KX472")).contains("KX4721"); // one missing, at the end
        assertThat(one.match("KX47")).isEmpty();
        assertThat(one.match("KY472L")).isEmpty();
        assertThat(Watchlist.oneEditApart("AB", "AB")).isFalse();
    }

    @Test
    void anExactMatchWinsOverAnEarlierEntryOneEditAway() {
        Watchlist list = new Watchlist("w", List.of("AB1234", "AB123"), 1);
        assertThat(list.match("AB123")).contains("AB123");
        assertThat(list.match("AB12")).contains("AB123");
    }

    @Test
    void refusesWhatCouldNeverWorkAsIntended() {
        assertThatThrownBy(() -> new Watchlist("w", List.of("AB1"), 2))
                .hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> new Watchlist("w", List.of("--"), 0))
                .hasMessageContaining("'--' has no letter or digit");
    }
}
