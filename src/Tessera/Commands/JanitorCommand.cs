using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Identity;
using Tessera.Identity.Storage;
using Tessera.OAuth2;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;

namespace Tessera.Commands;

/// <summary>
/// <c>tessera janitor [DSN] --tokens|--requests|--grants [--keep-if-younger 24h] [--limit N] [--batch-size N] [-e] [-c config]</c>:
/// Hydra's janitor. Deletes stale oauth2 rows in short batches, safe while servers run. <c>--sessions</c> and
/// <c>--flows</c> instead clean the identity service's database of expired sessions, and of expired self-service
/// flows and old self-service errors, as Kratos's <c>cleanup sql</c> does.
/// </summary>
internal static class JanitorCommand
{
    /// <summary>The service whose stale rows this janitor deletes, whose config (-c) names the DSN and whose migrations must be applied.</summary>
    private static readonly ServiceDescriptor Service = OAuth2Service.Descriptor;

    /// <summary>The service <c>--sessions</c> cleans.</summary>
    private static readonly ServiceDescriptor IdentityServiceDescriptor = IdentityService.Descriptor;

    public static Command Create()
    {
        var dsnArgument = new Argument<string?>("dsn")
        {
            Description = "The database, e.g. postgres://user:pass@host:5432/db. Or give -e (env DSN) or -c (the config file's dsn).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var readFromEnv = new Option<bool>("--read-from-env", "-e") { Description = "Read the DSN from the environment variable DSN." };
        var configs = new Option<string[]>("--config", "-c") { Description = "Read the DSN from this oauth2 (with --sessions: identity) config file (key dsn; the DSN environment variable still overrides it)." };
        var sessions = new Option<bool>("--sessions") { Description = "Delete expired identity sessions from the identity service's database (Kratos's cleanup sql); not combined with the oauth2 kinds." };
        var selfServiceFlows = new Option<bool>("--flows") { Description = "Delete expired self-service flows and self-service errors older than an hour from the identity service's database (Kratos's cleanup sql); may be combined with --sessions." };
        var tokens = new Option<bool>("--tokens") { Description = "Delete expired and inactive access/refresh tokens, codes and sessions, and expired JWT ids." };
        var requests = new Option<bool>("--requests") { Description = "Delete expired login/consent flows and logout requests." };
        var grants = new Option<bool>("--grants") { Description = "Delete expired trusted JWT-bearer issuers (and their keys when unused)." };
        var keepIfYounger = new Option<string?>("--keep-if-younger") { Description = "Keep rows that expired (or were revoked) less than this long ago, e.g. 1s, 1m, 24h. Default 0." };
        var limit = new Option<int>("--limit") { Description = "Delete at most this many rows per kind of row.", DefaultValueFactory = _ => Janitor.DefaultLimit };
        var batchSize = new Option<int>("--batch-size") { Description = "Delete this many rows per transaction.", DefaultValueFactory = _ => Janitor.DefaultBatchSize };
        var accessLifespan = new Option<string?>("--access-lifespan") { Description = "Also delete access tokens requested longer ago than this (e.g. 1h), whatever their stored expiry." };
        var refreshLifespan = new Option<string?>("--refresh-lifespan") { Description = "Also delete refresh tokens requested longer ago than this (e.g. 720h)." };
        var consentRequestLifespan = new Option<string?>("--consent-request-lifespan") { Description = "Also delete unfinished login/consent flows requested longer ago than this (e.g. 30m)." };

        var command = new Command("janitor", "Delete stale database rows (expired tokens, requests, trust grants; or identity sessions) in small batches. Irreversible; safe while servers run.");
        command.Arguments.Add(dsnArgument);
        foreach (var option in new Option[] { readFromEnv, configs, tokens, requests, grants, sessions, selfServiceFlows, keepIfYounger, limit, batchSize, accessLifespan, refreshLifespan, consentRequestLifespan })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var scope = (parse.GetValue(tokens) ? JanitorScope.Tokens : 0)
                | (parse.GetValue(requests) ? JanitorScope.Requests : 0)
                | (parse.GetValue(grants) ? JanitorScope.Grants : 0);
            var keep = TimeSpan.Zero;
            var keepText = parse.GetValue(keepIfYounger);
            var cleanSessions = parse.GetValue(sessions);
            var cleanFlows = parse.GetValue(selfServiceFlows);
            var cleanIdentity = cleanSessions || cleanFlows;
            var service = cleanIdentity ? IdentityServiceDescriptor : Service;
            var problem =
                cleanIdentity && scope != JanitorScope.None ? "--sessions and --flows clean the identity service's database: run them apart from --tokens, --requests and --grants." :
                scope == JanitorScope.None && !cleanIdentity ? "janitor needs at least one of --tokens, --requests, --grants, --sessions or --flows." :
                parse.GetValue(limit) <= 0 || parse.GetValue(batchSize) <= 0 ? "--limit and --batch-size must both be greater than 0." :
                parse.GetValue(batchSize) > parse.GetValue(limit) ? "--batch-size must not be greater than --limit." :
                keepText is not null && (!GoDuration.TryParse(keepText, out keep) || keep < TimeSpan.Zero) ? $"--keep-if-younger '{keepText}' is not a duration such as 30s, 15m or 24h." :
                null;
            TimeSpan? Lifespan(Option<string?> option)
            {
                var text = parse.GetValue(option);
                if (text is null)
                {
                    return null;
                }

                if (!GoDuration.TryParse(text, out var value) || value <= TimeSpan.Zero)
                {
                    problem ??= $"{option.Name} '{text}' is not a positive duration such as 15m or 1h.";
                    return null;
                }

                return value;
            }

            var lifespans = new JanitorLifespans(Lifespan(accessLifespan), Lifespan(refreshLifespan), Lifespan(consentRequestLifespan));
            var (dsn, dsnProblem) = problem is null ? ServiceDsn.Resolve(service, parse.GetValue(dsnArgument), parse.GetValue(readFromEnv), parse.GetValue(configs) ?? [], "the janitor") : (null, null);
            problem ??= dsnProblem;
            if (problem is not null)
            {
                await error.WriteLineAsync($"error: {problem}");
                return TesseraCli.UsageError;
            }

            try
            {
                await using var database = Database.Open(dsn!);
                var migrator = new Migrator(database, service.Migrations!);
                if (!await migrator.IsUpToDateAsync(ct))
                {
                    await error.WriteLineAsync($"error: the database at {dsn!.Redacted} is not migrated to this version; run `tessera migrate sql` first.");
                    return 1;
                }

                var clock = Stopwatch.StartNew();
                var notAfter = TimeProvider.System.GetUtcNow() - keep;
                if (cleanIdentity)
                {
                    long deleted = 0;
                    if (cleanSessions)
                    {
                        var count = await new SessionStore(database).DeleteExpiredAsync(notAfter, parse.GetValue(limit), parse.GetValue(batchSize), ct);
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Deleted {count} expired sessions from sessions"));
                        deleted += count;
                    }

                    if (cleanFlows)
                    {
                        var store = new Tessera.Identity.Storage.FlowStore(database);
                        var flowCount = await store.DeleteExpiredAsync(notAfter, parse.GetValue(batchSize), parse.GetValue(limit), ct);
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Deleted {flowCount} expired self-service flows from selfservice_flows"));

                        // An error is read by the error UI right after the redirect to it: an hour is ample.
                        var errorCount = await store.DeleteErrorsAsync(notAfter - TimeSpan.FromHours(1), ct);
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Deleted {errorCount} self-service errors from selfservice_errors"));
                        deleted += flowCount + errorCount;
                    }

                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Janitor finished: {deleted} row(s) deleted in {clock.Elapsed.TotalSeconds:F2} s"));
                    return 0;
                }

                var janitor = new Janitor(database, TimeProvider.System);
                var counts = await janitor.RunAsync(scope, notAfter, parse.GetValue(limit), parse.GetValue(batchSize),
                    count => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Deleted {count.Deleted} {count.What} from {count.Table}")), ct, lifespans);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Janitor finished: {counts.Sum(c => c.Deleted)} row(s) deleted in {clock.Elapsed.TotalSeconds:F2} s"));
                return 0;
            }
            catch (System.Data.Common.DbException e)
            {
                await error.WriteLineAsync($"error: the database at {dsn!.Redacted} answered: {e.Message}");
                return 1;
            }
            catch (MigrationException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
