package com.qanatix.examples.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The database the demo pulls from: an embedded H2 by default, or a real server. */
enum DemoTarget {
    H2("jdbc", null),
    POSTGRESQL("postgresql", "postgresql://postgres@127.0.0.1:5432/postgres"),
    MYSQL("mysql", "mysql://root@127.0.0.1:3306/qanatix_demo"),
    MONGODB("mongodb", "mongodb://127.0.0.1:27017/qanatix_demo"),
    NEO4J("neo4j", "bolt://neo4j:password@127.0.0.1:7687/neo4j");

    private final String connectorType;
    private final String defaultUrl;

    DemoTarget(String connectorType, String defaultUrl) {
        this.connectorType = connectorType;
        this.defaultUrl = defaultUrl;
    }

    /** @return the connector type the demo registers for this target */
    String connectorType() {
        return connectorType;
    }

    /** @return the URL used when neither {@code --url} nor {@code QANATIX_DEMO_URL} is given; null for H2 */
    String defaultUrl() {
        return defaultUrl;
    }

    /** @return the name used on the command line */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DemoTarget parse(String name) {
        for (DemoTarget t : values()) {
            if (t.cliName().equalsIgnoreCase(name.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(DemoTarget::cliName).collect(Collectors.joining(", "));
    }
}
