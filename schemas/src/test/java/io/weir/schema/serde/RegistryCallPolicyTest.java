package io.weir.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How a serde's properties become its registry bounds, and which failures are worth another try. */
class RegistryCallPolicyTest {

    @Test
    void weirsSerdeConfigUsesTheBoundedResolverWithTenSecondsTwoRetriesAndFaultTolerantRefresh() {
        Map<String, Object> config = AvroSerdes.registryConfig("http://127.0.0.1:8085/apis/registry/v3");

        assertThat(config).containsEntry(SerdeConfig.SCHEMA_RESOLVER, BoundedSchemaResolver.class.getName())
                .containsEntry(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        RegistryCallPolicy policy = RegistryCallPolicy.from(config);
        assertThat(policy).isEqualTo(new RegistryCallPolicy(Duration.ofSeconds(10), 2, Duration.ofMillis(500)));
        assertThat(policy.worstCase()).isEqualTo(Duration.ofMillis(31_500));
        assertThat(new SchemaResolverConfig(config).getRetryCount()).isEqualTo(2); // Apicurio reads the same keys
    }

    @Test
    void propertiesMayBeNumbersOrTextAndAbsentOnesTakeTheDefaults() {
        assertThat(RegistryCallPolicy.from(Map.of(AvroSerdes.REQUEST_TIMEOUT_MS, "2500",
                SchemaResolverConfig.RETRY_COUNT, 0, SchemaResolverConfig.RETRY_BACKOFF_MS, " 40 ")))
                .isEqualTo(new RegistryCallPolicy(Duration.ofMillis(2500), 0, Duration.ofMillis(40)));
        assertThat(RegistryCallPolicy.from(Map.of()))
                .isEqualTo(new RegistryCallPolicy(Duration.ofSeconds(10), 2, Duration.ofMillis(500)));
    }

    @Test
    void backoffDoublesBeforeEachRetry() {
        RegistryCallPolicy policy = new RegistryCallPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(100));
        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.worstCase()).isEqualTo(Duration.ofMillis(4 * 1000 + 100 + 200 + 400));
    }

    @Test
    void badValuesAreRefusedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> RegistryCallPolicy.from(Map.of(AvroSerdes.REQUEST_TIMEOUT_MS, "ten")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weir.registry.request-timeout-ms");
        assertThatThrownBy(() -> RegistryCallPolicy.from(Map.of(AvroSerdes.REQUEST_TIMEOUT_MS, 0)))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> RegistryCallPolicy.from(Map.of(SchemaResolverConfig.RETRY_COUNT, -1)))
                .hasMessageContaining("apicurio.registry.retry-count");
    }

    @Test
    void noAnswerOrA5xxIsTransientAnyOther4xxAnswerIsFinal() {
        RuntimeException closed = new RuntimeException(new ExecutionException(new java.io.IOException("closed")));
        assertThat(BoundedRegistryClient.isTransient(closed)).isTrue();
        assertThat(BoundedRegistryClient.isTransient(new RuntimeException(answer(503)))).isTrue();
        assertThat(BoundedRegistryClient.isTransient(new RuntimeException(answer(404)))).isFalse();
        assertThat(BoundedRegistryClient.isTransient(answer(409))).isFalse();
    }

    @Test
    void aRegistryOutageIsRecognisedAnywhereInACauseChain() {
        RegistryCallPolicy policy = new RegistryCallPolicy(Duration.ofSeconds(1), 0, Duration.ZERO);
        RuntimeException outage = new RegistryUnavailableException("http://r", "schema of content id 1", policy,
                new java.io.IOException("closed"));
        assertThat(RegistryUnavailableException.isCauseOf(new IllegalStateException(new RuntimeException(outage)))).isTrue();
        assertThat(RegistryUnavailableException.isCauseOf(new IllegalStateException("bad bytes"))).isFalse();
        assertThat(outage).hasMessage("schema registry at http://r did not answer schema of content id 1: 1 attempts"
                + " of at most 1000 ms each failed (last: java.io.IOException: closed)");
    }

    /** An answer of the registry with this status, as kiota reports it. */
    private static ApiException answer(int status) {
        return new ApiException("status " + status) {
            @Override
            public int getResponseStatusCode() {
                return status;
            }
        };
    }
}
