package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Driver options a connector may not set, in {@code properties}, a DSN's query string or a JDBC URL:
 * those that undo the read-only guarantee (several statements in one query, the driver's read-only
 * handling switched off), those that let the server make the client act (read a local file, deserialize
 * an object it sends), and those that name a class or a file the driver loads or writes (socket
 * factories, TLS factories and verifiers, interceptors, plugins, log files). Names compare without case.
 */
public final class RefusedDriverOptions {
    private static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        String readOnly = "it would let a pull write or run more than one statement";
        String serverDriven = "it lets the server make the client read local files or load classes";
        String className = "it names a class the driver loads and runs";
        // pgjdbc
        REFUSED.put("readOnlyMode", readOnly);
        REFUSED.put("replication", "it opens a replication session, not a read-only query session");
        REFUSED.put("socketFactory", className);
        REFUSED.put("socketFactoryArg", className);
        REFUSED.put("sslfactory", className);
        REFUSED.put("sslfactoryarg", className);
        REFUSED.put("sslhostnameverifier", className);
        REFUSED.put("sslpasswordcallback", className);
        REFUSED.put("authenticationPluginClassName", className);
        REFUSED.put("loggerFile", "it makes the driver write a file on this host");
        // MySQL Connector/J
        REFUSED.put("allowMultiQueries", readOnly);
        REFUSED.put("readOnlyPropagatesToServer", readOnly);
        REFUSED.put("allowLoadLocalInfile", serverDriven);
        REFUSED.put("allowLoadLocalInfileInPath", serverDriven);
        REFUSED.put("allowUrlInLocalInfile", serverDriven);
        REFUSED.put("autoDeserialize", "it deserializes Java objects the server sends");
        REFUSED.put("queryInterceptors", className);
        REFUSED.put("statementInterceptors", className);
        REFUSED.put("exceptionInterceptors", className);
        REFUSED.put("connectionLifecycleInterceptors", className);
        REFUSED.put("authenticationPlugins", className);
        REFUSED.put("defaultAuthenticationPlugin", className);
        REFUSED.put("propertiesTransform", className);
        REFUSED.put("profilerEventHandler", className);
        REFUSED.put("logger", className);
        REFUSED.put("clientInfoProvider", className);
        REFUSED.put("serverConfigCacheFactory", className);
        REFUSED.put("loadBalanceExceptionChecker", className);
        REFUSED.put("ha.loadBalanceStrategy", className);
        REFUSED.put("loadBalanceStrategy", className);
    }

    private static final Map<String, String> BY_LOWER_NAME = new LinkedHashMap<>();
    private static final Pattern IN_URL;

    static {
        StringBuilder names = new StringBuilder();
        for (String name : REFUSED.keySet()) {
            BY_LOWER_NAME.put(name.toLowerCase(Locale.ROOT), name);
            names.append(names.length() == 0 ? "" : "|").append(Pattern.quote(name));
        }
        IN_URL = Pattern.compile("(?i)(?:^|[?&;(,\\s])(" + names + ")\\s*=");
    }

    private RefusedDriverOptions() {
    }

    /** @return the refused option names, each with why */
    public static Map<String, String> all() {
        return Map.copyOf(REFUSED);
    }

    /**
     * @param url a JDBC URL, whose query string or property list may set options
     * @param properties the driver properties
     * @throws InvalidConfigException naming the first refused option found, and why
     */
    public static void check(String url, Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            String name = BY_LOWER_NAME.get(key.strip().toLowerCase(Locale.ROOT));
            if (name != null) {
                throw refused(name);
            }
        }
        Matcher m = IN_URL.matcher(url);
        if (m.find()) {
            throw refused(BY_LOWER_NAME.get(m.group(1).toLowerCase(Locale.ROOT)));
        }
    }

    private static InvalidConfigException refused(String name) {
        return new InvalidConfigException("connection_config sets the driver option '" + name + "', which connectors "
                + "refuse: " + REFUSED.get(name) + ". Remove it (see the Security section of the README)");
    }
}
