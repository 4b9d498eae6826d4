using System.Globalization;
using Tessera.Platform.Persistence;

namespace Tessera.Commands;

/// <summary>Prints migration statuses as an aligned table.</summary>
internal static class MigrationTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<MigrationStatus> rows)
    {
        var nameWidth = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        await output.WriteLineAsync($"{"SERVICE",-10} {"VERSION",-8} {"NAME".PadRight(nameWidth)} STATUS");
        foreach (var row in rows)
        {
            var status = row.Applied
                ? "applied " + row.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : "pending";
            await output.WriteLineAsync($"{row.Component,-10} {row.Version,-8} {row.Name.PadRight(nameWidth)} {status}");
        }
    }
}
