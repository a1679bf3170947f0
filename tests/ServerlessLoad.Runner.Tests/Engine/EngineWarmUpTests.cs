using ServerlessLoad.Runner.Engine;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class EngineWarmUpTests
{
    [Fact]
    public async Task The_engine_is_compiled_once_per_process()
    {
        var first = EngineWarmUp.EnsureAsync();
        var second = EngineWarmUp.EnsureAsync();

        second.ShouldBeSameAs(first);
        var result = await first.WaitAsync(TimeSpan.FromSeconds(60));
        result.Took.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public async Task The_warm_up_exercises_the_engine_against_its_own_loopback_responder()
    {
        var result = await EngineWarmUp.EnsureAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // How many depends on how busy the machine is (arrivals that find no free VU are dropped); that requests were
        // answered at all means the engine ran against the responder.
        result.Requests.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_loopback_responder_answers_every_request_head_even_one_split_across_reads()
    {
        await using var responder = LoopbackResponder.Start();
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, responder.Port);

        await socket.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r"u8.ToArray());
        await Task.Delay(50);
        await socket.SendAsync("\n\r\n"u8.ToArray());

        var received = new List<byte>();
        var buffer = new byte[256];
        while (System.Text.Encoding.ASCII.GetString([.. received]).Split("HTTP/1.1 200 OK").Length - 1 < 2)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            read.ShouldBeGreaterThan(0);
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        System.Text.Encoding.ASCII.GetString([.. received]).ShouldBe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }
}
