package com.qanatix.benchmarks.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A database server a benchmark starts in a JVM of its own (this JVM's class path, a heap of its
 * own), so that the benchmark's heap cap and CPU figures are the client's alone. The server's main
 * class prints {@code READY <uri>} once it serves and runs until its standard input closes.
 */
public final class ChildServer {
    private ChildServer() {
    }

    /**
     * @param mainClass the server's main class
     * @param heap its maximum heap, e.g. {@code 4g}
     * @param args its arguments
     * @return the running process
     * @throws IOException when it cannot be started
     */
    public static Process start(Class<?> mainClass, String heap, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        System.out.println("starting server: java -Xmx" + heap + " " + mainClass.getSimpleName() + " "
                + String.join(" ", args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Waits for the server's {@code READY} line, then discards what else it prints.
     *
     * @param server the process
     * @return the URI it printed
     * @throws IOException when reading its output fails
     */
    public static String awaitReady(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                System.out.printf(Locale.ROOT, "server ready in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                        line.substring(6));
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // the server is gone
                    }
                }, "server-stdout");
                drain.setDaemon(true);
                drain.start();
                return line.substring(6).trim();
            }
        }
        throw new IllegalStateException("the benchmark server exited before it was ready");
    }

    /**
     * Closes the server's standard input, which ends it, and waits for it (destroys it after 30 s).
     *
     * @param server the process, or null
     * @throws IOException when closing its input fails
     * @throws InterruptedException when interrupted while waiting
     */
    public static void stop(Process server) throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.getOutputStream().close();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroy();
        }
    }
}
