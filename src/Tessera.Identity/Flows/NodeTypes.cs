namespace Tessera.Identity.Flows;

/// <summary>Kratos's node types (<c>node.UiNodeType</c>) and input types (<c>UiNodeInputAttributeType</c>).</summary>
internal static class NodeTypes
{
    public const string Input = "input";
    public const string Text = "text";
    public const string Image = "img";
    public const string Anchor = "a";
    public const string Script = "script";
    public const string Division = "div";

    public const string InputText = "text";
    public const string InputPassword = "password";
    public const string InputNumber = "number";
    public const string InputCheckbox = "checkbox";
    public const string InputHidden = "hidden";
    public const string InputEmail = "email";
    public const string InputTel = "tel";
    public const string InputSubmit = "submit";
    public const string InputDateTimeLocal = "datetime-local";
    public const string InputDate = "date";
    public const string InputUrl = "url";
}
