package com.qanatix.examples.demo;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorDefinition;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.IngestReceipt;
import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.QanatixIngestSink;
import com.qanatix.core.RecordSink;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One run of the demo: the steps {@link Demo} describes, printed as they happen. */
final class DemoRun {
    /** A Fernet token: version byte 0x80 and a timestamp whose high bytes are zero, base64url. */
    private static final Pattern FERNET_TOKEN = Pattern.compile("gAAAAA[A-Za-z0-9_=-]+");
    /** Smaller pulls are over before the JIT warms up and are dominated by fixed costs: their rows/s say nothing. */
    private static final long THROUGHPUT_FROM_ROWS = 100_000;
    private final DemoOptions options;
    private final PrintStream out;

    private final Map<String, String> env;

    DemoRun(DemoOptions options, PrintStream out, Map<String, String> env) {
        this.options = options;
        this.out = out;
        this.env = env;
    }

    /** @return whether every pull gave the expected result */
    boolean run() {
        Path directory = outputDirectory();
        Path ndjson = directory.resolve("products.ndjson");
        Path storeDirectory = directory.resolve("store");
        delete(ndjson);
        deleteFiles(storeDirectory);
        if (options.target() == DemoTarget.H2) {
            delete(directory.resolve("shop.mv.db"));
            delete(directory.resolve("shop.trace.db"));
        }
        out.println("Qanatix demo: connector type '" + options.target().connectorType() + "', " + options.rows()
                + " products");
        boolean ok;
        try (DemoProducts products = DemoProducts.open(options, directory)) {
            out.println("Source: " + products.describe());
            long t0 = System.nanoTime();
            products.create(options.rows());
            out.printf("Created %,d products, last updated a day ago (%.1f s)%n", options.rows(), seconds(t0));
            try (AutoCloseableSink sink = sink(ndjson);
                 ConnectorStore store = ConnectorStore.directory(storeDirectory);
                 Qanatix qx = Qanatix.builder().ephemeralDevKey().store(store).sink(sink.sink()).build()) {
                explainKey();
                ok = pullProducts(qx, products, storeDirectory);
                ok &= pullCsvPlugin(qx, directory);
            } finally {
                if (!options.keep()) {
                    products.drop();
                }
            }
        }
        if (options.qanatixUrl().isEmpty()) {
            describeOutput(ndjson);
        } else {
            out.printf("%nSent to QANATIX at %s: %,d requests accepted, %,d records, %,d of them duplicates%n",
                    options.qanatixUrl().get(), receipts.requests.get(), receipts.records.get(),
                    receipts.duplicates.get());
        }
        out.println(ok ? "\nDone: every pull gave the expected result." : "\nSome pull did NOT give the expected result.");
        return ok;
    }

    /** The sink the demo writes to, closed with the run. */
    private record AutoCloseableSink(RecordSink sink, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }

    /** Counts what QANATIX accepted, from {@link PullListener#ingestAccepted}. */
    private static final class Receipts implements PullListener {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();

        @Override
        public void ingestAccepted(PullInfo pull, IngestReceipt receipt) {
            requests.incrementAndGet();
            records.addAndGet(receipt.recordsSent());
            duplicates.addAndGet(Math.max(0, receipt.duplicateCount()));
        }
    }

    private final Receipts receipts = new Receipts();

    private AutoCloseableSink sink(Path ndjson) {
        if (options.qanatixUrl().isEmpty()) {
            JsonLinesSink sink = new JsonLinesSink(ndjson);
            return new AutoCloseableSink(sink, sink::close);
        }
        QanatixIngestSink.Builder builder = QanatixIngestSink.builder().baseUrl(options.qanatixUrl().get())
                .listener(receipts);
        String key = env.get(QanatixIngestSink.API_KEY_VARIABLE); // the demo's environment; a host's builder reads it
        if (key != null) {
            builder.apiKey(key);
        }
        QanatixIngestSink sink = builder.build();
        out.println("Sink: " + sink);
        return new AutoCloseableSink(sink, sink::close);
    }

    /** Says which key encrypts the connector's credentials, and why production must set one. */
    private void explainKey() {
        out.println();
        if (System.getenv(Qanatix.KEY_VARIABLE) != null) {
            int keys = MultiFernet.fromEnvironment().keyCount();
            out.println("Encryption key: " + Qanatix.KEY_VARIABLE + " is set (" + keys + (keys == 1 ? " key" : " keys")
                    + "); the first encrypts connector credentials, all of them decrypt.");
            return;
        }
        out.println("Encryption key: " + Qanatix.KEY_VARIABLE + " is not set, so this demo uses an EPHEMERAL DEV KEY");
        out.println("   (Qanatix.builder().ephemeralDevKey()): a random key that lives only in this process. Credentials");
        out.println("   stored under it cannot be decrypted after a restart, and nobody can rotate it. Production must set");
        out.println("   " + Qanatix.KEY_VARIABLE + " (comma-separated Fernet keys, primary first), for example:");
        out.println("   export " + Qanatix.KEY_VARIABLE + "=" + FernetKey.generate().encoded());
    }

    private boolean pullProducts(Qanatix qx, DemoProducts products, Path storeDirectory) {
        Connector connector = qx.connectors().create(ConnectorSpec.builder()
                .name("Demo products")
                .connectorType(products.connectorType())
                .vertical("retail")
                .entityType("product")
                .connectionConfig(products.connectionConfig())
                .query(products.query())
                .nameColumn("name")
                .sourceIdColumn(products.sourceIdColumn())
                .build());
        out.println();
        out.println("Registered connector " + connector.id() + ". Its connection_config was encrypted the moment it");
        out.println("arrived; only the Fernet token is stored, and every way out of the SDK shows it redacted:");
        out.println("   " + connector.toJson());
        Path stored = storeDirectory.resolve(connector.id() + ".connector.json");
        out.println("The store (a directory here; in memory or your own database are the other choices) holds it in");
        out.println("   " + stored.toAbsolutePath());
        out.println("   with connection_config as the token " + abbreviatedToken(stored));

        long rows = options.rows();
        step("1. Full pull. The first pull binds :last_pull to 1970-01-01T00:00:00Z, so every product is read.");
        PullResult full = pull(qx, connector, rows);
        boolean ok = expect(full, rows, rows, 0);

        List<Long> changed = new ArrayList<>();
        long step = Math.max(1, rows / Math.max(1, rows / 100));
        for (long id = 1; id <= rows && changed.size() < Math.max(1, rows / 100); id += step) {
            changed.add(id);
        }
        long added = Math.max(1, rows / 200);
        products.update(changed);
        products.insert(rows + 1, added);
        long touched = changed.size() + added;
        out.printf("%nChanged the price of %,d %s and added %,d new %s (their updated_at is now).%n",
                changed.size(), changed.size() == 1 ? "product" : "products", added, added == 1 ? "one" : "ones");

        step("2. Incremental pull. :last_pull is now the start of pull 1 minus the "
                + ConnectorDefinition.DEFAULT_LOOKBACK_SECONDS + " s lookback,\n   so only the changed and new "
                + "products are read.");
        ok &= expect(pull(qx, connector, touched), touched, touched, 0);

        step("3. Pull again, nothing changed. The lookback window re-reads the " + touched + " recent products;\n"
                + "   their content equals what pull 2 ingested, so all are skipped as duplicates.");
        ok &= expect(pull(qx, connector, touched), touched, 0, touched);
        return ok;
    }

    /** A connector type that is not in the SDK: the example plugin's, found on the classpath. */
    private boolean pullCsvPlugin(Qanatix qx, Path directory) {
        Path csv = directory.resolve("suppliers.csv");
        try {
            Files.writeString(csv, "code,name,country\nACME,\"Acme, Inc.\",US\nGLOBEX,Globex,DE\nINITECH,Initech,FR\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Connector suppliers = qx.connectors().create(ConnectorSpec.builder()
                .name("Demo suppliers").connectorType("csv").vertical("retail").entityType("supplier")
                .config("path", csv.toString()).config("delimiter", ",").config("header", true)
                .query("*").nameColumn("name").sourceIdColumn("code")
                .build());
        step("4. A connector type from a plugin jar: 'csv' (examples/plugin-csv), found by ServiceLoader.\n"
                + "   Pulling " + csv.getFileName() + ":");
        return expect(pull(qx, suppliers, 3), 3, 3, 0);
    }

    private PullResult pull(Qanatix qx, Connector connector, long expectedRows) {
        PullResult result = qx.pull(connector.id(), new ProgressBar(out, expectedRows));
        out.println("   " + result.toJson());
        if (result.isCompleted() && result.recordsPulled() >= THROUGHPUT_FROM_ROWS) {
            out.printf("   %,d rows in %.3f s: %,.0f rows/s%n", result.recordsPulled(), result.durationSeconds(),
                    result.recordsPulled() / Math.max(1e-9, result.durationSeconds()));
        }
        return result;
    }

    private boolean expect(PullResult result, long pulled, long ingested, long duplicates) {
        if (result.isCompleted() && result.recordsPulled() == pulled && result.recordsIngested() == ingested
                && result.duplicatesSkipped() == duplicates) {
            return true;
        }
        out.printf("   UNEXPECTED: wanted completed with %d pulled, %d ingested, %d duplicates%n", pulled, ingested,
                duplicates);
        return false;
    }

    private static String abbreviatedToken(Path storedConnector) {
        try {
            Matcher m = FERNET_TOKEN.matcher(Files.readString(storedConnector, StandardCharsets.UTF_8));
            return m.find() ? m.group().substring(0, 24) + "... (" + m.group().length() + " characters)" : "(none found)";
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + storedConnector + " failed", e);
        }
    }

    private void step(String text) {
        out.println();
        out.println(text);
    }

    private void describeOutput(Path ndjson) {
        long lines = 0;
        String first = null;
        try (BufferedReader reader = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (first == null) {
                    first = line;
                }
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ndjson + " failed", e);
        }
        out.println();
        out.printf("NDJSON output (the QANATIX ingest shape, one record a line): %s%n", ndjson.toAbsolutePath());
        out.printf("   %,d records, the first:%n   %s%n", lines, first);
    }

    private Path outputDirectory() {
        try {
            if (options.outputDirectory().isPresent()) {
                return Files.createDirectories(options.outputDirectory().get());
            }
            return Files.createTempDirectory("qanatix-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Empties the demo's store directory of an earlier run; it holds only files the store wrote. */
    private static void deleteFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + directory, e);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
