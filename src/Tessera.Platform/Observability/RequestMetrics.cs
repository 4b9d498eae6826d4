using System.Collections.Concurrent;
using Prometheus;

namespace Tessera.Platform.Observability;

/// <summary>
/// Request counts and latencies per listener, route pattern (bounded cardinality; "unmatched" for
/// 404s), method and status code, in the process-wide Prometheus registry.
/// </summary>
public static class RequestMetrics
{
    private static readonly string[] Labels = ["listener", "route", "method", "code"];

    private static readonly Counter Requests = Metrics.CreateCounter(
        "http_requests_total", "HTTP requests answered.", new CounterConfiguration { LabelNames = Labels });

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "http_request_duration_seconds", "Time to answer an HTTP request.",
        new HistogramConfiguration { LabelNames = Labels, Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    // The labelled series, looked up once per label set instead of on every request.
    private static readonly ConcurrentDictionary<(string Listener, string Route, string Method, int Status), (Counter.Child Count, Histogram.Child Duration)> Series = new();

    public static void Observe(string listener, string route, string method, int status, TimeSpan elapsed)
    {
        var key = (listener, route, KnownMethod(method), status);
        if (!Series.TryGetValue(key, out var series))
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            series = Series.GetOrAdd(key, (Requests.WithLabels(listener, route, key.Item3, code), Duration.WithLabels(listener, route, key.Item3, code)));
        }

        series.Count.Inc();
        series.Duration.Observe(elapsed.TotalSeconds);
    }

    // Clients choose the method: anything unknown shares one label value, so they cannot grow the series.
    private static string KnownMethod(string method) => method switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" or "TRACE" or "CONNECT" => method,
        _ => "other",
    };

    /// <summary>Registers a gauge whose value is read at every scrape (database pool sizes and the like).</summary>
    public static void AddGauge(string name, string help, string[] labelNames, Action<Gauge> update)
    {
        var gauge = Metrics.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labelNames });
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() => update(gauge));
    }

    public static Task ExportAsync(Stream output, CancellationToken ct)
        => Metrics.DefaultRegistry.CollectAndExportAsTextAsync(output, ct);
}
