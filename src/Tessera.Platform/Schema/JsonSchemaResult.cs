namespace Tessera.Platform.Schema;

/// <summary>The outcome of a validation: valid, or every error found.</summary>
public sealed record JsonSchemaResult(bool IsValid, IReadOnlyList<JsonSchemaError> Errors);
