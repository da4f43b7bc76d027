package io.weir.controlplane.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The RS256 keys that sign tokens, kept only on local disk under one directory as
 * {@code <kid>.key.pem} (PKCS#8) and {@code <kid>.pub.pem} (X.509), never on Kafka. The key id starts
 * with the key's creation time ({@code 20250101T120000000Z-1a2b3c4d}), so the directory alone says
 * which key is active (the newest) and when each older one was replaced.
 *
 * <p>Rotation: once the active key is {@code rotationPeriod} old, the next signing creates a new key
 * and uses it. A replaced key keeps verifying, and stays in the JWKS, for {@code retention}
 * (token lifetime + grace) after its replacement, then its files are deleted.
 *
 * <p>Several control-plane instances must share this directory (a shared volume in Kubernetes):
 * each signs with the newest key and publishes every live one. Key creation happens under a file
 * lock on {@code .lock}; files are written through an atomic rename; an unknown kid makes an
 * instance re-read the directory (at most once a second), so keys created elsewhere are found.
 */
public final class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final DateTimeFormatter KID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PRIVATE_SUFFIX = ".key.pem";
    private static final String PUBLIC_SUFFIX = ".pub.pem";
    private static final Duration RESCAN_AT_MOST_EVERY = Duration.ofSeconds(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key pair; {@code privateKey} is null when only the public half is on disk. */
    public record SigningKey(String kid, Instant createdAt, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
    }

    private final Path dir;
    private final Duration rotationPeriod;
    private final Duration retention;
    private final Clock clock;
    /** Newest first. */
    private volatile List<SigningKey> keys = List.of();
    private volatile Instant lastScan = Instant.MIN;

    /**
     * @param retention how long a replaced key keeps verifying: the token lifetime plus a grace period
     */
    public SigningKeys(Path dir, Duration rotationPeriod, Duration retention, Clock clock) {
        this.dir = dir;
        this.rotationPeriod = rotationPeriod;
        this.retention = retention;
        this.clock = clock;
        scanQuietly();
    }

    public Path dir() {
        return dir;
    }

    /** The key to sign with now; creates the first key, or the next one when rotation is due. */
    public synchronized SigningKey active() {
        if (scanIsStale()) {
            scanQuietly();
        }
        Optional<SigningKey> current = newestWithPrivateKey();
        if (current.isEmpty() || due(current.get())) {
            return withLock(() -> {
                scan();
                Optional<SigningKey> again = newestWithPrivateKey();
                return again.isPresent() && !due(again.get()) ? again.get() : create(again);
            });
        }
        return current.get();
    }

    /** Replaces the active key by a new one now, whatever its age (for operators and tests). */
    public synchronized SigningKey rotate() {
        return withLock(() -> {
            scan();
            return create(newestWithPrivateKey());
        });
    }

    /** Every key whose tokens may still be alive, newest first: what the JWKS publishes. */
    public List<SigningKey> live() {
        if (scanIsStale()) {
            scanQuietly();
        }
        return live(keys, clock.instant());
    }

    /** The public key of {@code kid} if it is live; an unknown kid makes it look at the directory again. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        Optional<SigningKey> found = find(kid);
        if (found.isEmpty() && scanIsStale()) {
            scanQuietly();
            found = find(kid);
        }
        return found.map(SigningKey::publicKey);
    }

    private boolean scanIsStale() {
        return !lastScan.plus(RESCAN_AT_MOST_EVERY).isAfter(clock.instant());
    }

    private Optional<SigningKey> find(String kid) {
        return live(keys, clock.instant()).stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    private boolean due(SigningKey key) {
        return !key.createdAt().plus(rotationPeriod).isAfter(clock.instant());
    }

    private Optional<SigningKey> newestWithPrivateKey() {
        return keys.stream().filter(k -> k.privateKey() != null).findFirst();
    }

    /** A key is live until {@code retention} after the next newer key was created; the newest always is. */
    private List<SigningKey> live(List<SigningKey> newestFirst, Instant now) {
        List<SigningKey> live = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            if (i == 0 || newestFirst.get(i - 1).createdAt().plus(retention).isAfter(now)) {
                live.add(newestFirst.get(i));
            }
        }
        return List.copyOf(live);
    }

    private SigningKey create(Optional<SigningKey> previous) {
        Instant now = clock.instant();
        Instant createdAt = previous.map(p -> p.createdAt().plusMillis(1)).filter(t -> t.isAfter(now)).orElse(now);
        String kid = KID_TIME.format(createdAt) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
        KeyPair pair = generate();
        try {
            Pem.writePrivate(dir.resolve(kid + PRIVATE_SUFFIX), (RSAPrivateKey) pair.getPrivate());
            Pem.writePublic(dir.resolve(kid + PUBLIC_SUFFIX), (RSAPublicKey) pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write signing key " + kid + " to " + dir, e);
        }
        LOG.infof("created signing key %s in %s", kid, dir);
        scan();
        deleteRetired();
        return keys.get(0);
    }

    private void deleteRetired() {
        List<SigningKey> live = live(keys, clock.instant());
        for (SigningKey key : keys) {
            if (!live.contains(key)) {
                try {
                    Files.deleteIfExists(dir.resolve(key.kid() + PRIVATE_SUFFIX));
                    Files.deleteIfExists(dir.resolve(key.kid() + PUBLIC_SUFFIX));
                    LOG.infof("deleted retired signing key %s", key.kid());
                } catch (IOException e) {
                    LOG.warnf("could not delete retired signing key %s: %s", key.kid(), e.getMessage());
                }
            }
        }
        scan();
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (UncheckedIOException e) {
            LOG.warnf("could not read signing keys in %s: %s", dir, e.getMessage());
        }
    }

    private void scan() {
        lastScan = clock.instant();
        if (!Files.isDirectory(dir)) {
            keys = List.of();
            return;
        }
        List<SigningKey> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(PUBLIC_SUFFIX)).toList()) {
                load(file).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list signing keys in " + dir, e);
        }
        found.sort(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid).reversed());
        keys = List.copyOf(found);
    }

    private Optional<SigningKey> load(Path publicFile) {
        String name = publicFile.getFileName().toString();
        String kid = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
        try {
            Instant createdAt = KID_TIME.parse(kid.substring(0, kid.indexOf('-')), Instant::from);
            Path privateFile = dir.resolve(kid + PRIVATE_SUFFIX);
            RSAPrivateKey privateKey = Files.exists(privateFile) ? Pem.readPrivate(privateFile) : null;
            return Optional.of(new SigningKey(kid, createdAt, Pem.readPublic(publicFile), privateKey));
        } catch (IOException | GeneralSecurityException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            LOG.warnf("ignoring %s: not a signing key (%s)", publicFile, e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs {@code action} holding the directory's file lock, so that instances sharing it create one key, not two. */
    private SigningKey withLock(Supplier<SigningKey> action) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock signing keys in " + dir, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }
}
