package io.weir.harness.load;

import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.common.Protocol;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import io.weir.schema.invocation.InvocationBatches;
import io.weir.schema.invocation.InvocationCredentialKind;
import io.weir.schema.invocation.InvocationKind;
import io.weir.schema.invocation.MessageDirection;
import io.weir.schema.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Invocation records as gateways write them (key = API id), deterministic for a seed: requests over
 * a few resources and applications with 2xx/4xx/5xx/throttled/auth-failure outcomes and latencies,
 * plus WebSocket-style connections and messages; optionally with repeated deliveries (the same
 * record twice), out-of-order records (a little in the past) and late ones (far in the past).
 *
 * <pre>{@code
 * List<Invocation> known = InvocationLoad.builder().organization("default").apis(List.of("api-1"))
 *         .start(Instant.now()).spacing(Duration.ofMillis(10)).repeatedEvery(25).lateEvery(40).generate(1000);
 * List<Invocation> written = InvocationLoad.produce(producer, "weir.invocation-batches", known);
 * }</pre>
 *
 * <p>{@code main} writes load to a running platform ({@code ./weir up}): arguments
 * {@code <bootstrap> <registry url> <count> [organization] [api id ...]}.
 */
public final class InvocationLoad {

    private final long seed;
    private final String organization;
    private final List<String> apis;
    private final List<String> environments;
    private final List<String> nodes;
    private final int applications;
    private final Instant start;
    private final Duration spacing;
    private final int repeatedEvery;
    private final int outOfOrderEvery;
    private final Duration outOfOrderBy;
    private final int lateEvery;
    private final Duration lateBy;
    private final int streamingEvery;

    private InvocationLoad(Builder builder) {
        this.seed = builder.seed;
        this.organization = builder.organization;
        this.apis = List.copyOf(builder.apis);
        this.environments = List.copyOf(builder.environments);
        this.nodes = List.copyOf(builder.nodes);
        this.applications = builder.applications;
        this.start = builder.start;
        this.spacing = builder.spacing;
        this.repeatedEvery = builder.repeatedEvery;
        this.outOfOrderEvery = builder.outOfOrderEvery;
        this.outOfOrderBy = builder.outOfOrderBy;
        this.lateEvery = builder.lateEvery;
        this.lateBy = builder.lateBy;
        this.streamingEvery = builder.streamingEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code count} distinct invocations in production order (plus the repeated deliveries, which
     * follow their original directly): the i-th is stamped {@code start + i × spacing}, minus
     * {@code outOfOrderBy} or {@code lateBy} for the out-of-order and late ones.
     */
    public List<Invocation> generate(int count) {
        Random random = new Random(seed);
        List<Invocation> invocations = new ArrayList<>(count + (repeatedEvery > 0 ? count / repeatedEvery : 0));
        for (int i = 0; i < count; i++) {
            Instant at = start.plus(spacing.multipliedBy(i));
            if (lateEvery > 0 && i % lateEvery == lateEvery - 1) {
                at = at.minus(lateBy);
            } else if (outOfOrderEvery > 0 && i % outOfOrderEvery == outOfOrderEvery - 1) {
                at = at.minus(outOfOrderBy);
            }
            Invocation invocation = streamingEvery > 0 && i % streamingEvery == streamingEvery - 1
                    ? streaming(random, at) : request(random, at);
            invocations.add(invocation);
            if (repeatedEvery > 0 && i % repeatedEvery == repeatedEvery - 1) {
                invocations.add(Invocation.newBuilder(invocation).build());
            }
        }
        return invocations;
    }

    private Invocation request(Random random, Instant at) {
        int outcome = random.nextInt(20);
        int status = switch (outcome) {
            case 0 -> 500;
            case 1 -> 503;
            case 2 -> 404;
            case 3 -> 401;
            case 4 -> 403;
            case 5 -> 429;
            default -> outcome % 3 == 0 ? 201 : 200;
        };
        long backend = 200 + (long) Math.abs(random.nextGaussian() * 20_000);
        boolean calledBackend = status != 401 && status != 403 && status != 429;
        return base(random, at)
                .setMethod(random.nextInt(4) == 0 ? "POST" : "GET")
                .setResource(List.of("/pets", "/pets/{id}", "/orders", "/orders/{id}/items").get(random.nextInt(4)))
                .setStatusCode(status)
                .setThrottled(status == 429)
                .setErrorCode(status >= 400 ? "E" + status : null)
                .setApplicationId(status == 401 ? null : "app-" + random.nextInt(applications))
                .setCredentialKind(status == 401 ? InvocationCredentialKind.NONE : InvocationCredentialKind.API_KEY)
                .setRequestBytes(random.nextInt(2_000))
                .setResponseBytes(calledBackend ? 200 + random.nextInt(20_000) : 120)
                .setBackendLatencyMicros(calledBackend ? backend : null)
                .setGatewayLatencyMicros((calledBackend ? backend : 0) + 150 + random.nextInt(3_000))
                .setProtocol(Protocol.HTTP).setKind(InvocationKind.REQUEST)
                .build();
    }

    private Invocation streaming(Random random, Instant at) {
        int what = random.nextInt(4);
        InvocationKind kind = what == 0 ? InvocationKind.CONNECTION_OPENED : what == 1 ? InvocationKind.CONNECTION_CLOSED
                : InvocationKind.MESSAGE;
        MessageDirection direction = kind != InvocationKind.MESSAGE ? null
                : what == 2 ? MessageDirection.INBOUND : MessageDirection.OUTBOUND;
        int messages = kind == InvocationKind.MESSAGE ? 1 + random.nextInt(5) : 1;
        return base(random, at)
                .setMethod(kind == InvocationKind.MESSAGE ? (direction == MessageDirection.INBOUND ? "PUBLISH" : "SUBSCRIBE") : "GET")
                .setResource("/chat")
                .setStatusCode(kind == InvocationKind.CONNECTION_CLOSED ? 1000 : kind == InvocationKind.CONNECTION_OPENED ? 101 : 200)
                .setApplicationId("app-" + random.nextInt(applications))
                .setCredentialKind(InvocationCredentialKind.OAUTH2_TOKEN)
                .setRequestBytes(direction == MessageDirection.INBOUND ? 50L * messages : 0)
                .setResponseBytes(direction == MessageDirection.OUTBOUND ? 80L * messages : 0)
                .setGatewayLatencyMicros(100 + random.nextInt(500))
                .setBackendLatencyMicros(null)
                .setProtocol(Protocol.WS).setKind(kind).setDirection(direction).setMessageCount(messages)
                .build();
    }

    private Invocation.Builder base(Random random, Instant at) {
        return Invocation.newBuilder()
                .setInvocationId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setTimestamp(at)
                .setApiId(apis.get(random.nextInt(apis.size())))
                .setApiRevision(1L)
                .setEnvironment(environments.get(random.nextInt(environments.size())))
                .setOrganization(organization)
                .setGatewayNode(nodes.get(random.nextInt(nodes.size())))
                .setCorrelationId(null);
    }

    /**
     * Writes the invocations as a gateway node's recorder does - every {@code maxBatch} consecutive
     * invocations (in list order) are one drain, cut into {@link InvocationBatch} records by
     * {@link InvocationBatches} (one per API id among them, more when one would pass
     * {@value InvocationBatches#MAX_RECORD_BYTES} bytes), each keyed by its API id - and waits until all
     * are acknowledged. Returns the invocations in the order they were written (the order within an API
     * is kept; two APIs' invocations of one drain follow one another), which is the order a reader of the
     * topic sees them in per partition. {@code maxBatch} 1 writes a batch per invocation, in list order.
     */
    public static List<Invocation> produce(Producer<String, InvocationBatch> producer, String topic,
                                           List<Invocation> invocations, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        List<Invocation> written = new ArrayList<>(invocations.size());
        for (int from = 0; from < invocations.size(); from += maxBatch) {
            List<Invocation> drained = invocations.subList(from, Math.min(invocations.size(), from + maxBatch));
            for (List<Invocation> batch : InvocationBatches.of(drained, InvocationBatches.MAX_RECORD_BYTES)) {
                producer.send(new ProducerRecord<>(topic, batch.get(0).getApiId(), new InvocationBatch(batch)));
                written.addAll(batch);
            }
        }
        producer.flush();
        return written;
    }

    /** {@link #produce(Producer, String, List, int)} in drains of {@value InvocationBatches#DRAIN_SIZE}, as a node drains. */
    public static List<Invocation> produce(Producer<String, InvocationBatch> producer, String topic,
                                           List<Invocation> invocations) {
        return produce(producer, topic, invocations, InvocationBatches.DRAIN_SIZE);
    }

    /** A producer tuned for throughput (batches, lz4), as the gateways' recorder is. */
    public static KafkaProducer<String, InvocationBatch> producer(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = AvroSerdes.producerConfig(bootstrapServers, registryUrl);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config);
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: InvocationLoad <bootstrap> <registry url> <count> [organization] [api id ...]");
            System.exit(2);
        }
        Builder builder = builder().start(Instant.now()).spacing(Duration.ofMillis(1));
        if (args.length > 3) {
            builder.organization(args[3]);
        }
        if (args.length > 4) {
            builder.apis(List.of(args).subList(4, args.length));
        }
        List<Invocation> load = builder.generate(Integer.parseInt(args[2]));
        try (KafkaProducer<String, InvocationBatch> producer = producer(args[0], args[1])) {
            produce(producer, TopicNaming.defaults().name(Topics.INVOCATION_BATCHES), load);
        }
        System.out.println(load.size() + " invocation records written");
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private long seed = 42;
        private String organization = "default";
        private List<String> apis = List.of("api-1", "api-2", "api-3");
        private List<String> environments = List.of("production", "sandbox");
        private List<String> nodes = List.of("node-a", "node-b");
        private int applications = 4;
        private Instant start = Instant.parse("2026-11-27T10:00:00Z");
        private Duration spacing = Duration.ofMillis(10);
        private int repeatedEvery;
        private int outOfOrderEvery;
        private Duration outOfOrderBy = Duration.ofSeconds(20);
        private int lateEvery;
        private Duration lateBy = Duration.ofHours(2);
        private int streamingEvery;

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        public Builder apis(List<String> apis) {
            this.apis = apis;
            return this;
        }

        public Builder environments(List<String> environments) {
            this.environments = environments;
            return this;
        }

        public Builder nodes(List<String> nodes) {
            this.nodes = nodes;
            return this;
        }

        public Builder applications(int applications) {
            this.applications = applications;
            return this;
        }

        /** Timestamp of the first invocation. */
        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        /** Event time between consecutive invocations. */
        public Builder spacing(Duration spacing) {
            this.spacing = spacing;
            return this;
        }

        /** Every n-th invocation is delivered twice (0 = never). */
        public Builder repeatedEvery(int n) {
            this.repeatedEvery = n;
            return this;
        }

        /** Every n-th invocation is stamped {@code by} earlier (0 = never). */
        public Builder outOfOrderEvery(int n, Duration by) {
            this.outOfOrderEvery = n;
            this.outOfOrderBy = by;
            return this;
        }

        /** Every n-th invocation is stamped {@code by} earlier: past the grace of some windows (0 = never). */
        public Builder lateEvery(int n, Duration by) {
            this.lateEvery = n;
            this.lateBy = by;
            return this;
        }

        /** Every n-th invocation is a connection event or a message instead of a request (0 = never). */
        public Builder streamingEvery(int n) {
            this.streamingEvery = n;
            return this;
        }

        public List<Invocation> generate(int count) {
            return new InvocationLoad(this).generate(count);
        }
    }
}
