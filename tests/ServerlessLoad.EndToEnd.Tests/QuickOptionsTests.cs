using ServerlessLoad.Cli.Commands;
using ServerlessLoad.Cli.Direct;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>sload quick's protocol options become the plan h2load's and wrk's flags describe.</summary>
public sealed class QuickOptionsTests
{
    private static readonly QuickOptions Base = new() { Url = new Uri("https://localhost:8443/small"), Connections = 2 };

    [Fact]
    public void Http2_with_streams_runs_connections_times_streams_vus_over_that_many_streams_per_connection()
    {
        var problems = new List<string>();
        var options = QuickCommand.WithProtocol(Base, http2: true, streams: 50, insecure: true, problems).ShouldNotBeNull();

        var scenario = options.ToPlan().Scenarios.Single();

        problems.ShouldBeEmpty();
        (scenario.Vus, scenario.HttpVersion, scenario.StreamsPerConnection, scenario.InsecureSkipTlsVerify).ShouldBe((100, HttpVersions.Http2, (int?)50, true));
    }

    [Fact]
    public void Http2_with_a_rate_shares_the_connections_and_preallocates_a_vu_per_stream()
    {
        var options = QuickCommand.WithProtocol(Base with { Rate = 1000 }, http2: true, streams: 10, insecure: false, []).ShouldNotBeNull();

        var scenario = options.ToPlan().Scenarios.Single();

        (scenario.Connections, scenario.PreAllocatedVus, scenario.MaxVus, scenario.StreamsPerConnection).ShouldBe(((int?)2, 20, 1020, (int?)10));
        scenario.InsecureSkipTlsVerify.ShouldBeFalse();
    }

    [Fact]
    public void Without_http2_one_vu_per_connection_over_http_1_1_and_certificates_checked()
    {
        var scenario = QuickCommand.WithProtocol(Base, http2: false, streams: null, insecure: false, []).ShouldNotBeNull().ToPlan().Scenarios.Single();

        (scenario.Vus, scenario.HttpVersion, scenario.StreamsPerConnection, scenario.InsecureSkipTlsVerify).ShouldBe((2, HttpVersions.Http11, (int?)null, false));
    }

    [Theory]
    [InlineData(false, 4, "--streams applies to --http2")]
    [InlineData(true, 0, "--streams must be between 1 and 10000, found 0")]
    [InlineData(true, 6_000, "--connections x --streams must be at most 100000, found 120000")]
    public void Streams_that_make_no_sense_are_refused(bool http2, int streams, string message)
    {
        var problems = new List<string>();

        QuickCommand.WithProtocol(Base with { Connections = 20 }, http2, streams, insecure: false, problems).ShouldBeNull();

        problems.ShouldHaveSingleItem().ShouldStartWith(message);
    }
}
