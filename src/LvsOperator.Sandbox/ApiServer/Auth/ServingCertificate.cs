using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// A throwaway self-signed certificate for 127.0.0.1/localhost (and any other address the server listens on), made
/// at start. TLS is not optional: kubectl (clientcmd) drops bearer tokens when the server URL is plain http, so the
/// kubeconfig carries this certificate as certificate-authority-data.
/// </summary>
internal static class ServingCertificate
{
    public static X509Certificate2 Create(TimeProvider time, IEnumerable<IPAddress> moreAddresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lvs-sandbox-apiserver", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        foreach (var address in moreAddresses)
        {
            san.AddIpAddress(address);
        }

        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // Kestrel on Linux needs the key attached the way a PFX import does it.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), password: null);
    }

    public static string ToPem(X509Certificate2 cert) => cert.ExportCertificatePem() + "\n";
}
