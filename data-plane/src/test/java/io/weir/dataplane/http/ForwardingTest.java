package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.weir.dataplane.proxy.ForwardedHeaders;
import org.junit.jupiter.api.Test;

class ForwardingTest {

    @Test
    void theApiKeyQueryParameterIsRemovedAndTheRestKept() {
        assertThat(Forwarding.withoutParam("apikey=s3cret&q=1&apikeyx=2", "apikey")).isEqualTo("q=1&apikeyx=2");
        assertThat(Forwarding.withoutParam("apikey=s3cret", "apikey")).isNull();
        assertThat(Forwarding.withoutParam("a=1", null)).isEqualTo("a=1");
        assertThat(Forwarding.withoutParam("", null)).isNull();
    }

    @Test
    void hopByHopAndCredentialHeadersStayAtTheGateway() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Secret-Hop, keep-alive")
                .add("X-Secret-Hop", "1").add("Keep-Alive", "timeout=5").add("Transfer-Encoding", "chunked")
                .add("Host", "gateway:8000").add("apikey", "k").add("Authorization", "Bearer t")
                .add("Accept", "application/json").add("X-Forwarded-For", "10.0.0.1");
        MultiMap out = ForwardedHeaders.toBackend(client, "apikey", true, "127.0.0.1", "http", "gateway:8000");
        assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");
        assertThat(out.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");

        MultiMap keepToken = ForwardedHeaders.toBackend(client, "apikey", false, "127.0.0.1", "http", null);
        assertThat(keepToken.get("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void theBackendsHopByHopHeadersStayAtTheGatewayWhateverTheirCase() {
        MultiMap backend = MultiMap.caseInsensitiveMultiMap()
                .add("CONNECTION", "Upgrade ,X-Backend-Hop,, close").add("x-backend-hop", "1").add("Upgrade", "h2c")
                .add("Keep-Alive", "timeout=5").add("TE", "trailers").add("Content-Type", "application/json")
                .add("X-Other", "kept");
        MultiMap response = MultiMap.caseInsensitiveMultiMap();
        ForwardedHeaders.toClient(backend, response);
        assertThat(response.names()).containsExactlyInAnyOrder("Content-Type", "X-Other");

        MultiMap plain = MultiMap.caseInsensitiveMultiMap().add("Connection", "keep-alive").add("Content-Length", "5");
        MultiMap copied = MultiMap.caseInsensitiveMultiMap();
        ForwardedHeaders.toClient(plain, copied);
        assertThat(copied.names()).containsExactly("Content-Length");
    }

    @Test
    void headersAsNettyDecodedThemAreCopiedTheSameWay() {
        io.netty.handler.codec.http.HttpHeaders backend = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Connection", "keep-alive").add("connection", "X-Backend-Hop").add("X-Backend-Hop", "1")
                .add("Transfer-Encoding", "chunked").add("Proxy-Connection", "keep-alive")
                .add("Content-Type", "application/json").add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
        MultiMap response = MultiMap.caseInsensitiveMultiMap();

        ForwardedHeaders.toClient(backend, response);

        assertThat(response.names()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie");
        assertThat(response.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void everyConnectionFieldNamesHopByHopHeaders() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap().add("Connection", "keep-alive").add("Connection", "X-Hop-A")
                .add("X-Hop-A", "1").add("Accept", "*/*");
        MultiMap out = ForwardedHeaders.toBackend(client, null, false, "127.0.0.1", "http", null);
        assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-Forwarded-For", "X-Forwarded-Proto");
    }
}
