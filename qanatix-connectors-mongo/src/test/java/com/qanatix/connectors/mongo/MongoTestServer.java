package com.qanatix.connectors.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The MongoDB the tests talk to: a real {@code mongod} named by {@code QANATIX_TEST_MONGODB_URI},
 * or else the in-process wire-protocol server {@code mongo-java-server} (memory backend), driven
 * through the real driver. It says which, in the log and in {@link #toString()}.
 */
final class MongoTestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoTestServer.class);

    private MongoServer inProcess;
    private final String uri;
    private final int port;

    private MongoTestServer(MongoServer inProcess, String uri, int port) {
        this.inProcess = inProcess;
        this.uri = uri;
        this.port = port;
    }

    static MongoTestServer start() {
        String configured = System.getenv("QANATIX_TEST_MONGODB_URI");
        if (configured != null && !configured.isBlank()) {
            LOG.info("MongoDB tests run against the mongod named by QANATIX_TEST_MONGODB_URI");
            return new MongoTestServer(null, configured, -1);
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        LOG.info("MongoDB tests run against the in-process mongo-java-server on port {} "
                + "(set QANATIX_TEST_MONGODB_URI to use a real mongod)", address.getPort());
        return new MongoTestServer(server, "mongodb://127.0.0.1:" + address.getPort(), address.getPort());
    }

    /**
     * An in-process server that requires one user to authenticate with SCRAM-SHA-256 on
     * {@code admin}; with {@code QANATIX_TEST_MONGODB_AUTH_URI} set (a real mongod with auth, the URI
     * holding a user allowed to read), that server instead, or empty when neither can run.
     *
     * @param user the user to create
     * @param password its password
     * @return the server
     */
    static MongoTestServer startWithAuth(String user, String password) {
        String configured = System.getenv("QANATIX_TEST_MONGODB_AUTH_URI");
        if (configured != null && !configured.isBlank()) {
            LOG.info("MongoDB authentication tests run against QANATIX_TEST_MONGODB_AUTH_URI");
            return new MongoTestServer(null, configured, -1);
        }
        MongoServer server = new MongoServer(new AuthenticatingBackend(user, password));
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        LOG.info("MongoDB authentication tests run against the in-process mongo-java-server with SCRAM-SHA-256 "
                + "on port {}", address.getPort());
        return new MongoTestServer(server, "mongodb://127.0.0.1:" + address.getPort(), address.getPort());
    }

    String uri() {
        return uri;
    }

    boolean inProcess() {
        return inProcess != null;
    }

    /**
     * Crashes the in-process server (every connection drops at once) and starts an empty one on the
     * same port.
     */
    void crashAndRestart() {
        inProcess.shutdownNow();
        inProcess = new MongoServer(new MemoryBackend());
        inProcess.bind("127.0.0.1", port);
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return inProcess != null ? "in-process mongo-java-server" : "mongod from QANATIX_TEST_MONGODB_URI";
    }
}
