namespace Tessera.Platform.Schema;

/// <summary>The JSON Schema dialects the validator understands.</summary>
public enum JsonSchemaDraft
{
    Draft7,
    Draft202012,
}
