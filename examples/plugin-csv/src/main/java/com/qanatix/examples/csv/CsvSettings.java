package com.qanatix.examples.csv;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.ConnectorConfig;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code connection_config} of a {@code csv} connector, checked. Errors name the field, as
 * {@link ConnectorConfig}'s accessors do.
 *
 * @param path the file
 * @param delimiter the field separator
 * @param header whether the first line names the columns
 * @param charset the file's encoding
 */
record CsvSettings(Path path, char delimiter, boolean header, Charset charset) {

    static CsvSettings from(ConnectorConfig config) {
        String rawPath = config.requireString("path");
        Path path;
        try {
            path = Path.of(rawPath);
        } catch (InvalidPathException e) {
            throw new InvalidConfigException("connection_config.path is not a valid path: " + e.getReason());
        }
        String delimiter = config.optionalString("delimiter").orElse(",");
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n'
                || delimiter.charAt(0) == '\r') {
            throw new InvalidConfigException("connection_config.delimiter must be one character other than "
                    + "a double quote or a line break, e.g. \",\", \";\" or \"\\t\"");
        }
        boolean header = config.getBoolean("header", true);
        String encoding = config.optionalString("encoding").orElse("UTF-8");
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidConfigException("connection_config.encoding '" + encoding + "' is not a known charset");
        }
        return new CsvSettings(path, delimiter.charAt(0), header, charset);
    }
}
