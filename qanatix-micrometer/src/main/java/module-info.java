/**
 * {@code QanatixMetrics}: a {@code PullListener} that records pulls as Micrometer meters. A host
 * module that requires it reads the core API and Micrometer's {@code MeterRegistry} with it.
 * micrometer-core declares no module of its own; its jar's automatic module name is
 * {@code micrometer.core}.
 */
module com.qanatix.micrometer {
    requires transitive com.qanatix.core;
    requires transitive micrometer.core;

    exports com.qanatix.micrometer;
}
