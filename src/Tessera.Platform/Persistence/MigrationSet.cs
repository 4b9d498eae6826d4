using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Persistence;

/// <summary>
/// The migrations of one component (oauth2, identity, …), per dialect folder. CockroachDB uses the
/// <c>cockroach</c> folder when the component has one, else the <c>postgres</c> scripts.
/// </summary>
public sealed partial class MigrationSet
{
    private static readonly string[] Folders = ["sqlite", "postgres", "mysql", "cockroach"];
    private readonly Dictionary<string, IReadOnlyList<MigrationScript>> byFolder;

    private MigrationSet(string component, Dictionary<string, IReadOnlyList<MigrationScript>> byFolder)
    {
        Component = component;
        this.byFolder = byFolder;
    }

    public string Component { get; }

    /// <summary>
    /// Reads the embedded resources of <paramref name="assembly"/> under <paramref name="folder"/>
    /// (default <c>Migrations</c>), named <c>&lt;folder&gt;/&lt;dialect&gt;/NNNN_name.sql</c>. Resource
    /// names are normalised first, so the SDK's dotted form
    /// (<c>Root.Namespace.Migrations.postgres.0001_name.sql</c>) and backslashes work as well.
    /// </summary>
    public static MigrationSet FromAssembly(Assembly assembly, string component, string folder = "Migrations")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var prefix = Normalise(folder.Trim('/', '\\')) + "/";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // "Any.Root.Namespace/<folder>/<dialect>/NNNN_name": the folder must start the name
            // or follow a separator, so "Migrations" does not match "OldMigrations".
            var name = "/" + Normalise(resource[..^4]);
            var start = name.IndexOf("/" + prefix, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            var match = ScriptPath().Match(name[(start + 1 + prefix.Length)..]);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(
                match.Groups["folder"].Value,
                long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} has no embedded migrations under {folder}/<sqlite|postgres|mysql>/NNNN_name.sql for {component}.");
        }

        return FromScripts(component, scripts);
    }

    public static MigrationSet FromScripts(string component, IEnumerable<MigrationScript> scripts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        var byFolder = new Dictionary<string, IReadOnlyList<MigrationScript>>(StringComparer.Ordinal);
        foreach (var group in scripts.GroupBy(s => s.Folder))
        {
            if (!Folders.Contains(group.Key))
            {
                throw new ArgumentException($"Migration folder '{group.Key}' is not one of {string.Join(", ", Folders)}.", nameof(scripts));
            }

            var ordered = group.OrderBy(s => s.Version).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Version == ordered[i - 1].Version)
                {
                    throw new ArgumentException(
                        $"{component} has two {group.Key} migrations numbered {ordered[i].Version}: {ordered[i - 1].Name} and {ordered[i].Name}.", nameof(scripts));
                }
            }

            byFolder[group.Key] = ordered;
        }

        return new MigrationSet(component, byFolder);
    }

    /// <summary>The scripts for <paramref name="kind"/>, in version order.</summary>
    public IReadOnlyList<MigrationScript> For(SqlDialectKind kind)
    {
        var folder = kind switch
        {
            SqlDialectKind.Sqlite => "sqlite",
            SqlDialectKind.MySql => "mysql",
            SqlDialectKind.Cockroach when byFolder.ContainsKey("cockroach") => "cockroach",
            _ => "postgres",
        };
        return byFolder.TryGetValue(folder, out var scripts)
            ? scripts
            : throw new InvalidOperationException($"{Component} has no migrations for {kind} (expected a '{folder}' folder).");
    }

    private static string Normalise(string name) => name.Replace('\\', '/').Replace('.', '/');

    [GeneratedRegex(@"^(?<folder>sqlite|postgres|mysql|cockroach)/(?<version>[0-9]+)_(?<name>[A-Za-z0-9_\-]+)$")]
    private static partial Regex ScriptPath();
}
