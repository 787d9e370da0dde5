package com.qanatix.benchmarks.jdbc;

import com.qanatix.core.ConnectorStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A new, empty store of the kind a benchmark round asks for, and what it needs (a temporary
 * directory, a connection pool), released together when the round ends.
 *
 * @param store the store
 * @param directory the directory store's files, or null
 * @param pool the JDBC store's pool, or null
 */
record StoreForRound(ConnectorStore store, Path directory, HikariDataSource pool) implements AutoCloseable {

    /**
     * @param type {@code memory}, {@code directory} or {@code jdbc}
     * @param pgAdminUrl a JDBC URL of the PostgreSQL server's {@code postgres} database, for {@code jdbc}
     * @return the store
     */
    static StoreForRound open(String type, String pgAdminUrl) {
        switch (type) {
            case "memory":
                return new StoreForRound(ConnectorStore.inMemory(), null, null);
            case "directory":
                try {
                    Path dir = Files.createTempDirectory("qx-bench-store");
                    return new StoreForRound(ConnectorStore.directory(dir), dir, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            case "jdbc":
                HikariDataSource pool = new HikariDataSource(poolConfig(pgAdminUrl));
                return new StoreForRound(ConnectorStore.jdbc(pool), null, pool);
            default:
                throw new IllegalArgumentException("--store takes memory, directory or jdbc, not " + type);
        }
    }

    /** A fresh database for the store's tables, so each round starts from an empty store. */
    private static HikariConfig poolConfig(String pgAdminUrl) {
        try (Connection c = DriverManager.getConnection(pgAdminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS qx_bench_store");
            s.execute("CREATE DATABASE qx_bench_store");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the store database: " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pgAdminUrl.replace("/postgres?", "/qx_bench_store?"));
        config.setMaximumPoolSize(4);
        return config;
    }

    @Override
    public void close() {
        store.close();
        if (pool != null) {
            pool.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
