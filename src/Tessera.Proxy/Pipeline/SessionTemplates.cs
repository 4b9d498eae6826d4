using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The functions Oathkeeper's templates see (<c>x.NewTemplate</c>): sprig, with <c>print</c> replaced by a
/// one-argument version that prints nil as "" and <c>printIndex element i</c> (the i-th element of a list,
/// "" when out of range or nil).
/// </summary>
internal static class SessionTemplates
{
    public static TemplateFunctions Functions { get; } = TemplateFunctions.Sprig.With(
    [
        new TemplateFunction("print", 1, false, args => TemplateValue.String(args[0].IsNothing ? "" : args[0].ToString())),
        new TemplateFunction("printIndex", 2, false, args =>
        {
            var element = args[0];
            var index = TemplateArgs.Int(args, 1);
            return element.Kind == TemplateKind.List && index >= 0 && index < element.AsList.Count
                ? TemplateValue.String(element.AsList[(int)index].ToString())
                : TemplateValue.EmptyString;
        }),
    ]);
}
