package io.weir.controlplane.definition;

/**
 * A server the definition names, as a hint for the API's backend: the OpenAPI server URL (variables
 * replaced by their defaults), or the AsyncAPI server's protocol and host (a Kafka bootstrap
 * address for {@code kafka}/{@code kafka-secure}).
 *
 * @param name     the AsyncAPI server name, or {@code servers[i]} for OpenAPI
 * @param protocol the AsyncAPI protocol, or the URL scheme for OpenAPI (null for a relative URL)
 * @param address  the URL or host[:port][/path] as written, variables replaced by their defaults
 */
public record BackendHint(String name, String protocol, String address) {
}
