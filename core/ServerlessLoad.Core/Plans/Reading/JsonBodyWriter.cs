using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Serializes a request's <c>json:</c> value (any YAML value) to compact JSON text.</summary>
internal static class JsonBodyWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Bodies go to the target as-is; escaping '<' or '+' would only make them harder to read in reports.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>The JSON text, or null when some part cannot be expressed in JSON (problems recorded).</summary>
    public static string? Write(SourceNode node, string path, ProblemList problems)
    {
        var before = problems.Count;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteNode(writer, node, path, problems);
        }

        return problems.Count == before ? Encoding.UTF8.GetString(buffer.WrittenSpan) : null;
    }

    private static void WriteNode(Utf8JsonWriter writer, SourceNode node, string path, ProblemList problems)
    {
        switch (node)
        {
            case SourceMapping mapping:
                writer.WriteStartObject();
                foreach (var (name, _, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value, FieldPath.Child(path, name), problems);
                }

                writer.WriteEndObject();
                break;
            case SourceSequence sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    WriteNode(writer, sequence.Items[i], FieldPath.Item(path, i), problems);
                }

                writer.WriteEndArray();
                break;
            case SourceScalar scalar:
                WriteScalar(writer, scalar, path, problems);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, SourceScalar scalar, string path, ProblemList problems)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(ScalarResolver.IsTrue(scalar.Text));
                break;
            case ScalarKind.Integer:
                WriteInteger(writer, scalar.Text);
                break;
            case ScalarKind.Float:
                var number = ScalarResolver.ToDouble(scalar.Text);
                if (!double.IsFinite(number))
                {
                    problems.Add(path, scalar, $"JSON has no value for {scalar.Text}");
                    writer.WriteNullValue();
                    break;
                }

                writer.WriteNumberValue(number);
                break;
            case ScalarKind.Text:
                writer.WriteStringValue(scalar.Text);
                break;
            default:
                problems.Add(path, scalar, scalar.InvalidReason ?? "not a JSON value");
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteInteger(Utf8JsonWriter writer, string text)
    {
        if (ScalarResolver.ToInt64(text) is { } small)
        {
            writer.WriteNumberValue(small);
            return;
        }

        // Larger than 64 bits: JSON numbers have no size limit, so keep every digit.
        var big = text.StartsWith("0x", StringComparison.Ordinal)
            ? BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : text.StartsWith("0o", StringComparison.Ordinal)
                ? text[2..].Aggregate(BigInteger.Zero, (value, digit) => (value * 8) + (digit - '0'))
                : BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
