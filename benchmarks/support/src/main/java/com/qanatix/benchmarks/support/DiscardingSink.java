package com.qanatix.benchmarks.support;

import com.qanatix.core.PullInfo;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;

import java.util.List;

/** A sink that accepts and forgets every batch, so a benchmark measures the pull alone. */
public final class DiscardingSink implements RecordSink {
    @Override
    public void write(PullInfo pull, List<IngestRecord> batch) {
    }

    @Override
    public void commit(PullInfo pull) {
    }
}
