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

    // Both series of each (listener, rule, code), looked up once: WithLabels costs a lookup of its own per call.
    private static readonly ConcurrentDictionary<(string Listener, string Rule, int Code), (Counter.Child Count, Histogram.Child Duration)> Series = new();

    public static void Observe(string listener, string rule, int code, TimeSpan elapsed)
    {
        var (count, duration) = Series.GetOrAdd((listener, rule.Length > 0 ? rule : "none", code), static k => (
            Decisions.WithLabels(k.Listener, k.Rule, k.Code.ToString(CultureInfo.InvariantCulture)),
            Duration.WithLabels(k.Listener, k.Rule)));
        count.Inc();
        duration.Observe(elapsed.TotalSeconds);
    }
}
