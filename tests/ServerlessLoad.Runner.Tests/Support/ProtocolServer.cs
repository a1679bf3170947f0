using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessLoad.Runner.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 answering every request with its protocol ("HTTP/1.1", "HTTP/2") and remembering it,
/// over TLS with a fresh self-signed certificate or in clear text, for the HttpClient path of the engine.
/// </summary>
internal sealed class ProtocolServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ProtocolServer(WebApplication app, Uri baseAddress, ConcurrentQueue<string> protocols)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Protocols = protocols;
    }

    public Uri BaseAddress { get; }

    /// <summary>The protocol of every request served, in order.</summary>
    public ConcurrentQueue<string> Protocols { get; }

    public static async Task<ProtocolServer> StartAsync(bool tls, HttpProtocols protocols)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (tls)
            {
                listen.UseHttps(SelfSigned());
            }
        }));
        var app = builder.Build();
        var served = new ConcurrentQueue<string>();
        app.Run(context =>
        {
            served.Enqueue(context.Request.Protocol);
            return context.Response.WriteAsync(context.Request.Protocol);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new ProtocolServer(app, new Uri($"{(tls ? "https" : "http")}://localhost:{address.Port}/"), served);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
