package io.weir.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the bounded client answers a serde's find-or-create when the registry's answers are not the first one. */
class BoundedRegistryClientTest {

    private static final RegistryVersionCoordinates VERSION_1 = RegistryVersionCoordinates.create(7L, 3L, "default",
            "weir.commands-value", "1");

    private final AtomicInteger creates = new AtomicInteger();
    private final Deque<Object> answers = new ArrayDeque<>();
    private final BoundedRegistryClient client = new BoundedRegistryClient(registryAnswering(), "http://r",
            new RegistryCallPolicy(Duration.ofSeconds(1), 2, Duration.ZERO), new ConcurrentHashMap<>());

    @Test
    void aFindOrCreateThatLosesARaceToAnotherProcessIsAskedAgainAndFindsTheWinnersVersion() {
        answers.add(answer(409)); // the other process inserted the artifact between look-up and insert
        answers.add(VERSION_1);

        assertThat(findOrCreate()).isEqualTo(VERSION_1);
        assertThat(creates).hasValue(2);
        assertThat(findOrCreate()).as("then remembered").isEqualTo(VERSION_1);
        assertThat(creates).hasValue(2);
    }

    @Test
    void aSecondConflictInARowIsTheRegistrysFinalAnswer() {
        answers.add(answer(409));
        answers.add(answer(409));

        assertThatThrownBy(this::findOrCreate).isInstanceOf(ApiException.class);
        assertThat(creates).hasValue(2);
    }

    @Test
    void aRefusalOtherThanAConflictIsNotRepeated() {
        answers.add(answer(422)); // e.g. a compatibility rule
        answers.add(VERSION_1);

        assertThatThrownBy(this::findOrCreate).isInstanceOf(ApiException.class);
        assertThat(creates).hasValue(1);
    }

    @Test
    void aConflictOnAPlainCreateIsNotRepeated() {
        answers.add(answer(409));
        answers.add(VERSION_1);

        assertThatThrownBy(() -> client.createSchema("AVRO", "default", "weir.commands-value", null, "FAIL", false,
                "{}", Set.of())).isInstanceOf(ApiException.class);
        assertThat(creates).hasValue(1);
    }

    private RegistryVersionCoordinates findOrCreate() {
        return client.createSchema("AVRO", "default", "weir.commands-value", null, "FIND_OR_CREATE_VERSION", false,
                "{\"type\":\"string\"}", Set.of());
    }

    /** A registry whose createSchema gives the queued answers in turn; nothing else is asked here. */
    private RegistryClientFacade registryAnswering() {
        return (RegistryClientFacade) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RegistryClientFacade.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("createSchema")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    creates.incrementAndGet();
                    Object next = answers.poll();
                    if (next instanceof RuntimeException refusal) {
                        throw refusal;
                    }
                    return next;
                });
    }

    private static ApiException answer(int status) {
        return new ApiException("status " + status) {
            @Override
            public int getResponseStatusCode() {
                return status;
            }
        };
    }
}
