namespace Tessera.Platform.Schema;

/// <summary>The schema itself is unusable: malformed, or a <c>$ref</c> that resolves to nothing.</summary>
public sealed class JsonSchemaException : Exception
{
    public JsonSchemaException(string message)
        : base(message)
    {
    }

    public JsonSchemaException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
