namespace Tessera.Platform.Outbound;

/// <summary>
/// Reads the body of a response from a peer the service calls (a client's jwks_uri, a hook) up to a
/// size limit, so that a peer cannot make the service buffer an unbounded answer.
/// </summary>
internal static class CappedResponseBody
{
    /// <summary>The body, or null when it announces or turns out to be larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
