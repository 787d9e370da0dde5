package com.qanatix.examples.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link Demo} in this JVM and reads what it printed. */
final class DemoOutput {
    private static final Pattern RESULT = Pattern.compile("^   (\\{\"status\":.*})$", Pattern.MULTILINE);

    final int status;
    final String text;

    private DemoOutput(int status, String text) {
        this.status = status;
        this.text = text;
    }

    static DemoOutput run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = Demo.run(args, out, env);
        }
        return new DemoOutput(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** @return the PullResult JSONs the demo printed, in order */
    List<String> results() {
        List<String> results = new ArrayList<>();
        Matcher m = RESULT.matcher(text);
        while (m.find()) {
            results.add(m.group(1));
        }
        return results;
    }
}
