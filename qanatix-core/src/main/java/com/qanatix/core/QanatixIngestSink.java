package com.qanatix.core;

import com.qanatix.core.internal.sink.IngestClient;
import com.qanatix.core.internal.sink.IngestRequest;
import com.qanatix.core.internal.sink.IngestRequestEncoder;
import com.qanatix.core.internal.sink.RetryPolicy;
import com.qanatix.core.spi.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Sends pulled records to QANATIX: each batch is posted to
 * {@code POST {base_url}/api/v1/ingest/{vertical}/{entity_type}/batch} with
 * {@code Authorization: Bearer <api key>} and the body {@code {"records": [{"name", "source_id",
 * "vertical_data"}, ...]}}, the values encoded exactly as {@link JsonLinesSink} writes them.
 *
 * <pre>{@code
 * QanatixIngestSink sink = QanatixIngestSink.builder().baseUrl("https://api.qanatix.com").build(); // key: QANATIX_API_KEY
 * Qanatix qx = Qanatix.builder().cipher(MultiFernet.fromEnvironment()).store(store).sink(sink).build();
 * qx.pull(connectorId); // completed once QANATIX accepted every batch
 * }</pre>
 *
 * <ul>
 *   <li><b>Limits.</b> A request carries at most 10,000 records and 50 MB; a larger batch is split
 *   into several requests ({@link Builder#maxRecordsPerRequest}, {@link Builder#maxBytesPerRequest}
 *   lower them).</li>
 *   <li><b>Streaming.</b> {@code write} encodes the batch on the pulling thread, hands the request to
 *   the HTTP client and returns, so the pull reads its next rows while earlier batches travel. At most
 *   {@link Builder#maxInFlight} requests (of all pulls together) are in flight; a {@code write} that
 *   would exceed it waits for one to finish.</li>
 *   <li><b>Commit.</b> {@code commit} waits until QANATIX accepted every request of the pull; only
 *   then does the SDK commit the pull's watermark and fingerprints. A request that finally fails
 *   fails the pull (the next {@code write} or the {@code commit} throws): nothing is committed and the
 *   next pull delivers the same records again, which QANATIX upserts on {@code source_id}.
 *   {@code abort} cancels the pull's requests still in flight.</li>
 *   <li><b>Retries.</b> Connection errors (refused, reset, closed before an answer, connect timeout),
 *   HTTP 429 (after its {@code Retry-After}) and 5xx are retried with exponential backoff and jitter,
 *   up to {@link Builder#maxAttempts} attempts; other statuses fail at once, with the server's error
 *   body in the message. A request with no answer within {@link Builder#requestTimeout} fails the
 *   pull without a retry.</li>
 *   <li><b>Receipts.</b> The server's answer ({@code ingestion_id}, {@code status},
 *   {@code record_count}, {@code duplicate_count}) reaches {@link PullListener#ingestAccepted} of the
 *   listener given to {@link Builder#listener}, once per accepted request.</li>
 *   <li><b>The API key</b> comes from {@link Builder#apiKey} or the {@code QANATIX_API_KEY}
 *   environment variable. It is kept in memory only, sent only in the {@code Authorization} header,
 *   and appears in no {@code toString}, exception message or log line.</li>
 * </ul>
 *
 * <p>One sink serves any number of connectors and concurrent pulls. Close it when the host stops:
 * requests still in flight are cancelled and its threads end.
 */
public final class QanatixIngestSink implements RecordSink, AutoCloseable {
    /** The environment variable the API key is read from when the builder is given none. */
    public static final String API_KEY_VARIABLE = "QANATIX_API_KEY";
    /** The most records one ingest request may carry. */
    public static final int MAX_RECORDS_PER_REQUEST = 10_000;
    /** The most bytes one ingest request body may have: 50 MB. */
    public static final long MAX_BYTES_PER_REQUEST = 50L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(QanatixIngestSink.class);
    private static final AtomicInteger SINKS = new AtomicInteger();

    private final URI baseUrl;
    private final int maxInFlight;
    private final int maxRecords;
    private final long maxBytes;
    private final PullListener listener;
    private final ExecutorService executor;
    private final IngestClient client;
    private final Semaphore inFlight;
    private final Map<UUID, PullDelivery> pulls = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private QanatixIngestSink(Builder b, URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.maxInFlight = b.maxInFlight;
        this.maxRecords = b.maxRecordsPerRequest;
        this.maxBytes = b.maxBytesPerRequest;
        this.listener = b.listener;
        int sinkNumber = SINKS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "qanatix-ingest-" + sinkNumber + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = new IngestClient(baseUrl, apiKey, b.connectTimeout, b.requestTimeout,
                new RetryPolicy(b.maxAttempts, b.initialBackoff, b.maxBackoff), executor);
        this.inFlight = new Semaphore(b.maxInFlight);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encodes the batch into one or more requests and starts sending them; returns once each is
     * handed to the HTTP client (waiting while {@code maxInFlight} requests are in flight).
     *
     * @throws SinkException if an earlier request of this pull failed, a record is larger than a
     *     request may be, or the sink is closed
     */
    @Override
    public void write(PullInfo pull, List<IngestRecord> batch) {
        if (closed) {
            throw new SinkException("the QanatixIngestSink is closed");
        }
        PullDelivery delivery = pulls.computeIfAbsent(pull.pullId(), id -> new PullDelivery(maxRecords, maxBytes));
        delivery.throwIfFailed();
        for (IngestRequest request : delivery.encoder.encode(batch)) {
            acquire(delivery);
            if (delivery.failure.get() != null) {
                inFlight.release();
                delivery.throwIfFailed();
            }
            IngestClient.Delivery sent;
            try {
                sent = client.send(request, pull.connectorId());
            } catch (RuntimeException e) {
                inFlight.release();
                throw new SinkException("could not start an ingest request to " + baseUrl + ": " + e.getMessage(), e);
            }
            delivery.pending.add(sent);
            sent.result().whenComplete((receipt, error) -> {
                if (error == null) {
                    delivery.pending.remove(sent);
                    inFlight.release();
                    accepted(pull, receipt);
                } else {
                    if (!(error instanceof CancellationException)) { // a cancel follows a failure, abort or close
                        delivery.fail(error);
                    }
                    inFlight.release();
                }
            });
        }
    }

    private void acquire(PullDelivery delivery) {
        try {
            while (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                delivery.throwIfFailed();
                if (closed) {
                    throw new SinkException("the QanatixIngestSink was closed during the pull");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while waiting for ingest requests in flight");
        }
    }

    private void accepted(PullInfo pull, IngestReceipt receipt) {
        LOG.debug("QANATIX accepted {} records of connector {}: ingestion {} {}", receipt.recordsSent(),
                pull.connectorId(), receipt.ingestionId(), receipt.status());
        try {
            listener.ingestAccepted(pull, receipt);
        } catch (RuntimeException e) {
            LOG.warn("a PullListener threw {} from ingestAccepted; ignored", e.getClass().getName());
        }
    }

    /**
     * Waits until QANATIX accepted every request of the pull.
     *
     * @throws SinkException if one of them failed: the pull fails and commits nothing
     */
    @Override
    public void commit(PullInfo pull) {
        PullDelivery delivery = pulls.remove(pull.pullId());
        if (delivery == null) {
            return; // the pull had no record to deliver
        }
        for (IngestClient.Delivery sent : delivery.pending) {
            try {
                sent.result().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                delivery.cancelAll();
                throw new SinkException("interrupted while waiting for QANATIX to accept the pull's batches");
            } catch (ExecutionException | CancellationException e) {
                delivery.fail(e instanceof ExecutionException ? e.getCause() : e);
                delivery.cancelAll();
                delivery.throwIfFailed();
            }
        }
        delivery.throwIfFailed();
    }

    /** Cancels the pull's requests still in flight. */
    @Override
    public void abort(PullInfo pull, String reason) {
        PullDelivery delivery = pulls.remove(pull.pullId());
        if (delivery != null) {
            delivery.cancelAll();
        }
    }

    /** Cancels every request in flight and stops the sink's threads; later writes fail. */
    @Override
    public void close() {
        closed = true;
        for (PullDelivery delivery : pulls.values()) {
            delivery.cancelAll();
        }
        pulls.clear();
        executor.shutdownNow();
    }

    /** @return the server, the limits; never the API key */
    @Override
    public String toString() {
        return "QanatixIngestSink[" + baseUrl + ", maxInFlight=" + maxInFlight + ", maxRecordsPerRequest="
                + maxRecords + ", maxBytesPerRequest=" + maxBytes + "]";
    }

    /** One pull's encoder, its requests not yet accepted, and its first failure. */
    private static final class PullDelivery {
        final IngestRequestEncoder encoder;
        final Queue<IngestClient.Delivery> pending = new ConcurrentLinkedQueue<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        PullDelivery(int maxRecords, long maxBytes) {
            this.encoder = new IngestRequestEncoder(maxRecords, maxBytes);
        }

        void fail(Throwable error) {
            failure.compareAndSet(null, error);
        }

        void throwIfFailed() {
            Throwable error = failure.get();
            if (error != null) {
                String message = error instanceof SinkException ? error.getMessage()
                        : "an ingest request was cancelled or failed: " + error.getClass().getSimpleName();
                throw new SinkException(message, error);
            }
        }

        void cancelAll() {
            for (IngestClient.Delivery sent : pending) {
                sent.cancel();
            }
        }
    }

    /** Configures a {@link QanatixIngestSink}; {@link #build()} validates. */
    public static final class Builder {
        private String baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(60);
        private int maxInFlight = 4;
        private int maxRecordsPerRequest = MAX_RECORDS_PER_REQUEST;
        private long maxBytesPerRequest = MAX_BYTES_PER_REQUEST;
        private PullListener listener = PullListener.NONE;

        private Builder() {
        }

        /**
         * @param baseUrl the QANATIX server, {@code https://...} (or {@code http://} for a local one),
         *     without credentials; the sink appends {@code /api/v1/ingest/...} (required)
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
            return this;
        }

        /**
         * @param apiKey the API key, sent as {@code Authorization: Bearer <api key>}; without one the
         *     sink reads {@code QANATIX_API_KEY}
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = requireNonNull(apiKey, "apiKey is null");
            return this;
        }

        /**
         * @param timeout the TCP and TLS connect timeout (default 10 s); a connect timeout is retried
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /**
         * @param timeout how long a request may wait for the server's answer (default 60 s); a
         *     request without an answer by then fails the pull, not retried
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /**
         * @param attempts attempts of a request in all, the first included (default 6)
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param initial the delay before the first retry (default 500 ms); it doubles each retry, and
         *     each delay is drawn at random in the upper half of its value
         * @param max the longest delay (default 60 s); a {@code Retry-After} longer than this fails
         *     the request rather than retrying early
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = requireNonNull(initial, "initial is null");
            this.maxBackoff = requireNonNull(max, "max is null");
            return this;
        }

        /**
         * @param requests the most requests in flight at once, over all pulls (default 4, 1 to 64)
         * @return this builder
         */
        public Builder maxInFlight(int requests) {
            this.maxInFlight = requests;
            return this;
        }

        /**
         * @param records the most records a request carries (default and at most 10,000)
         * @return this builder
         */
        public Builder maxRecordsPerRequest(int records) {
            this.maxRecordsPerRequest = records;
            return this;
        }

        /**
         * @param bytes the most bytes a request body has (default and at most 50 MB, at least 1 KB)
         * @return this builder
         */
        public Builder maxBytesPerRequest(long bytes) {
            this.maxBytesPerRequest = bytes;
            return this;
        }

        /**
         * @param listener told of each request QANATIX accepted ({@link PullListener#ingestAccepted});
         *     pass the listener given to {@code Qanatix.builder().listener(...)} to see them there
         * @return this builder
         */
        public Builder listener(PullListener listener) {
            this.listener = requireNonNull(listener, "listener is null");
            return this;
        }

        /**
         * @return the sink
         * @throws InvalidConfigException when the base URL is missing or malformed, there is no API
         *     key, or a limit is out of range
         */
        public QanatixIngestSink build() {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new InvalidConfigException("a base URL is required: QanatixIngestSink.builder().baseUrl(\"https://...\")");
            }
            URI uri;
            try {
                uri = new URI(baseUrl.strip());
            } catch (URISyntaxException e) {
                throw new InvalidConfigException("baseUrl is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    || uri.getHost() == null) {
                throw new InvalidConfigException("baseUrl must be an http:// or https:// URL with a host, such as "
                        + "https://api.qanatix.com");
            }
            if (uri.getRawUserInfo() != null) {
                throw new InvalidConfigException("baseUrl must not hold credentials; give the API key to apiKey(...) "
                        + "or QANATIX_API_KEY");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidConfigException("baseUrl must have no query or fragment: the sink appends "
                        + "/api/v1/ingest/{vertical}/{entity_type}/batch to it");
            }
            String base = uri.toString().replaceAll("/+$", "");
            String key = apiKey != null ? apiKey : System.getenv(API_KEY_VARIABLE);
            if (key == null || key.isBlank()) {
                throw new InvalidConfigException("no QANATIX API key: set " + API_KEY_VARIABLE
                        + " or call QanatixIngestSink.builder().apiKey(...)");
            }
            key = key.strip();
            if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new InvalidConfigException("the QANATIX API key holds a space or a character that cannot "
                        + "go in an HTTP header; check " + API_KEY_VARIABLE);
            }
            positive(connectTimeout, "connectTimeout");
            positive(requestTimeout, "requestTimeout");
            positive(initialBackoff, "backoff initial");
            positive(maxBackoff, "backoff max");
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new InvalidConfigException("maxAttempts must be 1 to 100, got " + maxAttempts);
            }
            if (maxInFlight < 1 || maxInFlight > 64) {
                throw new InvalidConfigException("maxInFlight must be 1 to 64, got " + maxInFlight);
            }
            if (maxRecordsPerRequest < 1 || maxRecordsPerRequest > MAX_RECORDS_PER_REQUEST) {
                throw new InvalidConfigException("maxRecordsPerRequest must be 1 to " + MAX_RECORDS_PER_REQUEST
                        + ", got " + maxRecordsPerRequest);
            }
            if (maxBytesPerRequest < 1024 || maxBytesPerRequest > MAX_BYTES_PER_REQUEST) {
                throw new InvalidConfigException("maxBytesPerRequest must be 1 KB to 50 MB, got " + maxBytesPerRequest);
            }
            return new QanatixIngestSink(this, URI.create(base), key);
        }

        private static void positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new InvalidConfigException(name + " must be positive, got " + d);
            }
        }
    }
}
