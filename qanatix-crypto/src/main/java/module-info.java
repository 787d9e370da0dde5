/**
 * Fernet encryption of connector credentials, compatible with Python's {@code cryptography}, on the
 * JDK's {@code javax.crypto} alone.
 */
module com.qanatix.crypto {
    exports com.qanatix.crypto;
}
