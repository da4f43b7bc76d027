package io.weir.harness;

import io.weir.harness.kafka.KafkaBroker;
import io.weir.harness.postgres.PostgresServer;
import io.weir.harness.registry.ApicurioRegistry;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker, one registry and one database per test JVM, each started lazily on first use and stopped by
 * a shutdown hook when the JVM exits.
 *
 * <p>Quarkus loads the harness again in each test profile's class loaders; static state alone would then
 * start a second broker. So the copy of this class in the system class loader owns the processes, and the
 * copies in other class loaders ask it (reflectively, with JDK types only) for a description and build an
 * attached view from it.
 */
public final class SharedComponents {

    private static final Logger LOG = LoggerFactory.getLogger(SharedComponents.class);

    private static final Map<String, Component> LOCAL = new LinkedHashMap<>();
    private static final Map<String, Component> OWNED = new LinkedHashMap<>();
    private static boolean hookInstalled;

    private SharedComponents() {
    }

    public static KafkaBroker kafka() {
        return component("kafka", KafkaBroker::attach);
    }

    public static ApicurioRegistry registry() {
        return component("registry", ApicurioRegistry::attach);
    }

    public static PostgresServer postgres() {
        return component("postgres", PostgresServer::attach);
    }

    /**
     * For the copies of this class in other class loaders: starts the named component once (in the owner)
     * and returns its {@link Component#describe()}.
     */
    public static synchronized Map<String, String> describeShared(String name) {
        Component component = OWNED.get(name);
        if (component == null || !component.isRunning()) {
            component = start(name);
            OWNED.put(name, component);
            installShutdownHook();
        }
        return component.describe();
    }

    @SuppressWarnings("unchecked")
    private static synchronized <T extends Component> T component(String name, Function<Map<String, String>, T> attach) {
        Component existing = LOCAL.get(name);
        if (existing != null && existing.isRunning()) {
            return (T) existing;
        }
        Class<?> owner = ownerClass();
        T component;
        if (owner == SharedComponents.class) {
            describeShared(name);
            component = (T) OWNED.get(name);
        } else {
            component = attach.apply(describeThrough(owner, name));
        }
        LOCAL.put(name, component);
        return component;
    }

    private static Component start(String name) {
        Supplier<Component> starter = switch (name) {
            case "kafka" -> () -> KafkaBroker.builder().start();
            case "registry" -> () -> ApicurioRegistry.builder().start();
            case "postgres" -> () -> PostgresServer.builder().start();
            default -> throw new IllegalArgumentException("unknown shared component " + name);
        };
        long begin = System.nanoTime();
        Component component = starter.get();
        LOG.info("shared {} started in {} ms: {}", name, (System.nanoTime() - begin) / 1_000_000, component);
        return component;
    }

    private static Class<?> ownerClass() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedComponents.class.getClassLoader() == system) {
            return SharedComponents.class;
        }
        try {
            return Class.forName(SharedComponents.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return SharedComponents.class;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> describeThrough(Class<?> owner, String name) {
        try {
            return (Map<String, String>) owner.getMethod("describeShared", String.class).invoke(null, name);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared " + name + " through " + owner, e);
        }
    }

    private static void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(SharedComponents::stopAll, "weir-harness-shutdown"));
    }

    /** Stops every component this class loader owns, in parallel (the test JVM's exit waits for it). */
    static void stopAll() {
        List<Component> components;
        synchronized (SharedComponents.class) {
            components = List.copyOf(OWNED.values());
            OWNED.clear();
            LOCAL.clear();
        }
        components.parallelStream().forEach(component -> {
            try {
                component.stop();
            } catch (RuntimeException e) {
                System.err.println("weir harness: stopping " + component + " failed: " + e);
            }
        });
    }
}
