package com.qanatix.core.internal.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.qanatix.core.IngestReceipt;
import com.qanatix.core.SinkException;
import com.qanatix.core.internal.JsonSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Sends ingest requests to {@code POST {base}/api/v1/ingest/{vertical}/{entity_type}/batch} with
 * the JDK's HTTP client, asynchronously, and retries them: on connection errors (refused, reset,
 * closed before an answer, connect timeout), on 429 (after its {@code Retry-After}, or the backoff),
 * and on 5xx; never on another status. A request that gets no answer within the request timeout
 * fails without a retry, so a stalled server fails the pull within that timeout.
 *
 * <p>The API key is held only inside the {@code Authorization} header value; nothing this class
 * writes (log lines, exception messages) contains it, and a server's error body is quoted with any
 * occurrence of it removed.
 */
public final class IngestClient {
    private static final Logger LOG = LoggerFactory.getLogger(IngestClient.class);
    private static final int QUOTED_BODY_CHARS = 500;

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final String apiKey;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final Executor executor;

    /**
     * @param baseUrl the server, without a trailing slash
     * @param apiKey the API key
     * @param connectTimeout the TCP (and TLS) connect timeout
     * @param requestTimeout how long a request may wait for its answer
     * @param retry when to retry
     * @param executor runs the client's work, retries and callbacks
     */
    public IngestClient(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout,
                        RetryPolicy retry, Executor executor) {
        this.base = baseUrl.toString();
        this.apiKey = apiKey;
        this.authorization = "Bearer " + apiKey;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.executor = executor;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("http".equalsIgnoreCase(baseUrl.getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .executor(executor)
                .build();
    }

    /**
     * @param vertical a vertical
     * @param entityType an entity type
     * @return the batch endpoint for them
     */
    public URI endpoint(String vertical, String entityType) {
        return URI.create(base + "/api/v1/ingest/" + segment(vertical) + "/" + segment(entityType) + "/batch");
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Starts sending a request, with its retries.
     *
     * @param request the request
     * @param connectorId for log lines
     * @return the delivery: completes with the server's receipt, or exceptionally with a
     *     {@link SinkException} saying why the request finally failed
     */
    public Delivery send(IngestRequest request, String connectorId) {
        URI uri = endpoint(request.vertical(), request.entityType());
        HttpRequest http = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body(), 0, request.length()))
                .build();
        Delivery delivery = new Delivery(request.records());
        attempt(delivery, http, 1, connectorId);
        return delivery;
    }

    private void attempt(Delivery delivery, HttpRequest request, int attempt, String connectorId) {
        if (delivery.result.isDone()) {
            return;
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        delivery.current = exchange;
        if (delivery.result.isDone()) { // cancelled meanwhile
            exchange.cancel(true);
            return;
        }
        exchange.whenComplete((response, error) -> {
            try {
                handle(delivery, request, attempt, connectorId, response, error);
            } catch (RuntimeException e) {
                delivery.result.completeExceptionally(e);
            }
        });
    }

    private void handle(Delivery delivery, HttpRequest request, int attempt, String connectorId,
                        HttpResponse<byte[]> response, Throwable error) {
        if (delivery.result.isDone()) {
            return;
        }
        String target = "POST " + request.uri();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            // connection errors: refused, reset, closed before an answer, connect timeout (an IOException all)
            boolean connectionError = cause instanceof IOException;
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                fail(delivery, "QANATIX did not answer " + target + " within the request timeout of "
                        + requestTimeout.toMillis() / 1000.0 + " s; the pull fails and commits nothing", cause);
            } else if (connectionError && attempt < retry.maxAttempts()) {
                retryLater(delivery, request, attempt, connectorId, retry.backoff(attempt),
                        describe(cause));
            } else {
                fail(delivery, "could not deliver to QANATIX: " + target + " failed after " + attempt
                        + (attempt == 1 ? " attempt: " : " attempts: ") + describe(cause), cause);
            }
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            delivery.result.complete(receipt(response.body(), delivery.records));
        } else if ((status == 429 || status >= 500) && attempt < retry.maxAttempts()) {
            Duration delay = retry.backoff(attempt);
            if (status == 429) {
                Optional<Duration> asked = retry.retryAfter(response.headers().firstValue("Retry-After"), Instant.now());
                if (asked.isPresent() && asked.get().compareTo(retry.maxBackoff()) > 0) {
                    fail(delivery, "QANATIX answered " + target + " with HTTP 429 and Retry-After "
                            + asked.get().toSeconds() + " s, longer than the sink waits ("
                            + retry.maxBackoff().toSeconds() + " s, maxBackoff): " + quote(response.body()), null);
                    return;
                }
                delay = asked.orElse(delay);
            }
            retryLater(delivery, request, attempt, connectorId, delay, "HTTP " + status);
        } else {
            String hint = status == 401 || status == 403
                    ? " Check the API key (QanatixIngestSink.builder().apiKey(...) or QANATIX_API_KEY)."
                    : status >= 500 || status == 429 ? "" : " The request was not retried.";
            fail(delivery, "QANATIX answered " + target + " with HTTP " + status
                    + (attempt > 1 ? " (attempt " + attempt + ")" : "") + ": " + quote(response.body()) + "." + hint, null);
        }
    }

    private void retryLater(Delivery delivery, HttpRequest request, int attempt, String connectorId, Duration delay,
                            String why) {
        LOG.warn("ingest request of connector {} ({} records, {}) failed: {}; retry {} of {} in {} ms", connectorId,
                delivery.records, request.uri().getPath(), why, attempt, retry.maxAttempts() - 1, delay.toMillis());
        try {
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor).execute(() -> {
                try {
                    attempt(delivery, request, attempt + 1, connectorId);
                } catch (RuntimeException e) { // never leave a delivery that nobody completes
                    fail(delivery, "could not retry " + request.uri().getPath() + ": " + describe(e), e);
                }
            });
        } catch (RuntimeException e) {
            fail(delivery, "could not retry " + request.uri().getPath() + ": " + describe(e), e);
        }
    }

    private void fail(Delivery delivery, String message, Throwable cause) {
        delivery.result.completeExceptionally(cause == null ? new SinkException(redact(message))
                : new SinkException(redact(message), cause));
    }

    private String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private String quote(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > QUOTED_BODY_CHARS) {
            text = text.substring(0, QUOTED_BODY_CHARS) + "...";
        }
        return text;
    }

    private String redact(String text) {
        return text.replace(apiKey, "***REDACTED***");
    }

    private static IngestReceipt receipt(byte[] body, int records) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : JsonSupport.READER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return new IngestReceipt("", "", -1, -1, records);
        }
        return new IngestReceipt(json.path("ingestion_id").asText(""), json.path("status").asText(""),
                json.path("record_count").asLong(-1), json.path("duplicate_count").asLong(-1), records);
    }

    /** One request on its way, across its attempts. */
    public static final class Delivery {
        private final CompletableFuture<IngestReceipt> result = new CompletableFuture<>();
        private final int records;
        private volatile CompletableFuture<?> current;

        Delivery(int records) {
            this.records = records;
        }

        /** @return completes with the receipt, or exceptionally with a {@link SinkException} */
        public CompletableFuture<IngestReceipt> result() {
            return result;
        }

        /** Stops it: no more attempts, and the one under way is cancelled. */
        public void cancel() {
            result.cancel(false);
            CompletableFuture<?> attempt = current;
            if (attempt != null) {
                attempt.cancel(true);
            }
        }
    }
}
