package io.weir.processors.analytics;

import io.weir.schema.invocation.Invocation;

/**
 * How an invocation counts as an error. The classes do not overlap, so they add up to all errors:
 * refused by throttling first, then an authentication or authorization failure (401, 403), then
 * any other 4xx (client error), then 5xx (server error).
 */
enum InvocationOutcome {
    SUCCESS, THROTTLED, AUTH_FAILURE, CLIENT_ERROR, SERVER_ERROR;

    static InvocationOutcome of(Invocation invocation) {
        int status = invocation.getStatusCode();
        if (invocation.getThrottled()) {
            return THROTTLED;
        }
        if (status == 401 || status == 403) {
            return AUTH_FAILURE;
        }
        if (status >= 400 && status < 500) {
            return CLIENT_ERROR;
        }
        if (status >= 500 && status < 600) {
            return SERVER_ERROR;
        }
        return SUCCESS;
    }

    /** '1xx' … '5xx' for HTTP statuses; 'other' for anything else (WebSocket close codes, 0). */
    static String statusClass(int statusCode) {
        return statusCode >= 100 && statusCode < 600 ? (statusCode / 100) + "xx" : "other";
    }
}
