using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class SecretReferencesTests
{
    [Fact]
    public void A_plan_references_secrets_in_requests_and_steps_alike()
    {
        var parsed = PlanParser.Parse("""
            name: refs
            target: http://127.0.0.1:5080
            scenarios:
              - name: r
                vus: 1
                duration: 1s
                requests:
                  - {name: a, path: "/a?k={{secrets.A}}", headers: {X-Api-Key: "{{secrets.B}}"}, json: {p: "{{secrets.C}}"}}
              - name: s
                vus: 1
                duration: 1s
                steps:
                  - http: {name: h, path: /h, query: {k: "{{secrets.D}}"}, form: {p: "{{ secrets.E }}"}}
                  - websocket: {name: w, path: /ws, headers: {Authorization: "Bearer {{secrets.F}}"}, actions: [{send: "hi {{secrets.G}}"}]}
            """);

        parsed.Problems.ShouldBeEmpty();
        SecretReferences.In(parsed.Plan!).ShouldBe(["A", "B", "C", "D", "E", "F", "G"]);
    }

    [Theory]
    [InlineData("{{secrets.}}")]
    [InlineData("{{secrets.a-b}}")]
    [InlineData("{{secrets.1A}}")]
    public void A_malformed_secret_name_is_a_problem_in_steps(string reference)
    {
        var result = PlanParser.Parse($$$"""
            name: bad
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                steps:
                  - http: {name: h, path: /h, headers: {X-Key: "{{{reference}}}"}}
            """);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void A_malformed_secret_name_is_a_problem_in_requests() =>
        """
        name: bad
        target: http://127.0.0.1:5080
        scenarios:
          - name: r
            vus: 1
            duration: 1s
            requests:
              - {path: /a, headers: {X-Key: "{{secrets.a-b}}"}}
        """.ShouldHaveOnlyProblem("scenarios[0].requests[0].headers", 8, "a secret's name");

    [Fact]
    public void No_data_source_may_be_called_secrets() =>
        """
        name: bad
        target: http://127.0.0.1:5080
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            data: {secrets: {values: [a]}}
            steps:
              - http: {name: h, path: /h}
        """.ShouldHaveProblem("scenarios[0].data.secrets", 7, "built-in");

    [Fact]
    public void References_are_replaced_with_the_value_of_their_name() =>
        SecretReferences.Replace("Bearer {{secrets.T}} and {{ secrets.U }}", n => n.ToLowerInvariant()).ShouldBe("Bearer t and u");
}
