package com.qanatix.examples.csv;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.PullContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code csv} connector's query: {@code *}, or conditions joined by {@code AND}, each
 * {@code column = 'text'} (a doubled {@code ''} is a quote) or {@code column > :last_pull}.
 * Parsed once per pull, then bound to the file's header into a {@link RowFilter}.
 */
final class CsvQuery {
    private static final Pattern AND = Pattern.compile("\\s+(?i:AND)\\s+");
    private static final Pattern EQUALS = Pattern.compile("\\s*(\\w+)\\s*=\\s*'((?:[^']|'')*)'\\s*");
    private static final Pattern AFTER_LAST_PULL =
            Pattern.compile("\\s*(\\w+)\\s*>\\s*:" + PullContext.LAST_PULL + "\\s*");

    /** One condition; {@code text} is null for {@code > :last_pull}. */
    private record Condition(String column, String text) {
    }

    private final List<Condition> conditions;

    private CsvQuery(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /**
     * @param query the connector's query
     * @return the parsed query
     * @throws InvalidConfigException naming the part that is not understood
     */
    static CsvQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidConfigException("query is required: * or conditions such as updated_at > :last_pull");
        }
        if (query.strip().equals("*")) {
            return new CsvQuery(List.of());
        }
        List<Condition> conditions = new ArrayList<>();
        // Splitting on AND first is safe enough for an example; a quoted ' AND ' inside a value is
        // not supported and is rejected below, since its halves do not parse.
        for (String part : AND.split(query.strip())) {
            Matcher m = EQUALS.matcher(part);
            if (m.matches()) {
                conditions.add(new Condition(m.group(1), m.group(2).replace("''", "'")));
                continue;
            }
            m = AFTER_LAST_PULL.matcher(part);
            if (m.matches()) {
                conditions.add(new Condition(m.group(1), null));
                continue;
            }
            throw new InvalidConfigException("query: cannot read condition '" + part.strip() + "'; a csv query is *"
                    + " or conditions joined by AND: column = 'text' or column > :last_pull");
        }
        return new CsvQuery(conditions);
    }

    /**
     * Resolves column names to positions once, so the per-row check is array lookups only.
     *
     * @param columns the file's column names
     * @param lastPull the value the core bound to {@code :last_pull}
     * @return the filter for this pull
     * @throws SourceException when a condition names a column the file does not have
     */
    RowFilter bind(List<String> columns, Object lastPull) {
        int n = conditions.size();
        int[] positions = new int[n];
        String[] texts = new String[n];
        Instant watermark = null;
        for (int i = 0; i < n; i++) {
            Condition c = conditions.get(i);
            positions[i] = columns.indexOf(c.column());
            if (positions[i] < 0) {
                throw new SourceException("query names column '" + c.column() + "', which the csv file does not have"
                        + " (columns: " + columns + ")");
            }
            texts[i] = c.text();
            if (c.text() == null && watermark == null) {
                watermark = watermark(lastPull);
            }
        }
        return new RowFilter(columns, positions, texts, watermark);
    }

    /**
     * {@code :last_pull} is an {@link Instant} (the core's time-based watermark), or, when the
     * connector sets {@code watermark_column}, the largest cell of that column seen so far: a string.
     */
    private static Instant watermark(Object lastPull) {
        if (lastPull instanceof Instant instant) {
            return instant;
        }
        if (lastPull instanceof String s) {
            Optional<Instant> parsed = CsvTimestamp.parse(s);
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        throw new SourceException("a csv :last_pull condition needs a timestamp watermark, got "
                + (lastPull == null ? "none" : lastPull.getClass().getSimpleName()));
    }

    /** A query bound to one file: decides whether a row is kept. */
    static final class RowFilter {
        private final List<String> columns;
        private final int[] positions;
        private final String[] texts;
        private final Instant watermark;

        private RowFilter(List<String> columns, int[] positions, String[] texts, Instant watermark) {
            this.columns = columns;
            this.positions = positions;
            this.texts = texts;
            this.watermark = watermark;
        }

        /**
         * @param fields one row's cells, in column order
         * @param lineNumber where the row starts, for error messages
         * @return whether every condition holds
         * @throws SourceException when a {@code :last_pull} cell is not a timestamp
         */
        boolean keeps(String[] fields, long lineNumber) {
            for (int i = 0; i < positions.length; i++) {
                String cell = fields[positions[i]];
                if (texts[i] != null) {
                    if (!texts[i].equals(cell)) {
                        return false;
                    }
                } else {
                    // An empty cell has no time: it is never "after" the watermark.
                    if (cell.isEmpty()) {
                        return false;
                    }
                    Optional<Instant> at = CsvTimestamp.parse(cell);
                    if (at.isEmpty()) {
                        throw new SourceException("line " + lineNumber + ": column '" + columns.get(positions[i])
                                + "' is compared with :last_pull but is not an ISO-8601 timestamp");
                    }
                    if (!at.get().isAfter(watermark)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
