using System.Net;
using System.Net.Sockets;

namespace ServerlessLoad.Runner.Tests.Support;

internal static class LocalHttp
{
    /// <summary>A client that never goes through a proxy: tests talk only to 127.0.0.1.</summary>
    public static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>A loopback address nothing listens on: bound, then released.</summary>
    public static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
