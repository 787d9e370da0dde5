package com.qanatix.connectors.mongo;

import org.junit.jupiter.api.Test;

import javax.security.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server side of SCRAM-SHA-256 against the example exchange of RFC 7677, section 3. */
class ScramSha256AuthenticatorTest {
    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    /** The RFC's user: "user", password "pencil", with the RFC's salt and iteration count. */
    static ScramCredential rfcCredential(String password) {
        return ScramCredential.forPassword(password, Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    }

    private static ScramSha256Authenticator authenticator(Map<String, ScramCredential> users) {
        return new ScramSha256Authenticator(user -> Optional.ofNullable(users.get(user)), () -> SERVER_NONCE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRfc7677ExampleExchangeSucceedsWithTheRfcsServerMessages() throws SaslException {
        ScramSha256Authenticator scram = authenticator(Map.of("user", rfcCredential("pencil")));

        assertThat(scram.serverFirstMessage(bytes(CLIENT_FIRST))).isEqualTo(SERVER_FIRST);
        assertThat(scram.user()).isEqualTo("user");
        assertThat(scram.serverFinalMessage(bytes(CLIENT_FINAL))).isEqualTo(SERVER_FINAL);
    }

    @Test
    void aProofMadeFromAnotherPasswordIsRefused() throws SaslException {
        ScramSha256Authenticator scram = authenticator(Map.of("user", rfcCredential("not-pencil")));
        scram.serverFirstMessage(bytes(CLIENT_FIRST));

        assertThatThrownBy(() -> scram.serverFinalMessage(bytes(CLIENT_FINAL)))
                .isInstanceOf(SaslException.class).hasMessageContaining("proof is wrong");
    }

    @Test
    void anUnknownUserIsRefusedAtTheFirstMessage() {
        assertThatThrownBy(() -> authenticator(Map.of()).serverFirstMessage(bytes(CLIENT_FIRST)))
                .isInstanceOf(SaslException.class).hasMessageContaining("no such user");
    }

    @Test
    void aReplayedOrAlteredFinalMessageIsRefused() throws SaslException {
        ScramSha256Authenticator otherNonce = authenticator(Map.of("user", rfcCredential("pencil")));
        otherNonce.serverFirstMessage(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> otherNonce.serverFinalMessage(bytes(CLIENT_FINAL.replace("k0,p=", "k1,p="))))
                .hasMessageContaining("nonce differs");

        ScramSha256Authenticator otherBinding = authenticator(Map.of("user", rfcCredential("pencil")));
        otherBinding.serverFirstMessage(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> otherBinding.serverFinalMessage(bytes(CLIENT_FINAL.replace("c=biws", "c=eSws"))))
                .hasMessageContaining("channel binding differs");

        ScramSha256Authenticator twice = authenticator(Map.of("user", rfcCredential("pencil")));
        twice.serverFirstMessage(bytes(CLIENT_FIRST));
        twice.serverFinalMessage(bytes(CLIENT_FINAL));
        assertThatThrownBy(() -> twice.serverFinalMessage(bytes(CLIENT_FINAL))).hasMessageContaining("not awaiting");
    }

    @Test
    void channelBindingAnotherIdentityAndMandatoryExtensionsAreRefused() {
        ScramSha256Authenticator scram = authenticator(Map.of("user", rfcCredential("pencil")));
        assertThatThrownBy(() -> scram.serverFirstMessage(bytes("p=tls-unique,,n=user,r=abc")))
                .hasMessageContaining("channel binding");
        assertThatThrownBy(() -> authenticator(Map.of()).serverFirstMessage(bytes("n,a=admin,n=user,r=abc")))
                .hasMessageContaining("authorization identity");
        assertThatThrownBy(() -> authenticator(Map.of()).serverFirstMessage(bytes("n,,m=ext,n=user,r=abc")))
                .isInstanceOf(SaslException.class);
    }

    @Test
    void escapedCommasAndEqualsSignsInTheUserNameAreDecoded() throws SaslException {
        ScramSha256Authenticator scram = authenticator(Map.of("a,b=c", rfcCredential("pencil")));
        scram.serverFirstMessage(bytes("n,,n=a=2Cb=3Dc,r=abc"));
        assertThat(scram.user()).isEqualTo("a,b=c");
    }

    @Test
    void theCredentialKeepsNeitherThePasswordNorShowsItsKeys() {
        assertThat(rfcCredential("pencil").toString()).doesNotContain("pencil").contains("4096 iterations");
    }
}
