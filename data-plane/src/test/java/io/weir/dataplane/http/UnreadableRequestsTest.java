package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;

class UnreadableRequestsTest {

    @Test
    void theDecodersReasonPicksStatusAndCode() {
        assertThat(UnreadableRequests.problem(new TooLongHttpLineException("line")))
                .extracting(GatewayProblem::status, GatewayProblem::code).containsExactly(414, "request-line-too-long");
        assertThat(UnreadableRequests.problem(new TooLongHttpHeaderException("headers")))
                .extracting(GatewayProblem::status, GatewayProblem::code).containsExactly(431, "headers-too-large");
        assertThat(UnreadableRequests.problem(new IllegalArgumentException("invalid version format: XYZ")))
                .extracting(GatewayProblem::status, GatewayProblem::code).containsExactly(400, "request-malformed");
        assertThat(UnreadableRequests.problem(null).detail()).isEqualTo("The request is not well-formed HTTP/1.1.");
    }

    @Test
    void aLongReasonIsQuotedOnlyInPart() {
        String detail = UnreadableRequests.problem(new IllegalArgumentException("x".repeat(10_000))).detail();

        assertThat(detail).endsWith("x".repeat(UnreadableRequests.MAX_REASON) + "…")
                .hasSizeLessThan(UnreadableRequests.MAX_REASON + 100);
    }
}
