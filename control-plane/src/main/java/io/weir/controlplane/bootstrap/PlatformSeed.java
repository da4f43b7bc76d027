package io.weir.controlplane.bootstrap;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.controlplane.command.CommandBus;
import io.weir.controlplane.security.PasswordHasher;
import io.weir.controlplane.security.SecurityConfig;
import io.weir.controlplane.view.TopicMirror;
import io.weir.controlplane.view.Views;
import io.weir.schema.common.AggregateType;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Seeds a new platform (see {@link SeedCommands}) from a background thread, never blocking start:
 * it waits until every management view has caught up, then, if no user exists at all, sends the seed
 * commands and writes the admin credentials file. A failure (the command processor not running yet,
 * a timeout) is retried with backoff; the deterministic command ids make retries safe.
 * {@link BootstrapReadiness} reports its state.
 */
@ApplicationScoped
public class PlatformSeed {

    private static final Logger LOG = Logger.getLogger(PlatformSeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Where bootstrap stands; {@code done} once nothing is left to do. */
    public record State(String name, boolean done, String detail) {
    }

    private final Views views;
    private final CommandBus bus;
    private final PasswordHasher hasher;
    private final SecurityConfig config;
    private volatile State state = new State("waiting for views", false, null);
    private ScheduledExecutorService executor;
    private Duration backoff = Duration.ofSeconds(1);

    PlatformSeed(Views views, CommandBus bus, PasswordHasher hasher, SecurityConfig config) {
        this.views = views;
        this.bus = bus;
        this.hasher = hasher;
        this.config = config;
    }

    /** After the views and the command bus have started (they observe at the default priority). */
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent started) {
        if (!config.bootstrapEnabled()) {
            state = new State("disabled", true, "weir.control-plane.security.bootstrap-enabled=false");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-bootstrap");
            thread.setDaemon(true);
            return thread;
        });
        executor.schedule(this::attempt, 0, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    public State state() {
        return state;
    }

    private void attempt() {
        try {
            List<TopicMirror<?>> mirrors = List.copyOf(views.all());
            if (mirrors.isEmpty() || !mirrors.stream().allMatch(TopicMirror::caughtUp)) {
                executor.schedule(this::attempt, POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (!views.users().all().isEmpty()) {
                state = new State("not needed", true, "users exist");
                return;
            }
            state = new State("seeding", false, null);
            Seeding.Outcome outcome = seeding().seed();
            if (outcome == Seeding.Outcome.ADMIN_CREATED) {
                LOG.infof("platform bootstrapped: the credentials of user '%s' are in %s (readable by you only)",
                        SeedCommands.ADMIN, config.bootstrapCredentialsFile().toAbsolutePath());
            } else {
                LOG.infof("platform bootstrapped; user '%s' was registered by another control-plane instance,"
                        + " whose bootstrap-credentials-file has its password", SeedCommands.ADMIN);
            }
            state = new State("seeded", true, outcome.name());
        } catch (RuntimeException e) {
            state = new State("failed, retrying", false, e.getMessage());
            LOG.warnf("platform bootstrap failed, retrying in %ss: %s", backoff.toSeconds(), e.getMessage());
            executor.schedule(this::attempt, backoff.toMillis(), TimeUnit.MILLISECONDS);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private Seeding seeding() {
        return new Seeding(bus::send,
                (username, version) -> views.awaitVersion(AggregateType.USER, username, version)
                        ? views.users().get(username) : Optional.empty(),
                hasher, AdminCredentials::generatePassword, config.bootstrapCredentialsFile(),
                config.bootstrapGatewayUrl(), Clock.systemUTC());
    }
}
