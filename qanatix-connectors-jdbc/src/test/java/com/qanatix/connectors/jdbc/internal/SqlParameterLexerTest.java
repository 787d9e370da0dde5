package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.qanatix.connectors.jdbc.internal.SqlDialect.GENERIC;
import static com.qanatix.connectors.jdbc.internal.SqlDialect.MYSQL;
import static com.qanatix.connectors.jdbc.internal.SqlDialect.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlParameterLexerTest {
    private static final Set<String> KNOWN = Set.of("last_pull");

    private static ParsedSql pg(String sql) {
        return SqlParameterLexer.parse(sql, POSTGRESQL, KNOWN);
    }

    @Test
    void replacesEveryOccurrenceOfANamedParameter() {
        ParsedSql p = pg("SELECT * FROM t WHERE a > :last_pull OR b > :last_pull");
        assertThat(p.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a > ? OR b > ?");
        assertThat(p.parameterNames()).containsExactly("last_pull", "last_pull");
    }

    @Test
    void leavesStringsWithDoubledQuotesAlone() {
        assertThat(pg("SELECT ':last_pull', 'it''s :last_pull' WHERE x > :last_pull").jdbcSql())
                .isEqualTo("SELECT ':last_pull', 'it''s :last_pull' WHERE x > ?");
    }

    @Test
    void understandsPostgresEscapeStrings() {
        ParsedSql p = pg("SELECT E'a\\' :last_pull', e'\\\\' WHERE x > :last_pull");
        assertThat(p.jdbcSql()).isEqualTo("SELECT E'a\\' :last_pull', e'\\\\' WHERE x > ?");
        assertThat(p.parameterNames()).hasSize(1);
    }

    @Test
    void skipsDollarQuotedBodiesWithAndWithoutTags() {
        ParsedSql p = pg("SELECT $$ :last_pull ' $$, $fn$ :last_pull $$ still $fn$, $1 FROM t WHERE a > :last_pull");
        assertThat(p.jdbcSql()).isEqualTo("SELECT $$ :last_pull ' $$, $fn$ :last_pull $$ still $fn$, $1 FROM t WHERE a > ?");
        assertThat(p.parameterNames()).hasSize(1);
    }

    @Test
    void skipsQuotedIdentifiersBackticksAndComments() {
        assertThat(pg("SELECT \":last_pull\"\"x\" -- :last_pull\n/* :last_pull /* nested :last_pull */ */ :last_pull").jdbcSql())
                .isEqualTo("SELECT \":last_pull\"\"x\" -- :last_pull\n/* :last_pull /* nested :last_pull */ */ ?");
        assertThat(SqlParameterLexer.parse("SELECT `:last_pull` # :last_pull\n, 'a\\':last_pull' FROM t WHERE u > :last_pull",
                MYSQL, KNOWN).jdbcSql())
                .isEqualTo("SELECT `:last_pull` # :last_pull\n, 'a\\':last_pull' FROM t WHERE u > ?");
    }

    @Test
    void keepsCastsAndAssignments() {
        assertThat(pg("SELECT x::text, y := 1 WHERE t > :last_pull::timestamptz").jdbcSql())
                .isEqualTo("SELECT x::text, y := 1 WHERE t > ?::timestamptz");
    }

    @Test
    void escapesPostgresJsonOperatorsForPgjdbc() {
        assertThat(pg("SELECT * FROM t WHERE doc ? 'k' AND doc ?| array['a'] AND doc ?& array['b'] AND u > :last_pull").jdbcSql())
                .isEqualTo("SELECT * FROM t WHERE doc ?? 'k' AND doc ??| array['a'] AND doc ??& array['b'] AND u > ?");
        assertThat(pg("SELECT '?' FROM t").jdbcSql()).isEqualTo("SELECT '?' FROM t");
    }

    @Test
    void rejectsUnknownParametersNamingThem() {
        assertThatThrownBy(() -> pg("SELECT * FROM t WHERE a > :since"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(":since").hasMessageContaining(":last_pull");
    }

    @Test
    void rejectsBarePlaceholdersOutsidePostgres() {
        assertThatThrownBy(() -> SqlParameterLexer.parse("SELECT * FROM t WHERE a > ?", MYSQL, KNOWN))
                .hasMessageContaining("bare '?'");
        assertThat(SqlParameterLexer.parse("SELECT '?' FROM t", GENERIC, KNOWN).parameterNames()).isEmpty();
    }

    @Test
    void rejectsUnterminatedLiteralsAndComments() {
        for (String bad : List.of("SELECT 'x", "SELECT \"x", "SELECT $$ x", "SELECT /* x", "SELECT /* /* */")) {
            assertThatThrownBy(() -> pg(bad)).as(bad).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("unterminated");
        }
    }

    @Test
    void tellsReadStatementsFromOthers() {
        assertThat(SqlParameterLexer.looksLikeRead("  -- c\n /* x */ SELECT 1")).isTrue();
        assertThat(SqlParameterLexer.looksLikeRead("with x as (select 1) select * from x")).isTrue();
        assertThat(SqlParameterLexer.looksLikeRead("(SELECT 1) UNION (SELECT 2)")).isTrue();
        assertThat(SqlParameterLexer.looksLikeRead("DELETE FROM t")).isFalse();
        assertThat(SqlParameterLexer.looksLikeRead("update t set a = 1")).isFalse();
        assertThat(SqlParameterLexer.looksLikeRead("")).isFalse();
    }
}
