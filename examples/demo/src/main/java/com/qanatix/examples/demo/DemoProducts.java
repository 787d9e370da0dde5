package com.qanatix.examples.demo;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's source data: a products table (or collection, or nodes) in one database, which the
 * demo creates, changes and finally removes, and the connector definition that reads it.
 * Every product has {@code id, name, sku, price, stock, updated_at}.
 */
interface DemoProducts extends AutoCloseable {

    /**
     * @param options the command line
     * @param directory where an embedded database's files go
     * @return the products for the chosen target
     */
    static DemoProducts open(DemoOptions options, Path directory) {
        return switch (options.target()) {
            case H2 -> JdbcDemoProducts.h2(directory);
            case POSTGRESQL -> JdbcDemoProducts.postgres(options.url().orElseThrow());
            case MYSQL -> JdbcDemoProducts.mysql(options.url().orElseThrow());
            case MONGODB -> new MongoDemoProducts(options.url().orElseThrow());
            case NEO4J -> new Neo4jDemoProducts(options.url().orElseThrow());
        };
    }

    /** @return where the products live, without credentials */
    String describe();

    /** @return the connector type that reads them */
    String connectorType();

    /** @return the {@code connection_config} (with credentials) */
    Map<String, Object> connectionConfig();

    /** @return the connector's query, with {@code :last_pull} (or {@code $last_pull}) */
    String query();

    /** @return the field that identifies a product */
    String sourceIdColumn();

    /**
     * Replaces any earlier demo data with products 1..rows, all last updated a day ago.
     *
     * @param rows how many
     */
    void create(long rows);

    /**
     * Raises the price of some products, which marks them updated now.
     *
     * @param ids the products to change
     */
    void update(List<Long> ids);

    /**
     * Adds products, updated now.
     *
     * @param firstId the first new id
     * @param count how many
     */
    void insert(long firstId, long count);

    /** Removes the demo's data from a server (an embedded database's file stays for inspection). */
    void drop();

    /** Closes the connection the demo fills the database with. */
    @Override
    void close();

    /**
     * @param id a product id
     * @return its name
     */
    static String name(long id) {
        return "Product " + id;
    }

    /**
     * @param id a product id
     * @return its SKU
     */
    static String sku(long id) {
        return String.format("SKU-%08d", id);
    }

    /**
     * @param id a product id
     * @return its first price, 1.00 to 99.99
     */
    static BigDecimal price(long id) {
        return BigDecimal.valueOf(100 + id % 9_900, 2);
    }

    /**
     * @param id a product id
     * @return its stock
     */
    static long stock(long id) {
        return id * 7 % 500;
    }
}
