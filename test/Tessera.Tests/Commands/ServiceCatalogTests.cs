using System.Reflection;
using Microsoft.Extensions.Logging;
using Tessera.Commands;
using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Tests.Commands;

public sealed class ServiceCatalogTests
{
    private static IEnumerable<(string Owner, Assembly Assembly, EventIdRange Range)> Owners()
    {
        yield return ("platform", typeof(ServiceDescriptor).Assembly, EventIdRange.Platform);
        foreach (var service in ServiceCatalog.All)
        {
            yield return (service.Name, service.Assembly, service.EventIds);
        }
    }

    private static IEnumerable<(MethodInfo Method, int Id)> LogMethods(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                {
                    yield return (method, attribute.EventId);
                }
            }
        }
    }

    [Fact]
    public void Every_log_event_id_lies_in_its_owners_range_and_is_used_once()
    {
        var seen = new Dictionary<int, string>();
        var problems = new List<string>();
        var counted = 0;
        foreach (var (owner, assembly, range) in Owners())
        {
            foreach (var (method, id) in LogMethods(assembly))
            {
                counted++;
                var name = $"{method.DeclaringType!.Name}.{method.Name}";
                if (!range.Contains(id))
                {
                    problems.Add($"{owner}: {name} uses event id {id}, outside {range}");
                }

                if (!seen.TryAdd(id, name))
                {
                    problems.Add($"{owner}: {name} reuses event id {id} of {seen[id]}");
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(counted > 10, $"only {counted} log methods found: the scan is not seeing them");
    }

    [Fact]
    public void Event_id_ranges_do_not_overlap()
    {
        var ranges = Owners().Select(o => o.Range).OrderBy(r => r.First).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i].First > ranges[i - 1].Last, $"{ranges[i - 1]} overlaps {ranges[i]}");
        }
    }

    [Fact]
    public void Only_oauth2_refuses_plain_http_as_each_ory_product_does()
    {
        Assert.Equal(["oauth2"], ServiceCatalog.All.Where(s => s.RefusesPlainHttp).Select(s => s.Name));
    }

    [Fact]
    public void Service_names_and_ports_are_unique()
    {
        Assert.Equal(ServiceCatalog.All.Count, ServiceCatalog.Names.Distinct().Count());
        var ports = ServiceCatalog.All.SelectMany(s => s.Listeners).Select(l => l.DefaultPort).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
