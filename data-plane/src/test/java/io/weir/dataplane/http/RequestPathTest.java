package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/pets/1.0.0/pets", "/pets/1.0.0/pets/7", "/a/1/b%20c", "/a/1/..x/y", "/a/1/x.y"})
    void acceptsOrdinaryPaths(String path) {
        assertThat(RequestPath.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pets/1.0.0/../admin", "/pets/1.0.0/%2e%2e/admin", "/pets/1.0.0/%2E%2E",
            "/pets/1.0.0/./x", "/pets/1.0.0/a%2fb", "/pets/1.0.0/a%5cb", "/pets/1.0.0/a\\b", "/pets/%zz",
            "/pets/%2", "/pets/%00", "relative", ""})
    void refusesTraversalEncodedSlashesAndBadEscapes(String path) {
        assertThat(RequestPath.problem(path)).isNotNull();
    }
}
