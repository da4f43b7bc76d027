package io.weir.harness.orphan;

import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.postgres.PostgresServer;
import io.weir.harness.registry.ApicurioRegistry;
import java.util.concurrent.CountDownLatch;

/**
 * Run by {@link OrphanGuardIT} as a child JVM that gets {@code kill -9}ed: starts a broker, a registry and
 * a database, all guarded against outliving this JVM, prints their pids and directories, and waits.
 */
public final class OrphanedComponentsMain {

    static final String MARKER = "WEIR-ORPHANS";

    private OrphanedComponentsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaBroker kafka = KafkaBroker.builder().heap("256m").start();
        ApicurioRegistry registry = ApicurioRegistry.builder().start();
        PostgresServer postgres = PostgresServer.builder().start();
        System.out.println(MARKER
                + " kafka=" + kafka.pid() + " kafkaDir=" + kafka.dataDir().getParent()
                + " registry=" + registry.pid() + " registryDir=" + registry.workDir()
                + " postgres=" + postgres.pid() + " pgdata=" + postgres.dataDir());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
