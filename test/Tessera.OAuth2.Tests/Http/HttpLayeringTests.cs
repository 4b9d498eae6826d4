using System.Reflection;
using System.Text.RegularExpressions;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// Http/ parses, calls one operation and writes; it never reaches a store. The runtime and the protocol
/// engine hand out operations only, and no Http/ source names a type of <c>Tessera.OAuth2.Storage</c>.
/// </summary>
public sealed class HttpLayeringTests
{
    private static readonly Type[] StorageTypes = typeof(ClientStore).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(ClientStore).Namespace && !t.IsNested && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
        .ToArray();

    [Theory]
    [InlineData(typeof(OAuth2Runtime))]
    [InlineData(typeof(OAuth2Protocol))]
    public void The_runtime_and_the_protocol_expose_no_store(Type owner)
    {
        const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var exposed = owner.GetProperties(All).Select(p => (p.Name, p.PropertyType))
            .Concat(owner.GetFields(All).Where(f => !f.IsPrivate).Select(f => (f.Name, f.FieldType)))
            .Where(m => m.Item2.Namespace == typeof(ClientStore).Namespace)
            .Select(m => m.Name);
        Assert.Empty(exposed);
    }

    [Fact]
    public void No_Http_source_names_a_storage_type()
    {
        Assert.Contains(typeof(KeyStore), StorageTypes);
        var names = new Regex(@"\b(Tessera\.OAuth2\.Storage|" + string.Join("|", StorageTypes.Select(t => Regex.Escape(t.Name.Split('`')[0]))) + @")\b", RegexOptions.CultureInvariant);
        var sources = Directory.GetFiles(Path.Combine(SourceRoot(), "src", "Tessera.OAuth2", "Http"), "*.cs");
        Assert.NotEmpty(sources);
        var offending = sources
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(l => names.IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.i + 1}: {l.line.Trim()}");
        Assert.Empty(offending);
    }

    /// <summary>The checkout the tests were built from: the first folder above the test binaries with <c>Tessera.slnx</c>.</summary>
    private static string SourceRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tessera.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Tessera.slnx was not found above " + AppContext.BaseDirectory);
    }
}
