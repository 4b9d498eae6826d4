using System.Runtime.InteropServices;

namespace Tessera.Platform.Hosting;

/// <summary>Gives a unix socket file to the configured owner and group (names or numeric ids).</summary>
internal static partial class UnixSocketOwnership
{
    public static void Apply(string path, string owner, string group)
    {
        if (owner.Length == 0 && group.Length == 0)
        {
            return;
        }

        var uid = owner.Length == 0 ? -1 : ResolveId(owner, "/etc/passwd", "socket.owner");
        var gid = group.Length == 0 ? -1 : ResolveId(group, "/etc/group", "socket.group");
        if (Chown(path, uid, gid) != 0)
        {
            throw new HostingException($"Cannot give {path} to {owner}:{group}: error {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>A numeric id, or the id of the name in a passwd/group style file (name:x:id:...).</summary>
    private static int ResolveId(string nameOrId, string database, string key)
    {
        if (int.TryParse(nameOrId, out var id))
        {
            return id;
        }

        foreach (var line in File.ReadLines(database))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == nameOrId && int.TryParse(fields[2], out var found))
            {
                return found;
            }
        }

        throw new HostingException($"{key}: no such user or group '{nameOrId}' in {database}.");
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int owner, int group);
}
