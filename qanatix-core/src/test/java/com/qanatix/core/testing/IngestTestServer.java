package com.qanatix.core.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QANATIX ingest endpoint on loopback, implementing the documented contract of
 * {@code POST /api/v1/ingest/{vertical}/{entity_type}/batch}: it checks the path, the bearer token
 * and the body shape {@code {"records": [{"name", "source_id", "vertical_data"}]}}, enforces 10,000
 * records and 50 MB (or a lower byte limit) a request, keeps every accepted record and answers
 * {@code {"ingestion_id", "status", "record_count", "duplicate_count"}} (duplicates: source ids it
 * already holds, which it upserts). Tests script the next answers: 429 with {@code Retry-After},
 * 500, 401, a stall (no answer until the server stops), or a dropped connection.
 */
public final class IngestTestServer implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/api/v1/ingest/([^/]+)/([^/]+)/batch");
    private static final Set<String> RECORD_FIELDS = Set.of("name", "source_id", "vertical_data");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What the server does with one request. */
    public sealed interface Answer {
        /** Accept it, if it satisfies the contract. */
        record Accept() implements Answer { }

        /** @param retryAfterSeconds the {@code Retry-After} header */
        record TooManyRequests(int retryAfterSeconds) implements Answer { }

        /** @param status an HTTP status @param body its body */
        record Status(int status, String body) implements Answer { }

        /** Read the request, then never answer (until the server stops). */
        record Stall() implements Answer { }

        /** Read the request, then close the connection without an answer. */
        record Drop() implements Answer { }
    }

    /**
     * One request that reached the handler.
     *
     * @param path its path
     * @param records records it carried (empty if it broke the contract)
     * @param bytes body length
     * @param startNanos when it arrived
     * @param answered the status answered, 0 if none
     */
    public record Received(String path, int records, int bytes, long startNanos, int answered) { }

    /**
     * An accepted record.
     *
     * @param vertical from the path
     * @param entityType from the path
     * @param record the record as sent
     */
    public record Stored(String vertical, String entityType, JsonNode record) { }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String apiKey;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> sourceIds = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile long maxBytes = 50L * 1024 * 1024;
    private volatile Duration latency = Duration.ZERO;

    /**
     * Starts a server on a free loopback port.
     *
     * @param apiKey the one key it accepts
     * @throws IOException if it cannot listen
     */
    public IngestTestServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @return {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** @param answers the next requests' answers, in order; after them, requests are accepted */
    public void script(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** @param bytes the largest body it accepts (default 50 MB) */
    public void maxBytes(long bytes) {
        this.maxBytes = bytes;
    }

    /** @param latency how long it takes to accept a request */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** @return every request that reached it, in arrival order */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** @return every accepted record, in acceptance order */
    public List<Stored> stored() {
        return List.copyOf(stored);
    }

    /** @return what broke the contract, one line a violation */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** @return the most requests it handled at once */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        long start = System.nanoTime();
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            Answer answer = script.poll();
            if (answer == null) {
                answer = new Answer.Accept();
            }
            if (answer instanceof Answer.Stall) {
                received.add(new Received(path, 0, body.length, start, 0));
                await(stopping, Duration.ofMinutes(5));
                exchange.close();
                return;
            }
            if (answer instanceof Answer.Drop) {
                received.add(new Received(path, 0, body.length, start, 0));
                exchange.close(); // before any response header: the server closes the connection
                return;
            }
            if (answer instanceof Answer.TooManyRequests t) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(t.retryAfterSeconds()));
                received.add(new Received(path, 0, body.length, start, 429));
                respond(exchange, 429, "{\"detail\":\"rate limit exceeded\"}");
                return;
            }
            if (answer instanceof Answer.Status s) {
                received.add(new Received(path, 0, body.length, start, s.status()));
                respond(exchange, s.status(), s.body());
                return;
            }
            accept(exchange, path, body, start);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private void accept(HttpExchange exchange, String path, byte[] body, long start) throws IOException {
        Matcher m = PATH.matcher(path);
        if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
            violations.add("not the batch endpoint: " + exchange.getRequestMethod() + " " + path);
            received.add(new Received(path, 0, body.length, start, 404));
            respond(exchange, 404, "{\"detail\":\"Not Found\"}");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + apiKey)) {
            received.add(new Received(path, 0, body.length, start, 401));
            // echoes what it got, as careless servers do: the client must not repeat it
            respond(exchange, 401, "{\"detail\":\"Invalid API key " + (authorization == null ? "(none)"
                    : authorization.replace("Bearer ", "")) + "\"}");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            violations.add("Content-Type " + contentType);
        }
        String error = null;
        List<JsonNode> records = new ArrayList<>();
        if (body.length > maxBytes) {
            error = "body of " + body.length + " bytes above the limit of " + maxBytes;
        } else {
            try {
                JsonNode root = JSON.readTree(body);
                if (root == null || !root.isObject() || root.size() != 1 || !root.path("records").isArray()) {
                    error = "body must be {\"records\": [...]}";
                } else if (root.get("records").size() > 10_000) {
                    error = root.get("records").size() + " records, above the limit of 10000";
                } else {
                    for (JsonNode r : root.get("records")) {
                        Set<String> fields = new java.util.HashSet<>();
                        r.fieldNames().forEachRemaining(fields::add);
                        if (!fields.equals(RECORD_FIELDS) || !r.get("source_id").isTextual()
                                || !r.get("vertical_data").isObject()) {
                            error = "a record must be {name, source_id, vertical_data}: " + r;
                            break;
                        }
                        records.add(r);
                    }
                    if (records.isEmpty() && error == null) {
                        error = "no records";
                    }
                }
            } catch (IOException e) {
                error = "body is not JSON: " + e.getMessage();
            }
        }
        if (error != null) {
            violations.add(error);
            received.add(new Received(path, 0, body.length, start, 422));
            respond(exchange, 422, "{\"detail\":\"" + error.replace("\"", "'") + "\"}");
            return;
        }
        if (!latency.isZero()) {
            await(stopping, latency);
        }
        String vertical = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String entityType = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        int duplicates = 0;
        for (JsonNode r : records) {
            if (!sourceIds.add(vertical + "/" + entityType + "/" + r.get("source_id").textValue())) {
                duplicates++;
            }
            stored.add(new Stored(vertical, entityType, r));
        }
        received.add(new Received(path, records.size(), body.length, start, 202));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ingestion_id", UUID.randomUUID().toString());
        answer.put("status", "accepted");
        answer.put("record_count", records.size());
        answer.put("duplicate_count", duplicates);
        respond(exchange, 202, answer.toString());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch, Duration d) {
        try {
            latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases stalled requests and stops. */
    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** @return the first stored record with this source id, for assertions */
    public JsonNode storedRecord(String sourceId) {
        for (Iterator<Stored> it = stored.iterator(); it.hasNext(); ) {
            Stored s = it.next();
            if (s.record().get("source_id").textValue().equals(sourceId)) {
                return s.record();
            }
        }
        return null;
    }
}
