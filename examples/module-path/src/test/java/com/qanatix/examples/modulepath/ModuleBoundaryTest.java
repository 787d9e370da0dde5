package com.qanatix.examples.modulepath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK as named modules: a host module reaches the API and nothing under {@code internal}, a
 * plugin module the SPI alone, and a host started on the module path finds every connector type as a
 * service provider and pulls through the csv plugin.
 */
class ModuleBoundaryTest {
    private static final String HOST_MODULE = "com.qanatix.examples.modulepath";

    @TempDir
    Path dir;

    @Test
    void aHostOnTheModulePathFindsEveryConnectorTypeAsAServiceAndPullsThroughTheCsvPlugin() throws Exception {
        Path csv = dir.resolve("products.csv");
        Files.writeString(csv, "sku,name,price\nA-1,Anvil,10.50\nB-2,Bolt,0.20\nC-3,Chain,7.00\n");
        Path stderr = dir.resolve("stderr.txt");

        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-m", HOST_MODULE + "/" + ModulePathHost.class.getName(), csv.toString())
                .redirectError(stderr.toFile())
                .start();
        String out = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).as("host exited").isTrue();
        String report = out + "\nstderr:\n" + Files.readString(stderr);
        assertThat(host.exitValue()).as(report).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines).as(report).contains(
                "module " + HOST_MODULE + " reads com.qanatix.core",
                "provider postgresql from module com.qanatix.connectors.jdbc",
                "provider mysql from module com.qanatix.connectors.jdbc",
                "provider jdbc from module com.qanatix.connectors.jdbc",
                "provider mongodb from module com.qanatix.connectors.mongo",
                "provider neo4j from module com.qanatix.connectors.neo4j",
                "provider csv from module com.qanatix.examples.csv",
                "type csv", "type postgresql", "type mysql", "type jdbc", "type mongodb", "type neo4j");
        List<String> records = lines.stream().filter(l -> l.startsWith("{\"name\"")).toList();
        assertThat(records).as(report).hasSize(3);
        assertThat(records.get(0)).isEqualTo("{\"name\":\"Anvil\",\"source_id\":\"A-1\",\"vertical\":\"retail\","
                + "\"entity_type\":\"product\",\"vertical_data\":{\"sku\":\"A-1\",\"name\":\"Anvil\",\"price\":\"10.50\"}}");
        assertThat(lines).as(report).anySatisfy(l -> assertThat(l)
                .startsWith("result {\"status\":\"completed\",\"records_pulled\":3,\"records_ingested\":3,"
                        + "\"duplicates_skipped\":0,"));
    }

    @Test
    void aHostModuleCompilesAgainstTheApiItRequires() throws IOException {
        List<String> errors = compile("host.app", "requires com.qanatix.core;", """
                import com.qanatix.core.CollectingSink;
                import com.qanatix.core.ConnectorStore;
                import com.qanatix.core.Qanatix;
                import com.qanatix.core.StoreException;
                import com.qanatix.core.json.JsonValueReader;
                import com.qanatix.core.spi.QanatixException;
                import com.qanatix.crypto.FernetKey;
                import com.qanatix.crypto.MultiFernet;

                class Host {
                    Qanatix embed() {
                        QanatixException root = new StoreException("a store failed");
                        Object value = new JsonValueReader().read("{\\"a\\": 1}");
                        return Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                                .store(ConnectorStore.inMemory()).sink(new CollectingSink()).build();
                    }
                }
                """);

        assertThat(errors).isEmpty();
    }

    @Test
    void aHostModuleThatRequiresTheMetricsModuleReadsTheCoreApiAndMicrometerThroughIt() throws IOException {
        List<String> errors = compile("host.app", "requires com.qanatix.micrometer;", """
                import com.qanatix.core.CollectingSink;
                import com.qanatix.core.Qanatix;
                import com.qanatix.crypto.FernetKey;
                import com.qanatix.crypto.MultiFernet;
                import com.qanatix.micrometer.QanatixMetrics;
                import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

                class Host {
                    Qanatix embed() {
                        QanatixMetrics metrics = QanatixMetrics.builder(new SimpleMeterRegistry()).build();
                        return Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                                .sink(new CollectingSink()).listener(metrics).build();
                    }
                }
                """);

        assertThat(errors).isEmpty();
    }

    @Test
    void aHostModuleCannotImportAnyInternalPackage() throws IOException {
        String requires = "requires com.qanatix.core; requires com.qanatix.connectors.jdbc; "
                + "requires com.qanatix.connectors.mongo; requires com.qanatix.connectors.neo4j;";
        for (String internal : List.of("com.qanatix.core.internal.JsonSupport",
                "com.qanatix.core.internal.store.FingerprintIndex",
                "com.qanatix.core.internal.scheduler.PullScheduler",
                "com.qanatix.connectors.jdbc.internal.JdbcTarget",
                "com.qanatix.connectors.mongo.internal.MongoRecordSource",
                "com.qanatix.connectors.neo4j.internal.Neo4jSource")) {
            String pkg = internal.substring(0, internal.lastIndexOf('.'));
            String module = pkg.substring(0, pkg.indexOf(".internal"));

            List<String> errors = compile("host.app", requires,
                    "import " + internal + ";\nclass Host {}\n");

            assertThat(errors).as(internal).anySatisfy(e -> assertThat(e)
                    .contains("package " + pkg + " is not visible")
                    .contains("is declared in module " + module + ", which does not export it"));
        }
    }

    @Test
    void aPluginModuleCompilesAgainstTheSpiAloneAndDoesNotSeeTheCore() throws IOException {
        String provider = """
                import com.qanatix.core.spi.ConnectorConfig;
                import com.qanatix.core.spi.ConnectorProvider;
                import com.qanatix.core.spi.InvalidConfigException;
                import com.qanatix.core.spi.PullContext;
                import com.qanatix.core.spi.RecordSource;
                import com.qanatix.core.spi.SourceException;

                public class Host implements ConnectorProvider {
                    public String connectorType() { return "example"; }
                    public void validate(ConnectorConfig config, String query) {
                        if (query.isBlank()) { throw new InvalidConfigException("query is required"); }
                    }
                    public RecordSource open(PullContext context) { throw new SourceException("no source"); }
                }
                """;
        String requires = "requires com.qanatix.core.spi;";

        assertThat(compile("plugin.example", requires, provider)).isEmpty();
        assertThat(compile("plugin.example", requires, "import com.qanatix.core.Qanatix;\nclass Host {}\n"))
                .anySatisfy(e -> assertThat(e).contains("package com.qanatix.core is not visible"));
    }

    /** Compiles a module of one class, {@code Host}, in package {@code app}; returns the errors. */
    private List<String> compile(String module, String requires, String hostSource) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Files.writeString(src.resolve("module-info.java"), "module " + module + " { " + requires + " }\n");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("app/Host.java"), "package app;\n" + hostSource);
        Path classes = Files.createDirectories(src.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            // An empty class path: in process, javac would otherwise take this test's class path,
            // which holds the SDK's classes as well, in the unnamed module.
            Path emptyClassPath = Files.createDirectories(src.resolve("empty"));
            List<String> options = List.of("--release", "17", "-d", classes.toString(),
                    "--class-path", emptyClassPath.toString(), "--module-path",
                    modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(src.resolve("module-info.java"), src.resolve("app/Host.java"))).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    /** This module's classes and its runtime dependencies (written by the build to module-path.txt). */
    private static List<Path> modulePath() throws IOException {
        Path classes;
        try {
            classes = Path.of(ModulePathHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> path = new ArrayList<>();
        path.add(classes);
        for (String entry : Files.readString(classes.resolveSibling("module-path.txt")).trim()
                .split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                path.add(Path.of(entry));
            }
        }
        return path;
    }
}
