using System.Collections.Concurrent;
using System.Text;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// The facts of a stored client document, remembered by the document's exact text. Every token
/// request reads its client from the database, and most read the same few documents: parsing each
/// once per process saves a JSON pass per request. It is a memo, not a cache of the client: the
/// database is still read every time, and a changed document is a different key, so an instance
/// never acts on a client version that another instance has replaced.
/// </summary>
internal static class ClientFactsMemo
{
    private const int MaxEntries = 1024;
    private static readonly ConcurrentDictionary<string, ClientFacts> Known = new(StringComparer.Ordinal);

    public static ClientFacts Of(string storedDocument)
    {
        if (Known.TryGetValue(storedDocument, out var facts))
        {
            return facts;
        }

        facts = ClientFacts.Read(Encoding.UTF8.GetBytes(storedDocument));
        if (Known.Count >= MaxEntries)
        {
            Known.Clear(); // crude, but bounded: the documents in use come back on their next read
        }

        Known[storedDocument] = facts;
        return facts;
    }
}
