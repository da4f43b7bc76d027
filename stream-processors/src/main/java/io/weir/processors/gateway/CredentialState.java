package io.weir.processors.gateway;

import io.weir.schema.gateway.GatewayCredential;
import io.weir.schema.view.ApplicationView;
import io.weir.schema.view.SubscriptionView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The state of the credentials projection on one application partition: the application views,
 * the subscriptions by application ({@code <applicationId>/<subscriptionId>}, so an application's
 * subscriptions are one prefix scan however many there are) and what was emitted per application.
 * Both processors of {@link GatewayCredentialsTopology} share it; whichever side changed, the
 * application's credentials are recomputed from it and only the differences are forwarded.
 */
final class CredentialState {

    static final String APPLICATIONS = "gateway-credential-applications";
    static final String SUBSCRIPTIONS = "gateway-credential-subscriptions";
    static final String EMITTED = "gateway-credentials-emitted";

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, ApplicationView> applications;
    private final KeyValueStore<String, SubscriptionView> subscriptions;
    private final EmittedRecords<GatewayCredential> emitted;

    CredentialState(ProcessingContext context) {
        this.applications = context.getStateStore(APPLICATIONS);
        this.subscriptions = context.getStateStore(SUBSCRIPTIONS);
        KeyValueStore<String, String> emittedStore = context.getStateStore(EMITTED);
        this.emitted = new EmittedRecords<>(emittedStore);
    }

    /** A new application view, or null when it was deleted. */
    void application(String applicationId, ApplicationView view) {
        if (view == null || view.getDeleted()) {
            applications.delete(applicationId);
        } else {
            applications.put(applicationId, view);
        }
    }

    /** A subscription of the application changed; a deleted one is forgotten. */
    void subscription(String applicationId, SubscriptionView view) {
        String key = applicationId + "/" + view.getSubscriptionId();
        if (view.getDeleted()) {
            subscriptions.delete(key);
        } else {
            subscriptions.put(key, view);
        }
    }

    /**
     * Recomputes the application's credentials and forwards what changed: tombstones for keys and
     * clients that are gone (or for all of them when the application is), records for the rest.
     * Subscriptions of an application not seen yet wait in the store until it arrives.
     */
    void publish(String applicationId, BiConsumer<String, GatewayCredential> forward) {
        emitted.replace(applicationId,
                ApplicationCredentials.of(applications.get(applicationId), subscriptionsOf(applicationId)), forward);
    }

    private List<SubscriptionView> subscriptionsOf(String applicationId) {
        List<SubscriptionView> found = new ArrayList<>();
        try (KeyValueIterator<String, SubscriptionView> entries = subscriptions.prefixScan(applicationId + "/", KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, SubscriptionView> entry = entries.next();
                // ApplicationCredentials keeps only those whose applicationId matches exactly
                found.add(entry.value);
            }
        }
        return found;
    }
}
