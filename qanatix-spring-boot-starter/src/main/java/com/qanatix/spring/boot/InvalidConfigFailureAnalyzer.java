package com.qanatix.spring.boot;

import com.qanatix.core.spi.InvalidConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a startup that failed on Qanatix configuration (no encryption key, no sink, a connector
 * that does not validate) into Spring Boot's "APPLICATION FAILED TO START" report: what was wrong
 * and what to set. The messages never carry a secret.
 */
public final class InvalidConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigException> {
    /** Made by Spring Boot. */
    public InvalidConfigFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigException cause) {
        return new FailureAnalysis("Qanatix could not start: " + cause.getMessage(),
                "Set the qanatix.* properties or define the beans the description names. The properties are "
                        + "listed in the README of qanatix-spring-boot-starter's project.", cause);
    }
}
