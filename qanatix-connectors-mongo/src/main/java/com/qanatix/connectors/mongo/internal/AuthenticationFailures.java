package com.qanatix.connectors.mongo.internal;

import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.qanatix.core.spi.SourceException;

import static java.util.Objects.requireNonNull;

/** Says what an authentication failure means and what to fix, naming the user but never the password. */
public final class AuthenticationFailures {
    private AuthenticationFailures() {
    }

    /**
     * @param e the driver's authentication failure
     * @return a source exception that names the user and its authentication database and says what to
     *     check; the driver's exception is its cause
     */
    public static SourceException describe(MongoSecurityException e) {
        requireNonNull(e, "e is null");
        MongoCredential credential = e.getCredential();
        String user = credential.getUserName() != null ? " for user '" + credential.getUserName() + "'" : "";
        return new SourceException("authentication failed" + user + " on database '" + credential.getSource()
                + "'; check the user, password and authSource in the uri", e);
    }
}
