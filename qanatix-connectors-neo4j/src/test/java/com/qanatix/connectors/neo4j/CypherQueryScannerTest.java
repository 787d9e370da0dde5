package com.qanatix.connectors.neo4j;

import com.qanatix.connectors.neo4j.internal.CypherQueryScanner;
import com.qanatix.core.spi.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CypherQueryScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (p:Product) WHERE p.updated_at > $last_pull RETURN p.sku AS id",
        "match (p) return p",
        "MATCH (p)\nRETURN\tp",
        "MATCH (p) WHERE p.name = 'it''s' RETURN p // trailing comment",
        "UNWIND [1,2] AS x WITH x RETURN x UNION RETURN 3 AS x",
        "MATCH (p) WHERE p.updated_at > $`last_pull` RETURN p",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH (`weird``name`) RETURN `weird``name`",
    })
    void acceptsQueriesWithAReturnClause(String query) {
        assertThatCode(() -> CypherQueryScanner.check(query)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (p:Product) SET p.x = 1",
        "MATCH (p) WHERE p.note = 'RETURN' DELETE p",
        "MATCH (p) WHERE p.note = \"say \\\"RETURN\\\"\" DELETE p",
        "MATCH (p) // RETURN p\nDELETE p",
        "MATCH (p) /* RETURN p */ DELETE p",
        "MATCH (`RETURN`) DELETE `RETURN`",
        "MATCH (p) WHERE p.return = 1 DELETE p",
        "MATCH (p:Return) DELETE p",
        "MATCH (p {return: 1}) DELETE p",
        "CALL db.labels()",
        "   ",
    })
    void rejectsQueriesWithoutAReturnClauseOutsideStringsCommentsAndNames(String query) {
        assertThatThrownBy(() -> CypherQueryScanner.check(query)).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("query ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MATCH (p) WHERE p.x = 'open RETURN p", "MATCH (p) /* RETURN p", "MATCH (`p) RETURN 1"})
    void rejectsUnterminatedStringsCommentsAndNames(String query) {
        assertThatThrownBy(() -> CypherQueryScanner.check(query)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unterminated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MATCH (p) WHERE p.sku = $sku RETURN p", "RETURN $0 AS x", "RETURN $`odd name` AS x"})
    void rejectsParametersOtherThanLastPull(String query) {
        assertThatThrownBy(() -> CypherQueryScanner.check(query)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("the connector binds only $last_pull");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETURN '$sku' AS x", "RETURN 1 AS x // $sku", "RETURN 1 AS `$sku`"})
    void ignoresDollarSignsInsideStringsCommentsAndNames(String query) {
        assertThatCode(() -> CypherQueryScanner.check(query)).doesNotThrowAnyException();
    }
}
