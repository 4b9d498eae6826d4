using System.Buffers;
using System.Text;
using System.Text.Json;
using Tessera.Platform.Json;

namespace Tessera.Platform.Tests.Json;

public sealed class JsonWriterFieldsTests
{
    private static string Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Strings_write_an_array_even_an_empty_one()
        => Assert.Equal("""{"a":["x","y"],"b":[]}""", Write(w =>
        {
            JsonWriterFields.Strings(w, "a", ["x", "y"]);
            JsonWriterFields.Strings(w, "b", []);
        }));

    [Fact]
    public void Optional_text_is_left_out_when_null()
        => Assert.Equal("""{"a":"x"}""", Write(w =>
        {
            JsonWriterFields.OptionalText(w, "a", "x");
            JsonWriterFields.OptionalText(w, "b", null);
        }));
}
