package com.qanatix.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A Spring Boot application that embeds Qanatix through the starter: the connector store lives in
 * the application's PostgreSQL database, the connectors come from {@code application.yml}, the
 * records go to {@link IngestedRecordsSink}, and {@code /actuator/health} and
 * {@code /actuator/prometheus} show the pulls.
 */
@SpringBootApplication
@EnableConfigurationProperties(ExampleConnectors.class)
public class ExampleApplication {
    /** Made by Spring. */
    public ExampleApplication() {
    }

    /** @param args command-line arguments, passed to Spring */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
