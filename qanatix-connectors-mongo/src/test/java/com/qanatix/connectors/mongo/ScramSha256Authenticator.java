package com.qanatix.connectors.mongo;

import javax.security.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The server side of one SCRAM-SHA-256 conversation (RFC 5802, RFC 7677) as mongod runs it: no
 * channel binding, no authorization identity other than the user, and the password is the
 * SASLprep'd plain password (see {@link ScramCredential}).
 *
 * <pre>
 *   client-first  n,,n=user,r=cnonce
 *   server-first  r=cnonce+snonce,s=salt,i=iterations
 *   client-final  c=biws,r=cnonce+snonce,p=proof
 *   server-final  v=serverSignature
 * </pre>
 *
 * Every failure is a {@link SaslException} whose message says what was wrong with the exchange
 * for the server's log; the client only ever learns that authentication failed. Not thread-safe: a
 * conversation belongs to one connection.
 */
final class ScramSha256Authenticator {
    static final String MECHANISM = "SCRAM-SHA-256";

    private final Function<String, Optional<ScramCredential>> users;
    private final Supplier<String> serverNonces;

    private String user;
    private ScramCredential credential;
    private String gs2Header;
    private String nonce;
    private String clientFirstMessageBare;
    private String serverFirstMessage;
    private boolean finished;

    /**
     * @param users finds a user's credential by name, in the database the conversation runs on
     * @param serverNonces the server's part of each nonce: printable ASCII without commas
     */
    ScramSha256Authenticator(Function<String, Optional<ScramCredential>> users, Supplier<String> serverNonces) {
        this.users = requireNonNull(users, "users is null");
        this.serverNonces = requireNonNull(serverNonces, "serverNonces is null");
    }

    /** @return the user this conversation is about, once the client-first message was read */
    String user() {
        return user;
    }

    /**
     * @param clientFirstMessage the saslStart payload
     * @return the server-first message
     * @throws SaslException if the message is malformed, asks for channel binding or another
     *     identity, or names an unknown user
     */
    String serverFirstMessage(byte[] clientFirstMessage) throws SaslException {
        if (serverFirstMessage != null) {
            throw new SaslException("the conversation was already started");
        }
        String message = new String(clientFirstMessage, StandardCharsets.UTF_8);
        String[] parts = message.split(",", 3);
        if (parts.length != 3) {
            throw new SaslException("the client-first message has no GS2 header");
        }
        if (parts[0].startsWith("p=")) {
            throw new SaslException("channel binding is not supported");
        }
        if (!parts[0].equals("n") && !parts[0].equals("y")) {
            throw new SaslException("the GS2 channel-binding flag is not n, y or p=");
        }
        gs2Header = parts[0] + "," + parts[1] + ",";
        clientFirstMessageBare = parts[2];
        String[] attributes = clientFirstMessageBare.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw new SaslException("the client-first message does not start with n=user,r=nonce");
        }
        if (clientFirstMessageBare.startsWith("m=")) {
            throw new SaslException("mandatory extensions are not supported");
        }
        user = decodeSaslName(attributes[0].substring(2));
        if (!parts[1].isEmpty() && !(parts[1].startsWith("a=") && decodeSaslName(parts[1].substring(2)).equals(user))) {
            throw new SaslException("an authorization identity other than the user is not supported");
        }
        String clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty() || !isPrintableWithoutComma(clientNonce)) {
            throw new SaslException("the client nonce is empty or not printable");
        }
        credential = users.apply(user).orElseThrow(() -> new SaslException("no such user"));
        String serverNonce = serverNonces.get();
        if (serverNonce.isEmpty() || !isPrintableWithoutComma(serverNonce)) {
            throw new IllegalStateException("the server nonce must be printable ASCII without commas");
        }
        nonce = clientNonce + serverNonce;
        serverFirstMessage = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        return serverFirstMessage;
    }

    /**
     * @param clientFinalMessage the first saslContinue payload
     * @return the server-final message, which proves to the client that the server knows its key
     * @throws SaslException if the message is malformed, the channel binding or nonce differ from
     *     the first round, or the proof is wrong
     */
    String serverFinalMessage(byte[] clientFinalMessage) throws SaslException {
        if (serverFirstMessage == null || finished) {
            throw new SaslException("the conversation is not awaiting a client-final message");
        }
        finished = true;
        String message = new String(clientFinalMessage, StandardCharsets.UTF_8);
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new SaslException("the client-final message has no proof");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw new SaslException("the client-final message does not start with c=...,r=...");
        }
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!attributes[0].substring(2).equals(expectedBinding)) {
            throw new SaslException("the channel binding differs from the GS2 header of the first message");
        }
        if (!attributes[1].substring(2).equals(nonce)) {
            throw new SaslException("the nonce differs from the one the server sent");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new SaslException("the proof is not base64");
        }
        String authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + withoutProof;
        byte[] clientSignature = credential.clientSignature(authMessage);
        if (proof.length != clientSignature.length) {
            throw new SaslException("the proof has the wrong length");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!credential.matchesClientKey(clientKey)) {
            throw new SaslException("the proof is wrong (wrong password)");
        }
        return "v=" + Base64.getEncoder().encodeToString(credential.serverSignature(authMessage));
    }

    /** RFC 5802 saslname: {@code =2C} is a comma, {@code =3D} an equals sign, any other {@code =} is an error. */
    private static String decodeSaslName(String encoded) throws SaslException {
        StringBuilder sb = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == ',') {
                throw new SaslException("a user name holds an unescaped comma");
            } else if (c != '=') {
                sb.append(c);
            } else if (encoded.startsWith("=2C", i)) {
                sb.append(',');
                i += 2;
            } else if (encoded.startsWith("=3D", i)) {
                sb.append('=');
                i += 2;
            } else {
                throw new SaslException("a user name holds a bad escape");
            }
        }
        if (sb.length() == 0) {
            throw new SaslException("the user name is empty");
        }
        return sb.toString();
    }

    private static boolean isPrintableWithoutComma(String s) {
        return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }
}
