package io.weir.processors.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a gateway projection last emitted for one owner (an API, an application): per output key, the
 * SHA-256 of the record's Avro encoding, in a store keyed {@code <length of owner>:<owner>/<output key>}
 * (the length keeps the prefix scan of owner {@code a} from matching owner {@code a/b}: ids are not
 * validated anywhere). {@link #replace} compares that with what should be on the gateway topic now
 * and forwards only the difference: a tombstone for every output key that is gone, the record for
 * every key that is new or changed, nothing for what did not change. That makes tombstones exact (an
 * environment undeployed, a key revoked) and keeps unrelated updates of the owner (a working-copy
 * edit, a new description) off the gateway topics. Digests rather than records keep the store small
 * when records are large: an application's every credential carries all its subscriptions.
 */
final class EmittedRecords<V extends SpecificRecord> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, String> store;
    private SpecificDatumWriter<V> writer;
    private BinaryEncoder encoder;

    EmittedRecords(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /**
     * @param desired what the gateway topic should hold for the owner now, by output key (empty when
     *                the owner is gone)
     * @param forward receives (output key, record or null for a tombstone) for each difference
     */
    void replace(String owner, Map<String, V> desired, BiConsumer<String, V> forward) {
        String prefix = owner.length() + ":" + owner + "/";
        Map<String, String> previous = emitted(prefix);
        previous.forEach((key, digest) -> {
            if (!desired.containsKey(key)) {
                store.delete(prefix + key);
                forward.accept(key, null);
            }
        });
        desired.forEach((key, value) -> {
            String digest = digest(value);
            if (!digest.equals(previous.get(key))) {
                store.put(prefix + key, digest);
                forward.accept(key, value);
            }
        });
    }

    private Map<String, String> emitted(String prefix) {
        Map<String, String> emitted = new TreeMap<>();
        try (KeyValueIterator<String, String> entries = store.prefixScan(prefix, KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                emitted.put(entry.key.substring(prefix.length()), entry.value);
            }
        }
        return emitted;
    }

    /** SHA-256 of the record's Avro binary encoding: equal records, equal digests (no maps in them). */
    private String digest(V record) {
        if (writer == null) {
            writer = new SpecificDatumWriter<>(record.getSchema());
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256);
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            writer.write(record, encoder);
            encoder.flush();
            return HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
