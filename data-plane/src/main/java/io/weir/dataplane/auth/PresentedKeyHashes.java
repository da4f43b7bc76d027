package io.weir.dataplane.auth;

import io.weir.schema.gateway.CredentialKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credential key (SHA-256, hex) of a presented API key, remembered for the keys a thread saw last.
 * A key is looked up on every call, and its SHA-256 and hex encoding were a few percent of an edge node's
 * event-loop time under load (JFR, GatewayBenchmark); a client calls with the same key again and again.
 *
 * <p>Per thread (the event loops), so nothing is shared or locked; at most {@value #PER_THREAD} keys per
 * thread, least recently used first out, and only keys of up to {@value #MAX_CACHED_LENGTH} characters (an
 * issued key is far shorter; a longer one is hashed every time and cannot flood the memory). The raw keys
 * stay in memory as long as they are remembered, as they would until the next garbage collection anyway.
 */
final class PresentedKeyHashes {

    static final int PER_THREAD = 1024;
    static final int MAX_CACHED_LENGTH = 128;

    private final ThreadLocal<Map<String, String>> recent = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > PER_THREAD;
                }
            });

    /** {@link CredentialKeys#forApiKey} of the key. */
    String of(String apiKey) {
        if (apiKey.length() > MAX_CACHED_LENGTH) {
            return CredentialKeys.forApiKey(apiKey);
        }
        Map<String, String> hashes = recent.get();
        String hash = hashes.get(apiKey);
        if (hash == null) {
            hash = CredentialKeys.forApiKey(apiKey);
            hashes.put(apiKey, hash);
        }
        return hash;
    }

    /** How many keys the calling thread remembers. */
    int rememberedByThisThread() {
        return recent.get().size();
    }
}
