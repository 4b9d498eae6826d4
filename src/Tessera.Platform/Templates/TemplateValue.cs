using System.Globalization;

namespace Tessera.Platform.Templates;

/// <summary>The kinds of value a template sees, after Go's reflect kinds.</summary>
public enum TemplateKind : byte
{
    /// <summary>No value at all (Go's invalid reflect.Value): a missing map key; prints as <c>&lt;no value&gt;</c>.</summary>
    Missing,

    /// <summary>A nil interface or pointer; prints as <c>&lt;nil&gt;</c>.</summary>
    Nil,
    Bool,

    /// <summary>Go's int (64-bit).</summary>
    Int,

    /// <summary>Go's float64 (JSON numbers decode to this).</summary>
    Float,
    String,
    List,
    Map,

    /// <summary>A struct-like object with named fields and methods.</summary>
    Object,
}

/// <summary>
/// One value as a Go template sees it. A small struct: numbers and booleans do not allocate; strings, lists, maps
/// and objects are referenced, and lists, maps and objects are read through adapters (<see cref="TemplateList"/>,
/// <see cref="TemplateMap"/>, <see cref="TemplateObject"/>) so JSON documents and session objects are exposed
/// without copying and without reflection.
/// </summary>
public readonly struct TemplateValue
{
    private readonly long _bits;
    private readonly object? _ref;

    private TemplateValue(TemplateKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public TemplateKind Kind { get; }

    public static TemplateValue Missing => default;

    public static TemplateValue Nil { get; } = new(TemplateKind.Nil, 0, null);

    public static TemplateValue True { get; } = new(TemplateKind.Bool, 1, null);

    public static TemplateValue False { get; } = new(TemplateKind.Bool, 0, null);

    public static TemplateValue EmptyString { get; } = new(TemplateKind.String, 0, "");

    public static TemplateValue Bool(bool value) => value ? True : False;

    public static TemplateValue Int(long value) => new(TemplateKind.Int, value, null);

    public static TemplateValue Float(double value) => new(TemplateKind.Float, BitConverter.DoubleToInt64Bits(value), null);

    public static TemplateValue String(string? value) => value is null ? Nil : new(TemplateKind.String, 0, value);

    public static TemplateValue List(TemplateList? list) => list is null ? Nil : new(TemplateKind.List, 0, list);

    public static TemplateValue List(IReadOnlyList<TemplateValue> items) => new(TemplateKind.List, 0, new TemplateArrayList(items));

    public static TemplateValue Strings(IReadOnlyList<string> items) => new(TemplateKind.List, 0, new TemplateStringList(items));

    public static TemplateValue Map(TemplateMap? map) => map is null ? Nil : new(TemplateKind.Map, 0, map);

    public static TemplateValue Map(IReadOnlyDictionary<string, TemplateValue> entries) => new(TemplateKind.Map, 0, new TemplateDictionaryMap(entries));

    public static TemplateValue Object(TemplateObject? value) => value is null ? Nil : new(TemplateKind.Object, 0, value);

    /// <summary>A Go <c>error</c>-free rune value (Go char constants are ints).</summary>
    public bool IsMissing => Kind == TemplateKind.Missing;

    /// <summary>Missing or nil: what Go's indirectInterface makes an invalid value.</summary>
    public bool IsNothing => Kind <= TemplateKind.Nil;

    public bool AsBool => _bits != 0;

    public long AsInt => _bits;

    public double AsFloat => BitConverter.Int64BitsToDouble(_bits);

    public string AsString => (string)_ref!;

    public TemplateList AsList => (TemplateList)_ref!;

    public TemplateMap AsMap => (TemplateMap)_ref!;

    public TemplateObject AsObject => (TemplateObject)_ref!;

    /// <summary>Go's truth: false, 0, nil, missing and empty strings, lists and maps are false; structs are true.</summary>
    public bool IsTrue => Kind switch
    {
        TemplateKind.Missing or TemplateKind.Nil => false,
        TemplateKind.Bool or TemplateKind.Int => _bits != 0,
        TemplateKind.Float => AsFloat != 0,
        TemplateKind.String => AsString.Length != 0,
        TemplateKind.List => AsList.Count != 0,
        TemplateKind.Map => AsMap.Count != 0,
        _ => AsObject.IsTrue,
    };

    /// <summary>The Go type name used in error messages and by <c>printf "%T"</c>.</summary>
    public string TypeName => Kind switch
    {
        TemplateKind.Missing => "<invalid reflect.Value>",
        TemplateKind.Nil => "<nil>",
        TemplateKind.Bool => "bool",
        TemplateKind.Int => "int",
        TemplateKind.Float => "float64",
        TemplateKind.String => "string",
        TemplateKind.List => AsList.TypeName,
        TemplateKind.Map => AsMap.TypeName,
        _ => AsObject.TypeName,
    };

    /// <summary>Missing becomes nil, as when Go passes an invalid value to a function's interface{} parameter.</summary>
    internal TemplateValue OrNil => Kind == TemplateKind.Missing ? Nil : this;

    /// <summary>Nil as no value (Go's conversion of a nil interface{} result to the invalid value).</summary>
    internal TemplateValue OrMissing => Kind == TemplateKind.Nil ? Missing : this;

    /// <summary>What fmt's <c>%v</c> prints.</summary>
    public override string ToString() => GoFormat.Sprint(this);

    internal string IntText => _bits.ToString(CultureInfo.InvariantCulture);
}
