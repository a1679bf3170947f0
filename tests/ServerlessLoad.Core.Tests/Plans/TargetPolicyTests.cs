using System.Net;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class TargetPolicyTests
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost", "[::1]"];

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("93.184.216.34", true)]
    public void A_resolved_address_is_allowed_when_listed_loopback_under_localhost_or_public(string address, bool allowed) =>
        TargetPolicy.IsAllowedAddress(IPAddress.Parse(address), Loopback).ShouldBe(allowed);

    [Fact]
    public void Listed_addresses_and_ranges_admit_private_ones()
    {
        string[] allowed = ["api.internal", "10.1.0.0/16", "192.168.7.7"];

        TargetPolicy.IsAllowedAddress(IPAddress.Parse("10.1.2.3"), allowed).ShouldBeTrue();
        TargetPolicy.IsAllowedAddress(IPAddress.Parse("10.2.0.1"), allowed).ShouldBeFalse();
        TargetPolicy.IsAllowedAddress(IPAddress.Parse("192.168.7.7"), allowed).ShouldBeTrue();
        TargetPolicy.IsAllowedAddress(IPAddress.Parse("127.0.0.1"), allowed).ShouldBeFalse();
        TargetPolicy.IsAllowedHost("10.1.9.9", allowed).ShouldBeTrue();
        TargetPolicy.IsAllowedAddress(IPAddress.Parse("169.254.169.254"), ["*"]).ShouldBeTrue();
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1:5080", true)]
    [InlineData("[::1]:80", true)]
    [InlineData("internal-admin", false)]
    [InlineData("metadata.google.internal", false)]
    [InlineData("{{host}}", false)]
    public void A_host_header_override_may_only_name_an_allowed_target(string host, bool allowed)
    {
        var plan = PlanParser.Parse($$$"""
            name: host
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                requests: [{path: /, headers: {Host: "{{{host}}}"}}]
            """).Plan!;

        var problems = TargetPolicy.Check(plan, Loopback);

        (problems.Count == 0).ShouldBe(allowed, string.Join("; ", problems));
        if (!allowed)
        {
            problems.ShouldHaveSingleItem().Field.ShouldBe("scenarios[0].requests[0].headers.Host");
        }
    }
}
