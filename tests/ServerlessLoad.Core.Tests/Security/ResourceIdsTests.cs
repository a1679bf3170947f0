using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Core.Tests.Security;

public class ResourceIdsTests
{
    [Theory]
    [InlineData("20261123-174501-3fa9c2")]
    [InlineData("run_1")]
    [InlineData("A")]
    public void Run_ids_of_letters_digits_dashes_and_underscores_are_good(string id) => ResourceIds.IsRunId(id).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    [InlineData("-a")]
    [InlineData("a.b")]
    public void Anything_else_is_no_run_id(string id) => ResourceIds.IsRunId(id).ShouldBeFalse();

    [Fact]
    public void A_five_thousand_character_run_id_is_refused_without_being_repeated()
    {
        var problem = ResourceIds.RunIdProblem(new string('r', 5000))!;

        problem.Length.ShouldBeLessThan(100);
    }

    [Theory]
    [InlineData("report.json")]
    [InlineData("charts/latency-p95.png")]
    [InlineData("a/b/c/d.svg")]
    public void Artifact_names_may_have_folders(string name) => ResourceIds.IsArtifactName(name).ShouldBeTrue();

    [Theory]
    [InlineData("report.json.")]
    [InlineData("charts/")]
    [InlineData("/report.json")]
    [InlineData("charts//x.png")]
    [InlineData("../report.json")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a/b/c/d/e.png")]
    [InlineData("a b.png")]
    [InlineData("a\\b.png")]
    [InlineData("a\0.png")]
    public void Artifact_names_cannot_climb_hide_or_end_oddly(string name) => ResourceIds.IsArtifactName(name).ShouldBeFalse();

    [Theory]
    [InlineData("api", true)]
    [InlineData("cli", true)]
    [InlineData("ci", true)]
    [InlineData("schedule", false)]
    [InlineData("direct", false)]
    [InlineData("<script>", false)]
    public void Clients_declare_only_their_own_triggers(string trigger, bool allowed) =>
        (ResourceIds.TriggerProblem(trigger) is null).ShouldBe(allowed);

    [Fact]
    public void A_schedule_name_with_a_nul_is_refused_and_shown_escaped() =>
        ResourceIds.NameProblem("a\0b")!.ShouldContain("a\\0b");
}
