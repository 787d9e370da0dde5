package com.qanatix.benchmarks.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;

/**
 * The in-process wire-protocol server, run in a JVM of its own so that the benchmark's heap cap
 * applies to the client side only. {@link MongoBenchmark} starts it; by hand:
 * {@code java -Xmx4g -cp ... MongoBenchServer 27999}. Prints {@code READY <uri>} once it listens and
 * runs until its standard input closes.
 */
public final class MongoBenchServer {
    private MongoBenchServer() {
    }

    /**
     * @param args the port (default 27999)
     * @throws IOException when reading standard input fails
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27999;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        System.out.println("READY mongodb://127.0.0.1:" + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the client closes our standard input (or exits)
        }
        server.shutdownNow();
    }
}
