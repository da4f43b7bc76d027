package io.weir.schema.invocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * The Avro binary encoding of an {@link InvocationBatch}, written field by field for the generated
 * schema. Every call a gateway serves passes through here once, and Avro's own writer walks these records
 * generically: the generated classes have no custom coders because {@code Invocation.timestamp} is a
 * logical type, and Apicurio's serializer hands the writer an unbuffered encoder, so every field of every
 * invocation was a schema lookup, a conversion check and a synchronized write to a stream. This writer
 * encodes a whole batch into one buffer of its thread and hands it to the encoder in one write; the
 * strings that repeat from call to call (API, environment, node, resource, throttle keys...) are
 * encoded once per thread and copied while the invocations hold the same instances.
 *
 * <p>It writes exactly the bytes Avro's writer writes (InvocationBatchWriterTest compares them over
 * random batches generated from the schema itself, so a field added to the schema and not here fails
 * it), and only for {@link InvocationBatch#getClassSchema()} ({@link #writes}); a required field left
 * null is refused as Avro refuses it.
 */
public final class InvocationBatchWriter implements DatumWriter<InvocationBatch> {

    /** A buffer this large is kept for the thread's next batch; a larger one (a rare huge batch) is dropped. */
    private static final int KEPT_BUFFER_BYTES = 1024 * 1024;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    // Fields whose strings repeat from call to call - the same String instances, held by the node's state
    // and configuration - each have a slot keeping the last one written and its encoding. UNIQUE: no slot.
    private static final int UNIQUE = -1;
    private static final int API_ID = 0;
    private static final int ENVIRONMENT = 1;
    private static final int ORGANIZATION = 2;
    private static final int APPLICATION_ID = 3;
    private static final int SUBSCRIPTION_TIER = 4;
    private static final int METHOD = 5;
    private static final int RESOURCE = 6;
    private static final int GATEWAY_NODE = 7;
    private static final int ERROR_CODE = 8;
    /** The first this many throttle keys of an invocation have a slot each. */
    private static final int THROTTLE_KEYS = 4;
    private static final int THROTTLE_KEY = 9;
    private static final int SLOTS = THROTTLE_KEY + THROTTLE_KEYS;
    /** A longer string's encoding is not kept. */
    private static final int KEPT_STRING_BYTES = 256;

    /** Whether this writer writes {@code schema}'s records: the generated InvocationBatch schema only. */
    public static boolean writes(Schema schema) {
        return InvocationBatch.getClassSchema().equals(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        if (!writes(schema)) {
            throw new IllegalArgumentException("InvocationBatchWriter writes only the generated InvocationBatch schema");
        }
    }

    @Override
    public void write(InvocationBatch batch, Encoder out) throws IOException {
        Buffer buffer = BUFFERS.get();
        buffer.length = 0;
        try {
            List<Invocation> invocations = required(batch.getInvocations(), "InvocationBatch.invocations");
            buffer.array(invocations.size());
            for (Invocation invocation : invocations) {
                write(required(invocation, "InvocationBatch.invocations[]"), buffer);
            }
            buffer.arrayEnd();
            out.writeFixed(buffer.bytes, 0, buffer.length);
        } finally {
            if (buffer.bytes.length > KEPT_BUFFER_BYTES) {
                BUFFERS.remove();
            }
        }
    }

    private static void write(Invocation invocation, Buffer out) {
        out.string(required(invocation.getInvocationId(), "Invocation.invocationId"), UNIQUE);
        out.varLong(required(invocation.getTimestamp(), "Invocation.timestamp").toEpochMilli());
        out.string(required(invocation.getApiId(), "Invocation.apiId"), API_ID);
        out.optionalLong(invocation.getApiRevision());
        out.string(required(invocation.getEnvironment(), "Invocation.environment"), ENVIRONMENT);
        out.string(required(invocation.getOrganization(), "Invocation.organization"), ORGANIZATION);
        out.optionalString(invocation.getApplicationId(), APPLICATION_ID);
        out.optionalString(invocation.getSubscriptionTier(), SUBSCRIPTION_TIER);
        out.varLong(required(invocation.getCredentialKind(), "Invocation.credentialKind").ordinal());
        out.string(required(invocation.getMethod(), "Invocation.method"), METHOD);
        out.string(required(invocation.getResource(), "Invocation.resource"), RESOURCE);
        out.varLong(invocation.getStatusCode());
        out.varLong(invocation.getRequestBytes());
        out.varLong(invocation.getResponseBytes());
        out.varLong(invocation.getGatewayLatencyMicros());
        out.optionalLong(invocation.getBackendLatencyMicros());
        out.string(required(invocation.getGatewayNode(), "Invocation.gatewayNode"), GATEWAY_NODE);
        out.varLong(required(invocation.getProtocol(), "Invocation.protocol").ordinal());
        out.varLong(required(invocation.getKind(), "Invocation.kind").ordinal());
        if (invocation.getDirection() == null) {
            out.varLong(0);
        } else {
            out.varLong(1);
            out.varLong(invocation.getDirection().ordinal());
        }
        out.varLong(invocation.getMessageCount());
        out.bool(invocation.getThrottled());
        out.optionalString(invocation.getErrorCode(), ERROR_CODE);
        out.optionalString(invocation.getCorrelationId(), UNIQUE);
        List<String> keys = required(invocation.getThrottleKeys(), "Invocation.throttleKeys");
        out.array(keys.size());
        int index = 0;
        for (String key : keys) {
            out.string(required(key, "Invocation.throttleKeys[]"), index < THROTTLE_KEYS ? THROTTLE_KEY + index : UNIQUE);
            index++;
        }
        out.arrayEnd();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException("null value for (non-nullable) " + field);
        }
        return value;
    }

    /** A growable byte array with Avro's binary primitives. */
    private static final class Buffer {

        byte[] bytes = new byte[64 * 1024];
        int length;
        final String[] slotValues = new String[SLOTS];
        final byte[][] slotBytes = new byte[SLOTS][];

        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        /** A long (an int too: Avro writes both the same way) as a zig-zag varint. */
        void varLong(long value) {
            ensure(10);
            byte[] b = bytes;
            int at = length;
            long n = (value << 1) ^ (value >> 63);
            while ((n & ~0x7FL) != 0) {
                b[at++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            b[at++] = (byte) n;
            length = at;
        }

        void bool(boolean value) {
            ensure(1);
            bytes[length++] = (byte) (value ? 1 : 0);
        }

        /**
         * Length and UTF-8 bytes: the encoding kept in {@code slot} when the string is the very instance
         * written last in it (strings are immutable), else encoded now (and kept, when short).
         */
        void string(String value, int slot) {
            if (slot != UNIQUE && slotValues[slot] == value) {
                byte[] encoded = slotBytes[slot];
                ensure(encoded.length);
                System.arraycopy(encoded, 0, bytes, length, encoded.length);
                length += encoded.length;
                return;
            }
            int start = length;
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8); // ASCII: one vectorized copy, no char loop
            varLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            if (slot != UNIQUE && length - start <= KEPT_STRING_BYTES) {
                slotValues[slot] = value;
                slotBytes[slot] = Arrays.copyOfRange(bytes, start, length);
            }
        }

        /** A ["null", "string"] union. */
        void optionalString(String value, int slot) {
            if (value == null) {
                varLong(0);
            } else {
                varLong(1);
                string(value, slot);
            }
        }

        /** A ["null", "long"] union. */
        void optionalLong(Long value) {
            if (value == null) {
                varLong(0);
            } else {
                varLong(1);
                varLong(value);
            }
        }

        /** An array's one block header: its item count, none for an empty array. */
        void array(int items) {
            if (items > 0) {
                varLong(items);
            }
        }

        void arrayEnd() {
            varLong(0);
        }
    }
}
