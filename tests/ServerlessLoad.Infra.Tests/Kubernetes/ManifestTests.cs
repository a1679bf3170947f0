using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NJsonSchema;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Infra.Tests.Kubernetes;

/// <summary>
/// infra/k8s: every document is a kind we know and validates against its schema. Built-in kinds deserialize strictly
/// into the Kubernetes client's models (an unknown or misplaced field, a wrong type fails) and carry the fields the
/// official definitions require (Schemas/k8s-*.schema.json, written down from them); KEDA's ScaledJob and
/// TriggerAuthentication validate against JSON Schemas of the CRD fields KEDA documents, and the ScaledJob's job
/// template is a batch/v1 JobSpec checked both ways too.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string ManifestDirectory = Path.Combine(RepoPaths.RepoRoot, "infra", "k8s");

    private static readonly Dictionary<string, Type> BuiltIn = new(StringComparer.Ordinal)
    {
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
    };

    private static readonly Dictionary<string, string> KedaSchemas = new(StringComparer.Ordinal)
    {
        ["keda.sh/v1alpha1/ScaledJob"] = "keda-scaledjob.schema.json",
        ["keda.sh/v1alpha1/TriggerAuthentication"] = "keda-triggerauthentication.schema.json",
    };

    private static IReadOnlyList<YamlDocument> Documents { get; } =
        Directory.GetFiles(ManifestDirectory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(YamlDocuments.Read).ToList();

    [Fact]
    public void Every_document_is_a_kind_with_a_schema()
    {
        Documents.Count.ShouldBeGreaterThanOrEqualTo(8);
        Documents.ShouldAllBe(d => BuiltIn.ContainsKey($"{d.ApiVersion}/{d.Kind}") || KedaSchemas.ContainsKey($"{d.ApiVersion}/{d.Kind}"));
    }

    [Fact]
    public void Built_in_kinds_deserialize_strictly_into_the_kubernetes_models()
    {
        var checkedKinds = new List<string>();
        foreach (var document in Documents.Where(d => BuiltIn.ContainsKey($"{d.ApiVersion}/{d.Kind}")))
        {
            var loaded = KubernetesYaml.LoadAllFromString(document.Text, BuiltIn, strict: true).ShouldHaveSingleItem();
            loaded.ShouldBeOfType(BuiltIn[$"{document.ApiVersion}/{document.Kind}"]);
            checkedKinds.Add($"{document.File}: {document.Kind} {((IMetadata<V1ObjectMeta>)loaded).Metadata.Name}");
        }

        checkedKinds.Count.ShouldBe(5, string.Join(", ", checkedKinds));
    }

    [Fact]
    public async Task Built_in_kinds_have_every_field_their_definitions_require()
    {
        var schema = await SchemaAsync("k8s-builtin.schema.json");
        var checkedKinds = 0;
        foreach (var document in Documents.Where(d => BuiltIn.ContainsKey($"{d.ApiVersion}/{d.Kind}")))
        {
            schema.Validate(document.Json.ToJsonString()).ShouldBeEmpty($"{document.File}: {document.Kind}");
            checkedKinds++;
        }

        checkedKinds.ShouldBe(5);
    }

    [Fact]
    public async Task A_deployment_without_containers_or_a_selector_fails_the_required_fields_so_the_check_can_fail()
    {
        var deployment = Documents.Single(d => d.Kind == "Deployment").Json.DeepClone();
        deployment["spec"]!.AsObject().Remove("selector");
        deployment["spec"]!["template"]!["spec"]!.AsObject().Remove("containers");

        var errors = (await SchemaAsync("k8s-builtin.schema.json")).Validate(deployment.ToJsonString());

        errors.ShouldNotBeEmpty();
        Flatten(errors).ShouldContain(e => e.Contains("selector", StringComparison.Ordinal));
        Flatten(errors).ShouldContain(e => e.Contains("containers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scaled_jobs_job_template_has_every_field_a_job_requires_and_a_restart_policy_a_job_accepts()
    {
        var jobSpec = (await SchemaAsync("k8s-pod.schema.json")).Definitions["jobSpec"];
        var template = Documents.Single(d => d.Kind == "ScaledJob").Json["spec"]!["jobTargetRef"]!;

        jobSpec.Validate(template.ToJsonString()).ShouldBeEmpty();
        var restarting = template.DeepClone();
        restarting["template"]!["spec"]!["restartPolicy"] = "Always";
        jobSpec.Validate(restarting.ToJsonString()).ShouldNotBeEmpty("a Job's pods may not restart Always");
    }

    [Fact]
    public void A_misplaced_field_fails_strict_deserialization_so_the_check_can_fail()
    {
        var deployment = Documents.First(d => d.Kind == "Deployment").Text.Replace("terminationGracePeriodSeconds:", "terminationGracePeriod:", StringComparison.Ordinal);

        Should.Throw<Exception>(() => KubernetesYaml.LoadAllFromString(deployment, BuiltIn, strict: true));
    }

    [Fact]
    public async Task Keda_resources_validate_against_their_schemas_and_the_job_template_is_a_strict_batch_job_spec()
    {
        var validated = 0;
        foreach (var document in Documents.Where(d => KedaSchemas.ContainsKey($"{d.ApiVersion}/{d.Kind}")))
        {
            var schema = await SchemaAsync(KedaSchemas[$"{document.ApiVersion}/{document.Kind}"]);
            schema.Validate(document.Json.ToJsonString()).ShouldBeEmpty($"{document.File}: {document.Kind}");
            if (document.Kind == "ScaledJob")
            {
                KubernetesYaml.Deserialize<V1JobSpec>(document.Json["spec"]!["jobTargetRef"]!.ToJsonString(), strict: true).Template.Spec.Containers.ShouldHaveSingleItem();
            }

            validated++;
        }

        validated.ShouldBe(3);
    }

    [Fact]
    public async Task A_scaled_job_with_an_unknown_field_fails_its_schema()
    {
        var scaledJob = Documents.Single(d => d.Kind == "ScaledJob").Json.DeepClone();
        scaledJob["spec"]!["pollingIntervall"] = 5;
        scaledJob["spec"]!["triggers"]![0]!["metadata"]!["queueLength"] = 1;

        var errors = (await SchemaAsync("keda-scaledjob.schema.json")).Validate(scaledJob.ToJsonString());

        // The trigger's error is reported on the trigger (its metadata's values must be strings).
        errors.Select(e => e.Path).ShouldBe(["#/spec.pollingIntervall", "#/spec.triggers[0]"], ignoreOrder: true);
    }

    [Fact]
    public void Runner_jobs_take_one_slice_message_each_from_the_slices_queue()
    {
        var scaledJob = Documents.Single(d => d.Kind == "ScaledJob").Json["spec"]!;
        var trigger = scaledJob["triggers"]!.AsArray().ShouldHaveSingleItem()!;
        var job = KubernetesYaml.Deserialize<V1JobSpec>(scaledJob["jobTargetRef"]!.ToJsonString(), strict: true);

        trigger["type"]!.GetValue<string>().ShouldBe("azure-queue");
        trigger["metadata"]!["queueName"]!.GetValue<string>().ShouldBe(QueueNames.Slices);
        trigger["metadata"]!["queueLength"]!.GetValue<string>().ShouldBe("1");
        (job.Parallelism, job.Completions, job.BackoffLimit).ShouldBe((1, 1, 0));
        job.Template.Spec.RestartPolicy.ShouldBe("Never");
        job.Template.Spec.Containers[0].Env.ShouldContain(e => e.Name == "Sload__RunnerMode" && e.Value == "job");
        var authentication = trigger["authenticationRef"]!["name"]!.GetValue<string>();
        Documents.Where(d => d.Kind == "TriggerAuthentication").ShouldAllBe(d => d.Json["metadata"]!["name"]!.GetValue<string>() == authentication);
    }

    [Fact]
    public void The_functions_service_selects_the_functions_pods_whose_probes_ask_healthz()
    {
        var deployment = KubernetesYaml.Deserialize<V1Deployment>(Documents.Single(d => d.Kind == "Deployment").Text, strict: true);
        var service = KubernetesYaml.Deserialize<V1Service>(Documents.Single(d => d.Kind == "Service").Text, strict: true);

        service.Spec.Selector.ShouldBeSubsetOf(deployment.Spec.Template.Metadata.Labels);
        deployment.Spec.Selector.MatchLabels.ShouldBeSubsetOf(deployment.Spec.Template.Metadata.Labels);
        var container = deployment.Spec.Template.Spec.Containers.ShouldHaveSingleItem();
        (container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path).ShouldBe(("/healthz", "/healthz"));
        container.Ports.ShouldContain(p => p.Name == service.Spec.Ports[0].TargetPort.Value);
    }

    /// <summary>Every error's kind and property, nested ones (of oneOf/allOf branches) included.</summary>
    private static IEnumerable<string> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => (e is NJsonSchema.Validation.ChildSchemaValidationError child ? child.Errors.Values.SelectMany(Flatten) : [])
            .Prepend($"{e.Kind} {e.Property} {e.Path}"));

    private static Task<JsonSchema> SchemaAsync(string name) =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Kubernetes", "Schemas", name));
}
