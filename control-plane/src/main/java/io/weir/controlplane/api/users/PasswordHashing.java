package io.weir.controlplane.api.users;

/**
 * The slow password hash a registered user's password becomes before it enters a command (a PHC
 * string such as {@code $pbkdf2-sha256$...}); the security package's hasher is adapted to it.
 */
@FunctionalInterface
public interface PasswordHashing {

    String hash(String password);
}
