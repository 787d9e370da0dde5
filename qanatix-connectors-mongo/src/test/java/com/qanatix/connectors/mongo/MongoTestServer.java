package com.qanatix.connectors.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The MongoDB the tests talk to: a real {@code mongod} named by {@code QANATIX_TEST_MONGODB_URI},
 * or else the in-process wire-protocol server {@code mongo-java-server} (memory backend), driven
 * through the real driver. It says which, in the log and in {@link #toString()}.
 *
 * <p>{@link #startWithAuth} gives a server that requires SCRAM-SHA-256 authentication: the
 * in-process one behind an {@link AuthenticatingBackend} with one user, or a real {@code mongod
 * --auth} named by {@code QANATIX_TEST_MONGODB_AUTH_URI}.
 */
final class MongoTestServer implements AutoCloseable {
    /** Where the in-process server keeps its users, as mongod keeps them by default. */
    static final String AUTH_DATABASE = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(MongoTestServer.class);
    private static final String HOW_TO_ENABLE_AUTH_TESTS = "QANATIX_TEST_MONGODB_URI names a real mongod, "
            + "so the authentication tests need QANATIX_TEST_MONGODB_AUTH_URI too: "
            + "mongodb://USER:PASSWORD@HOST:PORT/?authSource=admin for a mongod started with --auth, whose user "
            + "may read and write any database and manage users (e.g. role root); unset QANATIX_TEST_MONGODB_URI "
            + "to run them against the in-process server";

    private final Supplier<MongoBackend> backends;
    private MongoServer inProcess;
    private MongoBackend backend;
    private final String uri;
    private final int port;
    private final MongoCredential credential;
    private final String hostAndOptions;

    private MongoTestServer(Supplier<MongoBackend> backends, String uri, int port, MongoCredential credential,
            String hostAndOptions) {
        this.backends = backends;
        this.uri = uri;
        this.port = port;
        this.credential = credential;
        this.hostAndOptions = hostAndOptions;
    }

    static MongoTestServer start() {
        String configured = System.getenv("QANATIX_TEST_MONGODB_URI");
        if (configured != null && !configured.isBlank()) {
            LOG.info("MongoDB tests run against the mongod named by QANATIX_TEST_MONGODB_URI");
            return new MongoTestServer(null, configured, -1, null, null);
        }
        return inProcess(MemoryBackend::new, null);
    }

    /**
     * @return why the authentication tests cannot run here, saying how to enable them; empty when
     *     they can (in process, or with {@code QANATIX_TEST_MONGODB_AUTH_URI})
     */
    static Optional<String> whyAuthenticationTestsCannotRun() {
        String authUri = System.getenv("QANATIX_TEST_MONGODB_AUTH_URI");
        if (authUri != null && !authUri.isBlank()) {
            MongoCredential configured;
            try {
                configured = new ConnectionString(authUri).getCredential();
            } catch (IllegalArgumentException e) {
                return Optional.of("QANATIX_TEST_MONGODB_AUTH_URI is not a valid connection string; "
                        + HOW_TO_ENABLE_AUTH_TESTS);
            }
            return configured != null && configured.getPassword() != null ? Optional.empty()
                    : Optional.of("QANATIX_TEST_MONGODB_AUTH_URI must hold USER:PASSWORD@; " + HOW_TO_ENABLE_AUTH_TESTS);
        }
        String configured = System.getenv("QANATIX_TEST_MONGODB_URI");
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(HOW_TO_ENABLE_AUTH_TESTS);
    }

    /**
     * Starts a server that requires authentication. In process: an {@link AuthenticatingBackend}
     * whose only user is {@code user} in database {@value #AUTH_DATABASE}. With
     * {@code QANATIX_TEST_MONGODB_AUTH_URI} set, that mongod and the user and password in the URI
     * (the arguments are ignored then).
     *
     * @param user the user the in-process server knows
     * @param password its password
     * @return the server
     * @throws IllegalStateException if {@link #whyAuthenticationTestsCannotRun()} has a reason
     */
    static MongoTestServer startWithAuth(String user, String password) {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        whyAuthenticationTestsCannotRun().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        String authUri = System.getenv("QANATIX_TEST_MONGODB_AUTH_URI");
        if (authUri != null && !authUri.isBlank()) {
            LOG.info("MongoDB authentication tests run against the mongod named by QANATIX_TEST_MONGODB_AUTH_URI");
            String withoutCredentials = authUri.replaceFirst("^(mongodb(?:\\+srv)?://)[^@/]*@", "$1");
            return new MongoTestServer(null, withoutCredentials, -1, new ConnectionString(authUri).getCredential(),
                    withoutCredentials.substring(withoutCredentials.indexOf("://") + 3));
        }
        MongoCredential credential = MongoCredential.createScramSha256Credential(user, AUTH_DATABASE,
                password.toCharArray());
        return inProcess(() -> new AuthenticatingBackend().addUser(AUTH_DATABASE, user, password), credential);
    }

    private static MongoTestServer inProcess(Supplier<MongoBackend> backends, MongoCredential credential) {
        MongoBackend backend = backends.get();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        LOG.info("MongoDB tests run against the in-process mongo-java-server on port {}{} "
                + "(set QANATIX_TEST_MONGODB_URI to use a real mongod)", address.getPort(),
                credential != null ? ", with SCRAM-SHA-256 authentication" : "");
        MongoTestServer test = new MongoTestServer(backends, "mongodb://127.0.0.1:" + address.getPort(),
                address.getPort(), credential, "127.0.0.1:" + address.getPort() + "/?authSource=" + AUTH_DATABASE);
        test.inProcess = server;
        test.backend = backend;
        return test;
    }

    /** @return the URI, without credentials */
    String uri() {
        return uri;
    }

    /** @return the user of a server started with {@link #startWithAuth} */
    String user() {
        return requireCredential().getUserName();
    }

    /** @return that user's password */
    String password() {
        return new String(requireCredential().getPassword());
    }

    /** @return the database that user authenticates against */
    String authSource() {
        return requireCredential().getSource();
    }

    /**
     * @param user a user name
     * @param password a password
     * @return this server's URI with those credentials (percent-encoded) and its authSource
     */
    String uri(String user, String password) {
        requireCredential();
        String scheme = uri.startsWith("mongodb+srv://") ? "mongodb+srv://" : "mongodb://";
        return scheme + encode(user) + ":" + encode(password) + "@" + hostAndOptions;
    }

    /** @return the URI with the configured user and password */
    String authenticatedUri() {
        return uri(user(), password());
    }

    boolean inProcess() {
        return inProcess != null;
    }

    /** @return the in-process backend */
    MongoBackend backend() {
        return backend;
    }

    /**
     * Crashes the in-process server (every connection drops at once) and starts an empty one on the
     * same port.
     */
    void crashAndRestart() {
        inProcess.shutdownNow();
        backend = backends.get();
        inProcess = new MongoServer(backend);
        inProcess.bind("127.0.0.1", port);
    }

    private MongoCredential requireCredential() {
        if (credential == null) {
            throw new IllegalStateException("this server was not started with startWithAuth");
        }
        return credential;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.shutdownNow();
        }
    }

    @Override
    public String toString() {
        if (inProcess != null) {
            return "in-process mongo-java-server" + (credential != null ? " with authentication" : "");
        }
        return credential != null ? "mongod from QANATIX_TEST_MONGODB_AUTH_URI" : "mongod from QANATIX_TEST_MONGODB_URI";
    }
}
