using System.Collections.Concurrent;
using System.Globalization;
using Prometheus;

namespace Tessera.Proxy.Decisions;

/// <summary>
/// Per-rule access decisions in the process's Prometheus registry: <c>tessera_proxy_decisions_total</c>
/// (listener, rule, code: 200 for granted, else the error's status) and
/// <c>tessera_proxy_decision_duration_seconds</c> (listener, rule: the time to judge, not the upstream's).
/// The rule label is the rule id (<c>none</c> when no single rule matched), bounded by the rules configured.
/// </summary>
internal static class DecisionMetrics
{
    private static readonly Counter Decisions = Metrics.CreateCounter(
        "tessera_proxy_decisions_total", "Access decisions by rule and outcome.", new CounterConfiguration { LabelNames = ["listener", "rule", "code"] });

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "tessera_proxy_decision_duration_seconds", "Time to judge a request (match, authenticate, authorize, mutate).",
        new HistogramConfiguration { LabelNames = ["listener", "rule"], Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly ConcurrentDictionary<(string, string, int), Counter.Child> Counts = new();

    public static void Observe(string listener, string rule, int code, TimeSpan elapsed)
    {
        var name = rule.Length > 0 ? rule : "none";
        Counts.GetOrAdd((listener, name, code), k => Decisions.WithLabels(k.Item1, k.Item2, k.Item3.ToString(CultureInfo.InvariantCulture))).Inc();
        Duration.WithLabels(listener, name).Observe(elapsed.TotalSeconds);
    }
}
