using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Tessera.Cli;

/// <summary>A successful answer: its status, its JSON body (null when empty) and its headers.</summary>
internal sealed record ApiResponse(int Status, JsonNode? Body, HttpResponseHeaders Headers);
