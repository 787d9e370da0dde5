package com.qanatix.examples.modulepath;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Pulls a CSV file through the {@code csv} plugin into NDJSON on standard output, after listing the
 * connector types the module path provides and the module each comes from.
 *
 * <p>Run it with {@code java --module-path <the SDK's jars, the plugin's, this one's>
 * -m com.qanatix.examples.modulepath/com.qanatix.examples.modulepath.ModulePathHost products.csv}.
 * It prints one line a fact: {@code module ...}, {@code provider ...}, {@code type ...}, the NDJSON
 * records, then {@code result ...}.
 */
public final class ModulePathHost {
    private ModulePathHost() {
    }

    /**
     * Pulls the CSV file named by the first argument (columns {@code sku}, {@code name}, ...).
     *
     * @param args the CSV file's path
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ModulePathHost <file.csv>");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("module " + ModulePathHost.class.getModule().getName() + " reads "
                + Qanatix.class.getModule().getName());
        ServiceLoader.load(ConnectorProvider.class).stream()
                .forEach(p -> out.println("provider " + p.get().connectorType() + " from module "
                        + p.type().getModule().getName()));
        try (JsonLinesSink sink = new JsonLinesSink(out);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(sink).build()) {
            qx.connectorTypes().forEach(type -> out.println("type " + type));
            Connector connector = qx.connectors().create(ConnectorSpec.fromJson("""
                    {"name": "Products file", "connector_type": "csv", "vertical": "retail",
                     "entity_type": "product", "connection_config": {"path": "%s", "header": true},
                     "query": "*", "name_column": "name", "source_id_column": "sku"}
                    """.formatted(Path.of(args[0]).toAbsolutePath().toString().replace("\\", "\\\\"))));
            PullResult result = qx.pull(connector.id());
            out.println("result " + result.toJson());
        }
    }
}
