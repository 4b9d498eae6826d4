namespace Tessera.OAuth2.Clients;

/// <summary>The JSON shape a client metadata field takes.</summary>
internal enum ClientFieldKind
{
    Text,
    TextList,
    Flag,

    /// <summary>true, false or null (Hydra's <c>skip_logout_consent</c>).</summary>
    OptionalFlag,
    Integer,

    /// <summary>A JSON Web Key Set object.</summary>
    KeySet,

    /// <summary>Any JSON value, kept as given (<c>metadata</c>).</summary>
    Any,

    /// <summary>A Go duration string or null (the per-grant token lifespans).</summary>
    Lifespan,
    Timestamp,
}
