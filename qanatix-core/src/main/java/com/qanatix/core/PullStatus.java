package com.qanatix.core;

import java.util.Locale;

/** How a pull ended. */
public enum PullStatus {
    /** Every record reached the sink and the watermark advanced. */
    COMPLETED,
    /** The pull failed; nothing was committed and the next pull re-delivers. */
    FAILED,
    /** A pull of this connector was already running; this one did nothing. */
    ALREADY_RUNNING,
    /**
     * A reconciliation found more deletions than the connector's {@code deletes.max_fraction}
     * allows (the keys query may have returned nothing by mistake): it deleted nothing and committed
     * nothing; the result's {@code deletions} says how many it found.
     */
    REFUSED;

    /** @return the wire name: {@code completed}, {@code failed}, {@code already_running} or {@code refused} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
