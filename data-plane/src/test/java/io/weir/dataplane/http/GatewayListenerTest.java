package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listener's server options come from Quarkus' {@code quarkus.http.*} configuration, built by Quarkus' code. */
class GatewayListenerTest {

    @Test
    void quarkusDefaultsWhenNothingIsSet() {
        // the host's default is Quarkus' per launch mode (0.0.0.0 in production), not the mapping's
        HttpServerOptions options = GatewayListener.serverOptions(config(Map.of("quarkus.http.host", "0.0.0.0")));

        assertThat(options.getPort()).isEqualTo(8080);
        assertThat(options.getMaxHeaderSize()).isEqualTo(20 * 1024);
        assertThat(options.getMaxInitialLineLength()).isEqualTo(4096);
        assertThat(options.getMaxChunkSize()).isEqualTo(8192);
        assertThat(options.getIdleTimeoutUnit().toSeconds(options.getIdleTimeout())).isEqualTo(30 * 60);
        assertThat(options.isHttp2ClearTextEnabled()).isTrue();
        assertThat(options.isHandle100ContinueAutomatically()).isFalse();
        assertThat(options.isUseProxyProtocol()).isFalse();
        assertThat(options.isCompressionSupported()).isFalse();
    }

    @Test
    void everyQuarkusServerSettingIsHonoured() {
        HttpServerOptions options = GatewayListener.serverOptions(config(Map.of(
                "quarkus.http.host", "127.0.0.1",
                "quarkus.http.port", "18080",
                "quarkus.http.limits.max-header-size", "2K",
                "quarkus.http.limits.max-initial-line-length", "1000",
                "quarkus.http.idle-timeout", "45S",
                "quarkus.http.accept-backlog", "77",
                "quarkus.http.proxy.use-proxy-protocol", "true",
                "quarkus.http.tcp-quick-ack", "true",
                "quarkus.http.websocket-server.max-frame-size", "4096",
                "quarkus.http.websocket-server.max-message-size", "65536")));

        assertThat(options.getHost()).isEqualTo("127.0.0.1");
        assertThat(options.getPort()).isEqualTo(18080);
        assertThat(options.getMaxHeaderSize()).isEqualTo(2048);
        assertThat(options.getMaxInitialLineLength()).isEqualTo(1000);
        assertThat(options.getIdleTimeoutUnit().toSeconds(options.getIdleTimeout())).isEqualTo(45);
        // settings the listener's first version did not carry over from Quarkus' server
        assertThat(options.getAcceptBacklog()).isEqualTo(77);
        assertThat(options.isUseProxyProtocol()).isTrue();
        assertThat(options.isTcpQuickAck()).isTrue();
        assertThat(options.getMaxWebSocketFrameSize()).isEqualTo(4096);
        assertThat(options.getMaxWebSocketMessageSize()).isEqualTo(65536);
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredConverters().addSystemSources()
                .withMapping(VertxHttpConfig.class).withMapping(VertxHttpBuildTimeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }
}
