using System.Text.Json;
using static ServerlessLoad.Reports.Tests.Baseline.BaselineReports;

namespace ServerlessLoad.Reports.Tests.Baseline;

public class BaselineJsonTests
{
    private static readonly Figures Base = new();

    private static BaselineComparison Known() => BaselineComparer.Compare(
        Run("run-2", Base with { P95 = 30, FailureRate = 0.005 }, Request("home", Base), Request("cart", Base))
            .WithSeconds(Noisy(seed: 2, count: 30, rps: 100, p95Ms: 30)),
        Run("run-1", Base with { FailureRate = 0 }, Request("home", Base)).WithSeconds(Noisy(seed: 1, count: 30, rps: 100, p95Ms: 20)),
        BaselineOptions.Default with { Gate = true });

    [Fact]
    public void The_json_uses_camel_case_names_whatever_the_serializer_options()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(BaselineJson.From(Known())));
        var root = document.RootElement;

        root.GetProperty("baselineRunId").GetString().ShouldBe("run-1");
        root.GetProperty("tolerance").GetDouble().ShouldBe(0.1);
        root.GetProperty("alpha").GetDouble().ShouldBe(0.05);
        root.GetProperty("gate").GetBoolean().ShouldBeTrue();
        root.GetProperty("hasRegression").GetBoolean().ShouldBeTrue();
        root.GetProperty("hasSignificantRegression").GetBoolean().ShouldBeTrue();
        root.GetProperty("failsGate").GetBoolean().ShouldBeTrue();
        root.GetProperty("summary").GetString().ShouldStartWith("1 significant regression against baseline run-1: total latency.p95 +50.0%");
        root.GetProperty("added").EnumerateArray().Select(e => e.GetString()).ShouldBe(["cart"]);
        root.GetProperty("removed").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Each_row_names_its_metric_and_direction_as_words()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(BaselineJson.From(Known())));
        var p95 = document.RootElement.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "total" && r.GetProperty("metric").GetString() == "latency.p95");

        p95.GetProperty("baseline").GetDouble().ShouldBe(20);
        p95.GetProperty("current").GetDouble().ShouldBe(30);
        p95.GetProperty("delta").GetDouble().ShouldBe(10);
        p95.GetProperty("deltaPercent").GetDouble().ShouldBe(50);
        p95.GetProperty("change").GetString().ShouldBe("worse");
        p95.GetProperty("regressed").GetBoolean().ShouldBeTrue();
        p95.GetProperty("significant").GetBoolean().ShouldBeTrue();
        p95.GetProperty("pValue").GetDouble().ShouldBeLessThan(0.001);
    }

    [Fact]
    public void Missing_numbers_are_null_and_never_NaN()
    {
        var json = JsonSerializer.Serialize(BaselineJson.From(Known()));
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToList();

        json.ShouldNotContain("NaN");
        json.ShouldNotContain("Infinity");
        var failures = rows.Single(r => r.GetProperty("name").GetString() == "total" && r.GetProperty("metric").GetString() == "failures.rate");
        failures.GetProperty("deltaPercent").ValueKind.ShouldBe(JsonValueKind.Null);
        var home = rows.Single(r => r.GetProperty("name").GetString() == "home" && r.GetProperty("metric").GetString() == "rps");
        home.GetProperty("pValue").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Deltas_are_rounded_so_binary_fractions_do_not_leak_into_the_file()
    {
        var comparison = BaselineComparer.Compare(Run("run-2", Base with { P50 = 0.3 }), Run("run-1", Base with { P50 = 0.1 }), BaselineOptions.Default);

        var row = BaselineJson.From(comparison).Rows.Single(r => r.Name == "total" && r.Metric == "latency.p50");

        row.Delta.ShouldBe(0.2);
        row.DeltaPercent.ShouldBe(200);
    }

    [Fact]
    public void The_json_reads_back_into_the_same_values()
    {
        var original = BaselineJson.From(Known());

        var reread = JsonSerializer.Deserialize<BaselineJson>(JsonSerializer.Serialize(original))!;

        reread.BaselineRunId.ShouldBe(original.BaselineRunId);
        reread.Summary.ShouldBe(original.Summary);
        reread.Rows.ShouldBe(original.Rows);
        reread.Added.ShouldBe(original.Added);
    }
}
