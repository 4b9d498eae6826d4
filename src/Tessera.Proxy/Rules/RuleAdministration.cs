using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Proxy.Http;
using Tessera.Proxy.Rules.Repositories;
using Tessera.Proxy.Storage;

namespace Tessera.Proxy.Rules;

/// <summary>
/// The rules admin API's operations on the first SQL repository: a rule is checked as a file's rule
/// is (<see cref="RuleParser"/>, then its <c>match.url</c> compiled under the configured strategy),
/// stored in Oathkeeper's JSON form, and every SQL source of this instance is read again at once, so
/// the change is in force here before the answer; other instances see it within their refresh interval.
/// </summary>
internal sealed class RuleAdministration(RuleStore store, IReadOnlyList<SqlRuleSource> sources, MatchingStrategy strategy, TimeProvider time)
{
    /// <summary>The id column's width.</summary>
    public const int MaxIdLength = 255;

    public Task<List<StoredRule>> ListAsync(int limit, int offset, CancellationToken ct) => store.ListAsync(limit, offset, ct);

    public Task<StoredRule?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    /// <summary>Adds a rule; its id must be set and not taken (<see cref="RuleWrite.Conflict"/>).</summary>
    public async Task<RuleChange> CreateAsync(JsonObject body, CancellationToken ct)
    {
        var (id, document, problems) = Check(body, null);
        if (problems.Count > 0)
        {
            return RuleChange.Refused(problems);
        }

        var write = await store.CreateAsync(id, document, time.GetUtcNow(), ct);
        return await AppliedAsync(write, document, ct);
    }

    /// <summary>Replaces or adds the rule <paramref name="id"/>; the body's id, when set, must be the same.</summary>
    public async Task<RuleChange> ReplaceAsync(string id, JsonObject body, CancellationToken ct)
    {
        var (_, document, problems) = Check(body, id);
        if (problems.Count > 0)
        {
            return RuleChange.Refused(problems);
        }

        var write = await store.ReplaceAsync(id, document, time.GetUtcNow(), ct);
        return await AppliedAsync(write, document, ct);
    }

    public async Task<RuleWrite> DeleteAsync(string id, CancellationToken ct)
    {
        var write = await store.DeleteAsync(id, ct);
        if (write == RuleWrite.Deleted)
        {
            await ReloadAsync(ct);
        }

        return write;
    }

    private async Task<RuleChange> AppliedAsync(RuleWrite write, string document, CancellationToken ct)
    {
        if (write != RuleWrite.Conflict)
        {
            await ReloadAsync(ct);
        }

        return new RuleChange(write, document, []);
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        foreach (var source in sources)
        {
            await source.LoadAsync(ct);
        }
    }

    /// <summary>The rule's id and its stored form, or every problem with it.</summary>
    private (string Id, string Document, List<string> Problems) Check(JsonObject body, string? pathId)
    {
        var problems = new List<string>();
        if (pathId is not null)
        {
            if (body["id"] is null)
            {
                body["id"] = pathId;
            }
            else if (body["id"] is JsonValue v && v.TryGetValue<string>(out var given) && given != pathId)
            {
                problems.Add($"id \"{given}\" is not the id in the path (\"{pathId}\")");
            }
        }

        var (rule, ruleProblems) = RuleParser.ParseOne(body);
        problems.AddRange(ruleProblems);
        if (ruleProblems.Count == 0 && rule.Id.Length == 0)
        {
            problems.Add("id must be set");
        }
        else if (rule.Id.Length > MaxIdLength)
        {
            problems.Add($"id must be at most {MaxIdLength} characters long");
        }

        if (ruleProblems.Count == 0 && rule.Match is { IsRpc: false } match)
        {
            try
            {
                UrlPattern.Compile(strategy, match.Url);
            }
            catch (RulePatternException e)
            {
                problems.Add($"match.url {e.Message}");
            }
        }

        return (rule.Id, problems.Count > 0 ? "" : Stored(rule), problems);
    }

    private static string Stored(Rule rule)
    {
        using var buffer = new MemoryStream();
        // The stored text is read by programs and people, never put in HTML: keep <, > and non-ASCII as they are.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            RuleJson.Write(writer, rule);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
