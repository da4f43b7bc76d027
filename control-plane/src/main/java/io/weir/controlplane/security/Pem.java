package io.weir.controlplane.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/** RSA keys as RFC 7468 PEM files (PKCS#8 private, X.509 SubjectPublicKeyInfo public), written atomically. */
final class Pem {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Pem() {
    }

    static void writePrivate(Path file, RSAPrivateKey key) throws IOException {
        write(file, PRIVATE, key.getEncoded(), true);
    }

    static void writePublic(Path file, RSAPublicKey key) throws IOException {
        write(file, PUBLIC, key.getEncoded(), false);
    }

    static RSAPrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(read(file, PRIVATE)));
    }

    static RSAPublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(read(file, PUBLIC)));
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file and an atomic rename, so that another
     * instance reading the same directory never sees half a file; {@code secret} files get mode 600.
     */
    static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly(secret));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Mode 600 (or 644) where the file system has POSIX permissions; none elsewhere. */
    static FileAttribute<?>[] ownerOnly(boolean secret) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
    }

    private static void write(Path file, String label, byte[] der, boolean secret) throws IOException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        writeAtomically(file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n", secret);
    }

    private static byte[] read(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM " + label);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
