package io.weir.harness.quarkus;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/** Registered in META-INF/services for {@link WeirTestResourceIT}: what an app module's customizer does. */
public final class TopicCreatingCustomizer implements WeirTestResourceCustomizer {

    static final String TOPIC = "harness-customizer-topic";
    static final String MARKER_KEY = "weir.harness.test.customizer";

    @Override
    public void beforeQuarkusStarts(WeirTestContext context) {
        context.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
        context.config().put(MARKER_KEY, "applied");
    }
}
