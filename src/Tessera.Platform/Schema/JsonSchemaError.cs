namespace Tessera.Platform.Schema;

/// <summary>
/// One failed rule. <see cref="InstanceLocation"/> is a JSON pointer into the validated document ("" is
/// the root); <see cref="Message"/> states the rule without repeating the value, which may be secret.
/// </summary>
public sealed record JsonSchemaError(string InstanceLocation, string SchemaLocation, string Keyword, string Message);
