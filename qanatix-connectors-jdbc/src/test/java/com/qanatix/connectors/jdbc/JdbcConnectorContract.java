package com.qanatix.connectors.jdbc;

import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.spi.InvalidConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every JDBC connector type does, whatever the database: incremental pulls deliver inserts and
 * updates once, a numeric watermark column binds a number, create refuses statements that do not
 * read, a query the database rejects fails its pull without committing or leaking the password, and
 * no connection outlives a pull. The {@code postgresql} type runs it against PostgreSQL, {@code mysql}
 * against MariaDB and {@code jdbc} against H2; each test class says how to reach its database and
 * keeps the scenarios only its database has.
 *
 * <p>The database has a table {@code products (id BIGINT PRIMARY KEY, name, sku, price DECIMAL(12,2),
 * updated_at NOT NULL)}, emptied before each test; any further columns are nullable.
 */
abstract class JdbcConnectorContract {
    /** The instance the scenarios pull with: in-memory store, collecting sink. */
    JdbcPulls pulls;

    /** @return the connector type under test */
    abstract String connectorType();

    /** @return a {@code connection_config} of a user who may read {@code products} */
    abstract Map<String, Object> config();

    /** @return the password in {@link #config()}, which no error may show */
    abstract String password();

    /** @param sql statements to run on the database, as its owner */
    abstract void execute(String... sql);

    /** @return the SQL expression for the database's current time, of {@code updated_at}'s type */
    abstract String stampNow();

    /** @return the SQL expression for the database's time one hour ago */
    abstract String stampHourAgo();

    /** @return the sessions open on the database now, besides those of the test itself */
    abstract long openSessions();

    @BeforeEach
    void emptyProducts() {
        execute("DELETE FROM products");
        pulls = new JdbcPulls();
    }

    @AfterEach
    void closePulls() {
        pulls.close();
    }

    /**
     * @param query the connector's query
     * @return the id of a connector of the type under test with {@link #config()}
     */
    String connector(String query) {
        return pulls.create(connectorType(), config(), query);
    }

    /**
     * Pulls a connector that must fail, and checks that it failed cleanly: the error names what went
     * wrong and not the password, nothing reached the sink and no watermark was stored.
     *
     * @param id the connector
     * @param expected texts the error holds, compared without case
     */
    void assertFailsCleanly(String id, String... expected) {
        PullResult result = pulls.qx.pull(id);
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        String error = result.error().orElseThrow();
        for (String part : expected) {
            assertThat(error).containsIgnoringCase(part);
        }
        assertThat(error).doesNotContain(password());
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();
    }

    private void insert(long id, String name, String price, String stamp) {
        execute("INSERT INTO products (id, name, sku, price, updated_at) VALUES (" + id + ", '" + name + "', 'S-"
                + id + "', " + price + ", " + stamp + ")");
    }

    @Test
    void incrementalPullsDeliverInsertsAndUpdatesOnce() {
        insert(1, "Anvil", "10.50", stampHourAgo());
        insert(2, "Bolt", "0.99", stampHourAgo());
        insert(3, "Crate", "5", stampHourAgo());
        String id = connector("SELECT id, name, sku, price, updated_at FROM products WHERE updated_at > :last_pull "
                + "ORDER BY id");

        PullResult first = pulls.qx.pull(id);
        assertThat(first.status()).as(first.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(first.recordsIngested()).isEqualTo(3);
        List<IngestRecord> records = pulls.takeRecords();
        assertThat(records).extracting(IngestRecord::sourceId).containsExactly("1", "2", "3");
        assertThat(records.get(0).name()).isEqualTo("Anvil");
        assertThat(records.get(0).data()).containsEntry("price", new BigDecimal("10.50"));

        execute("UPDATE products SET name = 'Bolt v2', updated_at = " + stampNow() + " WHERE id = 2");
        insert(4, "Drill", "99.00", stampNow());
        PullResult second = pulls.qx.pull(id);
        assertThat(pulls.takeRecords()).extracting(IngestRecord::name).containsExactly("Bolt v2", "Drill");
        assertThat(second.recordsPulled()).isEqualTo(2);

        PullResult third = pulls.qx.pull(id);
        assertThat(third.recordsIngested()).isZero();
        assertThat(third.duplicatesSkipped()).as("the lookback reads both again").isEqualTo(2);
    }

    @Test
    void aNumericWatermarkColumnBindsANumber() {
        insert(1, "a", "1", stampNow());
        insert(2, "b", "1", stampNow());
        String id = pulls.create(connectorType(), config(),
                "SELECT id, name FROM products WHERE id > :last_pull ORDER BY id",
                b -> b.watermarkColumn("id").watermarkStart("0"));
        assertThat(pulls.qx.pull(id).recordsIngested()).isEqualTo(2);
        insert(3, "c", "1", stampNow());
        PullResult second = pulls.qx.pull(id);
        assertThat(second.recordsPulled()).isEqualTo(1);
        assertThat(pulls.qx.watermark(id).orElseThrow().columnValue()).contains(3L);
    }

    @Test
    void createRejectsStatementsThatDoNotReadAndParametersOtherThanLastPull() {
        assertThatThrownBy(() -> connector("DELETE FROM products"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("read statement");
        assertThatThrownBy(() -> connector("UPDATE products SET name = 'x'"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("read statement");
        assertThatThrownBy(() -> connector("SELECT * FROM products WHERE updated_at > :since"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(":since");
        assertThat(pulls.qx.connectors().list()).isEmpty();
    }

    @Test
    void aQueryTheDatabaseRejectsFailsThePullAndCommitsNothing() {
        insert(1, "a", "1", stampNow());
        long before = openSessions();
        assertFailsCleanly(connector("SELECT id, name FROM no_such_table"), "no_such_table");
        assertFailsCleanly(connector("SELECT id, name FROM products WHERE"), "syntax");
        assertThat(openSessions()).isLessThanOrEqualTo(before);
    }

    @Test
    void noConnectionIsLeftBehindAfterPullsThatSucceedOrFail() {
        for (int i = 1; i <= 50; i++) {
            insert(i, "p" + i, "1", stampNow());
        }
        long before = openSessions();
        String ok = connector("SELECT id, name FROM products");
        String broken = connector("SELECT id, name FROM no_such_table");
        for (int i = 0; i < 5; i++) {
            assertThat(pulls.qx.pull(ok).status()).isEqualTo(PullStatus.COMPLETED);
            assertThat(pulls.qx.pull(broken).status()).isEqualTo(PullStatus.FAILED);
        }
        assertThat(openSessions()).isLessThanOrEqualTo(before);
    }
}
