package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds named parameters ({@code :last_pull}) in SQL and replaces them with JDBC {@code ?}
 * placeholders, understanding the SQL around them so that nothing inside a string literal, quoted
 * identifier or comment is touched: single-quoted strings with {@code ''}, PostgreSQL {@code E''}
 * strings and dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}), double-quoted
 * identifiers, MySQL backticks, backslash escapes and {@code #} comments, {@code --} comments and
 * nested {@code /* *}{@code /} comments, {@code ::} casts and {@code :=}.
 *
 * <p>For PostgreSQL a literal {@code ?} outside strings (the JSON operators {@code ?}, {@code ?|},
 * {@code ?&}) is written {@code ??}, which pgjdbc turns back into {@code ?}. Elsewhere a bare
 * {@code ?} is rejected: parameters are named.
 */
public final class SqlParameterLexer {
    private static final Set<String> READ_STATEMENTS = Set.of("select", "with", "values", "table", "show", "(");

    private SqlParameterLexer() {
    }

    /**
     * @param sql the connector's query
     * @param dialect the database's rules
     * @param known the parameter names the core binds
     * @return the SQL with placeholders and the names in placeholder order
     * @throws InvalidConfigException for an unknown {@code :name}, an unterminated literal or comment,
     *     a bare {@code ?} outside PostgreSQL, or a second statement after a {@code ;}
     */
    public static ParsedSql parse(String sql, SqlDialect dialect, Set<String> known) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<String> names = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        boolean ended = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (ended && !Character.isWhitespace(c) && c != ';' && !startsComment(sql, i, dialect)) {
                throw new InvalidConfigException("query holds more than one statement (text follows a ';'); "
                        + "a connector runs exactly one read statement");
            }
            if (c == ';') {
                ended = true;
                i++;
                continue; // a trailing ';' is dropped: some drivers refuse it in a prepared statement
            }
            if (c == '\'') {
                boolean escapes = dialect == SqlDialect.MYSQL || isEscapeStringPrefix(sql, i, dialect);
                i = copyQuoted(sql, i, '\'', escapes, out, "string literal");
            } else if (c == '"') {
                i = copyQuoted(sql, i, '"', dialect == SqlDialect.MYSQL, out, "quoted identifier");
            } else if (c == '`' && dialect == SqlDialect.MYSQL) {
                i = copyQuoted(sql, i, '`', false, out, "backtick identifier");
            } else if (c == '$' && dialect == SqlDialect.POSTGRESQL && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    throw new InvalidConfigException("query has an unterminated dollar-quoted string " + tag);
                }
                out.append(sql, i, close + tag.length());
                i = close + tag.length();
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
                    || c == '#' && dialect == SqlDialect.MYSQL) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = copyBlockComment(sql, i, dialect == SqlDialect.POSTGRESQL, out);
            } else if (c == ':') {
                if (i + 1 < n && (sql.charAt(i + 1) == ':' || sql.charAt(i + 1) == '=')) {
                    out.append(c).append(sql.charAt(i + 1));
                    i += 2;
                } else if (i + 1 < n && isIdentifierStart(sql.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < n && isIdentifierPart(sql.charAt(end))) {
                        end++;
                    }
                    String name = sql.substring(i + 1, end);
                    if (!known.contains(name)) {
                        throw new InvalidConfigException("query uses an unknown parameter :" + name
                                + "; the parameters bound are " + prefixed(known));
                    }
                    names.add(name);
                    out.append('?');
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '?') {
                if (dialect != SqlDialect.POSTGRESQL) {
                    throw new InvalidConfigException("query contains a bare '?' outside a string: parameters are "
                            + "named, use " + prefixed(known));
                }
                out.append("??");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return new ParsedSql(out.toString(), names);
    }

    /**
     * Tells whether a query is a read statement, judged by its first keyword after comments
     * ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}, {@code SHOW} or a parenthesis).
     * The read-only transaction every pull runs in is the stronger guard.
     *
     * @param sql a query
     * @return whether it starts like a read
     */
    public static boolean looksLikeRead(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        if (i >= n) {
            return false;
        }
        if (sql.charAt(i) == '(') {
            return true;
        }
        int end = i;
        while (end < n && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return READ_STATEMENTS.contains(sql.substring(i, end).toLowerCase(Locale.ROOT));
    }

    private static boolean startsComment(String sql, int i, SqlDialect dialect) {
        char c = sql.charAt(i);
        boolean twoChar = i + 1 < sql.length();
        return c == '-' && twoChar && sql.charAt(i + 1) == '-' || c == '/' && twoChar && sql.charAt(i + 1) == '*'
                || c == '#' && dialect == SqlDialect.MYSQL;
    }

    private static String prefixed(Set<String> known) {
        return known.stream().sorted().map(k -> ":" + k).toList().toString();
    }

    private static boolean isEscapeStringPrefix(String sql, int quote, SqlDialect dialect) {
        if (dialect != SqlDialect.POSTGRESQL || quote == 0) {
            return false;
        }
        char p = sql.charAt(quote - 1);
        return (p == 'E' || p == 'e') && (quote == 1 || !isIdentifierPart(sql.charAt(quote - 2)));
    }

    /** Copies a quoted token; a doubled quote is an escaped quote, and so is a backslash escape where enabled. */
    private static int copyQuoted(String sql, int start, char quote, boolean backslashEscapes, StringBuilder out,
                                  String what) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    out.append(sql, start, i + 1);
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new InvalidConfigException("query has an unterminated " + what);
    }

    private static int copyBlockComment(String sql, int start, boolean nested, StringBuilder out) {
        int n = sql.length();
        int depth = 1;
        int i = start + 2;
        while (i < n) {
            if (nested && sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    out.append(sql, start, i);
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new InvalidConfigException("query has an unterminated /* comment");
    }

    /** @return the index of the closing '$' of a dollar-quote tag starting at {@code start}, or -1 */
    private static int dollarTagEnd(String sql, int start) {
        int n = sql.length();
        int i = start + 1;
        if (i < n && sql.charAt(i) == '$') {
            return i;
        }
        if (i >= n || !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            return -1; // $1 is a positional parameter, not a tag
        }
        if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
            return -1; // part of an identifier such as a$b
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < n && sql.charAt(i) == '$' ? i : -1;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
