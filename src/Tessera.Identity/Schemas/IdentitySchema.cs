using System.Text.Json.Nodes;
using Tessera.Platform.Schema;

namespace Tessera.Identity.Schemas;

/// <summary>
/// One configured identity schema: its id, the document as configured (served raw by
/// <c>GET /schemas/{id}</c>), the compiled validator, and the traits its <c>ory.sh/kratos</c> extension
/// marks as credential identifiers.
/// </summary>
internal sealed record IdentitySchema(string Id, JsonObject Document, JsonSchema Validator, SchemaExtension Extension);
