package com.qanatix.spring.boot;

import com.qanatix.core.Qanatix;

/**
 * Adjusts the auto-configured {@link Qanatix} builder after the {@code qanatix.*} properties were
 * applied: for settings that have no property (a clock, explicitly registered connector types).
 * Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface QanatixBuilderCustomizer {
    /** @param builder the builder, properties applied */
    void customize(Qanatix.Builder builder);
}
