using System.Globalization;
using System.Text;

namespace ServerlessLoad.Functions.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): each family's HELP and TYPE lines, then its samples,
/// label values escaped (backslash, double quote, line feed), numbers in invariant culture with NaN and ±Inf spelled
/// as Prometheus reads them.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder text = new();

    /// <summary>Starts a metric family; its samples follow.</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    public PrometheusText Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    public override string ToString() => text.ToString();

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
