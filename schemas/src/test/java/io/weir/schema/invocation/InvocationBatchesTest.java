package io.weir.schema.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.common.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class InvocationBatchesTest {

    private final Random random = new Random(7);

    @Test
    void everyInvocationIsInExactlyOneBatchOfItsApiInDrainOrder() {
        List<Invocation> drained = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            drained.add(invocation("api-" + random.nextInt(5), random.nextInt(50)));
        }

        List<List<Invocation>> batches = InvocationBatches.of(drained, 16 * 1024);

        assertThat(batches).allSatisfy(batch -> assertThat(batch).isNotEmpty()
                .extracting(Invocation::getApiId).containsOnly(batch.get(0).getApiId()));
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(drained);
        for (int api = 0; api < 5; api++) {
            String id = "api-" + api;
            assertThat(batches.stream().flatMap(List::stream).filter(i -> i.getApiId().equals(id)).toList())
                    .isEqualTo(drained.stream().filter(i -> i.getApiId().equals(id)).toList());
        }
        assertThat(batches).as("cut by size: 200 invocations of an API do not fit in 16 KiB").hasSizeGreaterThan(5);
    }

    @Test
    void oneApisDrainIsOneBatchWhenItFits() {
        List<Invocation> drained = new ArrayList<>();
        for (int i = 0; i < InvocationBatches.DRAIN_SIZE; i++) {
            drained.add(invocation("api-1", 0));
        }

        assertThat(InvocationBatches.of(drained, InvocationBatches.MAX_RECORD_BYTES)).singleElement()
                .isEqualTo(drained);
    }

    @Test
    void noBatchEncodesLargerThanTheBoundEvenWithHugeFields() throws IOException {
        List<Invocation> drained = new ArrayList<>();
        for (int i = 0; i < InvocationBatches.DRAIN_SIZE; i++) {
            // up to 8 KiB of multi-byte characters in the correlation id (a header a client chose)
            drained.add(invocation("api-1", random.nextInt(8 * 1024)));
        }

        List<List<Invocation>> batches = InvocationBatches.of(drained, InvocationBatches.MAX_RECORD_BYTES);

        assertThat(batches).hasSizeGreaterThan(1);
        for (List<Invocation> batch : batches) {
            assertThat(encoded(new InvocationBatch(batch))).isLessThanOrEqualTo(InvocationBatches.MAX_RECORD_BYTES);
        }
    }

    @Test
    void theBoundIsNeverBelowTheEncoding() throws IOException {
        for (int i = 0; i < 2000; i++) {
            Invocation invocation = invocation("api-" + i, random.nextInt(300));
            if (i % 2 == 0) {
                invocation.setApiRevision(Long.MIN_VALUE);
                invocation.setBackendLatencyMicros(Long.MAX_VALUE);
                invocation.setRequestBytes(Long.MIN_VALUE);
                invocation.setResponseBytes(Long.MAX_VALUE);
                invocation.setGatewayLatencyMicros(Long.MIN_VALUE);
                invocation.setStatusCode(Integer.MIN_VALUE);
                invocation.setMessageCount(Integer.MAX_VALUE);
                invocation.setDirection(MessageDirection.OUTBOUND);
            }
            assertThat(EncodedSizeBound.of(invocation)).isGreaterThanOrEqualTo(encoded(invocation));
            assertThat(EncodedSizeBound.quick(invocation)).isGreaterThanOrEqualTo(EncodedSizeBound.of(invocation));
        }
    }

    @Test
    void batchesAreCutExactlyWhereTheExactBoundCutsThem() {
        // the cutter adds the quick bound while far from the limit and counts exactly near it: the cuts
        // must be the ones counting every invocation exactly gives, whatever the mix of sizes and limits
        for (int round = 0; round < 200; round++) {
            List<Invocation> drained = new ArrayList<>();
            int count = 1 + random.nextInt(InvocationBatches.DRAIN_SIZE);
            int longest = random.nextBoolean() ? 40 : 4 * 1024;
            for (int i = 0; i < count; i++) {
                drained.add(invocation("api-" + random.nextInt(3), random.nextInt(longest)));
            }
            int maxBytes = 1024 + random.nextInt(64 * 1024);

            assertThat(InvocationBatches.of(drained, maxBytes)).as("round %d, limit %d", round, maxBytes)
                    .isEqualTo(cutByTheExactBound(drained, maxBytes));
        }
    }

    /** The rule as specified: a new batch whenever the next invocation's exact bound would pass the limit. */
    private static List<List<Invocation>> cutByTheExactBound(List<Invocation> drained, int maxBytes) {
        java.util.Map<String, List<Invocation>> byApi = new java.util.LinkedHashMap<>();
        drained.forEach(invocation -> byApi.computeIfAbsent(invocation.getApiId(), api -> new ArrayList<>()).add(invocation));
        List<List<Invocation>> batches = new ArrayList<>();
        for (List<Invocation> ofApi : byApi.values()) {
            List<Invocation> batch = new ArrayList<>();
            int bytes = 0;
            for (Invocation invocation : ofApi) {
                int size = EncodedSizeBound.of(invocation);
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(invocation);
                bytes += size;
            }
            batches.add(batch);
        }
        return batches;
    }

    private Invocation invocation(String api, int correlationChars) {
        StringBuilder correlation = new StringBuilder();
        for (int i = 0; i < correlationChars; i++) {
            if (i % 7 == 0) {
                correlation.append("\uD83D\uDE00"); // a surrogate pair: 4 bytes in UTF-8
            } else {
                correlation.append(i % 3 == 0 ? '\u20ac' : (char) ('a' + random.nextInt(26))); // € is 3 bytes
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            keys.add("org/subscription/gold/app-" + random.nextInt(100) + "/" + api);
        }
        return Invocation.newBuilder()
                .setInvocationId(UUID.randomUUID().toString()).setTimestamp(Instant.ofEpochMilli(random.nextLong() >>> 20))
                .setApiId(api).setApiRevision(3L).setEnvironment("production").setOrganization("default")
                .setApplicationId("app-" + random.nextInt(100)).setSubscriptionTier("Gold")
                .setCredentialKind(InvocationCredentialKind.API_KEY).setMethod("GET").setResource("/pets/{id}")
                .setStatusCode(200).setRequestBytes(random.nextInt(5000)).setResponseBytes(random.nextInt(50000))
                .setGatewayLatencyMicros(random.nextInt(100000)).setBackendLatencyMicros((long) random.nextInt(100000))
                .setGatewayNode("node-1").setProtocol(Protocol.HTTP).setKind(InvocationKind.REQUEST)
                .setErrorCode(random.nextBoolean() ? null : "throttled-subscription")
                .setCorrelationId(correlation.isEmpty() ? null : correlation.toString()).setThrottleKeys(keys)
                .build();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> int encoded(T record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
        writer.write(record, encoder);
        encoder.flush();
        return out.size();
    }
}
