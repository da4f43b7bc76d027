package io.weir.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationCredentialKind;
import java.io.ByteArrayOutputStream;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class ExchangeTest {

    @Test
    void anUnresolvedRequestIsRecordedUnderTheUnresolvedApiAndIsAValidRecord() throws Exception {
        Exchange exchange = new Exchange("id-1", "corr-1", "GET");
        exchange.refuse(404, "api-not-found");
        Invocation invocation = exchange.toInvocation("production", "node-1", 0, 120);

        assertThat(invocation.getApiId()).isEqualTo("-");
        assertThat(invocation.getStatusCode()).isEqualTo(404);
        assertThat(invocation.getErrorCode()).isEqualTo("api-not-found");
        assertThat(invocation.getCredentialKind()).isEqualTo(InvocationCredentialKind.NONE);
        assertThat(invocation.getThrottleKeys()).isEmpty();
        assertThat(invocation.getMessageCount()).isEqualTo(1);
        // every field set: the record serializes (the builder's defaults are not there to fill gaps)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Invocation.class).write(invocation, encoder);
        encoder.flush();
        assertThat(out.size()).isPositive();
    }
}
