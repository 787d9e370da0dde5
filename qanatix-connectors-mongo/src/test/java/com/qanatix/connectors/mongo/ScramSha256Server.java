package com.qanatix.connectors.mongo;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The server side of one SCRAM-SHA-256 conversation (RFC 5802, RFC 7677) as mongod runs it for a
 * user whose password is plain ASCII (so SASLprep leaves it as it is): a client-first message gets
 * the server-first message, a client-final message is checked against the stored credentials and
 * gets the server signature, or nothing when the proof is wrong.
 */
final class ScramSha256Server {
    private static final int ITERATIONS = 15_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final byte[] salt = new byte[28];
    private final byte[] storedKey;
    private final byte[] serverKey;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    ScramSha256Server(String user, String password) {
        this.user = requireNonNull(user, "user is null");
        RANDOM.nextBytes(salt);
        byte[] salted = pbkdf2(requireNonNull(password, "password is null"), salt);
        this.storedKey = sha256(hmac(salted, "Client Key"));
        this.serverKey = hmac(salted, "Server Key");
    }

    /**
     * @param clientFirst {@code n,,n=user,r=nonce}
     * @return the server-first message, or empty when the user is not this one
     */
    Optional<String> first(String clientFirst) {
        if (!clientFirst.startsWith("n,,")) {
            return Optional.empty();
        }
        clientFirstBare = clientFirst.substring(3);
        String name = attribute(clientFirstBare, 'n');
        String clientNonce = attribute(clientFirstBare, 'r');
        if (!user.equals(name) || clientNonce == null) {
            return Optional.empty();
        }
        byte[] serverNonce = new byte[24];
        RANDOM.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
        return Optional.of(serverFirst);
    }

    /**
     * @param clientFinal {@code c=biws,r=nonce,p=proof}
     * @return {@code v=serverSignature}, or empty when the proof does not match the password
     */
    Optional<String> last(String clientFinal) {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (serverFirst == null || proofAt < 0 || !nonce.equals(attribute(clientFinal, 'r'))) {
            return Optional.empty();
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            return Optional.empty();
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
            return Optional.empty();
        }
        return Optional.of("v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage)));
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2).replace("=2C", ",").replace("=3D", "=");
            }
        }
        return null;
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
