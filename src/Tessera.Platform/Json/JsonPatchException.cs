namespace Tessera.Platform.Json;

/// <summary>A JSON Patch that is malformed or cannot be applied; the message names the operation and path.</summary>
internal sealed class JsonPatchException(string message) : Exception(message);
