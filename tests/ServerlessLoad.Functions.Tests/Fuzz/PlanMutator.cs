using System.Text;
using YamlDotNet.RepresentationModel;

namespace ServerlessLoad.Functions.Tests.Fuzz;

/// <summary>
/// Structure-aware mutations of plans: each input is a seed plan's YAML tree with a few nodes replaced by hostile
/// values, deleted, duplicated, retyped, nested deeply or copied many times, then written out; some inputs are also
/// damaged as text (cut, spliced, aliased). Deterministic for a seed, so a failure can be replayed.
/// </summary>
internal sealed class PlanMutator(IReadOnlyList<string> seeds, int seed)
{
    private static readonly string[] Hostile =
    [
        "", " ", "-1", "0", "1e309", "99999999999999999999", "2147483648", "NaN", "-0", "true", "null", "~", "[]", "{}",
        "{{", "}}", "{{secrets.X}}", "{{secrets.}}", "{{secrets.a-b}}", "{{vu", "{{randomInt 9 1}}", "{{users.nope}}",
        "../../x", "..%2F..%2Fx", "a\0b", "\r\nInjected: yes", "\u2028", "💥", "\ud800", "<script>alert(1)</script>",
        "http://169.254.169.254/latest/meta-data", "http://[::ffff:169.254.169.254]/", "http://2852039166/", "http://user@127.0.0.1/",
        "http://127.0.0.1:99999/", "ftp://127.0.0.1/", "1h", "-5s", "24h", "1000000h", "0s", "100000000", "*", "%00", "/",
        "//evil.example/x", "/a?api_key=secret-1", "Bearer secret-2", "GET", "TRACE", "1.1", "2", "3", "constant-arrival-rate",
        "ramping-vus", "no-such-executor", "$.a[", "(unclosed", "latency.p95 < 1ms", "failures.rate < -1%", "rps >",
    ];

    private static readonly string[] Keys =
    [
        "name", "slices", "target", "targets", "scenarios", "thresholds", "baseline", "load", "executor", "vus", "duration",
        "requests", "steps", "path", "headers", "json", "body", "form", "query", "method", "expect", "timeout", "weight",
        "rate", "timeUnit", "stages", "maxVUs", "preAllocatedVUs", "data", "http", "websocket", "actions", "send", "Host",
        "Authorization", "password", "unknown", "<<",
    ];

    private readonly Random random = new(seed);

    /// <summary>No input is larger than the API accepts.</summary>
    public const int MaxLength = 1024 * 1024;

    public string Next()
    {
        var text = seeds[random.Next(seeds.Count)];
        var mutated = random.Next(10) switch
        {
            0 => MutateText(text),
            1 => MutateText(MutateTree(text)),
            _ => MutateTree(text),
        };
        return mutated.Length <= MaxLength ? mutated : mutated[..MaxLength];
    }

    private string MutateTree(string text)
    {
        try
        {
            return MutateTreeOrThrow(text);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
        {
            // A tree the emitter will not write (a lone surrogate): damage the text instead.
            return MutateText(text);
        }
    }

    private string MutateTreeOrThrow(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = stream.Documents[0].RootNode;
        var nodes = new List<(YamlNode Parent, object Slot, YamlNode Node)>();
        Collect(root, nodes);
        for (var i = 1 + random.Next(3); i > 0 && nodes.Count > 0; i--)
        {
            var (parent, slot, node) = nodes[random.Next(nodes.Count)];
            Apply(parent, slot, node, root);
        }

        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private void Apply(YamlNode parent, object slot, YamlNode node, YamlNode root)
    {
        YamlNode replacement = random.Next(9) switch
        {
            0 or 1 or 2 => new YamlScalarNode(Pick(Hostile)),
            3 => new YamlSequenceNode(node, Clone(node)),
            4 => new YamlMappingNode(new YamlScalarNode(Pick(Keys)), Clone(node)),
            5 => Nest(node, 5 + random.Next(70)),
            6 => new YamlScalarNode(new string((char)('a' + random.Next(26)), random.Next(1, 20_000))),
            7 => Clone(root),
            _ => Many(node),
        };
        switch (parent)
        {
            case YamlMappingNode mapping when slot is YamlNode key:
                if (random.Next(4) == 0)
                {
                    mapping.Children.Remove(key);
                }
                else if (random.Next(4) == 0)
                {
                    mapping.Children[new YamlScalarNode(Pick(Keys))] = replacement;
                }
                else
                {
                    mapping.Children[key] = replacement;
                }

                break;
            case YamlSequenceNode sequence when slot is int index && index < sequence.Children.Count:
                if (random.Next(4) == 0)
                {
                    sequence.Children.RemoveAt(index);
                }
                else
                {
                    sequence.Children[index] = replacement;
                }

                break;
        }
    }

    private YamlNode Many(YamlNode node)
    {
        var many = new YamlSequenceNode();
        for (var i = random.Next(2, 150); i > 0; i--)
        {
            many.Add(Clone(node));
        }

        return many;
    }

    private static YamlNode Nest(YamlNode node, int depth)
    {
        var nested = node;
        for (var i = 0; i < depth; i++)
        {
            nested = i % 2 == 0 ? new YamlSequenceNode(nested) : new YamlMappingNode(new YamlScalarNode("k"), nested);
        }

        return nested;
    }

    private static YamlNode Clone(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new YamlScalarNode(scalar.Value),
        YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(Clone)),
        YamlMappingNode mapping => new YamlMappingNode(mapping.Children.Select(c => new KeyValuePair<YamlNode, YamlNode>(Clone(c.Key), Clone(c.Value)))),
        _ => new YamlScalarNode("?"),
    };

    private string MutateText(string text)
    {
        var builder = new StringBuilder(text);
        switch (random.Next(6))
        {
            case 0:
                builder.Length = random.Next(builder.Length + 1);
                break;
            case 1:
                builder.Insert(random.Next(builder.Length + 1), Pick(["\t", "\0", "\r", ": :", "- -", "{", "[", "]", "}", "&a", "*a", "!!binary", "%YAML 1.1\n", "---\n", "\"", "'", "\\", "#"]));
                break;
            case 2:
                var at = random.Next(builder.Length + 1);
                builder.Insert(at, builder.ToString(random.Next(builder.Length + 1) is var from ? from : 0, Math.Min(200, builder.Length - from)));
                break;
            case 3:
                // An alias bomb: each level doubles the one before.
                builder.Insert(0, "bomb: &a0 [x, x]\n" + string.Concat(Enumerable.Range(1, 20 + random.Next(20)).Select(i => $"b{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n")));
                break;
            case 4:
                for (var i = random.Next(1, 8); i > 0 && builder.Length > 0; i--)
                {
                    builder[random.Next(builder.Length)] = (char)random.Next(1, 0x3000);
                }

                break;
            default:
                builder.Insert(0, "name: dup\n");
                break;
        }

        return builder.ToString();
    }

    private static void Collect(YamlNode node, List<(YamlNode Parent, object Slot, YamlNode Node)> into)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    into.Add((mapping, key, value));
                    Collect(value, into);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    into.Add((sequence, i, sequence.Children[i]));
                    Collect(sequence.Children[i], into);
                }

                break;
        }
    }

    private string Pick(string[] values) => values[random.Next(values.Length)];
}
