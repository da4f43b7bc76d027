package io.weir.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendUrlTest {

    @Test
    void takesAUrlApartOnceWithItsHostHeader() {
        BackendUrl plain = BackendUrl.parse("http://backend.local/v1/");
        assertThat(plain.host()).isEqualTo("backend.local");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.ssl()).isFalse();
        assertThat(plain.basePath()).isEqualTo("/v1");
        assertThat(plain.authority()).isEqualTo("backend.local");
        assertThat(BackendUrl.parse("https://backend.local").authority()).isEqualTo("backend.local");
        assertThat(BackendUrl.parse("https://backend.local:8443/x").authority()).isEqualTo("backend.local:8443");
        assertThat(BackendUrl.parse("http://127.0.0.1:443").authority()).isEqualTo("127.0.0.1:443");
        assertThat(BackendUrl.parse("wss://stream.local").ssl()).isTrue();
        assertThat(plain).hasToString("http://backend.local/v1");
    }

    @Test
    void urlsNamingTheSameBackendAreEqual() {
        assertThat(BackendUrl.parse("http://b:80/x/")).isEqualTo(BackendUrl.parse("http://b/x"))
                .hasSameHashCodeAs(BackendUrl.parse("http://b/x"));
        assertThat(BackendUrl.parse("http://b/x")).isNotEqualTo(BackendUrl.parse("http://b/y"))
                .isNotEqualTo(BackendUrl.parse("https://b:80/x")).isNotEqualTo(BackendUrl.parse("http://c/x"));
    }

    @Test
    void refusesWhatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> BackendUrl.parse("ftp://b/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendUrl.parse("http:///x")).isInstanceOf(IllegalArgumentException.class);
    }
}
