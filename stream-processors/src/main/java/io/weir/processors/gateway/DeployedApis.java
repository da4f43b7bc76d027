package io.weir.processors.gateway;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.ApiSettings;
import io.weir.schema.api.ApiSnapshot;
import io.weir.schema.api.ApiType;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.gateway.TopicBinding;
import io.weir.schema.view.ApiDeploymentView;
import io.weir.schema.view.ApiRevisionView;
import io.weir.schema.view.ApiView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * What the gateways of each environment serve for one API: for every deployment, the deployed
 * revision's snapshot (never the working copy) resolved into a {@link GatewayApi}, with the API's
 * current lifecycle status (a BLOCKED or RETIRED API stays deployed, and the gateway refuses it).
 * A pure function of the API view.
 */
final class DeployedApis {

    private static final Logger LOG = Logger.getLogger(DeployedApis.class);

    private DeployedApis() {
    }

    /** The weir.gateway.apis key of an API in an environment. */
    static String key(String environment, String apiId) {
        return environment + "/" + apiId;
    }

    /** By weir.gateway.apis key; empty for a deleted (or null) API. */
    static Map<String, GatewayApi> of(ApiView api) {
        Map<String, GatewayApi> deployed = new TreeMap<>();
        if (api == null || api.getDeleted()) {
            return deployed;
        }
        for (ApiDeploymentView deployment : api.getDeployments()) {
            Optional<ApiRevisionView> revision = api.getRevisions().stream()
                    .filter(r -> r.getRevision() == deployment.getRevision()).findFirst();
            if (revision.isEmpty()) {
                // the API aggregate refuses to delete a deployed revision, so this is a broken log:
                // serve nothing rather than something that was never deployed
                LOG.warnf("API %s is deployed to %s at revision %d, which it does not have: not served there",
                        api.getApiId(), deployment.getEnvironment(), deployment.getRevision());
                continue;
            }
            deployed.put(key(deployment.getEnvironment(), api.getApiId()),
                    resolve(api, deployment, revision.get().getSnapshot()));
        }
        return deployed;
    }

    private static GatewayApi resolve(ApiView api, ApiDeploymentView deployment, ApiSnapshot snapshot) {
        ApiSettings settings = snapshot.getSettings();
        return GatewayApi.newBuilder()
                .setEnvironment(deployment.getEnvironment())
                .setApiId(api.getApiId())
                .setOrganization(api.getOrganization())
                .setName(snapshot.getName())
                .setContext(snapshot.getContext())
                .setVersion(snapshot.getVersion())
                .setApiType(snapshot.getApiType())
                .setRevision(deployment.getRevision())
                .setLifecycleStatus(api.getLifecycleStatus())
                .setEndpoints(settings.getEndpoints())
                .setResources(settings.getResources())
                .setAuth(settings.getAuth())
                .setCors(settings.getCors())
                .setMaxRequestBytes(settings.getMaxRequestBytes())
                .setAllowedTiers(settings.getAllowedTiers())
                .setApiThrottlingPolicy(settings.getApiThrottlingPolicy())
                .setTopicBindings(snapshot.getApiType() == ApiType.STREAM ? topicBindings(settings.getResources())
                        : List.of())
                .setDeployedAt(deployment.getDeployedAt())
                .build();
    }

    /**
     * A STREAM API's channels and the Kafka topics behind them. A channel without a topic of its own
     * is bound to the topic named like its address — the default the AsyncAPI import applies too.
     */
    private static List<TopicBinding> topicBindings(List<ApiResource> resources) {
        List<TopicBinding> bindings = new ArrayList<>();
        for (ApiResource resource : resources) {
            bindings.add(TopicBinding.newBuilder()
                    .setChannel(resource.getPath())
                    .setKafkaTopic(resource.getKafkaTopic() != null ? resource.getKafkaTopic() : resource.getPath())
                    .setOperations(resource.getOperations())
                    .build());
        }
        return bindings;
    }
}
