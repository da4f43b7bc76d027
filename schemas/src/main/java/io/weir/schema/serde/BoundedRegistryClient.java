package io.weir.schema.serde;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The registry as Weir's serdes see it: every call bounded and retried by a {@link RegistryCallPolicy},
 * and what cannot change remembered for the whole process. Apicurio's own client (serdes 3.1.7) waits
 * for an answer without any limit, and its retry never fires behind the Vert.x adapter (it looks at the
 * wrapping exception, not the cause); its schema cache is per serde and reloads each entry every
 * {@code apicurio.registry.check-period-ms} on the calling thread.
 *
 * <p>Remembered here, shared by every serde of the process against the same registry: a schema and its
 * references by global id, content id, content hash or named version (a reference names one), all
 * immutable in the registry; and the version that {@code FIND_OR_CREATE_VERSION} returned for an
 * artifact and content (changes only if someone deletes the artifact). So an expired serde cache entry is refilled without a round trip, and
 * {@link SchemaWarmup} can resolve every catalogue schema once, off the hot threads.
 */
final class BoundedRegistryClient implements RegistryClientFacade {

    private final RegistryClientFacade registry;
    private final String registryUrl;
    private final RegistryCallPolicy policy;
    private final Map<List<Object>, Object> settled;

    /** @param settled what the registry at {@code registryUrl} answered that cannot change, shared per URL */
    BoundedRegistryClient(RegistryClientFacade registry, String registryUrl, RegistryCallPolicy policy,
                          Map<List<Object>, Object> settled) {
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.policy = policy;
        this.settled = settled;
    }

    @Override
    public String getSchemaByContentId(Long contentId) {
        return settled("schema of content id " + contentId, () -> registry.getSchemaByContentId(contentId),
                "schemaByContentId", contentId);
    }

    @Override
    public String getSchemaByGlobalId(long globalId, boolean dereferenced) {
        return settled("schema of global id " + globalId, () -> registry.getSchemaByGlobalId(globalId, dereferenced),
                "schemaByGlobalId", globalId, dereferenced);
    }

    @Override
    public String getSchemaByGAV(String groupId, String artifactId, String version) {
        String lookup = "schema of " + artifactId + " version " + version;
        Supplier<String> load = () -> registry.getSchemaByGAV(groupId, artifactId, version);
        return isFixed(version) ? settled(lookup, load, "schemaByGAV", groupId, artifactId, version) : call(lookup, load);
    }

    @Override
    public String getSchemaByContentHash(String contentHash) {
        return settled("schema of content hash " + contentHash, () -> registry.getSchemaByContentHash(contentHash),
                "schemaByContentHash", contentHash);
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
        return settled("references of content id " + contentId, () -> registry.getReferencesByContentId(contentId),
                "referencesByContentId", contentId);
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
        return settled("references of global id " + globalId, () -> registry.getReferencesByGlobalId(globalId),
                "referencesByGlobalId", globalId);
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
        String lookup = "references of " + artifactId + " version " + version;
        Supplier<List<RegistryArtifactReference>> load = () -> registry.getReferencesByGAV(groupId, artifactId, version);
        return isFixed(version) ? settled(lookup, load, "referencesByGAV", groupId, artifactId, version)
                : call(lookup, load);
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
        return settled("references of content hash " + contentHash,
                () -> registry.getReferencesByContentHash(contentHash), "referencesByContentHash", contentHash);
    }

    @Override
    public List<RegistryVersionCoordinates> searchVersionsByContent(String content, String artifactType,
                                                                    ArtifactReference reference, boolean canonical) {
        return call("versions of " + reference.getArtifactId() + " with this content",
                () -> registry.searchVersionsByContent(content, artifactType, reference, canonical));
    }

    @Override
    public RegistryVersionCoordinates createSchema(String artifactType, String groupId, String artifactId,
                                                  String version, String ifExists, boolean canonical, String content,
                                                  Set<RegistryArtifactReference> references) {
        String lookup = "the version of " + artifactId + " for this schema (" + ifExists + ")";
        if (!"FIND_OR_CREATE_VERSION".equals(ifExists)) {
            return call(lookup, () -> registry.createSchema(artifactType, groupId, artifactId, version, ifExists,
                    canonical, content, references));
        }
        // two processes registering the same new artifact at once: the registry answers the loser 409
        // ("already exists"); asked again, it finds what the winner created
        Supplier<RegistryVersionCoordinates> findOrCreate = () -> {
            try {
                return registry.createSchema(artifactType, groupId, artifactId, version, ifExists, canonical, content,
                        references);
            } catch (RuntimeException e) {
                if (isConcurrentCreation(e)) {
                    return registry.createSchema(artifactType, groupId, artifactId, version, ifExists, canonical,
                            content, references);
                }
                throw e;
            }
        };
        return settled(lookup, findOrCreate, "version", artifactType, groupId, artifactId, version, canonical, content,
                references);
    }

    @Override
    public RegistryVersionCoordinates getVersionCoordinatesByGAV(String groupId, String artifactId, String version) {
        return call("coordinates of " + artifactId + " version " + version,
                () -> registry.getVersionCoordinatesByGAV(groupId, artifactId, version));
    }

    @Override
    public Object getClient() {
        return registry.getClient();
    }

    @SuppressWarnings("unchecked")
    private <T> T settled(String lookup, Supplier<T> load, Object... key) {
        List<Object> cacheKey = Arrays.asList(key);
        Object known = settled.get(cacheKey);
        if (known != null) {
            return (T) known;
        }
        T loaded = call(lookup, load);
        if (loaded != null) {
            settled.putIfAbsent(cacheKey, loaded);
        }
        return loaded;
    }

    private <T> T call(String lookup, Supplier<T> load) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= policy.retries(); attempt++) {
            if (attempt > 0) {
                pause(lookup, attempt);
            }
            try {
                return load.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw new RegistryUnavailableException(registryUrl, lookup, policy, last);
    }

    private void pause(String lookup, int retry) {
        try {
            Thread.sleep(policy.backoffBefore(retry).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(registryUrl, lookup, e);
        }
    }

    /** A named version (a schema's references name one) never changes; "latest" or a branch does. */
    private static boolean isFixed(String version) {
        return version != null && !version.equalsIgnoreCase("latest") && !version.startsWith("branch=");
    }

    /** A 409: someone else created the artifact or version between the registry's look-up and its insert. */
    static boolean isConcurrentCreation(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof ApiException answer) {
                return answer.getResponseStatusCode() == 409;
            }
        }
        return false;
    }

    /** An answer of the registry is final unless it is a 5xx; no answer at all is always worth another try. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof ApiException answer) {
                return answer.getResponseStatusCode() >= 500;
            }
        }
        return true;
    }
}
