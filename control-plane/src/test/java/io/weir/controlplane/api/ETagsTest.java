package io.weir.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ETagsTest {

    @Test
    void anEtagIsTheQuotedVersion() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void ifMatchCarriesTheExpectedVersion() {
        assertThat(ETags.expectedVersion("\"7\"")).isEqualTo(7L);
        assertThat(ETags.expectedVersion(" \"0\" ")).isZero();
    }

    @Test
    void noIfMatchOrAStarExpectsNothing() {
        assertThat(ETags.expectedVersion(null)).isNull();
        assertThat(ETags.expectedVersion("  ")).isNull();
        assertThat(ETags.expectedVersion("*")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "W/\"7\"", "\"seven\"", "\"7\", \"8\"", "\"-1\"", "\"99999999999999999999\""})
    void anythingElseIsABadRequestPointingAtTheHeader(String ifMatch) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> ETags.expectedVersion(ifMatch));
        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().type()).endsWith("/invalid-if-match");
        assertThat(e.problem().pointer()).isEqualTo("/header/If-Match");
    }
}
