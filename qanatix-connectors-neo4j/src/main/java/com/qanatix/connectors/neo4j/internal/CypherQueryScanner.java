package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.PullContext;

import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * A cheap lexical check of a connector's Cypher before it is stored: the query must have a
 * {@code RETURN} clause (its columns become the record's fields) and use no parameter other than
 * {@code $last_pull}, the only one the connector binds.
 *
 * <p>The scanner skips string literals ({@code '...'}, {@code "..."} with backslash escapes),
 * back-quoted names ({@code `...`}), and comments ({@code // ...}, {@code /* ... *}{@code /}), and
 * does not count {@code return} used as a property key ({@code n.return}), label or relationship
 * type ({@code :Return}), or map key ({@code {return: 1}}). It is not a parser: a syntax error
 * elsewhere is reported by the server when the pull starts, and it cannot tell whether the
 * {@code RETURN} it found belongs to the outer query or only to a subquery ({@code CALL { ... RETURN x }}
 * without a final {@code RETURN}); the server rejects such a query then. Standalone procedure calls
 * and {@code SHOW} commands, which return rows without {@code RETURN}, must be written as
 * {@code CALL proc() YIELD x RETURN x}.
 */
public final class CypherQueryScanner {
    private static final Set<String> BOUND_PARAMETERS = Set.of(PullContext.LAST_PULL);

    private CypherQueryScanner() {
    }

    /**
     * Checks a query.
     *
     * @param query the connector's Cypher
     * @throws InvalidConfigException naming {@code query} when it has no {@code RETURN}, an
     *         unterminated string, name or comment, or an unknown parameter
     */
    public static void check(String query) {
        requireNonNull(query, "query is null");
        if (query.isBlank()) {
            throw new InvalidConfigException("query is required: Cypher whose RETURN columns become the record's "
                    + "fields, e.g. MATCH (p:Product) WHERE p.updated_at > $last_pull RETURN p.sku AS id, p.name AS name");
        }
        boolean hasReturn = false;
        Set<String> unknownParameters = new TreeSet<>();
        int n = query.length();
        int i = 0;
        while (i < n) {
            char c = query.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(query, i, c, "string literal");
            } else if (c == '`') {
                i = skipQuoted(query, i, '`', "back-quoted name");
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '/') {
                int eol = query.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int end = query.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new InvalidConfigException("query has an unterminated /* comment");
                }
                i = end + 2;
            } else if (c == '$') {
                int start = i + 1;
                if (start < n && query.charAt(start) == '`') {
                    int end = skipQuoted(query, start, '`', "back-quoted name");
                    String name = query.substring(start + 1, end - 1).replace("``", "`");
                    addUnknown(name, unknownParameters);
                    i = end;
                } else {
                    int end = start;
                    while (end < n && Character.isUnicodeIdentifierPart(query.charAt(end))) {
                        end++;
                    }
                    addUnknown(query.substring(start, end), unknownParameters);
                    i = end;
                }
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                int end = i + 1;
                while (end < n && Character.isUnicodeIdentifierPart(query.charAt(end))) {
                    end++;
                }
                if (end - i == 6 && query.regionMatches(true, i, "return", 0, 6)
                        && previousSignificant(query, i) != '.' && previousSignificant(query, i) != ':'
                        && nextSignificant(query, end) != ':') {
                    hasReturn = true;
                }
                i = end;
            } else {
                i++;
            }
        }
        if (!unknownParameters.isEmpty()) {
            throw new InvalidConfigException("query uses parameter(s) " + unknownParameters.stream()
                    .map(p -> "$" + p).toList() + "; the connector binds only $" + PullContext.LAST_PULL);
        }
        if (!hasReturn) {
            throw new InvalidConfigException("query has no RETURN clause; the neo4j connector turns the RETURN "
                    + "columns into record fields (write procedure calls as CALL proc() YIELD x RETURN x)");
        }
    }

    private static void addUnknown(String name, Set<String> unknown) {
        if (!BOUND_PARAMETERS.contains(name)) {
            unknown.add(name.isEmpty() ? "(empty name)" : name);
        }
    }

    /** @return the index just after the closing quote */
    private static int skipQuoted(String query, int open, char quote, String what) {
        int n = query.length();
        int i = open + 1;
        while (i < n) {
            char c = query.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (quote == '`' && i + 1 < n && query.charAt(i + 1) == '`') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new InvalidConfigException("query has an unterminated " + what + " (opened with " + quote
                + " at offset " + open + ")");
    }

    private static char previousSignificant(String query, int index) {
        for (int i = index - 1; i >= 0; i--) {
            char c = query.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return ' ';
    }

    private static char nextSignificant(String query, int index) {
        for (int i = index; i < query.length(); i++) {
            char c = query.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return ' ';
    }
}
