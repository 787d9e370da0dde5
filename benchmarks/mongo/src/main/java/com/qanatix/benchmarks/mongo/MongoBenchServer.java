package com.qanatix.benchmarks.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The in-process wire-protocol server, run in a JVM of its own so that the benchmark's heap cap
 * applies to the client side only: {@code java -Xmx3g -cp ... MongoBenchServer 27999}.
 */
public final class MongoBenchServer {
    private MongoBenchServer() {
    }

    /** @param args the port (default 27999) */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27999;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        Thread.currentThread().join();
    }
}
