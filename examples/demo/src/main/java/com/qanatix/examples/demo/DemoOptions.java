package com.qanatix.examples.demo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's command line. Flags win over environment variables.
 *
 * @param target the database to pull from
 * @param url the server's URL (with credentials), empty for H2
 * @param rows how many products the full pull reads
 * @param outputDirectory where the NDJSON output (and the H2 database) go; empty for a new temp directory
 * @param keep whether to leave the demo's table (collection, nodes) on a server afterwards
 * @param qanatixUrl with {@code --sink qanatix}: the QANATIX server the records are sent to; empty
 *     for the NDJSON file
 * @param help whether to print the usage and stop
 */
record DemoOptions(DemoTarget target, Optional<String> url, long rows, Optional<Path> outputDirectory,
                   boolean keep, Optional<String> qanatixUrl, boolean help) {
    static final String TARGET_VARIABLE = "QANATIX_DEMO_TARGET";
    static final String URL_VARIABLE = "QANATIX_DEMO_URL";
    static final long DEFAULT_ROWS = 1_000;

    static final String USAGE = """
            usage: ./demo.sh [--rows N] [--target h2|postgresql|mysql|mongodb|neo4j] [--url URL] [--out DIR] [--keep]
                             [--sink ndjson|qanatix --qanatix-url URL]
              --rows N     products in the source (default 1000; try 1000000 for a progress bar and throughput)
              --target T   where the products live (default h2, embedded: nothing to install); env QANATIX_DEMO_TARGET
              --url URL    the server, credentials included; env QANATIX_DEMO_URL. Defaults:
                             postgresql://postgres@127.0.0.1:5432/postgres     (connection_config {"dsn"})
                             mysql://root@127.0.0.1:3306/qanatix_demo          ({"host","port","user","password","database"})
                             mongodb://127.0.0.1:27017/qanatix_demo            ({"uri","database","collection"})
                             bolt://neo4j:password@127.0.0.1:7687/neo4j        ({"uri","user","password","database"})
              --out DIR    where products.ndjson (and the H2 database) go (default: a new temp directory)
              --keep       leave the demo's table, collection or nodes on the server afterwards
              --sink S     where records go: ndjson (default, products.ndjson in the output directory) or qanatix
                           (POST to the QANATIX batch ingest endpoint of --qanatix-url, API key from QANATIX_API_KEY)
            CONNECTOR_ENCRYPTION_KEY (comma-separated Fernet keys) encrypts connector credentials; without it the
            demo uses an ephemeral dev key.""";

    /**
     * @param args the command line
     * @param env the environment
     * @return the options
     * @throws IllegalArgumentException saying what is wrong with the command line
     */
    static DemoOptions parse(String[] args, Map<String, String> env) {
        DemoTarget target = Optional.ofNullable(env.get(TARGET_VARIABLE)).filter(s -> !s.isBlank())
                .map(DemoTarget::parse).orElse(DemoTarget.H2);
        String url = env.get(URL_VARIABLE);
        long rows = DEFAULT_ROWS;
        Path out = null;
        boolean keep = false;
        boolean help = false;
        String sink = "ndjson";
        String qanatixUrl = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--rows" -> rows = parseRows(value(args, ++i, arg));
                case "--target" -> target = DemoTarget.parse(value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--keep" -> keep = true;
                case "--sink" -> sink = value(args, ++i, arg);
                case "--qanatix-url" -> qanatixUrl = value(args, ++i, arg);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (target == DemoTarget.H2) {
            url = null; // the embedded database needs no URL; a QANATIX_DEMO_URL meant for a server is ignored
        } else if (url == null || url.isBlank()) {
            url = target.defaultUrl();
        }
        if (!sink.equals("ndjson") && !sink.equals("qanatix")) {
            throw new IllegalArgumentException("--sink must be ndjson or qanatix, got '" + sink + "'");
        }
        if (sink.equals("qanatix") != (qanatixUrl != null)) {
            throw new IllegalArgumentException(sink.equals("qanatix") ? "--sink qanatix needs --qanatix-url URL"
                    : "--qanatix-url goes with --sink qanatix");
        }
        return new DemoOptions(target, Optional.ofNullable(url), rows, Optional.ofNullable(out), keep,
                Optional.ofNullable(qanatixUrl), help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long parseRows(String text) {
        try {
            long rows = Long.parseLong(text.replace("_", "").replace(",", ""));
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be at least 1");
            }
            return rows;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rows needs a number, got '" + text + "'");
        }
    }
}
