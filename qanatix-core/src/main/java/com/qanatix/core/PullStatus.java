package com.qanatix.core;

import java.util.Locale;

/** How a pull ended. */
public enum PullStatus {
    /** Every record reached the sink and the watermark advanced. */
    COMPLETED,
    /** The pull failed; nothing was committed and the next pull re-delivers. */
    FAILED,
    /** A pull of this connector was already running; this one did nothing. */
    ALREADY_RUNNING;

    /** @return the wire name: {@code completed}, {@code failed} or {@code already_running} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
