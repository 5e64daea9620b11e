package io.hotpath.gateway;

import com.typesafe.config.Config;
import io.grpc.netty.GrpcSslContexts;
import io.hotpath.gateway.admin.OperationsMetrics;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The {@code hotpath.tls} block: TLS on the fronts, and mutual TLS, whose client certificates
 * {@code hotpath.auth.client-certificates} maps to tenants.
 *
 * @param enabled    true: the fronts speak TLS only.
 * @param certChain  PEM file: the server's certificate, then its chain.
 * @param privateKey PEM file: its private key, PKCS#8.
 * @param clientAuth NONE, OPTIONAL or REQUIRE a client certificate signed by {@code trustCerts}.
 * @param trustCerts PEM file of the certificate authorities whose client certificates are accepted.
 */
public record TlsSettings(boolean enabled, Path certChain, Path privateKey, ClientAuth clientAuth, Path trustCerts)
{
    public static final TlsSettings OFF = new TlsSettings(false, null, null, ClientAuth.NONE, null);

    public TlsSettings
    {
        if (enabled)
        {
            requireFile(certChain, "cert-chain");
            requireFile(privateKey, "private-key");
            if (clientAuth != ClientAuth.NONE)
            {
                requireFile(trustCerts, "trust-certs");
            }
        }
    }

    public static TlsSettings from(final Config tls)
    {
        if (!tls.getBoolean("enabled"))
        {
            return OFF;
        }
        final String clientAuth = tls.getString("client-auth").toUpperCase(Locale.ROOT);
        final ClientAuth mode;
        try
        {
            mode = ClientAuth.valueOf(clientAuth);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath.tls.client-auth must be none, optional or require, was " + clientAuth, ex);
        }
        return new TlsSettings(true, path(tls, "cert-chain"), path(tls, "private-key"), mode, path(tls, "trust-certs"));
    }

    /**
     * @return the server's TLS context for gRPC (with ALPN for HTTP/2).
     */
    public SslContext grpcContext()
    {
        return build(GrpcSslContexts.configure(builder()));
    }

    /**
     * @return the server's TLS context for a front that is not HTTP/2.
     */
    public SslContext plainContext()
    {
        return build(builder());
    }

    /**
     * @return the replication port's TLS context: the node's certificate, and every peer must show one the trust
     *         certificates (or, without them, this node's own chain) vouch for, since only nodes replicate.
     */
    public SslContext replicationServerContext()
    {
        return build(SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile()).clientAuth(ClientAuth.REQUIRE)
            .trustManager(peerTrust()));
    }

    /**
     * @return a leader's TLS context towards its followers' replication ports, with the node's certificate as its own.
     */
    public SslContext replicationClientContext()
    {
        return build(SslContextBuilder.forClient().keyManager(certChain.toFile(), privateKey.toFile()).trustManager(peerTrust()));
    }

    /**
     * @return every certificate the fronts present (the chain) and trust (client CAs), for their expiry; empty when
     *         TLS is off.
     */
    public List<OperationsMetrics.Certificate> certificates()
    {
        if (!enabled)
        {
            return List.of();
        }
        final List<OperationsMetrics.Certificate> all = new ArrayList<>(read(certChain, "server"));
        if (trustCerts != null)
        {
            all.addAll(read(trustCerts, "trust"));
        }
        return all;
    }

    private static List<OperationsMetrics.Certificate> read(final Path pem, final String role)
    {
        try (InputStream in = Files.newInputStream(pem))
        {
            final List<OperationsMetrics.Certificate> read = new ArrayList<>();
            for (final java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in))
            {
                final X509Certificate x509 = (X509Certificate)certificate;
                read.add(new OperationsMetrics.Certificate(role, x509.getSubjectX500Principal().getName(),
                    x509.getNotAfter().toInstant()));
            }
            return read;
        }
        catch (final IOException | CertificateException ex)
        {
            throw new IllegalArgumentException("hotpath.tls: cannot read the certificates in " + pem + ": " + ex.getMessage(), ex);
        }
    }

    private File peerTrust()
    {
        return (trustCerts != null ? trustCerts : certChain).toFile();
    }

    private SslContextBuilder builder()
    {
        final SslContextBuilder builder = SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile()).clientAuth(clientAuth);
        return clientAuth == ClientAuth.NONE ? builder : builder.trustManager(trustCerts.toFile());
    }

    private static SslContext build(final SslContextBuilder builder)
    {
        try
        {
            return builder.build();
        }
        catch (final SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath.tls: the certificate, key or trust file cannot be used: " + ex.getMessage(), ex);
        }
    }

    private static Path path(final Config tls, final String key)
    {
        final String value = tls.getString(key);
        return value.isEmpty() ? null : new File(value).toPath();
    }

    private static void requireFile(final Path path, final String key)
    {
        if (path == null || !Files.isReadable(path))
        {
            throw new IllegalArgumentException("hotpath.tls." + key + ": " + (path == null ? "required" : path + " cannot be read"));
        }
    }
}
