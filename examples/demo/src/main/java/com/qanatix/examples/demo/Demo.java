package com.qanatix.examples.demo;

import java.io.PrintStream;
import java.util.Map;

/**
 * The README's demo. With no server to install, it fills a products table in an embedded H2
 * database, registers a {@code jdbc} connector (its credentials encrypted), and runs a full pull,
 * an incremental pull after some products changed and others were added, and a pull where nothing
 * changed, printing each {@code PullResult} as JSON and where the NDJSON output went. Finally it
 * pulls a CSV file through the {@code csv} connector type of the example plugin.
 *
 * <p>Run it with {@code ./demo.sh} from the repository's root; {@code ./demo.sh --help} lists the
 * options ({@code --rows 1000000}, {@code --target postgresql|mysql|mongodb|neo4j --url ...}).
 */
public final class Demo {
    private Demo() {
    }

    /**
     * Runs the demo and exits with 0 when every pull completed.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the demo, printing to {@code out}.
     *
     * @param args the command line
     * @param out where the demo prints
     * @param env the environment ({@code QANATIX_DEMO_TARGET}, {@code QANATIX_DEMO_URL}, {@code QANATIX_API_KEY})
     * @return 0 on success, 1 when the demo failed, 2 for a bad command line
     */
    static int run(String[] args, PrintStream out, Map<String, String> env) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            out.println("demo: " + e.getMessage());
            out.println(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        try {
            return new DemoRun(options, out, env).run() ? 0 : 1;
        } catch (RuntimeException e) {
            out.println();
            out.println("demo failed: " + e.getMessage());
            return 1;
        }
    }
}
