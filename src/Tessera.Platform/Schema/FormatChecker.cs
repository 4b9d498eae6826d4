using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Schema;

/// <summary>The <c>format</c> values the validator can assert. Unknown formats always pass, as the spec says.</summary>
internal static partial class FormatChecker
{
    public static bool IsValid(string format, string value) => format switch
    {
        "email" => IsEmail(value, international: false),
        "idn-email" => IsEmail(value, international: true),
        "hostname" => IsHostname(value, international: false),
        "idn-hostname" => IsHostname(value, international: true),
        "ipv4" => IsIPv4(value),
        "ipv6" => IsIPv6(value),
        "uri" => IsUri(value, absolute: true, international: false),
        "uri-reference" => IsUri(value, absolute: false, international: false),
        "iri" => IsUri(value, absolute: true, international: true),
        "iri-reference" => IsUri(value, absolute: false, international: true),
        "uri-template" => IsUriTemplate(value),
        "date-time" => IsDateTime(value),
        "date" => IsDate(value),
        "time" => IsTime(value),
        "duration" => Duration().IsMatch(value),
        "uuid" => Uuid().IsMatch(value),
        "regex" => SchemaRegex.TryCompile(value, out _),
        "json-pointer" => IsJsonPointer(value),
        "relative-json-pointer" => IsRelativeJsonPointer(value),
        _ => true,
    };

    private static bool IsEmail(string value, bool international)
    {
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return false;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        var localOk = local.StartsWith('"') && local.EndsWith('"') && local.Length >= 2
            ? !local[1..^1].Contains('"', StringComparison.Ordinal)
            : !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
              && local.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal) || (international && c > 127));
        if (!localOk)
        {
            return false;
        }

        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            var literal = domain[1..^1];
            return literal.StartsWith("IPv6:", StringComparison.Ordinal) ? IsIPv6(literal[5..]) : IsIPv4(literal);
        }

        return IsHostname(domain, international);
    }

    private static bool IsHostname(string value, bool international)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var ascii = value;
        if (international)
        {
            if (value.Contains('\u3002', StringComparison.Ordinal) || value.Contains('\uFF0E', StringComparison.Ordinal) || value.Contains('\uFF61', StringComparison.Ordinal))
            {
                ascii = value.Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.');
            }

            try
            {
                ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(ascii);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        if (ascii.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in ascii.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }

            if (!international && label.Length >= 4 && label[2] == '-' && label[3] == '-' && !label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv6(string value)
        => value.Length > 0 && value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
           && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
           && (!value.Contains('.', StringComparison.Ordinal) || IsIPv4(value[(value.LastIndexOf(':') + 1)..]));

    private static bool IsUri(string value, bool absolute, bool international)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' || (!international && c > 126))
            {
                return false;
            }
        }

        for (var i = value.IndexOf('%', StringComparison.Ordinal); i >= 0; i = value.IndexOf('%', i + 1))
        {
            if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
            {
                return false;
            }
        }

        var scheme = SchemePrefix().Match(value);
        if (absolute && !scheme.Success)
        {
            return false;
        }

        var rest = scheme.Success ? value[scheme.Length..] : value;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authorityEnd = rest.IndexOfAny(['/', '?', '#'], 2);
            var authority = authorityEnd < 0 ? rest[2..] : rest[2..authorityEnd];
            if (authority.Count(ch => ch == '@') > 1)
            {
                return false;
            }

            var userEnd = authority.LastIndexOf('@');
            var hostPort = userEnd < 0 ? authority : authority[(userEnd + 1)..];
            if (hostPort.StartsWith('['))
            {
                var close = hostPort.IndexOf(']', StringComparison.Ordinal);
                if (close < 0 || !IsIPv6(hostPort[1..close]) && !hostPort[1..close].StartsWith('v'))
                {
                    return false;
                }

                hostPort = hostPort[(close + 1)..];
                if (hostPort.Length > 0 && (hostPort[0] != ':' || !hostPort[1..].All(char.IsAsciiDigit)))
                {
                    return false;
                }
            }
            else
            {
                var colon = hostPort.LastIndexOf(':');
                if (colon >= 0 && !hostPort[(colon + 1)..].All(char.IsAsciiDigit))
                {
                    return false;
                }
            }
        }
        else if (!scheme.Success)
        {
            // A relative reference's first segment may not contain ':' (it would read as a scheme).
            var firstSegmentEnd = rest.IndexOfAny(['/', '?', '#']);
            var first = firstSegmentEnd < 0 ? rest : rest[..firstSegmentEnd];
            if (first.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }

        var pathStart = rest.StartsWith("//", StringComparison.Ordinal) ? rest.IndexOfAny(['/', '?', '#'], 2) : 0;
        if (pathStart >= 0 && rest[pathStart..].IndexOfAny(['[', ']']) >= 0)
        {
            return false;
        }

        var hash = value.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 || !value[(hash + 1)..].Contains('#', StringComparison.Ordinal);
    }

    /// <summary>RFC 6570: literals and <c>{[operator]varspec,...}</c> expressions.</summary>
    private static bool IsUriTemplate(string value)
    {
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '{')
            {
                var close = value.IndexOf('}', i + 1);
                if (close < 0 || !IsTemplateExpression(value[(i + 1)..close]))
                {
                    return false;
                }

                i = close + 1;
                continue;
            }

            if (c == '}' || c <= ' ' || c == '\x7f' || "\"'<>\\^`|".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool IsTemplateExpression(string expression)
    {
        if (expression.Length > 0 && "+#./;?&=,!@|".Contains(expression[0], StringComparison.Ordinal))
        {
            expression = expression[1..];
        }

        foreach (var varspec in expression.Split(','))
        {
            if (!TemplateVarspec().IsMatch(varspec))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDate(string value)
    {
        var match = DatePattern().Match(value);
        return match.Success && IsValidDate(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    private static bool IsValidDate(string year, string month, string day)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Max(y, 1), m);
    }

    private static bool IsTime(string value)
    {
        var match = TimePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var second = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var offsetMinutes = 0;
        if (match.Groups["oh"].Success)
        {
            var oh = int.Parse(match.Groups["oh"].Value, CultureInfo.InvariantCulture);
            var om = int.Parse(match.Groups["om"].Value, CultureInfo.InvariantCulture);
            if (oh > 23 || om > 59)
            {
                return false;
            }

            offsetMinutes = (oh * 60) + om;
            if (match.Groups["sign"].Value == "-")
            {
                offsetMinutes = -offsetMinutes;
            }
        }

        if (second == 60)
        {
            // A leap second happens at 23:59:60 UTC only.
            var utc = (((hour * 60) + minute - offsetMinutes) % 1440 + 1440) % 1440;
            return utc == (23 * 60) + 59;
        }

        return true;
    }

    private static bool IsDateTime(string value)
    {
        var t = value.IndexOfAny(['T', 't']);
        return t == 10 && IsDate(value[..t]) && IsTime(value[(t + 1)..]);
    }

    private static bool IsJsonPointer(string value)
    {
        if (value.Length > 0 && value[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '~' && (i + 1 >= value.Length || value[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRelativeJsonPointer(string value)
    {
        var digits = 0;
        while (digits < value.Length && char.IsAsciiDigit(value[digits]))
        {
            digits++;
        }

        if (digits == 0 || (digits > 1 && value[0] == '0'))
        {
            return false;
        }

        var rest = value[digits..];
        return rest == "#" || IsJsonPointer(rest);
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*(?::[1-9][0-9]{0,3}|\*)?\z")]
    private static partial Regex TemplateVarspec();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})\z")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(\.[0-9]+)?([Zz]|(?<sign>[+\-])(?<oh>[0-9]{2}):(?<om>[0-9]{2}))\z")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^P(?:(?:[0-9]+W)|(?:(?=[0-9]|T[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?))\z")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex Uuid();
}
