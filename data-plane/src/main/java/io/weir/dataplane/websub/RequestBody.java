package io.weir.dataplane.websub;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a (small) request body into memory, refusing it as soon as it grows past the limit. */
final class RequestBody {

    /** Thrown into the future when the body is over the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private RequestBody() {
    }

    static Future<Buffer> read(HttpServerRequest request, long limit) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    return Future.failedFuture(new TooLarge());
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new IllegalArgumentException("Content-Length is not a number"));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                promise.tryFail(new TooLarge());
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(ended -> promise.tryComplete(body));
        request.resume();
        return promise.future();
    }
}
