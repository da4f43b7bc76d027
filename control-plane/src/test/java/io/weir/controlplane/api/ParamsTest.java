package io.weir.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.problem.ProblemException;
import io.weir.schema.policy.PolicyLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {

    @Test
    void aRevisionIsAWholeNumberFromOne() {
        assertThat(Params.revision("1", "n")).isEqualTo(1L);
        assertThat(Params.revision("42", "n")).isEqualTo(42L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "two", "1.5", "", "99999999999999999999"})
    void anythingElseIsABadRequestPointingAtThePathParameter(String n) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> Params.revision(n, "n"));
        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().pointer()).isEqualTo("/path/n");
        assertThat(e.problem().detail()).contains("revision number");
    }

    @Test
    void symbolsAreCaseInsensitive() {
        assertThat(Params.symbol(PolicyLevel.class, "subscription", Params.QUERY + "level")).isEqualTo(PolicyLevel.SUBSCRIPTION);
        assertThat(Params.symbol(PolicyLevel.class, "API", Params.QUERY + "level")).isEqualTo(PolicyLevel.API);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNSPECIFIED", "gold", ""})
    void theFallbackSymbolAndUnknownOnesAreRefused(String level) {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> Params.symbol(PolicyLevel.class, level, Params.QUERY + "level"));
        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().pointer()).isEqualTo("/query/level");
        assertThat(e.problem().detail()).contains("[SUBSCRIPTION, APPLICATION, API]").doesNotContain("UNSPECIFIED,");
    }
}
