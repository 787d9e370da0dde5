package com.qanatix.benchmarks.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.qanatix.core.PullInfo;
import com.qanatix.core.QanatixIngestSink;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link QanatixIngestSink} sending N product records in batches of 5000 to an ingest endpoint on
 * loopback, served by the JDK's {@code HttpServer} in this JVM, with 1, 2 and 4 requests in flight.
 * The server checks the bearer token, reads each body with a streaming JSON parser to count its
 * records, waits {@code --latency-ms} (a remote server's round trip and work; default 0), and
 * answers the receipt. Timed: building the records (a pull's source), encoding, sending and the
 * final commit. Rounds rotate the order of the settings.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/sinks com.qanatix.benchmarks.sinks.IngestSinkBenchmark -Xmx256m -- --records 1000000}
 */
public final class IngestSinkBenchmark {
    private static final String KEY = "bench-" + UUID.randomUUID();
    private static final int[] IN_FLIGHT = {1, 2, 4};

    private IngestSinkBenchmark() {
    }

    /**
     * @param args {@code --records N} (default 1,000,000), {@code --rounds R} (default 3, after a
     *     warm-up), {@code --batch B} (default 5000), {@code --latency-ms L} (default 0)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        int rounds = 3;
        int batch = 5000;
        long latencyMs = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicLong received = new AtomicLong();
        long latency = latencyMs;
        server.createContext("/api/v1/ingest/", exchange -> handle(exchange, received, latency));
        server.setExecutor(pool);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        System.out.printf("ingest sink benchmark: %,d product records, batch %d, server latency %d ms, loopback, "
                + "max heap %d MB, %s%n", records, batch, latencyMs, Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.version"));
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        for (int n : IN_FLIGHT) {
            rates.put(n, new ArrayList<>());
        }
        try {
            for (int round = 0; round <= rounds; round++) {
                StringBuilder line = new StringBuilder(round == 0 ? "warm-up:" : "round " + round + ":");
                for (int k = 0; k < IN_FLIGHT.length; k++) {
                    int inFlight = IN_FLIGHT[(k + round) % IN_FLIGHT.length];
                    received.set(0);
                    double seconds = run(url, inFlight, records, batch);
                    if (received.get() != records) {
                        throw new IllegalStateException("server received " + received.get() + " records");
                    }
                    line.append(String.format(" %d in flight %,.0f rec/s;", inFlight, records / seconds));
                    if (round > 0) {
                        rates.get(inFlight).add(records / seconds);
                    }
                }
                System.out.println(line);
            }
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
        StringBuilder summary = new StringBuilder("median of " + rounds + " rounds:");
        for (Map.Entry<Integer, List<Double>> e : rates.entrySet()) {
            summary.append(String.format(" %d in flight %,.0f rec/s;", e.getKey(), NdjsonSinkBenchmark.median(e.getValue())));
        }
        System.out.println(summary);
    }

    private static double run(String url, int inFlight, int records, int batch) {
        try (QanatixIngestSink sink = QanatixIngestSink.builder().baseUrl(url).apiKey(KEY).maxInFlight(inFlight).build()) {
            PullInfo pull = new PullInfo(UUID.randomUUID(), "bench", "bench", Instant.now());
            long t0 = System.nanoTime();
            for (long from = 1; from <= records; from += batch) {
                sink.write(pull, ProductRecords.batch(from, (int) Math.min(batch, records - from + 1)));
            }
            sink.commit(pull);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** Checks the token, counts the body's records with a streaming parser, answers the receipt. */
    private static void handle(HttpExchange exchange, AtomicLong received, long latencyMs) throws IOException {
        if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"detail\":\"Invalid API key\"}");
            return;
        }
        int count = 0;
        try (InputStream in = exchange.getRequestBody(); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"records".equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
                respond(exchange, 422, "{\"detail\":\"body must be {\\\"records\\\": [...]}\"}");
                return;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                p.skipChildren();
                count++;
            }
        }
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.addAndGet(count);
        respond(exchange, 202, "{\"ingestion_id\":\"" + UUID.randomUUID() + "\",\"status\":\"accepted\",\"record_count\":"
                + count + ",\"duplicate_count\":0}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
