package io.weir.cdc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.harness.junit.ApicurioRegistryExtension;
import io.weir.harness.junit.KafkaBrokerExtension;
import io.weir.harness.junit.PostgresExtension;
import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.postgres.PostgresServer;
import io.weir.harness.registry.ApicurioRegistry;
import io.weir.schema.catalog.CatalogServiceIds;
import io.weir.schema.catalog.RegisterCatalogService;
import io.weir.schema.catalog.UpdateCatalogService;
import io.weir.schema.catalogue.TopicBootstrap;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.cdc.ChangeRecord;
import io.weir.schema.command.CommandEnvelope;
import io.weir.schema.registry.SchemaRegistration;
import io.weir.schema.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources against a real PostgreSQL (pgoutput), broker and registry: what lands on the topics, the
 * schema evolution and catalog registration, clean stop and restart, the database going down, and
 * bad configuration reported per source.
 */
@ExtendWith({KafkaBrokerExtension.class, ApicurioRegistryExtension.class, PostgresExtension.class})
class SourceEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TopicNaming NAMING = TopicNaming.defaults();

    private final List<SourceEngine> engines = new ArrayList<>();
    private String bootstrap;
    private String registryUrl;
    private ChangeCapture capture;

    @BeforeEach
    void start(KafkaBroker kafka, ApicurioRegistry registry) {
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.url();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicBootstrap(admin, NAMING, (short) 1).ensure(Topics.ALL);
        }
        capture = new ChangeCapture(NAMING, bootstrap, registryUrl, Optional.of("default"), bootstrap,
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        engines.forEach(SourceEngine::close);
        capture.close();
    }

    @Test
    void capturesRowChangesEvolvesTheSchemaRegistersInTheCatalogAndRestartsExactly(PostgresServer postgres) {
        Database shop = Database.create(postgres, "shop");
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2))",
                "INSERT INTO orders VALUES (1, 'ada', 10.50)");
        SourceSettings settings = settings("shop", shop.sourceProperties("public.orders"));
        SourceEngine source = started(settings);
        String topic = NAMING.cdcTopic("shop", "public", "orders");

        try (ChangeTopic changes = new ChangeTopic(bootstrap, registryUrl, topic)) {
            awaitChanges(changes, "SNAPSHOT:1");
            shop.execute("INSERT INTO orders VALUES (2, 'bob', 20)", "UPDATE orders SET total = 25 WHERE id = 2",
                    "DELETE FROM orders WHERE id = 1");
            awaitChanges(changes, "SNAPSHOT:1", "INSERT:2", "UPDATE:2", "DELETE:1");

            ChangeTopic.Change update = changes.changes().get(2);
            assertThat(update.key()).isEqualTo("2");
            assertThat(update.value().get(ChangeRecord.LSN)).isInstanceOf(Long.class);
            assertThat(update.value().get(ChangeRecord.TX_ID)).isInstanceOf(Long.class);
            assertThat(update.value().get(ChangeRecord.COMMITTED_AT)).isNotNull();
            assertThat(((GenericRecord) update.value().get(ChangeRecord.AFTER)).get("total").toString()).isEqualTo("25.00");
            assertThat(((GenericRecord) changes.changes().get(3).value().get(ChangeRecord.BEFORE)).get("id")).isEqualTo(1);

            // a column added: a new, BACKWARD-compatible schema version, and a new catalog version
            shop.execute("ALTER TABLE orders ADD COLUMN note text", "INSERT INTO orders VALUES (3, 'cy', 1, 'rush')");
            awaitChanges(changes, "SNAPSHOT:1", "INSERT:2", "UPDATE:2", "DELETE:1", "INSERT:3");
            assertThat(((GenericRecord) changes.changes().get(4).value().get(ChangeRecord.AFTER)).get("note").toString())
                    .isEqualTo("rush");
            SchemaRegistration registry = new SchemaRegistration(registryUrl);
            assertThat(registry.compatibilityRule(topic + "-value")).isEqualTo("BACKWARD");
            assertThat(new Schema.Parser().parse(registry.latestSchema(topic + "-value")).toString()).contains("\"note\"");
            // first sight: register, and update in case the service existed with an older version
            List<CommandEnvelope> catalog = catalogCommands("shop.public.orders", 3);
            assertThat(catalog).extracting(c -> c.getPayload().getClass().getSimpleName())
                    .containsExactly("RegisterCatalogService", "UpdateCatalogService", "UpdateCatalogService");
            RegisterCatalogService register = (RegisterCatalogService) catalog.get(0).getPayload();
            assertThat(register.getSpec().getVersion()).isEqualTo("1");
            assertThat(register.getSpec().getKafkaTopic()).isEqualTo(topic);
            assertThat(register.getSpec().getDefinition().getContent()).contains("\"asyncapi\" : \"3.0.0\"")
                    .contains("\"address\" : \"" + topic + "\"");
            assertThat(((UpdateCatalogService) catalog.get(2).getPayload()).getSpec().getVersion()).isEqualTo("2");
            assertThat(((UpdateCatalogService) catalog.get(2).getPayload()).getSpec().getDefinition().getContent())
                    .contains("\"note\"");

            // clean stop: what changes meanwhile is delivered after the restart, exactly once
            source.close();
            engines.remove(source);
            shop.execute("INSERT INTO orders VALUES (4, 'dee', 4)", "UPDATE orders SET note = 'late' WHERE id = 3",
                    "DELETE FROM orders WHERE id = 2");
            started(settings);
            awaitChanges(changes, "SNAPSHOT:1", "INSERT:2", "UPDATE:2", "DELETE:1", "INSERT:3", "INSERT:4", "UPDATE:3",
                    "DELETE:2");
        }
    }

    @Test
    void aSourceWhoseDatabaseGoesDownIsReportedRetriedAndResumesWithoutStoppingTheOthers(
            PostgresServer shared, @TempDir Path dir) {
        Database healthy = Database.create(shared, "healthy");
        healthy.execute("CREATE TABLE ticks (id int PRIMARY KEY)", "INSERT INTO ticks VALUES (0)");
        SourceEngine other = started(settings("healthy", healthy.sourceProperties("public.ticks")));

        PostgresServer own = PostgresServer.builder().dataDir(dir).start();
        int port = own.port();
        try {
            Database flaky = Database.create(own, "flaky");
            flaky.execute("CREATE TABLE events (id int PRIMARY KEY)", "INSERT INTO events VALUES (0)");
            SourceEngine source = started(settings("flaky", flaky.sourceProperties("public.events")));
            try (ChangeTopic changes = new ChangeTopic(bootstrap, registryUrl, NAMING.cdcTopic("flaky", "public", "events"))) {
                awaitChanges(changes, "SNAPSHOT:0"); // snapshot done: what follows streams
                flaky.execute("INSERT INTO events VALUES (1)");
                awaitChanges(changes, "SNAPSHOT:0", "INSERT:1");

                own.stop();
                Awaitility.await().alias("flaky reported failed").atMost(WAIT)
                        .until(() -> source.status().state() == SourceEngine.State.FAILED);
                assertThat(source.status().detail()).contains("next attempt in");
                healthy.execute("INSERT INTO ticks VALUES (1)");
                try (ChangeTopic ticks = new ChangeTopic(bootstrap, registryUrl, NAMING.cdcTopic("healthy", "public", "ticks"))) {
                    awaitChanges(ticks, "SNAPSHOT:0", "INSERT:1");
                }
                assertThat(other.status().state()).isEqualTo(SourceEngine.State.STREAMING);

                own = PostgresServer.builder().dataDir(dir).port(port).start();
                Database back = new Database(own, "flaky");
                awaitStreaming(source);
                back.execute("INSERT INTO events VALUES (2)");
                awaitChanges(changes, "SNAPSHOT:0", "INSERT:1", "INSERT:2");
            }
        } finally {
            engines.forEach(SourceEngine::close);
            engines.clear();
            own.stop();
        }
    }

    @Test
    void badConfigurationIsAClearErrorOfThatSourceAlone(PostgresServer shared, @TempDir Path dir) {
        Database db = Database.create(shared, "config");
        db.execute("CREATE TABLE items (id int PRIMARY KEY)", "INSERT INTO items VALUES (0)");
        SourceEngine good = started(settings("good", db.sourceProperties("public.items")));
        SourceEngine unknownClass = started(new SourceSettings("unknown_class", "com.example.NoSuchConnector",
                db.sourceProperties("public.items"), bootstrap, "weir.cdc-connectors.offsets", (short) 1,
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2)));
        Map<String, String> badUser = db.sourceProperties("public.items");
        badUser.put("database.user", "nobody");
        SourceEngine credentials = started(settings("bad_credentials", badUser));
        SourceEngine missingTable = started(settings("missing_table", db.sourceProperties("public.items", "public.nope")));

        PostgresServer replica = PostgresServer.builder().dataDir(dir).start();
        try {
            new Database(replica, "postgres").execute("ALTER SYSTEM SET wal_level = replica");
            int port = replica.port();
            replica.stop();
            replica = PostgresServer.builder().dataDir(dir).port(port).start();
            Database physical = Database.create(replica, "physical");
            physical.execute("CREATE TABLE items (id int PRIMARY KEY)");
            SourceEngine walLevel = started(settings("wal_level", physical.sourceProperties("public.items")));

            awaitFailed(unknownClass, "unknown connector class com.example.NoSuchConnector");
            awaitFailed(credentials, "role \"nobody\" does not exist");
            awaitFailed(missingTable, "table.include.list names a table that does not exist");
            assertThat(missingTable.status().detail()).contains("public.nope").doesNotContain("public.items");
            awaitFailed(walLevel, "wal_level=replica: CDC needs wal_level=logical");
            assertThat(credentials.status().detail()).contains("next attempt in");
            assertThat(unknownClass.status().detail()).contains("not retried");

            awaitStreaming(good);
            try (ChangeTopic changes = new ChangeTopic(bootstrap, registryUrl, NAMING.cdcTopic("good", "public", "items"))) {
                awaitChanges(changes, "SNAPSHOT:0");
                db.execute("INSERT INTO items VALUES (7)");
                awaitChanges(changes, "SNAPSHOT:0", "INSERT:7");
            }
        } finally {
            engines.forEach(SourceEngine::close);
            engines.clear();
            replica.stop();
        }
    }

    private SourceSettings settings(String name, Map<String, String> properties) {
        return new SourceSettings(name, EngineProperties.POSTGRES_CONNECTOR, properties, bootstrap,
                "weir.cdc-connectors.offsets", (short) 1, Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private SourceEngine started(SourceSettings settings) {
        SourceEngine engine = capture.engine(settings);
        engines.add(engine);
        engine.start();
        return engine;
    }

    private static void awaitStreaming(SourceEngine engine) {
        Awaitility.await().alias(engine.name() + " streaming").atMost(WAIT)
                .until(() -> engine.status().state() == SourceEngine.State.STREAMING);
    }

    private static void awaitFailed(SourceEngine engine, String reason) {
        Awaitility.await().alias(engine.name() + " failed with " + reason).atMost(WAIT)
                .until(() -> engine.status().state() == SourceEngine.State.FAILED
                        && engine.status().detail().contains(reason));
    }

    private static void awaitChanges(ChangeTopic topic, String... expected) {
        Awaitility.await().alias("changes " + List.of(expected)).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(topic.summary()).containsExactly(expected));
    }

    private List<CommandEnvelope> catalogCommands(String serviceName, int atLeast) {
        String serviceId = CatalogServiceIds.of("default", serviceName);
        Map<String, Object> config = AvroSerdes.consumerConfig(bootstrap, registryUrl, "test-" + UUID.randomUUID());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<CommandEnvelope> commands = new ArrayList<>();
        try (KafkaConsumer<String, CommandEnvelope> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(NAMING.name(Topics.COMMANDS)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().alias("catalog commands of " + serviceName).atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (serviceId.equals(record.key())) {
                        commands.add(record.value());
                    }
                });
                return commands.size() >= atLeast;
            });
        }
        return commands;
    }
}
