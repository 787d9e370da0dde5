package com.qanatix.core.internal.sink;

/**
 * One ingest request ready to send: the records of one vertical and entity type, encoded as
 * {@code {"records":[…]}} in {@code body[0, length)}.
 *
 * @param vertical the records' vertical, a path segment
 * @param entityType the records' entity type, a path segment
 * @param body the body's bytes, owned by the request
 * @param length how many bytes of {@code body} are the body
 * @param records how many records it holds
 */
public record IngestRequest(String vertical, String entityType, byte[] body, int length, int records) {
}
