package com.qanatix.core.internal.store;

import java.util.Locale;

/** The few places where the JDBC store's SQL differs between PostgreSQL, MySQL/MariaDB and H2. */
enum SqlDialect {
    POSTGRESQL("TEXT", "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s", "EXCLUDED.%1$s"),
    MYSQL("LONGTEXT", "INSERT INTO %s (%s) VALUES (%s) ON DUPLICATE KEY UPDATE %5$s", "VALUES(%1$s)"),
    H2("CHARACTER LARGE OBJECT", "MERGE INTO %s (%s) KEY (%4$s) VALUES (%3$s)", null);

    private final String textType;
    private final String upsertTemplate;
    private final String newValueTemplate;

    SqlDialect(String textType, String upsertTemplate, String newValueTemplate) {
        this.textType = textType;
        this.upsertTemplate = upsertTemplate;
        this.newValueTemplate = newValueTemplate;
    }

    static SqlDialect of(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.contains("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("the JDBC store supports PostgreSQL, MySQL/MariaDB and H2, not "
                + productName);
    }

    String textType() {
        return textType;
    }

    /**
     * @param table table name
     * @param keyColumns primary key columns
     * @param valueColumns other columns
     * @return an insert-or-update statement with one {@code ?} per column, keys first
     */
    String upsert(String table, String[] keyColumns, String[] valueColumns) {
        String[] all = new String[keyColumns.length + valueColumns.length];
        System.arraycopy(keyColumns, 0, all, 0, keyColumns.length);
        System.arraycopy(valueColumns, 0, all, keyColumns.length, valueColumns.length);
        String columns = String.join(", ", all);
        String marks = String.join(", ", java.util.Collections.nCopies(all.length, "?"));
        String keys = String.join(", ", keyColumns);
        StringBuilder updates = new StringBuilder();
        if (newValueTemplate != null) {
            for (String c : valueColumns) {
                if (updates.length() > 0) {
                    updates.append(", ");
                }
                updates.append(c).append(" = ").append(String.format(newValueTemplate, c));
            }
        }
        return String.format(upsertTemplate, table, columns, marks, keys, updates);
    }
}
