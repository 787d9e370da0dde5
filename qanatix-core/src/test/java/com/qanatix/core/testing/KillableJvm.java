package com.qanatix.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path run in a JVM of its own, to be killed as {@code kill -9}
 * kills a host: its output lines are read as they come, so a test can wait for one and then
 * {@link #kill()} the process. Standard error goes to the same lines.
 */
public final class KillableJvm implements AutoCloseable {
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> all = new ArrayList<>();
    private final Thread reader;

    private KillableJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "killable-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param mainClass a class with a {@code main} on this JVM's class path
     * @param args its arguments
     * @return the running process
     */
    public static KillableJvm start(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            return new KillableJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass.getName(), e);
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                synchronized (all) {
                    all.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    /**
     * Waits for an output line that starts with a prefix, skipping others.
     *
     * @param prefix what the line starts with
     * @param timeoutMillis how long to wait at most
     * @return the line
     * @throws AssertionError if no such line came in time
     */
    public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no line starting with '" + prefix + "' within " + timeoutMillis
                        + " ms (alive: " + process.isAlive() + "); last output:\n" + tail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** @return the last output lines, for a failure message */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Kills the process at once (SIGKILL on Unix) and waits until it is gone and its output read. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /**
     * @return every output line the process wrote, including those {@link #awaitLine} skipped; call
     *     after {@link #kill()} for all of them
     */
    public List<String> allLines() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
