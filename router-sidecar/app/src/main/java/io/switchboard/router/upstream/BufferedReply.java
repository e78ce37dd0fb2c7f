package io.switchboard.router.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * A complete upstream response.
 *
 * @param status HTTP status
 * @param contentType upstream content type, or null
 * @param body the whole body
 * @param firstByteNanos from sending to response headers
 * @param totalNanos from sending to the end of the body
 */
public record BufferedReply(
    int status, String contentType, Buffer body, long firstByteNanos, long totalNanos) {}
