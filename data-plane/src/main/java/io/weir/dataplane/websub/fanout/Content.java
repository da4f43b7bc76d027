package io.weir.dataplane.websub.fanout;

/** One piece of content for one topic of one API, wherever it came from ('<kafka topic>/<partition>/<offset>'). */
record Content(String apiId, String topic, byte[] payload, String contentType, long publishedAt, String source) {
}
