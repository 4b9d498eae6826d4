using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Outbound;

/// <summary>Log events of outbound calls: ids 1200–1299. Only a URL's scheme, host and port are logged, never its path, query or credentials.</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(EventId = 1200, EventName = "OutboundFetchFailed", Level = LogLevel.Warning, Message = "The fetch of {Field} from {Origin} failed ({Failure}): {Detail}")]
    public static partial void FetchFailed(ILogger logger, string field, string origin, OutboundFailure failure, string detail);

    [LoggerMessage(EventId = 1201, EventName = "OutboundDestinationRefused", Level = LogLevel.Information, Message = "{Field} may not be called: {Detail}")]
    public static partial void DestinationRefused(ILogger logger, string field, string detail);
}
