using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Decides what a scalar is under the YAML 1.2 core schema (the one JSON-compatible editors assume): plain scalars
/// may be null, booleans or numbers, quoted and block scalars are always text, explicit standard tags are honoured.
/// </summary>
internal static partial class ScalarResolver
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static SourceScalar Resolve(Scalar scalar, int line, int column)
    {
        var text = scalar.Value;
        if (HasUnpairedSurrogate(text))
        {
            // Such text cannot be encoded as UTF-8, so it could never be sent or stored.
            return new SourceScalar(line, column, text, ScalarKind.Invalid, "contains an unpaired surrogate character");
        }

        if (scalar.Tag.IsEmpty)
        {
            var kind = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any ? KindOfPlain(text) : ScalarKind.Text;
            return new SourceScalar(line, column, text, kind);
        }

        if (scalar.Tag.IsNonSpecific)
        {
            return new SourceScalar(line, column, text, ScalarKind.Text);
        }

        var tag = scalar.Tag.Value;
        ScalarKind? wanted = tag switch
        {
            TagPrefix + "str" => ScalarKind.Text,
            TagPrefix + "null" => ScalarKind.Null,
            TagPrefix + "bool" => ScalarKind.Boolean,
            TagPrefix + "int" => ScalarKind.Integer,
            TagPrefix + "float" => ScalarKind.Float,
            _ => null,
        };
        if (wanted is null)
        {
            return new SourceScalar(line, column, text, ScalarKind.Invalid, $"unsupported tag '{SourceScalar.Shorten(tag)}'");
        }

        if (wanted == ScalarKind.Text)
        {
            return new SourceScalar(line, column, text, ScalarKind.Text);
        }

        var actual = KindOfPlain(text);
        var matches = actual == wanted || (wanted == ScalarKind.Float && actual == ScalarKind.Integer);
        return matches
            ? new SourceScalar(line, column, text, wanted.Value)
            : new SourceScalar(line, column, text, ScalarKind.Invalid, $"'{SourceScalar.Shorten(text)}' is not a valid !!{tag[TagPrefix.Length..]}");
    }

    /// <summary>What a plain (unquoted) scalar with this text means.</summary>
    public static ScalarKind KindOfPlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(text))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(text) ? ScalarKind.Float : ScalarKind.Text;
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsTrue(string text) => text is "true" or "True" or "TRUE";

    /// <summary>The value of an integer scalar, or null when it does not fit in 64 bits.</summary>
    public static long? ToInt64(string text)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue
                ? (long)hex
                : null;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            long value = 0;
            foreach (var digit in text.AsSpan(2))
            {
                if (value > (long.MaxValue >> 3))
                {
                    return null;
                }

                value = (value << 3) | (long)(digit - '0');
            }

            return value;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>The value of a float or integer scalar; infinities and NaN come back as such.</summary>
    public static double ToDouble(string text)
    {
        var unsigned = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (unsigned is ".inf" or ".Inf" or ".INF")
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (unsigned is ".nan" or ".NaN" or ".NAN")
        {
            return double.NaN;
        }

        if (ToInt64(text) is { } whole)
        {
            return whole;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
    }

    [GeneratedRegex("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
