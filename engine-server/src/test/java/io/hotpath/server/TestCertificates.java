package io.hotpath.server;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test, written as PEM files: a certificate authority, and server and
 * client certificates it signs. Nothing is fetched or shared between runs.
 */
final class TestCertificates
{
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /**
     * A certificate and its key, as PEM files.
     *
     * @param certificate the certificate file.
     * @param key         the PKCS#8 private key file.
     */
    record Issued(Path certificate, Path key, X509Certificate x509, KeyPair keys)
    {
    }

    private TestCertificates()
    {
    }

    /**
     * @return a self-signed certificate authority named {@code subject}.
     */
    static Issued authority(final Path dir, final String name, final String subject) throws Exception
    {
        final KeyPair keys = keyPair();
        final X509v3CertificateBuilder builder = builder(name(subject), name(subject), keys)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return write(dir, name, sign(builder, keys), keys);
    }

    /**
     * @return a certificate for {@code subject}, signed by {@code authority}; a server's names localhost and 127.0.0.1.
     */
    static Issued issue(final Path dir, final String name, final String subject, final Issued authority, final boolean server)
        throws Exception
    {
        final KeyPair keys = keyPair();
        final X509v3CertificateBuilder builder =
            builder(X500Name.getInstance(authority.x509().getSubjectX500Principal().getEncoded()), name(subject), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (server)
        {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
        }
        return write(dir, name, sign(builder, authority.keys()), keys);
    }

    /**
     * @return the name as the JDK reads it (RFC 2253: the last attribute written is the first in the certificate), so
     *         that the subject the config names is the subject the JDK reports.
     */
    private static X500Name name(final String subject)
    {
        return X500Name.getInstance(new X500Principal(subject).getEncoded());
    }

    private static X509v3CertificateBuilder builder(final X500Name issuer, final X500Name subject, final KeyPair keys)
    {
        final Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(final X509v3CertificateBuilder builder, final KeyPair signer)
        throws OperatorCreationException, GeneralSecurityException
    {
        return new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private static KeyPair keyPair() throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static Issued write(final Path dir, final String name, final X509Certificate certificate, final KeyPair keys)
        throws IOException, GeneralSecurityException
    {
        final Path certificateFile = dir.resolve(name + ".crt");
        final Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Issued(certificateFile, keyFile, certificate, keys);
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }
}
