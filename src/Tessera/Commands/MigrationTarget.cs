using System.CommandLine;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;

namespace Tessera.Commands;

/// <summary>
/// The arguments `migrate sql` and `migrate status` share: which database (the DSN argument, or
/// with -e the DSN environment variable) and which services' migrations.
/// </summary>
internal sealed class MigrationTarget
{
    public Argument<string?> DsnArgument { get; } = new("dsn")
    {
        Description = "The database to migrate, e.g. sqlite:///var/lib/tessera/db.sqlite?_fk=true or postgres://user:pass@host:5432/db. Give it here or with -e.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<bool> ReadFromEnv { get; } = new("--read-from-env", "-e")
    {
        Description = "Read the DSN from the environment variable DSN.",
    };

    public Option<string[]> Services { get; } = new("--service")
    {
        Description = $"Only these services' migrations ({string.Join(", ", ServiceCatalog.Names)}); default: every service that keeps a database (the proxy's SQL rule table only when named).",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(DsnArgument);
        command.Options.Add(ReadFromEnv);
        command.Options.Add(Services);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the chosen database and migration sets. Argument problems exit
    /// with 2, database errors with 1, each with a message on stderr that never shows the password.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, Func<Database, IReadOnlyList<MigrationSet>, TextWriter, Task<int>> work)
    {
        var error = parse.InvocationConfiguration.Error;
        var (dsn, dsnError) = ResolveDsn(parse);
        var (sets, setError) = ResolveSets(parse);
        if (dsn is null || setError is not null)
        {
            await error.WriteLineAsync($"error: {dsnError ?? setError}");
            return TesseraCli.UsageError;
        }

        try
        {
            await using var database = Database.Open(dsn);
            return await work(database, sets, parse.InvocationConfiguration.Output);
        }
        catch (MigrationException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (System.Data.Common.DbException e)
        {
            await error.WriteLineAsync($"error: the database at {dsn.Redacted} answered: {e.Message}");
            return 1;
        }
    }

    /// <summary>The DSN to use, or an error message a person can act on.</summary>
    public (Dsn? Dsn, string? Error) ResolveDsn(ParseResult parse)
    {
        var text = parse.GetValue(DsnArgument);
        if (string.IsNullOrWhiteSpace(text) && parse.GetValue(ReadFromEnv))
        {
            text = Environment.GetEnvironmentVariable("DSN");
            if (string.IsNullOrWhiteSpace(text))
            {
                return (null, "-e was given but the environment variable DSN is not set.");
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "no database given: pass the DSN as an argument, or set DSN and pass -e.");
        }

        try
        {
            return (Dsn.Parse(text), null);
        }
        catch (DsnException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The migration sets of the chosen services, or an error naming an unknown one.</summary>
    public (IReadOnlyList<MigrationSet> Sets, string? Error) ResolveSets(ParseResult parse)
    {
        var names = parse.GetValue(Services) ?? [];
        var chosen = new List<ServiceDescriptor>();
        foreach (var name in names)
        {
            var service = ServiceCatalog.Find(name);
            if (service is null)
            {
                return ([], $"unknown service '{name}' (known: {string.Join(", ", ServiceCatalog.Names)}).");
            }

            if (!service.UsesDatabase && !service.MigratesOnRequest)
            {
                return ([], $"the {name} service keeps no database, so it has no migrations.");
            }

            chosen.Add(service);
        }

        if (chosen.Count == 0)
        {
            chosen.AddRange(ServiceCatalog.All.Where(s => s.UsesDatabase));
        }

        return (chosen.Select(s => s.Migrations!).ToList(), null);
    }
}
