using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Literal credentials never stay in a stored or shown plan; references to secrets do.</summary>
public class PlanRedactionTests
{
    private const string Literals = """
        name: creds
        target: http://127.0.0.1:5080
        scenarios:
          - name: r
            vus: 1
            duration: 1s
            requests:
              - name: bearer
                path: /a
                headers: {Authorization: "Bearer abc.def.ghi", X-Api-Key: k-123456, X-Custom-Auth: s3cr3t-value, Accept: text/plain}
              - path: /b?api_key=q-987654&page=2
              - name: login
                method: POST
                path: /login
                json: {user: ann, password: "p@ss-word-1", nested: {session_token: 42, ok: [1, 2]}}
          - name: s
            vus: 1
            duration: 1s
            steps:
              - http: {name: form, method: POST, path: /f, form: {user: bob, passwd: "hunter22"}}
              - http: {name: q, path: /q, query: {token: "t-555555", n: "1"}}
              - websocket:
                  name: ws
                  path: /ws?access_token=w-777777
                  headers: {Cookie: "sid=c-888888"}
                  actions:
                    - send: {json: {type: auth, secret: "m-999999"}}
                    - close: true
        thresholds:
          - latency{request:GET /b?api_key=q-987654&page=2}.p95 < 1s
        """;

    private static readonly string[] Values = ["abc.def.ghi", "k-123456", "s3cr3t-value", "q-987654", "p@ss-word-1", "42", "hunter22", "t-555555", "w-777777", "c-888888", "m-999999"];

    [Fact]
    public void Every_literal_credential_is_masked_in_the_stored_plan()
    {
        var plan = PlanParser.Parse(Literals).Plan!;

        var stored = PlanRedaction.ForStorage(plan);
        var yaml = PlanParser.ToYaml(stored.Plan);

        foreach (var value in Values.Where(v => v != "42"))
        {
            yaml.ShouldNotContain(value);
        }

        yaml.ShouldContain("session_token\":\"***\"");
        yaml.ShouldContain("Accept: text/plain");
        yaml.ShouldContain("page=2");
        stored.Masked.ShouldContain("scenarios[0].requests[0].headers.Authorization");
        stored.Masked.ShouldContain("scenarios[0].requests[1].path");
        stored.Masked.ShouldContain("scenarios[0].requests[2].body");
        stored.Masked.ShouldContain("scenarios[1].steps[0].http.body");
        stored.Masked.ShouldContain("scenarios[1].steps[2].websocket.actions[0].send");
    }

    [Fact]
    public void The_stored_plan_reads_back_and_a_renamed_default_name_keeps_its_thresholds()
    {
        var stored = PlanParser.ToYaml(PlanRedaction.ForStorage(PlanParser.Parse(Literals).Plan!).Plan);

        var again = PlanParser.Parse(stored);

        again.Problems.ShouldBeEmpty(stored);
        again.Plan!.Scenarios[0].Requests[1].Name.ShouldBe("GET /b?api_key=***&page=2");
        again.Plan.Thresholds.ShouldBe(["latency{request:GET /b?api_key=***&page=2}.p95 < 1s"]);
    }

    [Fact]
    public void References_to_secrets_and_captured_values_are_kept()
    {
        var plan = PlanParser.Parse("""
            name: refs
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                steps:
                  - http: {name: login, method: POST, path: /login, json: {password: "{{secrets.USER_PASSWORD}}"}, capture: {token: {json: $.token}}}
                  - http: {name: me, path: "/me?api_key={{secrets.API_KEY}}", headers: {Authorization: "Bearer {{token}}", X-Api-Key: "{{secrets.API_KEY}}"}}
            """).Plan!;

        var stored = PlanRedaction.ForStorage(plan);

        stored.Masked.ShouldBeEmpty();
        var me = ((HttpStep)stored.Plan.Scenarios[0].Steps[1]).Request;
        me.Headers["Authorization"].ShouldBe("Bearer {{token}}");
        me.Headers["X-Api-Key"].ShouldBe("{{secrets.API_KEY}}");
        me.Path.ShouldBe("/me?api_key={{secrets.API_KEY}}");
        ((HttpStep)stored.Plan.Scenarios[0].Steps[0]).Request.Body!.ShouldContain("{{secrets.USER_PASSWORD}}");
    }

    [Theory]
    [InlineData("Bearer {{secrets.T}}", true)]
    [InlineData("{{token}}", true)]
    [InlineData("session={{session}}", true)]
    [InlineData("", true)]
    [InlineData("Bearer abc", false)]
    [InlineData("abc{{vu}}", false)]
    [InlineData("session={{session}}; theme=dark", false)]
    [InlineData("{{ unclosed", false)]
    public void A_value_is_a_reference_when_only_placeholders_carry_it(string value, bool referenceOnly) =>
        CredentialText.IsReferenceOnly(value).ShouldBe(referenceOnly);

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("Cookie", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("X-Session-Id", true)]
    [InlineData("client_secret", true)]
    [InlineData("refresh_token", true)]
    [InlineData("Accept", false)]
    [InlineData("page", false)]
    public void Names_that_carry_credentials(string name, bool credential) => CredentialText.IsCredentialName(name).ShouldBe(credential);

    [Fact]
    public void Data_columns_named_like_credentials_are_masked_for_display_only()
    {
        var plan = PlanParser.Parse("""
            name: data
            target: http://127.0.0.1:5080
            scenarios:
              - name: s
                vus: 1
                duration: 1s
                data: {users: {values: [{user: ann, password: pw-ann-1}]}}
                steps:
                  - http: {name: login, method: POST, path: /login, json: {u: "{{users.user}}", p: "{{users.password}}"}}
            """).Plan!;

        PlanRedaction.ForStorage(plan).Plan.Scenarios[0].Data[0].Rows[0].ShouldContain("pw-ann-1");
        PlanRedaction.ForDisplay(plan).Plan.Scenarios[0].Data[0].Rows[0].ShouldNotContain("pw-ann-1");
    }

    [Fact]
    public void Json_that_is_not_json_and_bodies_of_other_types_are_left_as_they_are()
    {
        CredentialText.RedactJson("{not json").ShouldBeNull();
        CredentialText.RedactJson("""{"a":1}""").ShouldBeNull();
        JsonDocument.Parse(CredentialText.RedactJson("""[{"token":"x-1"}]""")!).RootElement[0].GetProperty("token").GetString().ShouldBe("***");
    }
}
